/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.DirectBufferVector;
import io.freight.codecs.SegmentKind;
import io.freight.store.PayloadStore;
import io.freight.store.Region;
import io.freight.store.StorePaths;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;

/**
 * Appends payloads to a sender's store, as Aeron's {@code ExclusiveTermAppender} appends frames to a term: claims a
 * region of the {@link PayloadStore}, takes the payload's bytes into it (copied from a buffer, gathered from vectors,
 * read from a channel, or written in place through a {@link PayloadClaim}), then publishes it: checksum and sequence
 * into the region header, a {@code SegmentAnnounce} before every use of an oversize segment, the descriptor on the data
 * stream through the {@link DataStreamProxy}, and the region into the {@link InFlightTable} under the receivers that
 * must release it. A region claimed and not published goes back to the store.
 * <p>
 * One region at a time: {@link #claim(long)}, write, then {@link #publish(long, long)} or {@link #release()}. Results
 * are {@link PayloadPublication}'s codes. Allocation-free: one {@link Region} flyweight, reused. Not thread-safe: the
 * publication's thread owns it.
 */
final class StoredPayloadAppender
{
    private final PayloadStore store;
    private final InFlightTable inFlight;
    private final DataStreamProxy dataStreamProxy;
    private final boolean checksums;
    private final Runnable dutyCycle;
    private final ChunkStreamer streamer;
    private final Region region = new Region();

    /**
     * @param store           to claim regions from; its owner closes it.
     * @param inFlight        where published regions wait for their holders.
     * @param dataStreamProxy to announce segments and publish descriptors through.
     * @param checksums       compute and publish a checksum of every payload?
     * @param dutyCycle       the sender's duty cycle, run once when a claim finds no room: acks that came in since the
     *                        last run may have freed some.
     */
    StoredPayloadAppender(
        final PayloadStore store,
        final InFlightTable inFlight,
        final DataStreamProxy dataStreamProxy,
        final boolean checksums,
        final Runnable dutyCycle)
    {
        this(store, inFlight, dataStreamProxy, checksums, dutyCycle, null);
    }

    /**
     * @param store           to claim regions from.
     * @param inFlight        the table of published payloads (one host).
     * @param dataStreamProxy for descriptors and announcements (one host).
     * @param checksums       whether descriptors carry a CRC32C (one host).
     * @param dutyCycle       run once when short of room, to apply acks.
     * @param streamer        network mode: the queue a payload goes to instead of a descriptor; null on one host.
     */
    StoredPayloadAppender(
        final PayloadStore store,
        final InFlightTable inFlight,
        final DataStreamProxy dataStreamProxy,
        final boolean checksums,
        final Runnable dutyCycle,
        final ChunkStreamer streamer)
    {
        this.streamer = streamer;
        this.store = store;
        this.inFlight = inFlight;
        this.dataStreamProxy = dataStreamProxy;
        this.checksums = checksums;
        this.dutyCycle = dutyCycle;
    }

    /**
     * Claim a region for a payload of {@code length} bytes, running the duty cycle and trying once more when the store,
     * the in-flight table or the data stream's window is short of room.
     *
     * @param length of the payload, at most the store's {@link PayloadStore#maxPayloadLength()}.
     * @return the region's generation when claimed (positive), else {@link PayloadPublication#BACK_PRESSURED} or
     * {@link PayloadPublication#CLOSED}.
     */
    long claim(final long length)
    {
        final long generation = tryClaim(length);
        if (generation > 0 || dataStreamProxy.isClosed())
        {
            return generation;
        }

        dutyCycle.run();
        return tryClaim(length);
    }

    /**
     * The claimed region, for a {@link PayloadClaim} to write in place.
     *
     * @return the region, index 0 being the payload's first byte.
     */
    Region region()
    {
        return region;
    }

    /**
     * Copy bytes into the claimed region.
     *
     * @param index    in the payload.
     * @param src      to copy from.
     * @param srcIndex in {@code src}.
     * @param length   bytes to copy.
     */
    void putBytes(final long index, final DirectBuffer src, final int srcIndex, final int length)
    {
        region.putBytes(index, src, srcIndex, length);
    }

