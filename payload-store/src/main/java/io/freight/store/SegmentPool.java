/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

/**
 * Bookkeeping of a store's oversize segments: which exist, which hold a payload (in flight) and which are idle, kept
 * mapped for the next payload that fits, since when. It touches no memory and no file, so it can be checked
 * exhaustively on its own; the store creates, maps and unlinks the files it names.
 * <pre>
 *   claim(len) --&gt; bestFitIdle(len) --found--&gt; acquire(id) ----------------------------&gt; in flight
 *                        |                                                                 |
 *                        +--none--&gt; shouldAdd(len)? else wait for one in flight that fits |
 *                                   segmentLength(len): size class, evict oldest idle ---&gt; add(id, length)
 *                                   while the bound would be exceeded                      |
 *   in flight --release(id, now)--&gt; idle --expired(now)--&gt; remove(id): unlinked, memory returned
 *                                    ^---- acquire(id) on the next payload that fits ----'
 * </pre>
 * Size classes: a new segment is the region length rounded up to an eighth of its power of two (at most 12.5% more
 * address space; tmpfs commits only the pages written, so the rounding costs no memory), so that payloads of nearby
 * sizes reuse each other's segments. Best fit: the smallest idle segment the region fits in. Eviction: the idle
 * segment idle the longest.
 * <p>
 * Bounded: at most {@code maxSegments} segments and {@code maxBytes} bytes exist at once, idle ones included.
 * Allocation-free. Not thread-safe: the store's owner thread uses it. Scans are linear in the segments that exist
 * (16 by default).
 */
final class SegmentPool
{
    /**
     * A segment that holds a payload has no idle time.
     */
    static final long IN_FLIGHT = Long.MIN_VALUE;

    /**
     * Segments a region fits in that may be in flight at once before a claim waits for one to come back.
     */
    static final int MAX_IN_FLIGHT_FITTING = 4;

    private static final long MIN_CLASS_GRANULE = 4096;

    private final long maxBytes;
    private final int[] segmentIds;
    private final long[] lengths;
    private final long[] idleSinceMs;
    private int count;
    private int inFlight;
    private long bytes;
    private long inFlightBytes;

    /**
     * A pool with room for {@code maxSegments} segments and {@code maxBytes} bytes.
     *
     * @param maxBytes    of all segments together, idle ones included.
     * @param maxSegments existing at once, idle ones included.
     */
    SegmentPool(final long maxBytes, final int maxSegments)
    {
        if (maxBytes < 0 || maxSegments < 0)
        {
            throw new IllegalArgumentException("bounds must not be negative: " + maxBytes + " bytes, " + maxSegments);
        }

        this.maxBytes = maxBytes;
        segmentIds = new int[maxSegments];
        lengths = new long[maxSegments];
        idleSinceMs = new long[maxSegments];
    }

    /**
     * Length of a new segment for a region: its size class, but never more than the pool's bound (a region that fits
     * the bound always gets a segment that does) and never less than the region.
     *
     * @param regionLength header plus payload, a multiple of {@link RegionHeader#ALIGNMENT}.
     * @param maxBytes     the pool's bound.
     * @return the segment length, a multiple of {@link RegionHeader#ALIGNMENT}.
     */
    static long segmentLength(final long regionLength, final long maxBytes)
    {
        final long granule = Math.max(MIN_CLASS_GRANULE, Long.highestOneBit(regionLength) >>> 3);
        final long rounded = (regionLength + granule - 1) / granule * granule;

        return Math.max(regionLength, Math.min(rounded, maxBytes & -RegionHeader.ALIGNMENT));
    }

    /**
     * Length of a new segment for a region in this pool.
     *
     * @param regionLength header plus payload.
     * @return the segment length.
     */
    long segmentLength(final long regionLength)
    {
        return segmentLength(regionLength, maxBytes);
    }

    /**
     * The smallest idle segment a region fits in.
     *
     * @param regionLength header plus payload.
     * @return its segment id, or -1 if no idle segment is long enough.
     */
    int bestFitIdle(final long regionLength)
    {
        int best = -1;
        long bestLength = Long.MAX_VALUE;
        for (int i = 0; i < count; i++)
        {
            final long length = lengths[i];
            if (IN_FLIGHT != idleSinceMs[i] && length >= regionLength && length < bestLength)
            {
                best = i;
                bestLength = length;
            }
        }

        return best < 0 ? -1 : segmentIds[best];
    }

    /**
     * Segments the region fits in that hold a payload now. While one is, a claim that finds no idle one waits for it
     * to come back rather than give back idle segments of other sizes to make a new one (a stream of one size cannot
     * churn the segments another keeps warm just to deepen its own pipeline), and once
     * {@link #MAX_IN_FLIGHT_FITTING} are, it waits even where there is room: payloads that large are not written
     * faster than a receiver reads them, so a deeper pipeline would only pay fresh pages and hold memory.
     *
     * @param regionLength header plus payload.
     * @return count of segments in flight that are long enough.
     */
    int inFlightFitting(final long regionLength)
    {
        int fitting = 0;
        for (int i = 0; i < count; i++)
        {
            if (IN_FLIGHT == idleSinceMs[i] && lengths[i] >= regionLength)
            {
                fitting++;
            }
        }

        return fitting;
    }

    /**
     * Should a claim for a region that no idle segment fits make a new segment now, or wait for one in flight?
     *
     * @param regionLength header plus payload.
     * @return true to make one (evicting idle ones if the bound needs it), false to wait.
     */
    boolean shouldAdd(final long regionLength)
    {
        final int fitting = inFlightFitting(regionLength);
        return fitting < MAX_IN_FLIGHT_FITTING && (0 == fitting || hasRoomFor(segmentLength(regionLength)));
    }

