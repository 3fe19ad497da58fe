/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.samples;

import io.freight.transport.PayloadPublication;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A duty cycle that sends payloads: each {@link #doWork()} runs the publication's own duty cycle (acks, receivers)
 * and offers the next payload, never blocking. A payload that is not accepted (no receiver yet, back-pressure) is
 * offered again on the next cycle. Each payload starts with its number, so the receiver can check the order.
 */
public final class SenderAgent implements Agent
{
    private final PayloadPublication publication;
    private final UnsafeBuffer payload;
    private final long count;
    private final CountDownLatch allReleased = new CountDownLatch(1);
    private long sent;
    private long backPressured;

    /**
     * Send payloads of one length.
     *
     * @param publication to offer on; used only by this agent's thread once it runs.
     * @param length      of each payload.
     * @param count       of payloads to send.
     */
    public SenderAgent(final PayloadPublication publication, final int length, final long count)
    {
        this.publication = publication;
        this.payload = new UnsafeBuffer(ByteBuffer.allocateDirect(length));
        this.count = count;
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        int work = publication.doWork();
        if (sent < count)
        {
            payload.putLong(0, sent);
            final long result = publication.offer(payload, 0, payload.capacity());
            if (result >= 0)
            {
                sent++;
                work++;
            }
            else if (PayloadPublication.BACK_PRESSURED == result)
            {
                backPressured++;
            }
            else if (PayloadPublication.CLOSED == result || PayloadPublication.MAX_POSITION_EXCEEDED == result)
            {
                throw new AgentTerminationException("publication can no longer send: " + result);
            }
        }
        else if (allReleased.getCount() > 0 && publication.isAllAcked())
        {
            allReleased.countDown();
        }

        return work;
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "freight-sender";
    }

    /**
     * Wait until every payload has been sent and released by the receiver.
     *
     * @param timeout how long to wait.
     * @param unit    of the timeout.
     * @return true if done in time.
     * @throws InterruptedException if interrupted while waiting.
     */
    public boolean awaitAllReleased(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        return allReleased.await(timeout, unit);
    }

    /**
     * Payloads accepted so far; read it after {@link #awaitAllReleased} returned true.
     *
     * @return count.
     */
    public long sent()
    {
        return sent;
    }

    /**
     * Offers refused for back-pressure (the receiver still held the space); read it after {@link #awaitAllReleased}.
     *
     * @return count.
     */
    public long backPressured()
    {
        return backPressured;
    }
}
