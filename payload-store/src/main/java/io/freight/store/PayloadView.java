/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A payload in a segment, read in place: a flyweight, re-pointed at each payload and never allocated per message.
 * <p>
 * Indexes are {@code long} and relative to the first payload byte, so payloads longer than 2 GiB read like any other
 * (through the long-indexed copies and {@link #transferTo}); a payload that lies in one mapped chunk can also be
 * seen as one {@link DirectBuffer} through {@link #buffer()}. Every access is checked against the payload's bounds.
 * <p>
 * A view obtained from a {@link StoreReader} was validated before it was handed out and is valid until the payload
 * is released; a buffer taken from {@link #buffer()} must not be used after that. Not thread-safe.
 */
public class PayloadView
{
    final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    MappedSegment segment;
    boolean isWrapped;
    long regionOffset;
    long payloadOffset;
    long payloadLength;
    long generation;
    boolean isContiguous;

    /**
     * Create an empty view, to be filled in by {@link StoreReader#view}.
     */
    public PayloadView()
    {
    }

    void wrap(final MappedSegment segment, final long regionOffset, final long payloadLength, final long generation)
    {
        // A reference store costs the garbage collector's write barrier: the segment is stored only when it changes,
        // and reset() leaves it, isWrapped guarding every access (a segment closed since is unmapped, never read).
        if (this.segment != segment)
        {
            this.segment = segment;
        }
        this.isWrapped = true;
        this.regionOffset = regionOffset;
        this.payloadOffset = regionOffset + RegionHeader.LENGTH;
        this.payloadLength = payloadLength;
        this.generation = generation;
        this.isContiguous = segment.isContiguous(payloadOffset, payloadLength);
        if (isContiguous)
        {
            segment.wrap(buffer, payloadOffset, (int)payloadLength);
        }
        else
        {
            buffer.wrap(0, 0);
        }
    }

    /**
     * Point this view at the same payload as another, already validated, view.
     *
     * @param other view to copy.
     */
    public void wrap(final PayloadView other)
    {
        wrap(other.segment(), other.regionOffset, other.payloadLength, other.generation);
    }

    /**
     * Detach from the payload: any further access throws {@link IllegalStateException}.
     */
    public void reset()
    {
        isWrapped = false;
        isContiguous = false;
        payloadLength = 0;
        buffer.wrap(0, 0);
    }

    /**
     * Does this view point at a payload?
     *
     * @return true between a successful wrap and {@link #reset()}.
     */
    public boolean isWrapped()
    {
        return isWrapped;
    }

    /**
     * Id of the segment holding the payload.
     *
     * @return segment id.
     */
    public int segmentId()
    {
        return segment().segmentId();
    }

    /**
     * Offset of the region (its header) in the segment.
     *
     * @return offset in bytes.
     */
    public long regionOffset()
    {
        return regionOffset;
    }

    /**
     * Length of the segment holding the payload.
     *
     * @return length in bytes.
     */
    public long segmentLength()
    {
        return segment().length();
    }

    /**
     * Length of the payload.
     *
     * @return length in bytes.
     */
    public long payloadLength()
    {
        return payloadLength;
    }

    /**
     * Generation of the region's claim.
     *
     * @return generation.
     */
    public long generation()
    {
        return generation;
    }

    /**
     * Sequence recorded in the region header by the sender, {@link RegionHeader#NO_SEQUENCE} if none.
     *
     * @return sequence.
     */
    public long sequence()
    {
        return segment().getLong(regionOffset + RegionHeader.SEQUENCE_OFFSET);
    }

    /**
     * Does the region header hold a checksum of the payload?
     *
     * @return true if {@link #headerChecksum()} is meaningful.
     */
    public boolean hasChecksum()
    {
        return (segment().getInt(regionOffset + RegionHeader.FLAGS_OFFSET) & RegionHeader.FLAG_CHECKSUM_PRESENT) != 0;
    }

    /**
     * Checksum recorded in the region header by the sender.
     *
     * @return CRC32C of the payload as the sender computed it.
     */
    public int headerChecksum()
    {
        return segment().getInt(regionOffset + RegionHeader.CHECKSUM_OFFSET);
    }

    /**
     * CRC32C of the payload bytes as they are now. Costs one pass over the payload.
     *
     * @return CRC32C.
     */
    public int computeChecksum()
    {
        return segment().checksum(payloadOffset, payloadLength);
    }

    /**
     * Can the whole payload be seen as one buffer? True for every payload that lies in one mapped chunk: every payload
     * up to 1 GiB - 64 B, and every payload of a segment up to 2 GiB - 64 B long (one mapping).
     *
     * @return true if {@link #buffer()} may be called.
     */
    public boolean isContiguous()
    {
        return isContiguous;
    }

    /**
     * The payload as one buffer over the mapped memory, no copy. Valid until the payload is released.
     *
     * @return a buffer of {@link #payloadLength()} bytes.
     * @throws IllegalStateException if the payload is not {@link #isContiguous() contiguous}.
     */
    public DirectBuffer buffer()
    {
        checkContiguous();
        return buffer;
    }

    /**
     * Read one byte.
     *
     * @param index in the payload.
     * @return the byte.
     */
    public byte getByte(final long index)
    {
        checkPayloadRange(index, 1);
        return segment.getByte(payloadOffset + index);
    }

    /**
     * Copy payload bytes into a buffer.
     *
     * @param index    in the payload of the first byte.
     * @param dst      to copy into.
     * @param dstIndex in {@code dst}.
     * @param length   to copy.
     */
    public void getBytes(final long index, final MutableDirectBuffer dst, final int dstIndex, final int length)
    {
        checkPayloadRange(index, length);
        segment.getBytes(payloadOffset + index, dst, dstIndex, length);
    }

    /**
     * Copy payload bytes into an array.
     *
     * @param index    in the payload of the first byte.
     * @param dst      to copy into.
     * @param dstIndex in {@code dst}.
     * @param length   to copy.
     */
    public void getBytes(final long index, final byte[] dst, final int dstIndex, final int length)
    {
        checkPayloadRange(index, length);
        segment.getBytes(payloadOffset + index, dst, dstIndex, length);
    }

    /**
     * Copy payload bytes into a {@link ByteBuffer}; its position and limit are not changed.
     *
     * @param index    in the payload of the first byte.
     * @param dst      to copy into.
     * @param dstIndex absolute index in {@code dst}.
     * @param length   to copy.
     */
    public void getBytes(final long index, final ByteBuffer dst, final int dstIndex, final int length)
    {
        checkPayloadRange(index, length);
        segment.getBytes(payloadOffset + index, dst, dstIndex, length);
    }

    /**
     * Write payload bytes to a channel straight from the mapping, for payloads of any length.
     *
     * @param index   in the payload of the first byte.
     * @param length  to write.
     * @param channel to write to.
     * @return bytes written.
     * @throws IOException from the channel.
     */
    public long transferTo(final long index, final long length, final WritableByteChannel channel) throws IOException
    {
        checkPayloadRange(index, length);
        return segment.transferTo(payloadOffset + index, length, channel);
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return getClass().getSimpleName() + "{segmentId=" + (isWrapped ? segment.segmentId() : "none") +
            ", regionOffset=" + regionOffset + ", payloadLength=" + payloadLength + ", generation=" + generation + '}';
    }

    final MappedSegment segment()
    {
        if (!isWrapped)
        {
            throw new IllegalStateException("view is not wrapped over a payload (released or never filled)");
        }

        return segment;
    }

    final void checkContiguous()
    {
        if (!isContiguous)
        {
            segment();
            throw new IllegalStateException("payload of " + payloadLength + " bytes spans mapped chunks of " +
                segment.chunkBoundary() + " bytes; use the long-indexed accessors or transferTo");
        }
    }

    final void checkPayloadRange(final long index, final long length)
    {
        segment();
        if (index < 0 || length < 0 || index > payloadLength || length > payloadLength - index)
        {
            throw new IndexOutOfBoundsException(
                "range [" + index + ", +" + length + ") is outside the payload of " + payloadLength + " bytes");
        }
    }
}
