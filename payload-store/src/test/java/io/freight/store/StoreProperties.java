/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Properties of a real store over real mapped memory: what is written into a region is intact until it is released,
 * generations grow on every reuse, bounds hold, and no descriptor makes a reader touch memory outside a segment.
 */
class StoreProperties
{
    private static final long RING = 16 * 1024;

    private ShmRoot root;
    private PayloadStore store;
    private StoreReader reader;

    @BeforeProperty
    void before() throws IOException
    {
        root = ShmRoot.create();
        store = PayloadStore.create(new PayloadStore.Context()
            .root(root.path()).ringLength(RING).maxStoreLength(RING * 8).maxRegionsInFlight(16).preTouch(false));
        reader = StoreReader.open(root.path(), store.storeId());
        reader.mapSegment(0, StoreSegmentKind.RING, RING, "segment-0");
    }

    @AfterProperty
    void after() throws IOException
    {
        reader.close();
        store.close();
        assertTrue(root.isEmpty(), root.listing());
        root.close();
    }

    private record Claimed(int segmentId, long segmentLength, long offset, long length, long generation)
    {
    }

    @Property(tries = 300)
    void payloadsStayIntactUntilReleasedAndGenerationsGrowOnReuse(
        @ForAll @Size(max = 300) final List<@IntRange(min = -20_000, max = 40_000) Integer> operations)
    {
        final List<Claimed> live = new ArrayList<>();
        final Map<Long, Long> lastGenerationAtOffset = new HashMap<>();
        final Region region = new Region();
        final PayloadView view = new PayloadView();

        for (final int operation : operations)
        {
            if (operation >= 0)
            {
                final long generation = store.tryClaim(operation, region);
                if (generation > 0)
                {
                    fill(region, generation);
                    if (region.segmentId() == PayloadStore.RING_SEGMENT_ID)
                    {
                        final Long previous = lastGenerationAtOffset.put(region.regionOffset(), generation);
                        assertTrue(null == previous || previous < generation, "generation grows on reuse");
                    }
                    live.add(new Claimed(
                        region.segmentId(), region.segmentLength(), region.regionOffset(), operation, generation));
                }
                else
                {
                    assertTrue(generation == PayloadStore.NO_ROOM || generation == PayloadStore.TOO_MANY_REGIONS);
                    assertTrue(!live.isEmpty(), "an empty store refused " + operation + " bytes");
                }
            }
            else if (!live.isEmpty())
            {
                final Claimed claimed = live.remove(-operation % live.size());
                if (claimed.segmentId() != PayloadStore.RING_SEGMENT_ID)
                {
                    // A pooled segment may be longer than the region it now holds: map it at its own length.
                    reader.mapSegment(claimed.segmentId(), StoreSegmentKind.OVERSIZE,
                        claimed.segmentLength(), StorePaths.segmentFileName(claimed.segmentId()));
                }
                reader.view(claimed.segmentId(), claimed.offset(), claimed.length(), claimed.generation(), view);
                assertFilled(view, claimed.generation());
                reader.unmapSegment(claimed.segmentId() == 0 ? -1 : claimed.segmentId());
                store.release(claimed.segmentId(), claimed.offset(), claimed.generation());
            }

            assertTrue(store.storeLength() <= store.context().maxStoreLength());
            assertTrue(store.bytesInFlight() <= store.context().maxStoreLength());
        }

        for (final Claimed claimed : live)
        {
            store.release(claimed.segmentId(), claimed.offset(), claimed.generation());
        }
        assertEquals(0, store.regionsInFlight());
        assertEquals(0, store.bytesInFlight());
    }

    @Property(tries = 5000)
    void noDescriptorMakesTheReaderTouchMemoryOutsideASegment(
        @ForAll("segmentIds") final int segmentId,
        @ForAll("offsets") final long offset,
        @ForAll("offsets") final long length,
        @ForAll final long generation)
    {
        final PayloadView view = new PayloadView();
        final int reason = reader.tryView(segmentId, offset, length, generation, new PayloadView());
        try
        {
            reader.view(segmentId, offset, length, generation, view);
            assertTrue(offset >= 0 && length >= 0 && offset + RegionHeader.LENGTH + length <= RING);
            assertEquals(StoreReader.VALID, reason, "tryView refused what view accepted");
            view.computeChecksum();
        }
        catch (final InvalidRegionException expected)
        {
            // Rejected before reading: the reason is in the message, and tryView gives the same one.
            assertEquals(expected.reason().ordinal(), reason, expected.getMessage());
        }
    }

    @Provide
    Arbitrary<Integer> segmentIds()
    {
        return Arbitraries.of(-1, 0, 1, Integer.MAX_VALUE, Integer.MIN_VALUE);
    }

    @Provide
    Arbitrary<Long> offsets()
    {
        return Arbitraries.oneOf(
            Arbitraries.longs(),
            Arbitraries.longs().between(-256, RING + 256),
            Arbitraries.of(0L, RING, RING - RegionHeader.LENGTH, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 63));
    }

    private static void fill(final Region region, final long generation)
    {
        final long length = region.payloadLength();
        for (long i = 0; i + Long.BYTES <= length; i += Long.BYTES)
        {
            region.putBytes(i, longBytes(generation ^ i), 0, Long.BYTES);
        }
    }

    private static void assertFilled(final PayloadView view, final long generation)
    {
        final byte[] word = new byte[Long.BYTES];
        final long length = view.payloadLength();
        for (long i = 0; i + Long.BYTES <= length; i += Long.BYTES)
        {
            view.getBytes(i, word, 0, Long.BYTES);
            assertEquals(generation ^ i, java.nio.ByteBuffer.wrap(word).getLong(), "payload overwritten at " + i);
        }
    }

    private static byte[] longBytes(final long value)
    {
        return java.nio.ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }
}
