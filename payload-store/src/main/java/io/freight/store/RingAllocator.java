/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

/**
 * Region arithmetic for a ring segment: which bytes are in flight, where the next region goes, what a release frees.
 * It touches no memory, so it can be checked exhaustively on its own.
 * <p>
 * Positions grow (like Aeron's stream positions) while regions are in flight, and go back to 0 whenever the ring is
 * empty; an offset is a position modulo the capacity. Regions are
 * taken at the tail and given back at the head, in claim order, so the fast path is FIFO: claim at the tail,
 * release the oldest. A release out of order marks its region and the space comes back when every older region is
 * released too; releasing the newest region (an abort) gives its space back at once. A region never crosses the end
 * of the ring, and a region no longer than a chunk of the mapping never crosses a chunk boundary, so it can be seen
 * as one buffer: the gap up to the next boundary (or the end) is skipped and accounted to the region that follows
 * it, so it is freed with that region. A region longer than a chunk cannot lie in one anyway; it may start at any
 * aligned offset and is read and written through the segment's long-indexed copies.
 * <p>
 * Bounded: at most {@code maxRegions} regions and {@code capacity} bytes (regions plus skipped gaps) in flight.
 * Cost: a claim and an in-order release are a few comparisons and array stores, no division (the tail's offset is
 * kept beside its position, each region's offset is recorded, and a power-of-two boundary is a shift: a 64-bit
 * division costs tens of cycles, and there were five per payload); a release out of order is a binary search over
 * the regions in flight. Allocation-free. Not thread-safe: one owner thread claims and releases.
 */
final class RingAllocator
{
    /**
     * Not enough contiguous free space now: release something first.
     */
    static final long NO_ROOM = -1;

    /**
     * The maximum number of regions are in flight: release something first.
     */
    static final long TOO_MANY_REGIONS = -2;

    private final long capacity;
    private final long boundary;
    private final int boundaryShift;
    private final int mask;
    private final long[] startPositions;
    private final long[] regionPositions;
    private final long[] regionOffsets;
    private final long[] endPositions;
    private final long[] generations;
    private final boolean[] released;

    private long headIndex;
    private long tailIndex;
    private int releasedInFlight; // released out of order, still between head and tail
    private long headPosition;
    private long tailPosition;
    private long tailOffset; // tailPosition % capacity, kept as positions move: a claim and a release divide nothing

    /**
     * Create an allocator for a ring.
     *
     * @param capacity   of the ring in bytes, a positive multiple of {@link RegionHeader#ALIGNMENT}.
     * @param boundary   a region no longer than this must not cross a multiple of it (the mapping's chunk length),
     *                   a positive multiple of {@link RegionHeader#ALIGNMENT}.
     * @param maxRegions in flight at once, a power of two.
     */
    RingAllocator(final long capacity, final long boundary, final int maxRegions)
    {
        if (capacity <= 0 || (capacity & (RegionHeader.ALIGNMENT - 1)) != 0)
        {
            throw new IllegalArgumentException(
                "capacity must be a positive multiple of " + RegionHeader.ALIGNMENT + ": " + capacity);
        }
        if (boundary <= 0 || (boundary & (RegionHeader.ALIGNMENT - 1)) != 0)
        {
            throw new IllegalArgumentException(
                "boundary must be a positive multiple of " + RegionHeader.ALIGNMENT + ": " + boundary);
        }
        if (maxRegions <= 0 || Integer.bitCount(maxRegions) != 1)
        {
            throw new IllegalArgumentException("maxRegions must be a positive power of two: " + maxRegions);
        }

        this.capacity = capacity;
        this.boundary = boundary;
        this.boundaryShift = 1 == Long.bitCount(boundary) ? Long.numberOfTrailingZeros(boundary) : -1;
        this.mask = maxRegions - 1;
        startPositions = new long[maxRegions];
        regionPositions = new long[maxRegions];
        regionOffsets = new long[maxRegions];
        endPositions = new long[maxRegions];
        generations = new long[maxRegions];
        released = new boolean[maxRegions];
    }

    /**
     * Capacity of the ring in bytes.
     *
     * @return capacity of the ring in bytes.
     */
    long capacity()
    {
        return capacity;
    }

    /**
     * Longest region the ring can ever hold: its capacity.
     *
     * @return longest region length in bytes.
     */
    long maxRegionLength()
    {
        return capacity;
    }

    /**
     * Maximum number of regions in flight.
     *
     * @return maximum number of regions in flight.
     */
    int maxRegions()
    {
        return mask + 1;
    }

    /**
     * Regions claimed and not yet given back (a region released out of order counts until it is reclaimed).
     *
     * @return regions in flight.
     */
    int regionsInFlight()
    {
        return (int)(tailIndex - headIndex);
    }

    /**
     * Regions claimed and not released: {@link #regionsInFlight()} less those released out of order whose space
     * comes back only when the regions before them are released.
     *
     * @return live regions.
     */
    int liveRegions()
    {
        return (int)(tailIndex - headIndex) - releasedInFlight;
    }

    /**
     * Bytes claimed and not yet given back, gaps skipped at boundaries included.
     *
     * @return bytes in flight, at most {@link #capacity()}.
     */
    long bytesInFlight()
    {
        return tailPosition - headPosition;
    }

