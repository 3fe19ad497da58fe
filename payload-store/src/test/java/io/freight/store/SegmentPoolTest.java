/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The oversize segment pool: size classes, best-fit reuse of idle segments only, eviction and idle return in age
 * order, and its bounds, in unit cases and in random claim/release/expiry sequences against a model.
 */
class SegmentPoolTest
{
    private static final long MIB = 1024 * 1024;
    private static final long GIB = 1024 * MIB;

    @Test
    void shouldRoundANewSegmentUpToAnEighthOfItsPowerOfTwoWithinTheBound()
    {
        assertEquals(64 * MIB + 8 * MIB, SegmentPool.segmentLength(64 * MIB + 64, 16 * GIB));
        assertEquals(64 * MIB, SegmentPool.segmentLength(64 * MIB, 16 * GIB), "a class length is its own class");
        assertEquals(11 * GIB, SegmentPool.segmentLength(10 * GIB + 64, 16 * GIB));
        assertEquals(10 * GIB + 64, SegmentPool.segmentLength(10 * GIB + 64, 10 * GIB + 64), "clamped to the bound");
        assertEquals(4096, SegmentPool.segmentLength(128, 16 * GIB), "never below a page");
    }

    @Test
    void shouldReuseTheSmallestIdleSegmentThatFitsAndNeverOneInFlight()
    {
        final SegmentPool pool = new SegmentPool(GIB, 4);
        pool.add(1, 100 * MIB);
        pool.add(2, 300 * MIB);
        pool.add(3, 200 * MIB);
        assertEquals(-1, pool.bestFitIdle(MIB), "all in flight");

        pool.release(2, 10);
        pool.release(3, 20);
        pool.release(1, 30);

        assertEquals(3, pool.bestFitIdle(150 * MIB));
        assertEquals(1, pool.bestFitIdle(100 * MIB));
        assertEquals(-1, pool.bestFitIdle(301 * MIB));
        pool.acquire(3);
        assertEquals(2, pool.bestFitIdle(150 * MIB), "3 holds a payload now");
        assertThrows(IllegalStateException.class, () -> pool.acquire(3));
        assertEquals(1, pool.inFlight());
        assertEquals(200 * MIB, pool.inFlightBytes());
        assertEquals(600 * MIB, pool.bytes());
    }

    @Test
    void shouldGiveBackTheLongestIdleFirstAndOnlyOnceIdleLongEnough()
    {
        final SegmentPool pool = new SegmentPool(GIB, 4);
        pool.add(1, MIB);
        pool.add(2, MIB);
        pool.release(2, 100);
        pool.release(1, 200);

        assertEquals(2, pool.oldestIdle());
        assertEquals(-1, pool.expired(1099, 1000));
        assertEquals(2, pool.expired(1100, 1000));
        pool.remove(2);
        assertEquals(-1, pool.expired(1100, 1000));
        assertEquals(1, pool.expired(1200, 1000));
        assertFalse(pool.release(1, 300), "a second release is refused");
        assertThrows(IllegalStateException.class, () -> pool.remove(7));
    }

    @Test
    void shouldWaitForASegmentInFlightThatFitsOnceEnoughAreOrThereIsNoRoom()
    {
        final SegmentPool pool = new SegmentPool(GIB, 8);
        pool.add(1, 100 * MIB);
        assertEquals(1, pool.inFlightFitting(100 * MIB));
        assertEquals(0, pool.inFlightFitting(100 * MIB + 64));
        assertTrue(pool.shouldAdd(100 * MIB), "room, and only one in flight: deepen the pipeline");
        pool.add(2, 100 * MIB);
        pool.add(3, 100 * MIB);
        pool.add(4, 100 * MIB);
        assertFalse(pool.shouldAdd(100 * MIB), "four in flight: wait for one");
        assertTrue(pool.shouldAdd(200 * MIB), "none in flight fits a larger one");

        pool.release(1, 0);
        assertEquals(3, pool.inFlightFitting(MIB), "idle is not in flight");
        assertTrue(pool.shouldAdd(100 * MIB));

        final SegmentPool tight = new SegmentPool(250 * MIB, 8);
        tight.add(1, 50 * MIB);
        tight.add(2, 100 * MIB);
        tight.release(1, 0);
        assertFalse(tight.shouldAdd(100 * MIB), "no room: wait for segment 2 rather than give back segment 1");
        assertTrue(tight.shouldAdd(100 * MIB + 64), "none in flight fits: give back segment 1 and make one");
    }

    @Test
    void shouldBoundSegmentsAndBytesIdleOnesIncluded()
    {
        final SegmentPool pool = new SegmentPool(3 * MIB, 2);
        pool.add(1, 2 * MIB);
        assertFalse(pool.hasRoomFor(2 * MIB));
        assertFalse(pool.couldHaveRoomFor(2 * MIB), "the segment in flight leaves no room");
        assertThrows(IllegalStateException.class, () -> pool.add(2, 2 * MIB));

        pool.release(1, 0);
        assertFalse(pool.hasRoomFor(2 * MIB), "the idle segment still counts");
        assertTrue(pool.couldHaveRoomFor(2 * MIB), "once the idle one is given back");
        pool.add(2, MIB);
        assertFalse(pool.hasRoomFor(MIB), "two segments at most");
    }