    /**
     * The idle segment idle the longest: the first to give back when room is needed.
     *
     * @return its segment id, or -1 if none is idle.
     */
    int oldestIdle()
    {
        int oldest = -1;
        long oldestSinceMs = Long.MAX_VALUE;
        for (int i = 0; i < count; i++)
        {
            final long since = idleSinceMs[i];
            if (IN_FLIGHT != since && since < oldestSinceMs)
            {
                oldest = i;
                oldestSinceMs = since;
            }
        }

        return oldest < 0 ? -1 : segmentIds[oldest];
    }

    /**
     * An idle segment idle for at least {@code idleTimeoutMs}: one to give back now.
     *
     * @param nowMs         epoch milliseconds.
     * @param idleTimeoutMs how long a segment may stay idle.
     * @return its segment id, or -1 if none has been idle that long.
     */
    int expired(final long nowMs, final long idleTimeoutMs)
    {
        for (int i = 0; i < count; i++)
        {
            final long since = idleSinceMs[i];
            if (IN_FLIGHT != since && nowMs - since >= idleTimeoutMs)
            {
                return segmentIds[i];
            }
        }

        return -1;
    }

    /**
     * Would a new segment of this length fit beside those that exist?
     *
     * @param segmentLength of the new segment.
     * @return true if both the count and the byte bound allow it.
     */
    boolean hasRoomFor(final long segmentLength)
    {
        return count < segmentIds.length && segmentLength <= maxBytes - bytes;
    }

    /**
     * Could a new segment of this length fit once every idle segment is given back?
     *
     * @param segmentLength of the new segment.
     * @return true if the segments in flight leave room for it.
     */
    boolean couldHaveRoomFor(final long segmentLength)
    {
        return inFlight < segmentIds.length && segmentLength <= maxBytes - inFlightBytes;
    }

    /**
     * A new segment, in flight at once.
     *
     * @param segmentId     of the new segment, not in the pool.
     * @param segmentLength of the new segment.
     * @throws IllegalStateException if it does not fit ({@link #hasRoomFor(long)}) or the id is in the pool.
     */
    void add(final int segmentId, final long segmentLength)
    {
        if (!hasRoomFor(segmentLength))
        {
            throw new IllegalStateException("no room for a segment of " + segmentLength + " bytes: " + this);
        }
        if (indexOf(segmentId) >= 0)
        {
            throw new IllegalStateException("segment " + segmentId + " is in the pool already");
        }

        segmentIds[count] = segmentId;
        lengths[count] = segmentLength;
        idleSinceMs[count] = IN_FLIGHT;
        count++;
        inFlight++;
        bytes += segmentLength;
        inFlightBytes += segmentLength;
    }

    /**
     * An idle segment takes a payload.
     *
     * @param segmentId of an idle segment.
     * @throws IllegalStateException if it is not idle in this pool.
     */
    void acquire(final int segmentId)
    {
        final int index = indexOf(segmentId);
        if (index < 0 || IN_FLIGHT == idleSinceMs[index])
        {
            throw new IllegalStateException("segment " + segmentId + " is not idle in the pool");
        }

        idleSinceMs[index] = IN_FLIGHT;
        inFlight++;
        inFlightBytes += lengths[index];
    }

    /**
     * A segment's payload is released: it is idle from now on.
     *
     * @param segmentId of a segment in flight.
     * @param nowMs     epoch milliseconds.
     * @return true if it was in flight; false if it is not in the pool or idle already (a second release).
     */
    boolean release(final int segmentId, final long nowMs)
    {
        final int index = indexOf(segmentId);
        if (index < 0 || IN_FLIGHT != idleSinceMs[index])
        {
            return false;
        }

        idleSinceMs[index] = nowMs;
        inFlight--;
        inFlightBytes -= lengths[index];
        return true;
    }

    /**
     * An idle segment is given back (unlinked): it leaves the pool.
     *
     * @param segmentId of an idle segment.
     * @throws IllegalStateException if it is not idle in this pool.
     */
    void remove(final int segmentId)
    {
        final int index = indexOf(segmentId);
        if (index < 0 || IN_FLIGHT == idleSinceMs[index])
        {
            throw new IllegalStateException("segment " + segmentId + " is not idle in the pool");
        }

        bytes -= lengths[index];
        final int last = --count;
        segmentIds[index] = segmentIds[last];
        lengths[index] = lengths[last];
        idleSinceMs[index] = idleSinceMs[last];
    }

    /**
     * Is a segment in flight, holding a payload?
     *
     * @param segmentId of the segment.
     * @return true if it is in the pool and not idle.
     */
    boolean isInFlight(final int segmentId)
    {
        final int index = indexOf(segmentId);
        return index >= 0 && IN_FLIGHT == idleSinceMs[index];
    }

    /**
     * Segments that exist, idle ones included.
     *
     * @return count.
     */
    int segments()
    {
        return count;
    }

    /**
     * Segments holding a payload.
     *
     * @return count.
     */
    int inFlight()
    {
        return inFlight;
    }

    /**
     * Bytes of the segments that exist, idle ones included.
     *
     * @return bytes, at most the bound.
     */
    long bytes()
    {
        return bytes;
    }

    /**
     * Bytes of the segments holding a payload.
     *
     * @return bytes.
     */
    long inFlightBytes()
    {
        return inFlightBytes;
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "SegmentPool{segments=" + count + ", inFlight=" + inFlight + ", bytes=" + bytes +
            ", inFlightBytes=" + inFlightBytes + ", maxBytes=" + maxBytes + ", maxSegments=" + segmentIds.length + '}';
    }

    private int indexOf(final int segmentId)
    {
        for (int i = 0; i < count; i++)
        {
            if (segmentIds[i] == segmentId)
            {
                return i;
            }
        }

        return -1;
    }
}
