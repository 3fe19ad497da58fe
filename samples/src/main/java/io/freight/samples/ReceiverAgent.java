/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.samples;

import io.freight.transport.Payload;
import io.freight.transport.PayloadHandler;
import io.freight.transport.PayloadSubscription;
import org.agrona.concurrent.Agent;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A duty cycle that receives payloads: each {@link #doWork()} polls the subscription, which hands payloads to
 * {@link #onPayload(Payload)} in place and acks them when it returns. Checks that each has the expected length and
 * starts with the next number.
 */
public final class ReceiverAgent implements Agent, PayloadHandler
{
    private static final int FRAGMENT_LIMIT = 10;

    private final PayloadSubscription subscription;
    private final int length;
    private final long count;
    private final CountDownLatch allReceived = new CountDownLatch(1);
    private long received;
    private long inOrder;

    /**
     * Receive payloads of one length.
     *
     * @param subscription to poll; used only by this agent's thread once it runs.
     * @param length       expected of each payload.
     * @param count        of payloads expected.
     */
    public ReceiverAgent(final PayloadSubscription subscription, final int length, final long count)
    {
        this.subscription = subscription;
        this.length = length;
        this.count = count;
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        return subscription.poll(this, FRAGMENT_LIMIT);
    }

    /**
     * {@inheritDoc}
     */
    public void onPayload(final Payload payload)
    {
        if (length == payload.length() && received == payload.buffer().getLong(0))
        {
            inOrder++;
        }

        if (++received == count)
        {
            allReceived.countDown();
        }
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "freight-receiver";
    }

    /**
     * Wait until every expected payload has arrived.
     *
     * @param timeout how long to wait.
     * @param unit    of the timeout.
     * @return true if all arrived in time.
     * @throws InterruptedException if interrupted while waiting.
     */
    public boolean awaitAllReceived(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        return allReceived.await(timeout, unit);
    }

    /**
     * Payloads received; read it after {@link #awaitAllReceived} returned true.
     *
     * @return count.
     */
    public long received()
    {
        return received;
    }

    /**
     * Payloads that had the expected length and number; read it after {@link #awaitAllReceived} returned true.
     *
     * @return count.
     */
    public long inOrder()
    {
        return inOrder;
    }
}