    /**
     * A store-like driver: claims reuse the best idle fit or make a new segment of the size class, evicting the
     * longest idle while the bounds say no; releases and expiries at random. After every step the pool agrees with
     * the model and stays within its bounds; a reused segment was idle, never in flight.
     */
    @Property(tries = 1000)
    void shouldAgreeWithAModelAndStayWithinItsBounds(
        @ForAll @LongRange(min = 1, max = 64) final long maxMib,
        @ForAll @IntRange(min = 1, max = 8) final int maxSegments,
        @ForAll @Size(max = 300) final List<@IntRange(min = -100, max = 1000) Integer> operations)
    {
        final long maxBytes = maxMib * MIB;
        final SegmentPool pool = new SegmentPool(maxBytes, maxSegments);
        final Map<Integer, Long> lengths = new HashMap<>();
        final Map<Integer, Long> idleSince = new HashMap<>();
        final List<Integer> inFlight = new ArrayList<>();
        int nextId = 1;
        long nowMs = 0;

        for (final int operation : operations)
        {
            nowMs += 7;
            if (operation >= 0)
            {
                final long regionLength = Math.max(RegionHeader.ALIGNMENT,
                    (maxBytes * operation / 1000) & -RegionHeader.ALIGNMENT);
                final int idle = pool.bestFitIdle(regionLength);
                if (idle >= 0)
                {
                    assertTrue(idleSince.containsKey(idle), "reuses an idle segment only");
                    assertTrue(lengths.get(idle) >= regionLength);
                    for (final Map.Entry<Integer, Long> other : idleSince.entrySet())
                    {
                        final long length = lengths.get(other.getKey());
                        assertFalse(length >= regionLength && length < lengths.get(idle), "best fit");
                    }
                    pool.acquire(idle);
                    idleSince.remove(idle);
                    inFlight.add(idle);
                }
                else
                {
                    final long segmentLength = pool.segmentLength(regionLength);
                    assertTrue(segmentLength >= regionLength && segmentLength <= Math.max(regionLength, maxBytes));
                    final long fitting = inFlight.stream().filter((id) -> lengths.get(id) >= regionLength).count();
                    assertEquals(fitting, pool.inFlightFitting(regionLength));
                    final boolean shouldAdd = fitting < SegmentPool.MAX_IN_FLIGHT_FITTING &&
                        (0 == fitting || pool.hasRoomFor(segmentLength));
                    assertEquals(shouldAdd, pool.shouldAdd(regionLength));
                    if (pool.couldHaveRoomFor(segmentLength) && shouldAdd)
                    {
                        while (!pool.hasRoomFor(segmentLength))
                        {
                            final int victim = pool.oldestIdle();
                            final long since = idleSince.get(victim);
                            idleSince.values().forEach((other) -> assertTrue(since <= other, "longest idle first"));
                            pool.remove(victim);
                            idleSince.remove(victim);
                            lengths.remove(victim);
                        }
                        pool.add(nextId, segmentLength);
                        lengths.put(nextId, segmentLength);
                        inFlight.add(nextId);
                        nextId++;
                    }
                }
            }
            else if (operation >= -50 && !inFlight.isEmpty())
            {
                final int id = inFlight.remove(Math.abs(operation) % inFlight.size());
                assertTrue(pool.release(id, nowMs));
                idleSince.put(id, nowMs);
            }
            else
            {
                final long timeoutMs = Math.abs(operation) * 3L;
                int expired;
                while ((expired = pool.expired(nowMs, timeoutMs)) >= 0)
                {
                    assertTrue(nowMs - idleSince.get(expired) >= timeoutMs);
                    pool.remove(expired);
                    idleSince.remove(expired);
                    lengths.remove(expired);
                }
                for (final long since : idleSince.values())
                {
                    assertTrue(nowMs - since < timeoutMs, "every segment idle that long was given back");
                }
            }

            assertEquals(lengths.size(), pool.segments());
            assertEquals(inFlight.size(), pool.inFlight());
            assertEquals(lengths.values().stream().mapToLong(Long::longValue).sum(), pool.bytes());
            assertEquals(inFlight.stream().mapToLong(lengths::get).sum(), pool.inFlightBytes());
            assertTrue(pool.segments() <= maxSegments);
            assertTrue(pool.bytes() <= maxBytes);
            inFlight.forEach((id) -> assertTrue(pool.isInFlight(id)));
            idleSince.keySet().forEach((id) -> assertFalse(pool.isInFlight(id)));
        }
    }
}
