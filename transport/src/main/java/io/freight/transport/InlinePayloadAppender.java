/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.DirectBufferVector;
import io.aeron.Publication;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Appends payloads of up to the inline threshold to the data stream itself, the counterpart of
 * {@link StoredPayloadAppender}: each travels inside an {@code InlinePayload} message encoded by the
 * {@link DataStreamProxy}. A payload in one buffer is copied straight into the stream's term; one gathered from
 * vectors or read from a channel is first assembled in a direct scratch buffer of the threshold's length, allocated
 * once. A claim ({@link #claim(long, int)}) is a frame of the term the caller writes in place.
 * <p>
 * Results are the sequence given, or {@link PayloadPublication}'s (Aeron's) negative codes. Allocation-free after
 * construction. Not thread-safe: the publication's thread owns it.
 */
final class InlinePayloadAppender
{
    private final DataStreamProxy dataStreamProxy;
    private final int inlineThreshold;
    private final ByteBuffer scratchByteBuffer;
    private final UnsafeBuffer scratch;

    /**
     * @param dataStreamProxy to offer and claim inline payloads through.
     * @param inlineThreshold longest payload sent inline, in bytes: the scratch buffer's length.
     */
    InlinePayloadAppender(final DataStreamProxy dataStreamProxy, final int inlineThreshold)
    {
        this.dataStreamProxy = dataStreamProxy;
        this.inlineThreshold = inlineThreshold;
        this.scratchByteBuffer = ByteBuffer.allocateDirect(inlineThreshold);
        this.scratch = new UnsafeBuffer(scratchByteBuffer);
    }

    /**
     * Does a payload of this length travel inline?
     *
     * @param length of the payload.
     * @return true if it is at most the inline threshold.
     */
    boolean isInline(final long length)
    {
        return length <= inlineThreshold;
    }

    /**
     * Can a payload of this length be claimed inline, in one frame of the term?
     *
     * @param length of the payload.
     * @return true if it is inline and header and payload fit one frame.
     */
    boolean canClaim(final long length)
    {
        return length <= inlineThreshold && dataStreamProxy.canClaimInline(length);
    }

    /**
     * Offer an inline payload from a buffer.
     *
     * @param sequence of the payload.
     * @param buffer   holding the payload.
     * @param offset   of the payload in the buffer.
     * @param length   of the payload, at most the threshold.
     * @return {@code sequence}, or a negative code: nothing was published then.
     */
    long offer(final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        final long result = dataStreamProxy.offerInline(sequence, buffer, offset, length);
        return result > 0 ? sequence : result;
    }

    /**
     * Gather vectors, in order, into one inline payload and offer it.
     *
     * @param sequence of the payload.
     * @param vectors  the parts, their bounds checked already.
     * @param length   their total, at most the threshold.
     * @return {@code sequence}, or a negative code: nothing was published then.
     */
    long offer(final long sequence, final DirectBufferVector[] vectors, final int length)
    {
        int position = 0;
        for (final DirectBufferVector vector : vectors)
        {
            scratch.putBytes(position, vector.buffer(), vector.offset(), vector.length());
            position += vector.length();
        }

        return offer(sequence, scratch, 0, length);
    }

    /**
     * Read exactly {@code length} bytes from a channel into one inline payload and offer it.
     *
     * @param sequence of the payload.
     * @param channel  to read from.
     * @param length   of the payload, at most the threshold.
     * @return {@code sequence}, or a negative code: nothing was read from the channel nor published then (the window
     *         is checked before the first byte is read, so back-pressure never costs the caller bytes it cannot read
     *         again).
     * @throws IOException if the channel fails or ends before {@code length} bytes; nothing is published then.
     */
    long offer(final long sequence, final ReadableByteChannel channel, final int length) throws IOException
    {
        if (!dataStreamProxy.hasWindowForInline(length))
        {
            return dataStreamProxy.isClosed() ? Publication.CLOSED : Publication.BACK_PRESSURED;
        }

        final ByteBuffer target = scratchByteBuffer.clear().limit(length);
        while (target.hasRemaining())
        {
            if (channel.read(target) < 0)
            {
                throw new IOException("channel ended after " + target.position() + " of " + length + " bytes");
            }
        }

        return offer(sequence, scratch, 0, length);
    }

    /**
     * Claim one frame of the term for an inline payload written in place at {@link #claimBuffer()},
     * {@link #claimPayloadOffset()}, then {@link #commit()} or {@link #abort()}. Only when {@link #canClaim(long)}.
     *
     * @param sequence of the payload.
     * @param length   of the payload.
     * @return {@code sequence}, or a negative code: nothing is claimed then.
     */
    long claim(final long sequence, final int length)
    {
        final long result = dataStreamProxy.tryClaimInline(sequence, length);
        return result < 0 ? result : sequence;
    }

    /**
     * Buffer of the open claim: the stream's term.
     *
     * @return the buffer the payload goes into.
     */
    MutableDirectBuffer claimBuffer()
    {
        return dataStreamProxy.inlineClaimBuffer();
    }

    /**
     * Where the payload of the open claim starts in {@link #claimBuffer()}.
     *
     * @return the offset.
     */
    int claimPayloadOffset()
    {
        return dataStreamProxy.inlineClaimPayloadOffset();
    }

    /**
     * Publish the open claim.
     */
    void commit()
    {
        dataStreamProxy.commitInlineClaim();
    }

    /**
     * Drop the open claim: receivers skip its frame.
     */
    void abort()
    {
        dataStreamProxy.abortInlineClaim();
    }
}
