/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.support;

import io.freight.transport.FreightSender;
import io.freight.transport.PayloadClaim;
import io.freight.transport.PayloadPublication;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;

/**
 * Sends the Freight contenders through a payload publication. Copy mode offers each payload from a hot source buffer
 * (payloads over 1 GiB are claimed and copied in chunk by chunk); zero-copy claims each payload, writes a stamp word
 * at its start and end, and commits. Each payload carries its index in the run as the stamp.
 */
public final class FreightSource implements AutoCloseable
{
    private final FreightSender sender;
    private final PayloadPublication publication;
    private final IdleStrategy idleStrategy;
    private final PayloadClaim claim = new PayloadClaim();
    private final UnsafeBuffer stamp = new UnsafeBuffer(new byte[Long.BYTES]);

    public FreightSource(final FreightSender sender, final IdleStrategy idleStrategy)
    {
        this.sender = sender;
        this.publication = sender.publication();
        this.idleStrategy = idleStrategy;
    }

    /**
     * Run the publication's duty cycle once (acks, attaches).
     */
    public void doWork()
    {
        publication.doWork();
    }

    /**
     * Send payloads in copy mode.
     *
     * @param source to copy each payload from; its first word is overwritten with the stamp.
     * @param length of each payload.
     * @param count  of payloads.
     * @return {@link System#nanoTime()} just before the first offer.
     */
    public long sendCopies(final HotBuffer source, final long length, final long count)
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

            if (length <= HotBuffer.CHUNK_LENGTH)
            {
                idleStrategy.reset();
                long result;
                while ((result = publication.offer(buffer, 0, (int)length)) < 0)
                {
                    idle(result);
                }
            }
            else
            {
                claim(length);
                source.copyTo(claim, length);
                commit();
            }
        }

        return startNs;
    }

    /**
     * Send payloads zero-copy: claim, stamp the first and the last word in place, commit.
     *
     * @param length of each payload, at least 16 bytes for both stamps to be told apart.
     * @param count  of payloads.
     * @return {@link System#nanoTime()} just before the first claim.
     */
    public long sendClaims(final long length, final long count)
    {
        final long lastWord = length - Long.BYTES;
        final long startNs = System.nanoTime();
        for (long i = 0; i < count; i++)
        {
            claim(length);
            if (claim.isContiguous())
            {
                final MutableDirectBuffer buffer = claim.buffer();
                buffer.putLong(0, i);
                buffer.putLong((int)lastWord, i);
            }
            else
            {
                stamp.putLong(0, i);
                claim.putBytes(0, stamp, 0, Long.BYTES);
                claim.putBytes(lastWord, stamp, 0, Long.BYTES);
            }
            commit();
        }

        return startNs;
    }

    /**
     * Run the duty cycle until every payload sent has been released by the receiver, so that what releasing costs
     * (unlinking an oversize segment and freeing its pages, above all) is paid before the next cell, not in it.
     *
     * @param timeoutNs how long to wait.
     */
    public void awaitAllAcked(final long timeoutNs)
    {
        try
        {
            if (!sender.awaitAllAcked(timeoutNs, TimeUnit.NANOSECONDS))
            {
                throw new IllegalStateException("payloads not released in time, or the receiver left: " + publication);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for acks", ex);
        }
    }

    /**
     * Close the publication and delete its store.
     */
    public void close()
    {
        sender.close();
    }

    private void claim(final long length)
    {
        idleStrategy.reset();
        long result;
        while ((result = publication.tryClaim(length, claim)) < 0)
        {
            idle(result);
        }
    }

    private void commit()
    {
        final long result = claim.commit();
        if (result < 0)
        {
            throw new IllegalStateException("commit failed: " + result + " on " + publication);
        }
    }

    private void idle(final long result)
    {
        if (PayloadPublication.BACK_PRESSURED != result && PayloadPublication.ADMIN_ACTION != result)
        {
            throw new IllegalStateException("offer failed: " + result + " on " + publication);
        }
        idleStrategy.idle();
    }
}
