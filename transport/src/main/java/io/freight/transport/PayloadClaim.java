/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.Region;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Space claimed by {@link PayloadPublication#tryClaim(long, PayloadClaim)} for a payload written in place, like
 * Aeron's {@link io.aeron.logbuffer.BufferClaim}: write the payload, then {@link #commit()} to publish it or
 * {@link #abort()} to give the space back. A flyweight: reuse one per publication.
 * <p>
 * A small payload's space is in the data stream's term; a longer one's is a region of the store. Indexes are relative
 * to the payload's first byte and {@code long}, so payloads over 2 GiB are written through {@link #putBytes} or
 * {@link #transferFrom}; any payload that lies in one mapped chunk (all up to ~2 GiB) is also one
 * {@link #buffer()}. Not thread-safe.
 */
public final class PayloadClaim
{
    private static final int TRANSFER_CHUNK = 4096;

    private final UnsafeBuffer inlineBuffer = new UnsafeBuffer(0, 0);
    private ByteBuffer transferScratch;
    private PayloadPublication publication;
    private Region region;
    private boolean isInline;
    private long length;

    /**
     * Create an empty claim, to be filled by {@link PayloadPublication#tryClaim(long, PayloadClaim)}.
     */
    public PayloadClaim()
    {
    }

    void wrapInline(
        final PayloadPublication publication, final MutableDirectBuffer buffer, final int offset, final int length)
    {
        this.publication = publication;
        this.isInline = true;
        this.region = null;
        this.length = length;
        inlineBuffer.wrap(buffer, offset, length);
    }

    void wrapStored(final PayloadPublication publication, final Region region)
    {
        this.publication = publication;
        this.isInline = false;
        this.region = region;
        this.length = region.payloadLength();
        inlineBuffer.wrap(0, 0);
    }

    /**
     * Length of the claimed payload.
     *
     * @return bytes.
     */
    public long length()
    {
        return length;
    }

    /**
     * Will the payload travel inline on the data stream (true) or through the store (false)?
     *
     * @return true if inline.
     */
    public boolean isInline()
    {
        return isInline;
    }

    /**
     * Can the whole payload be written through {@link #buffer()}?
     *
     * @return true if it lies in one mapped chunk.
     */
    public boolean isContiguous()
    {
        return isInline || region().isContiguous();
    }

    /**
     * The claimed space as one buffer, index 0 being the payload's first byte.
     *
     * @return a buffer of {@link #length()} bytes.
     * @throws IllegalStateException if the payload spans mapped chunks (over ~2 GiB).
     */
    public MutableDirectBuffer buffer()
    {
        return isInline ? inlineBuffer : region().buffer();
    }

    /**
     * Copy bytes into the payload.
     *
     * @param index    in the payload.
     * @param src      to copy from.
     * @param srcIndex in {@code src}.
     * @param length   to copy.
     */
    public void putBytes(final long index, final DirectBuffer src, final int srcIndex, final int length)
    {
        if (isInline)
        {
            inlineBuffer.putBytes(inlineIndex(index, length), src, srcIndex, length);
        }
        else
        {
            region().putBytes(index, src, srcIndex, length);
        }
    }

    /**
     * Copy bytes into the payload.
     *
     * @param index    in the payload.
     * @param src      to copy from.
     * @param srcIndex in {@code src}.
     * @param length   to copy.
     */
    public void putBytes(final long index, final byte[] src, final int srcIndex, final int length)
    {
        if (isInline)
        {
            inlineBuffer.putBytes(inlineIndex(index, length), src, srcIndex, length);
        }
        else
        {
            region().putBytes(index, src, srcIndex, length);
        }
    }

    /**
     * Copy bytes into the payload from a {@link ByteBuffer}; its position and limit are not changed.
     *
     * @param index    in the payload.
     * @param src      to copy from.
     * @param srcIndex absolute index in {@code src}.
     * @param length   to copy.
     */
    public void putBytes(final long index, final ByteBuffer src, final int srcIndex, final int length)
    {
        if (isInline)
        {
            inlineBuffer.putBytes(inlineIndex(index, length), src, srcIndex, length);
        }
        else
        {
            region().putBytes(index, src, srcIndex, length);
        }
    }

    /**
     * Fill part of the payload from a channel.
     *
     * @param channel to read from.
     * @param index   in the payload.
     * @param length  to read.
     * @return bytes read; fewer if the channel ended.
     * @throws IOException from the channel.
     */
    public long transferFrom(final ReadableByteChannel channel, final long index, final long length) throws IOException
    {
        if (!isInline)
        {
            return region().transferFrom(channel, index, length);
        }

        final int at = inlineIndex(index, length);
        if (null == transferScratch)
        {
            transferScratch = ByteBuffer.allocate(TRANSFER_CHUNK);
        }

        int read = 0;
        while (read < length)
        {
            transferScratch.clear().limit((int)Math.min(TRANSFER_CHUNK, length - read));
            final int count = channel.read(transferScratch);
            if (count <= 0)
            {
                break;
            }
            inlineBuffer.putBytes(at + read, transferScratch.array(), 0, count);
            read += count;
        }

        return read;
    }

    /**
     * Publish the payload.
     *
     * @return the payload's sequence, or a negative result code (the payload is then dropped and its space given
     * back).
     */
    public long commit()
    {
        return publication().commitClaim(this);
    }

    /**
     * Give the space back without publishing anything.
     */
    public void abort()
    {
        publication().abortClaim(this);
    }

    private PayloadPublication publication()
    {
        if (null == publication)
        {
            throw new IllegalStateException("claim was never filled by PayloadPublication.tryClaim");
        }

        return publication;
    }

    private Region region()
    {
        if (null == region)
        {
            throw new IllegalStateException("claim is not open");
        }

        return region;
    }

    private int inlineIndex(final long index, final long length)
    {
        if (index < 0 || length < 0 || index > this.length - length)
        {
            throw new IndexOutOfBoundsException(
                "range [" + index + ", +" + length + ") is outside the claimed " + this.length + " bytes");
        }

        return (int)index;
    }
}
