/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.PayloadStore;
import io.freight.store.Region;

/**
 * Network mode, sender side: the queue of stored payloads whose bytes are still to go out as {@code PayloadChunk}s,
 * oldest first, and the pump that sends them. A payload is accepted by an offer once it is in a region of the
 * sender's own store; this queue then sends it chunk by chunk whenever the publication has window, and gives its
 * region back to the store once its last chunk is in Aeron's term, from which Aeron retransmits whatever the network
 * loses. So the store is the send buffer, and a slow receiver back-pressures the offers through Aeron's flow control
 * and the store filling up.
 * <pre>
 *   offer --copy--&gt; region [seq 7: 3 of 9 chunks sent] [seq 8] [seq 9] --chunk--&gt; publication term --UDP--&gt;
 *                   head (sending)                                   tail
 * </pre>
 * The chunks of one payload go out in order and nothing else of another payload goes between them (an inline
 * payload waits until this queue is empty); heartbeats and attach echoes may.
 * <p>
 * Cost: one copy of each byte from the store into the term, in chunks of one MTU frame. No allocation: the queue's
 * regions are flyweights made once. Not thread-safe: the sender's thread only.
 */
final class ChunkStreamer
{
    private final PayloadStore store;
    private final DataStreamProxy dataStreamProxy;
    private final Region[] regions;
    private final long[] sequences;
    private final int mask;
    private long head;
    private long tail;
    private long headSent;
    private long chunksSent;

    /**
     * @param store           whose regions are queued and released.
     * @param dataStreamProxy that sends the chunks.
     * @param capacity        most payloads queued at once, a power of two: the store can hold no more regions.
     */
    ChunkStreamer(final PayloadStore store, final DataStreamProxy dataStreamProxy, final int capacity)
    {
        if (Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }

        this.store = store;
        this.dataStreamProxy = dataStreamProxy;
        this.regions = new Region[capacity];
        this.sequences = new long[capacity];
        this.mask = capacity - 1;
        for (int i = 0; i < capacity; i++)
        {
            regions[i] = new Region();
        }
    }

    /**
     * Is nothing waiting to be sent?
     *
     * @return true when every queued payload went out whole.
     */
    boolean isEmpty()
    {
        return head == tail;
    }

    /**
     * Is the queue full, so that no payload can be accepted until {@link #send(int)} finishes one?
     *
     * @return true when full.
     */
    boolean isFull()
    {
        return tail - head == regions.length;
    }

    /**
     * Payloads queued, the one being sent included.
     *
     * @return count.
     */
    int size()
    {
        return (int)(tail - head);
    }

    /**
     * Chunks sent so far, for monitoring.
     *
     * @return count.
     */
    long chunksSent()
    {
        return chunksSent;
    }

    /**
     * Queue a filled region to be sent; the queue owns it from now on and releases it once sent.
     *
     * @param sequence of the payload.
     * @param region   claimed from the store and filled; left wrapping the same region.
     * @throws IllegalStateException if {@link #isFull()}.
     */
    void enqueue(final long sequence, final Region region)
    {
        if (isFull())
        {
            throw new IllegalStateException("chunk queue full: " + regions.length + " payloads");
        }

        final int index = (int)(tail & mask);
        regions[index].wrap(region);
        sequences[index] = sequence;
        tail++;
    }

    /**
     * Send chunks, oldest payload first, until the publication is back-pressured, the queue is empty or
     * {@code chunkLimit} chunks went out; release each payload's region once its last chunk went out.
     *
     * @param chunkLimit most chunks to send in this call.
     * @return chunks sent.
     */
    int send(final int chunkLimit)
    {
        final int maxChunkLength = dataStreamProxy.maxChunkLength();
        int sent = 0;
        while (sent < chunkLimit && head != tail)
        {
            final int index = (int)(head & mask);
            final Region region = regions[index];
            final long remaining = region.payloadLength() - headSent;
            final int chunkLength = (int)Math.min(maxChunkLength, remaining);
            if (dataStreamProxy.publishChunk(sequences[index], region, headSent, chunkLength) < 0)
            {
                break;
            }

            sent++;
            headSent += chunkLength;
            if (headSent == region.payloadLength())
            {
                store.release(region.segmentId(), region.regionOffset(), region.generation());
                region.reset();
                headSent = 0;
                head++;
            }
        }
        chunksSent += sent;

        return sent;
    }

    /**
     * Give every queued region back to the store unsent, as on close.
     */
    void clear()
    {
        while (head != tail)
        {
            final Region region = regions[(int)(head & mask)];
            if (region.isWrapped() && !store.isClosed())
            {
                store.release(region.segmentId(), region.regionOffset(), region.generation());
            }
            region.reset();
            head++;
        }
        headSent = 0;
    }
}