    /**
     * Gather vectors into the claimed region, one after the other from its first byte.
     *
     * @param vectors the parts of the payload, their bounds checked already.
     */
    void putBytes(final DirectBufferVector[] vectors)
    {
        long position = 0;
        for (final DirectBufferVector vector : vectors)
        {
            region.putBytes(position, vector.buffer(), vector.offset(), vector.length());
            position += vector.length();
        }
    }

    /**
     * Read the whole payload from a channel into the claimed region; on failure the region is released.
     *
     * @param channel to read exactly the claimed length from.
     * @throws IOException if the channel fails or ends early: nothing is claimed any more then.
     */
    void transferFrom(final ReadableByteChannel channel) throws IOException
    {
        final long length = region.payloadLength();
        final long read;
        try
        {
            read = region.transferFrom(channel, 0, length);
        }
        catch (final IOException | RuntimeException ex)
        {
            release();
            throw ex;
        }
        if (read != length)
        {
            release();
            throw new IOException("channel ended after " + read + " of " + length + " bytes");
        }
    }

    /**
     * Publish the claimed region as payload {@code sequence}, held by {@code holders} until each releases it. When it
     * cannot be published the region goes back to the store and the sequence stays free.
     *
     * @param sequence of the payload.
     * @param holders  one bit per receiver that must release it: the receivers attached now.
     * @return {@code sequence}, or {@link PayloadPublication#NOT_CONNECTED} (no holder),
     * {@link PayloadPublication#BACK_PRESSURED}, {@link PayloadPublication#CLOSED} or another negative code of the
     * data stream.
     */
    long publish(final long sequence, final long holders)
    {
        // The duty cycle run while claiming (short of room), or by the caller while a claim was open, may have let go
        // of the last receiver. A payload published now would be held by nobody: its region would never be released
        // (no ack can clear a bit that is not set) and the ring would stay blocked behind it. Refuse it instead, so
        // the caller waits for a receiver as it would before the claim.
        if (0 == holders)
        {
            release();
            return dataStreamProxy.isClosed() ? PayloadPublication.CLOSED : PayloadPublication.NOT_CONNECTED;
        }

        final int segmentId = region.segmentId();
        if (PayloadStore.RING_SEGMENT_ID != segmentId &&
            !dataStreamProxy.publishSegmentAnnounce(
                segmentId, SegmentKind.OVERSIZE, region.segmentLength(), StorePaths.segmentFileName(segmentId)))
        {
            release();
            return PayloadPublication.BACK_PRESSURED;
        }

        int checksum = 0;
        if (checksums)
        {
            checksum = region.computeChecksum();
            region.checksum(checksum);
        }
        region.sequence(sequence);

        final long result = dataStreamProxy.publishDescriptor(
            sequence, segmentId, region.regionOffset(), region.payloadLength(), region.generation(), checksums, checksum);
        if (result < 0)
        {
            release();
            return result;
        }

        inFlight.add(sequence, segmentId, region.regionOffset(), region.generation(), holders);
        region.reset();

        return sequence;
    }

    /**
     * Give the claimed region back to the store unpublished.
     */
    /**
     * Network mode: hand the filled region to the chunk queue, which sends and releases it.
     *
     * @param sequence of the payload.
     * @param holders  receivers attached now; with none the payload is refused, as {@link #publish} does.
     * @return the sequence, or {@link PayloadPublication#NOT_CONNECTED} / {@link PayloadPublication#CLOSED}.
     */
    long enqueue(final long sequence, final long holders)
    {
        if (0 == holders)
        {
            release();
            return dataStreamProxy.isClosed() ? PayloadPublication.CLOSED : PayloadPublication.NOT_CONNECTED;
        }

        streamer.enqueue(sequence, region);
        region.reset();

        return sequence;
    }

    void release()
    {
        store.release(region.segmentId(), region.regionOffset(), region.generation());
        region.reset();
    }

    private long tryClaim(final long length)
    {
        // Network mode: the store is the send queue, filled while earlier payloads stream; full means the queue is.
        if (null != streamer ? streamer.isFull() : inFlight.isFull() || !dataStreamProxy.hasWindowForDescriptor())
        {
            return dataStreamProxy.isClosed() ? PayloadPublication.CLOSED : PayloadPublication.BACK_PRESSURED;
        }

        final long generation = store.tryClaim(length, region);
        return generation > 0 ? generation : PayloadPublication.BACK_PRESSURED;
    }
}