    /**
     * Claim a region at the tail of the ring.
     *
     * @param regionLength of the region, a positive multiple of {@link RegionHeader#ALIGNMENT} no longer than
     *                     {@link #maxRegionLength()}.
     * @param generation   to record for the region; {@link #release(long, long)} must present it.
     * @return offset of the region in the ring, or {@link #NO_ROOM} or {@link #TOO_MANY_REGIONS}.
     */
    long claim(final long regionLength, final long generation)
    {
        if (regionLength <= 0 || regionLength > maxRegionLength() || (regionLength & (RegionHeader.ALIGNMENT - 1)) != 0)
        {
            throw new IllegalArgumentException("region length must be a positive multiple of " +
                RegionHeader.ALIGNMENT + " up to " + maxRegionLength() + ": " + regionLength);
        }

        if (tailIndex - headIndex > mask)
        {
            return TOO_MANY_REGIONS;
        }

        final long tailOffset = this.tailOffset;
        long regionOffset = tailOffset;
        if (regionLength <= boundary && chunkOf(regionOffset) != chunkOf(regionOffset + regionLength - 1))
        {
            regionOffset = (chunkOf(regionOffset) + 1) * boundary;
        }
        if (regionOffset + regionLength > capacity)
        {
            regionOffset = capacity;
        }

        final long regionPosition = tailPosition + (regionOffset - tailOffset);
        final long endPosition = regionPosition + regionLength;
        if (endPosition - headPosition > capacity)
        {
            return NO_ROOM;
        }

        final int slot = (int)tailIndex & mask;
        startPositions[slot] = tailPosition;
        regionPositions[slot] = regionPosition;
        endPositions[slot] = endPosition;
        generations[slot] = generation;
        released[slot] = false;
        tailIndex++;
        tailPosition = endPosition;

        // regionOffset == capacity is a wrap: the region starts the ring again. Its end is at most the capacity.
        final long offset = capacity == regionOffset ? 0 : regionOffset;
        regionOffsets[slot] = offset;
        final long endOffset = offset + regionLength;
        this.tailOffset = capacity == endOffset ? 0 : endOffset;

        return offset;
    }

    /**
     * Give a region back. The oldest region and the newest one free their space at once; any other is marked and
     * freed when the regions before it are.
     *
     * @param regionOffset of the region, as returned by {@link #claim(long, long)}.
     * @param generation   recorded at claim.
     * @return true if a live region with that offset and generation was released, false if there is none (never
     * claimed, already released, or the generation is stale).
     */
    boolean release(final long regionOffset, final long generation)
    {
        final long index = indexOf(regionOffset, generation);
        if (index < 0)
        {
            return false;
        }

        released[(int)index & mask] = true;
        releasedInFlight++;

        while (headIndex < tailIndex && released[(int)headIndex & mask])
        {
            headPosition = endPositions[(int)headIndex & mask];
            headIndex++;
            releasedInFlight--;
        }

        boolean isTailMoved = false;
        while (tailIndex > headIndex && released[(int)(tailIndex - 1) & mask])
        {
            tailIndex--;
            tailPosition = startPositions[(int)tailIndex & mask];
            isTailMoved = true;
            releasedInFlight--;
        }

        if (headIndex == tailIndex)
        {
            // Empty: start again at offset 0, so any region fits without a gap and the first pages stay hot.
            headPosition = 0;
            tailPosition = 0;
            tailOffset = 0;
        }
        else if (isTailMoved)
        {
            tailOffset = tailPosition % capacity; // an abort or a release of the newest: off the FIFO fast path
        }

        return true;
    }

    /**
     * Is a region with this offset and generation claimed and not yet released?
     *
     * @param regionOffset of the region.
     * @param generation   recorded at claim.
     * @return true if it is live.
     */
    boolean isLive(final long regionOffset, final long generation)
    {
        return indexOf(regionOffset, generation) >= 0;
    }

    private long indexOf(final long regionOffset, final long generation)
    {
        if (headIndex == tailIndex || regionOffset < 0 || regionOffset >= capacity)
        {
            return -1;
        }

        final int headSlot = (int)headIndex & mask;
        if (regionOffsets[headSlot] == regionOffset)
        {
            return isLive(headSlot, generation) ? headIndex : -1;
        }

        // Every live region lies in [headPosition, headPosition + capacity), so the offset names one position there;
        // regions are in position order, so a binary search over the live claims finds it.
        final long position = headPosition + Math.floorMod(regionOffset - headPosition, capacity);
        long low = headIndex + 1;
        long high = tailIndex - 1;
        while (low <= high)
        {
            final long mid = (low + high) >>> 1;
            final long midPosition = regionPositions[(int)mid & mask];
            if (midPosition < position)
            {
                low = mid + 1;
            }
            else if (midPosition > position)
            {
                high = mid - 1;
            }
            else
            {
                return isLive((int)mid & mask, generation) ? mid : -1;
            }
        }

        return -1;
    }

    private long chunkOf(final long offset)
    {
        return boundaryShift >= 0 ? offset >>> boundaryShift : offset / boundary;
    }

    private boolean isLive(final int slot, final long generation)
    {
        return !released[slot] && generations[slot] == generation;
    }
}
