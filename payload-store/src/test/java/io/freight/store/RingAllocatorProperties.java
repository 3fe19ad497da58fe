/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random claim/release sequences against a model of the live regions.
 */
class RingAllocatorProperties
{
    private static final int A = RegionHeader.ALIGNMENT;

    private record Live(long offset, long length, long generation)
    {
        long end()
        {
            return offset + length;
        }
    }

    @Property(tries = 2000)
    void liveRegionsNeverOverlapAndBoundsHold(
        @ForAll @IntRange(min = 1, max = 64) final int capacitySlots,
        @ForAll @IntRange(min = 1, max = 64) final int boundarySlots,
        @ForAll @IntRange(min = 0, max = 5) final int maxRegionsLog2,
        @ForAll @Size(max = 400) final List<@IntRange(min = -1000, max = 1000) Integer> operations)
    {
        final long capacity = (long)capacitySlots * A;
        final long boundary = (long)boundarySlots * A;
        final int maxRegions = 1 << maxRegionsLog2;
        final RingAllocator allocator = new RingAllocator(capacity, boundary, maxRegions);
        final List<Live> live = new ArrayList<>();
        final long maxSlots = allocator.maxRegionLength() / A;
        long generation = 0;

        for (final int operation : operations)
        {
            if (operation >= 0 || live.isEmpty())
            {
                final long length = (1 + Math.abs(operation) % maxSlots) * A;
                final long offset = allocator.claim(length, ++generation);
                if (offset >= 0)
                {
                    final Live region = new Live(offset, length, generation);
                    assertInsideRingAndChunk(region, capacity, boundary);
                    for (final Live other : live)
                    {
                        assertTrue(region.end() <= other.offset() || other.end() <= region.offset(),
                            region + " overlaps live " + other);
                    }
                    live.add(region);
                }
                else if (offset == RingAllocator.TOO_MANY_REGIONS)
                {
                    assertEquals(maxRegions, allocator.regionsInFlight());
                }
                else
                {
                    assertEquals(RingAllocator.NO_ROOM, offset);
                    assertFalse(live.isEmpty(), "an empty ring must accept any region up to its maximum");
                }
            }
            else
            {
                final Live region = live.remove(-operation % live.size());
                assertTrue(allocator.release(region.offset(), region.generation()), "release of live " + region);
                assertFalse(allocator.release(region.offset(), region.generation()), "second release of " + region);
            }

            assertTrue(allocator.regionsInFlight() <= maxRegions);
            assertTrue(allocator.regionsInFlight() >= live.size());
            assertEquals(live.size(), allocator.liveRegions(), "claimed and not released");
            assertTrue(allocator.bytesInFlight() <= capacity);
            assertTrue(allocator.bytesInFlight() >= live.stream().mapToLong(Live::length).sum());
        }
    }

    @Property(tries = 1000)
    void releasingEveryRegionInAnyOrderReclaimsAllSpace(
        @ForAll @IntRange(min = 1, max = 32) final int capacitySlots,
        @ForAll @Size(min = 1, max = 200) final List<@IntRange(min = 1, max = 32) Integer> lengths,
        @ForAll final long shuffleSeed)
    {
        final long capacity = (long)capacitySlots * A;
        final RingAllocator allocator = new RingAllocator(capacity, capacity, 64);
        final List<Live> live = new ArrayList<>();
        long generation = 0;

        for (final int slots : lengths)
        {
            final long length = (1 + (slots - 1) % capacitySlots) * (long)A;
            final long offset = allocator.claim(length, ++generation);
            if (offset >= 0)
            {
                live.add(new Live(offset, length, generation));
            }
        }

        Collections.shuffle(live, new Random(shuffleSeed));
        for (final Live region : live)
        {
            assertTrue(allocator.release(region.offset(), region.generation()));
        }

        assertEquals(0, allocator.regionsInFlight());
        assertEquals(0, allocator.bytesInFlight());
        assertTrue(allocator.claim(capacity, ++generation) >= 0, "the whole ring is claimable again");
    }

    @Property(tries = 500)
    void fifoUseWrapsAroundForever(
        @ForAll @IntRange(min = 2, max = 64) final int capacitySlots,
        @ForAll @Size(min = 1, max = 500) final List<@IntRange(min = 1, max = 64) Integer> lengths)
    {
        final long capacity = (long)capacitySlots * A;
        final RingAllocator allocator = new RingAllocator(capacity, capacity, 4);
        final List<Live> live = new ArrayList<>();
        long generation = 0;
        long claimedBytes = 0;
        long previousOffset = -1;
        int wraps = 0;

        for (final int slots : lengths)
        {
            final long length = (1 + (slots - 1) % capacitySlots) * (long)A;
            long offset;
            while ((offset = allocator.claim(length, ++generation)) < 0)
            {
                assertFalse(live.isEmpty(), "an empty ring refused " + length + " bytes");
                final Live oldest = live.remove(0);
                assertTrue(allocator.release(oldest.offset(), oldest.generation()));
            }
            if (offset <= previousOffset)
            {
                wraps++;
            }
            previousOffset = offset;
            live.add(new Live(offset, length, generation));
            claimedBytes += length;
        }

        assertEquals(claimedBytes > capacity, wraps > 0, "wrapped exactly when more than the ring went through it");
    }

    private static void assertInsideRingAndChunk(final Live region, final long capacity, final long boundary)
    {
        assertEquals(0, region.offset() % A, "aligned: " + region);
        assertTrue(region.offset() >= 0 && region.end() <= capacity, "inside the ring: " + region);
        if (region.length() <= boundary)
        {
            assertEquals(region.offset() / boundary, (region.end() - 1) / boundary, "inside one chunk: " + region);
        }
    }
}
