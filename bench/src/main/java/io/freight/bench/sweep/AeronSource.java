/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.sweep;

import io.freight.bench.support.HotBuffer;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Sends the plain Aeron IPC contender: an {@link ExclusivePublication} offered each message from a hot source buffer,
 * fragmenting what is longer than the MTU, as an Aeron user moving large messages would.
 */
final class AeronSource implements AutoCloseable
{
    private final ExclusivePublication publication;
    private final IdleStrategy idleStrategy;

    AeronSource(final Aeron aeron, final String channel, final int streamId, final IdleStrategy idleStrategy)
    {
        this.publication = aeron.addExclusivePublication(channel, streamId);
        this.idleStrategy = idleStrategy;
    }

    /**
     * Longest message the publication takes: min(term length / 8, 16 MiB).
     *
     * @return bytes.
     */
    int maxMessageLength()
    {
        return publication.maxMessageLength();
    }

    /**
     * Send messages.
     *
     * @param source to send each message from; its first word is overwritten with the message's index in the run.
     * @param length of each message, at most {@link #maxMessageLength()}.
     * @param count  of messages.
     * @return {@link System#nanoTime()} just before the first offer.
     */
    long send(final HotBuffer source, final int length, final long count)
    {
        final UnsafeBuffer buffer = source.buffer();
        final boolean isStamped = length >= Long.BYTES;
        final long startNs = System.nanoTime();
        for (long i = 0; i < count; i++)
        {
            if (isStamped)
            {
                buffer.putLong(0, i);
            }

            idleStrategy.reset();
            long result;
            while ((result = publication.offer(buffer, 0, length)) < 0)
            {
                if (Publication.BACK_PRESSURED != result && Publication.ADMIN_ACTION != result)
                {
                    throw new IllegalStateException("offer failed: " + Publication.errorString(result));
                }
                idleStrategy.idle();
            }
        }

        return startNs;
    }

    /**
     * Close the publication.
     */
    public void close()
    {
        publication.close();
    }
}
