/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.PayloadStore;
import io.freight.store.Region;
import io.freight.store.ShmRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sender's in-flight table against a real store: a region goes back when its last holder lets go, in any order,
 * and never stays held by nobody.
 */
class InFlightTableTest
{
    private static final long A = 1L;
    private static final long B = 1L << 1;

    private ShmRoot root;
    private PayloadStore store;
    private InFlightTable table;
    private long nextSequence;

    @BeforeEach
    void before() throws Exception
    {
        root = ShmRoot.create();
        store = PayloadStore.create(new PayloadStore.Context().root(root.path()).ringLength(1024 * 1024)
            .maxStoreLength(1024 * 1024).preTouch(false));
        table = new InFlightTable(store, 16);
    }

    @AfterEach
    void after() throws Exception
    {
        store.close();
        root.close();
    }

    @Test
    void shouldReleaseAtOnceAPayloadPublishedToNoReceiver()
    {
        add(0);

        assertEquals(0, table.unreleased());
        assertEquals(0, store.regionsInFlight(), "held by nobody: back in the store at once");
        assertEquals(0, store.bytesInFlight());
    }

    @Test
    void shouldReleaseARegionOnlyWhenEveryHolderAckedIt()
    {
        add(A | B);
        add(A | B);

        table.releaseUpTo(A, 0, 1);
        assertEquals(2, table.unreleased(), "B still holds both");
        assertEquals(2, store.regionsInFlight());

        table.release(B, 1);
        assertEquals(1, table.unreleased());
        table.releaseUpTo(B, 0, 0);
        assertEquals(0, table.unreleased());
        assertEquals(0, store.regionsInFlight());
    }

    @Test
    void shouldReleaseEverythingADepartedReceiverHeld()
    {
        add(A);
        add(A | B);
        add(B);

        table.releaseAll(B);

        assertEquals(2, store.regionsInFlight(), "B's own payload is back");
        assertEquals(2, table.unreleased(), "A still holds the first two");
        table.releaseAll(A);
        assertEquals(0, table.unreleased());
        assertEquals(0, store.regionsInFlight());
        assertEquals(0, store.bytesInFlight());
    }

    @Test
    void shouldSayFullAtCapacityAndNotBeforeAndIgnoreAcksOfUnknownSequences()
    {
        for (int i = 0; i < 15; i++)
        {
            add(A);
            assertFalse(table.isFull());
        }
        add(A);
        assertTrue(table.isFull());

        table.release(A, 1000);
        table.release(B, 0);
        assertEquals(16, table.unreleased());

        table.releaseUpTo(A, 0, 15);
        assertFalse(table.isFull());
        assertEquals(0, store.regionsInFlight());
    }

    private void add(final long holders)
    {
        final Region region = new Region();
        assertTrue(store.tryClaim(1000, region) > 0);
        table.add(nextSequence++, region.segmentId(), region.regionOffset(), region.generation(), holders);
    }
}
