/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingAllocatorTest
{
    private static final int A = RegionHeader.ALIGNMENT;

    @Test
    void shouldClaimConsecutiveRegionsFromTheStart()
    {
        final RingAllocator allocator = new RingAllocator(16 * A, 16 * A, 8);

        assertEquals(0, allocator.claim(2 * A, 1));
        assertEquals(2 * A, allocator.claim(3 * A, 2));
        assertEquals(5 * A, allocator.bytesInFlight());
        assertEquals(2, allocator.regionsInFlight());
    }

    @Test
    void shouldReclaimSpaceInFifoOrder()
    {
        final RingAllocator allocator = new RingAllocator(4 * A, 4 * A, 8);
        allocator.claim(2 * A, 1);
        allocator.claim(2 * A, 2);
        assertEquals(RingAllocator.NO_ROOM, allocator.claim(A, 3));

        assertTrue(allocator.release(0, 1));

        assertEquals(0, allocator.claim(2 * A, 3), "freed head space is reused after wrapping");
    }

    @Test
    void shouldSkipTheTailGapWhenARegionDoesNotFitBeforeTheEnd()
    {
        final RingAllocator allocator = new RingAllocator(8 * A, 8 * A, 8);
        allocator.claim(3 * A, 1);
        allocator.claim(3 * A, 2);
        allocator.release(0, 1);

        assertEquals(0, allocator.claim(3 * A, 3), "2 slots left at the end are skipped");
        assertEquals(8 * A, allocator.bytesInFlight(), "the skipped gap counts until the region after it is freed");

        allocator.release(3 * A, 2);
        allocator.release(0, 3);
        assertEquals(0, allocator.bytesInFlight());
    }

    @Test
    void shouldNeverLetARegionCrossAChunkBoundary()
    {
        final RingAllocator allocator = new RingAllocator(8 * A, 4 * A, 8);
        allocator.claim(3 * A, 1);

        assertEquals(4 * A, allocator.claim(2 * A, 2), "a region at 3A would cross the boundary at 4A");
    }

    @Test
    void shouldLetARegionLongerThanAChunkStartAnywhereAndHoldTheWholeRing()
    {
        final RingAllocator allocator = new RingAllocator(12 * A, 4 * A, 8);
        assertEquals(12 * A, allocator.maxRegionLength());

        assertEquals(0, allocator.claim(5 * A, 1));
        assertEquals(5 * A, allocator.claim(5 * A, 2), "longer than a chunk: crosses the boundary at 8A, no skip");
        assertTrue(allocator.release(0, 1));
        assertTrue(allocator.release(5 * A, 2));

        assertEquals(0, allocator.claim(5 * A, 3));
        assertEquals(8 * A, allocator.claim(4 * A, 4), "a chunk-long region at 5A would cross 8A: skipped to it");
        assertTrue(allocator.release(0, 3));
        assertTrue(allocator.release(8 * A, 4));

        assertEquals(0, allocator.claim(12 * A, 5), "an empty ring takes a region of its whole capacity");
        assertEquals(RingAllocator.NO_ROOM, allocator.claim(A, 6));
    }

    @Test
    void shouldKeepSpaceOfARegionReleasedOutOfOrderUntilOlderOnesAreReleased()
    {
        final RingAllocator allocator = new RingAllocator(6 * A, 6 * A, 8);
        allocator.claim(2 * A, 1);
        allocator.claim(2 * A, 2);
        allocator.claim(2 * A, 3);

        assertTrue(allocator.release(2 * A, 2));
        assertEquals(6 * A, allocator.bytesInFlight(), "the middle region cannot be reused while the first is held");
        assertEquals(RingAllocator.NO_ROOM, allocator.claim(A, 4));

        assertTrue(allocator.release(0, 1));
        assertEquals(2 * A, allocator.bytesInFlight(), "first and middle come back together");
    }

    @Test
    void shouldGiveBackTheNewestRegionAtOnceOnAbort()
    {
        final RingAllocator allocator = new RingAllocator(8 * A, 8 * A, 8);
        allocator.claim(2 * A, 1);
        allocator.claim(4 * A, 2);

        assertTrue(allocator.release(2 * A, 2));

        assertEquals(2 * A, allocator.bytesInFlight());
        assertEquals(2 * A, allocator.claim(6 * A, 3), "the aborted space is claimable again");
    }

    @Test
    void shouldRefuseMoreRegionsThanTheMaximum()
    {
        final RingAllocator allocator = new RingAllocator(64 * A, 64 * A, 2);
        allocator.claim(A, 1);
        allocator.claim(A, 2);

        assertEquals(RingAllocator.TOO_MANY_REGIONS, allocator.claim(A, 3));
        allocator.release(0, 1);
        assertEquals(2 * A, allocator.claim(A, 3));
    }

    @Test
    void shouldRejectReleaseOfARegionTwiceOrWithAStaleGeneration()
    {
        final RingAllocator allocator = new RingAllocator(8 * A, 8 * A, 8);
        allocator.claim(A, 1);
        allocator.claim(A, 2);

        assertFalse(allocator.release(A, 1), "stale generation");
        assertTrue(allocator.release(A, 2));
        assertFalse(allocator.release(A, 2), "second release");
        assertFalse(allocator.release(5 * A, 7), "never claimed");
        assertFalse(allocator.release(-A, 1), "negative offset");
    }

    @Test
    void shouldRejectRegionLengthsItCanNeverHold()
    {
        final RingAllocator allocator = new RingAllocator(8 * A, 4 * A, 8);

        assertThrows(IllegalArgumentException.class, () -> allocator.claim(9 * A, 1));
        assertThrows(IllegalArgumentException.class, () -> allocator.claim(A + 1, 1));
        assertThrows(IllegalArgumentException.class, () -> allocator.claim(0, 1));
    }
}
