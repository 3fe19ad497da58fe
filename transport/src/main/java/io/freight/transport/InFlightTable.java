/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.PayloadStore;

/**
 * The sender's record of stored payloads not yet released by every receiver that was attached when each was
 * published: in sequence order, one bit per receiver still holding each payload.
 * <p>
 * A region goes back to the store the moment its last bit clears, in any order; the table's head then moves past
 * every released entry. Acks are applied through a per-receiver cursor, so a cumulative ack costs one step per newly
 * acked entry, and an out-of-order sequence is found by binary search. Allocation-free. Not thread-safe: the
 * publication's thread owns it.
 */
final class InFlightTable
{
    private final PayloadStore store;
    private final int mask;
    private final long[] sequences;
    private final long[] regionOffsets;
    private final long[] generations;
    private final long[] holders;
    private final int[] segmentIds;
    private long head;
    private long tail;
    private int unreleased;

    InFlightTable(final PayloadStore store, final int capacity)
    {
        if (capacity <= 0 || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a positive power of two: " + capacity);
        }

        this.store = store;
        this.mask = capacity - 1;
        sequences = new long[capacity];
        regionOffsets = new long[capacity];
        generations = new long[capacity];
        holders = new long[capacity];
        segmentIds = new int[capacity];
    }

    boolean isFull()
    {
        return tail - head > mask;
    }

    /**
     * Stored payloads still held by at least one receiver.
     */
    int unreleased()
    {
        return unreleased;
    }

    long tail()
    {
        return tail;
    }

    /**
     * Record a payload published to the receivers in {@code receiverMask}. A payload held by no receiver is
     * released at once: nothing could ever clear a bit for it, so keeping it would leak its region for good.
     *
     * @param sequence     of the payload, above every sequence in the table.
     * @param segmentId    of its region.
     * @param regionOffset of its region.
     * @param generation   of its region's claim.
     * @param receiverMask receivers that must release it.
     */
    void add(
        final long sequence,
        final int segmentId,
        final long regionOffset,
        final long generation,
        final long receiverMask)
    {
        if (0 == receiverMask)
        {
            store.release(segmentId, regionOffset, generation);
            return;
        }

        final int slot = (int)tail & mask;
        sequences[slot] = sequence;
        segmentIds[slot] = segmentId;
        regionOffsets[slot] = regionOffset;
        generations[slot] = generation;
        holders[slot] = receiverMask;
        tail++;
        unreleased++;
    }

    /**
     * Apply a cumulative ack: the receiver released every entry up to and including {@code sequence}.
     *
     * @param receiverBit bit of the receiver.
     * @param cursor      the receiver's first entry not yet covered by a cumulative ack.
     * @param sequence    acked cumulatively.
     * @return the new cursor.
     */
    long releaseUpTo(final long receiverBit, final long cursor, final long sequence)
    {
        long index = Math.max(cursor, head);
        while (index < tail && sequences[(int)index & mask] <= sequence)
        {
            clear((int)index & mask, receiverBit);
            index++;
        }
        advanceHead();

        return index;
    }

    /**
     * Apply one out-of-order release.
     *
     * @param receiverBit bit of the receiver.
     * @param sequence    released.
     */
    void release(final long receiverBit, final long sequence)
    {
        long low = head;
        long high = tail - 1;
        while (low <= high)
        {
            final long mid = (low + high) >>> 1;
            final long midSequence = sequences[(int)mid & mask];
            if (midSequence < sequence)
            {
                low = mid + 1;
            }
            else if (midSequence > sequence)
            {
                high = mid - 1;
            }
            else
            {
                clear((int)mid & mask, receiverBit);
                advanceHead();
                return;
            }
        }
    }

    /**
     * A receiver is gone: it holds nothing any more.
     *
     * @param receiverBit bit of the receiver.
     */
    void releaseAll(final long receiverBit)
    {
        for (long index = head; index < tail; index++)
        {
            clear((int)index & mask, receiverBit);
        }
        advanceHead();
    }

    private void clear(final int slot, final long receiverBit)
    {
        final long held = holders[slot];
        if ((held & receiverBit) != 0)
        {
            final long remaining = held & ~receiverBit;
            holders[slot] = remaining;
            if (0 == remaining)
            {
                unreleased--;
                store.release(segmentIds[slot], regionOffsets[slot], generations[slot]);
            }
        }
    }

    private void advanceHead()
    {
        while (head < tail && 0 == holders[(int)head & mask])
        {
            head++;
        }
    }
}
