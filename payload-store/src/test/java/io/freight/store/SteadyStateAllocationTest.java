/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;


/**
 * Claim, write, read and release allocate nothing on the Java heap once warm, over 10^6 cycles.
 */
class SteadyStateAllocationTest
{
    private static final int CYCLES = 1_000_000;
    private static final int WARM_UP_CYCLES = 100_000;
    private static final int PAYLOAD_LENGTH = 1000;

    private final UnsafeBuffer source = new UnsafeBuffer(new byte[PAYLOAD_LENGTH]);
    private final Region first = new Region();
    private final Region second = new Region();
    private final Region third = new Region();
    private final PayloadView view = new PayloadView();
    private long checksum;

    private ShmRoot root;
    private PayloadStore store;
    private StoreReader reader;

    @BeforeEach
    void before() throws IOException
    {
        root = ShmRoot.create();
        store = PayloadStore.create(new PayloadStore.Context().root(root.path()).ringLength(1024 * 1024));
        reader = StoreReader.open(root.path(), store.storeId());
        reader.mapSegment(0, StoreSegmentKind.RING, store.ringSegment().length(), "segment-0");
    }

    @AfterEach
    void after() throws IOException
    {
        reader.close();
        store.close();
        root.close();
    }

    @Test
    void shouldNotAllocateInSteadyStateClaimWriteReadRelease()
    {
        runCycles(WARM_UP_CYCLES);

        AllocationMeter.assertNoSteadyStateAllocation(this::runCycles, CYCLES);
    }

    private void runCycles(final int cycles)
    {
        for (int i = 0; i < cycles; i++)
        {
            // FIFO fast path: claim, write, read back through a validated view, release.
            final long generation = claim(first, i);
            reader.view(0, first.regionOffset(), PAYLOAD_LENGTH, generation, view);
            checksum += view.getByte(PAYLOAD_LENGTH - 1);
            store.release(0, first.regionOffset(), generation);

            // Out-of-order release: the middle region first, then the newest (an abort), then the oldest.
            final long a = claim(first, i);
            final long b = claim(second, i);
            final long c = claim(third, i);
            store.release(0, second.regionOffset(), b);
            store.release(0, third.regionOffset(), c);
            store.release(0, first.regionOffset(), a);
        }
    }

    private long claim(final Region region, final int i)
    {
        final long generation = store.tryClaim(PAYLOAD_LENGTH, region);
        source.putInt(0, i);
        region.putBytes(0, source, 0, PAYLOAD_LENGTH);
        region.sequence(i);
        return generation;
    }
}
