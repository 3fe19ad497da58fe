/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * A region claimed from a {@link PayloadStore}, written in place by its owner: a flyweight filled by
 * {@link PayloadStore#tryClaim(long, Region)}, reused for every claim.
 * <p>
 * Writes are {@code long}-indexed relative to the first payload byte and bounds-checked against the claimed length;
 * a payload in one mapped chunk can also be written through {@link #buffer()}. The region belongs to the claimer
 * until it is released with {@link PayloadStore#release(int, long, long)}. Not thread-safe.
 */
public final class Region extends PayloadView
{
    /**
     * Create an empty region flyweight, to be filled by {@link PayloadStore#tryClaim(long, Region)}.
     */
    public Region()
    {
    }

    /**
     * The payload as one writable buffer over the mapped memory.
     *
     * @return a buffer of {@link #payloadLength()} bytes.
     * @throws IllegalStateException if the payload is not {@link #isContiguous() contiguous}.
     */
    public MutableDirectBuffer buffer()
    {
        checkContiguous();
        return buffer;
    }

    /**
     * Copy bytes from a buffer into the payload.
     *
     * @param index    in the payload of the first byte written.
     * @param src      to copy from.
     * @param srcIndex in {@code src}.
     * @param length   to copy.
     */
    public void putBytes(final long index, final DirectBuffer src, final int srcIndex, final int length)
    {
        checkPayloadRange(index, length);
        segment.putBytes(payloadOffset + index, src, srcIndex, length);
    }

    /**
     * Copy bytes from an array into the payload.
     *
     * @param index    in the payload of the first byte written.
     * @param src      to copy from.
     * @param srcIndex in {@code src}.
     * @param length   to copy.
     */
    public void putBytes(final long index, final byte[] src, final int srcIndex, final int length)
    {
        checkPayloadRange(index, length);
        segment.putBytes(payloadOffset + index, src, srcIndex, length);
    }

    /**
     * Copy bytes from a {@link ByteBuffer} into the payload; its position and limit are not changed.
     *
     * @param index    in the payload of the first byte written.
     * @param src      to copy from.
     * @param srcIndex absolute index in {@code src}.
     * @param length   to copy.
     */
    public void putBytes(final long index, final ByteBuffer src, final int srcIndex, final int length)
    {
        checkPayloadRange(index, length);
        segment.putBytes(payloadOffset + index, src, srcIndex, length);
    }

    /**
     * Write one byte.
     *
     * @param index in the payload.
     * @param value to write.
     */
    public void putByte(final long index, final byte value)
    {
        checkPayloadRange(index, 1);
        segment.putByte(payloadOffset + index, value);
    }

    /**
     * Fill payload bytes from a channel straight into the mapping, for payloads of any length.
     *
     * @param channel to read from.
     * @param index   in the payload of the first byte.
     * @param length  to read.
     * @return bytes read; fewer than {@code length} if the channel ended first.
     * @throws IOException from the channel.
     */
    public long transferFrom(final ReadableByteChannel channel, final long index, final long length) throws IOException
    {
        checkPayloadRange(index, length);
        return segment.transferFrom(channel, payloadOffset + index, length);
    }

    /**
     * Record the sequence the payload is published under in the region header.
     *
     * @param sequence of the payload in its stream.
     */
    public void sequence(final long sequence)
    {
        segment().putLong(regionOffset + RegionHeader.SEQUENCE_OFFSET, sequence);
    }

    /**
     * Record a checksum of the payload in the region header and flag it present.
     *
     * @param checksum CRC32C of the payload, e.g. from {@link #computeChecksum()}.
     */
    public void checksum(final int checksum)
    {
        segment().putInt(regionOffset + RegionHeader.CHECKSUM_OFFSET, checksum);
        segment.putInt(regionOffset + RegionHeader.FLAGS_OFFSET, RegionHeader.FLAG_CHECKSUM_PRESENT);
    }
}
