/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.support;

import io.freight.transport.Payload;
import io.freight.transport.PayloadClaim;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * A resident buffer the benchmarks copy from or into, addressed with {@code long} lengths so that payloads over 2 GiB
 * can be sent and received. Direct memory, written once at creation so that every page is committed before anything
 * is timed.
 * <p>
 * It is made of {@link #CHUNK_LENGTH} chunks. A buffer longer than one chunk repeats its first chunk rather than
 * holding more memory: a 4 GiB copy from or into it moves 4 GiB of bytes through 1 GiB of resident pages, far more
 * than any cache, which is what a copy of that size costs anyway; the memory a 4 GiB run needs stays within this
 * machine's 24 GiB.
 * <p>
 * Not thread-safe.
 */
public final class HotBuffer
{
    /**
     * Length of a chunk: 1 GiB.
     */
    public static final int CHUNK_LENGTH = 1 << 30;

    private final UnsafeBuffer buffer;

    /**
     * Allocate and touch a buffer.
     *
     * @param length in bytes; more than {@link #CHUNK_LENGTH} repeats the first chunk.
     */
    public HotBuffer(final long length)
    {
        if (length <= 0)
        {
            throw new IllegalArgumentException("length must be positive: " + length);
        }

        // allocateDirect zeroes the memory, which commits every page.
        buffer = new UnsafeBuffer(ByteBuffer.allocateDirect((int)Math.min(length, CHUNK_LENGTH)));
    }

    /**
     * The first chunk: all of a buffer up to {@link #CHUNK_LENGTH}.
     *
     * @return the chunk.
     */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * Copy bytes from this buffer into another: the memcpy reference.
     *
     * @param dst    to copy into.
     * @param length to copy, from index 0 of both.
     */
    public void copyTo(final HotBuffer dst, final long length)
    {
        final UnsafeBuffer to = dst.buffer;
        for (long done = 0; done < length; done += CHUNK_LENGTH)
        {
            final int part = (int)Math.min(CHUNK_LENGTH, length - done);
            to.putBytes(0, buffer, 0, part);
        }
    }

    /**
     * Copy bytes from this buffer into a claimed payload, chunk by chunk: how payloads over 2 GiB are sent in copy
     * mode.
     *
     * @param claim  to write.
     * @param length to copy.
     */
    void copyTo(final PayloadClaim claim, final long length)
    {
        for (long done = 0; done < length; done += CHUNK_LENGTH)
        {
            claim.putBytes(done, buffer, 0, (int)Math.min(CHUNK_LENGTH, length - done));
        }
    }

    /**
     * Copy a received payload into this buffer, chunk by chunk.
     *
     * @param payload to copy.
     * @param length  to copy.
     */
    void copyFrom(final Payload payload, final long length)
    {
        for (long done = 0; done < length; done += CHUNK_LENGTH)
        {
            payload.getBytes(done, buffer, 0, (int)Math.min(CHUNK_LENGTH, length - done));
        }
    }
}
