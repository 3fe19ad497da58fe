/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import org.agrona.concurrent.IdleStrategy;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The receiving side, queue face: the ease of py-sharedmemory's {@code SharedMemoryReceiver} with
 * java.util.concurrent's meanings. {@code take} blocks until a payload arrives; {@code poll} returns null at once, or
 * after its timeout, if none has. Waiting means running the subscription's duty cycle with an {@link IdleStrategy}; an
 * interrupt ends any wait with {@link InterruptedException}.
 * <p>
 * Two ways to receive: {@link #take()} and friends copy the payload into a new array (easy, one allocation and one
 * copy); {@link #takePayload()} and friends hand over the payload in place, zero-copy, retained until the caller
 * {@link Payload#close() closes} it, which is when the sender may reuse its memory:
 * <pre>{@code
 * try (Payload payload = receiver.takePayload())
 * {
 *     process(payload.buffer(), payload.length());
 * }
 * }</pre>
 * When a sender this receiver was attached to is gone (closed its stream, or its process died) and everything it sent
 * has been delivered, the next take or poll throws a {@link SenderGoneException} once, saying so; the receiver stays
 * usable for other or new senders.
 * <p>
 * Not thread-safe: one thread receives (retained payloads may be closed from any thread).
 */
public final class FreightReceiver implements AutoCloseable
{
    private final PayloadSubscription subscription;
    private final IdleStrategy idleStrategy;
    private final PayloadHandler copyHandler = (payload) -> copied = payload.toByteArray();
    private final PayloadHandler retainHandler = (payload) -> retained = payload.retain();
    private final ArrayDeque<SenderGoneException> departures = new ArrayDeque<>();
    private byte[] copied;
    private Payload retained;

    FreightReceiver(final PayloadSubscription subscription, final IdleStrategy idleStrategy)
    {
        this.subscription = subscription;
        this.idleStrategy = idleStrategy;
        subscription.eagerAck(true);
        subscription.senderGoneHandler(
            (sessionId, crashed, lastSequence) -> departures.add(new SenderGoneException(sessionId, crashed, lastSequence)));
    }

    /**
     * The subscription underneath, for the Aeron face (handlers, counters).
     *
     * @return the subscription.
     */
    public PayloadSubscription subscription()
    {
        return subscription;
    }

    /**
     * Wait for the next payload and return a copy of it.
     *
     * @return the payload's bytes.
     * @throws InterruptedException if interrupted while waiting.
     * @throws SenderGoneException  once per departed sender, after its last payload.
     */
    public byte[] take() throws InterruptedException
    {
        await(copyHandler, Long.MAX_VALUE);
        return takeCopied();
    }

    /**
     * Return a copy of the next payload if one has arrived.
     *
     * @return the payload's bytes, or null if none is there.
     */
    public byte[] poll()
    {
        attempt(copyHandler);
        return takeCopied();
    }

    /**
     * Wait at most the timeout for the next payload and return a copy of it.
     *
     * @param timeout how long to wait.
     * @param unit    of the timeout.
     * @return the payload's bytes, or null if the timeout passed first.
     * @throws InterruptedException if interrupted while waiting.
     */
    public byte[] poll(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        await(copyHandler, unit.toNanos(timeout));
        return takeCopied();
    }

    /**
     * Wait for the next payload and hand it over in place; close it when done.
     *
     * @return the payload, retained until closed.
     * @throws InterruptedException if interrupted while waiting.
     */
    public Payload takePayload() throws InterruptedException
    {
        await(retainHandler, Long.MAX_VALUE);
        return takeRetained();
    }

    /**
     * Hand over the next payload in place if one has arrived; close it when done.
     *
     * @return the payload, retained until closed, or null if none is there.
     */
    public Payload pollPayload()
    {
        attempt(retainHandler);
        return takeRetained();
    }

    /**
     * Wait at most the timeout for the next payload and hand it over in place; close it when done.
     *
     * @param timeout how long to wait.
     * @param unit    of the timeout.
     * @return the payload, retained until closed, or null if the timeout passed first.
     * @throws InterruptedException if interrupted while waiting.
     */
    public Payload pollPayload(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        await(retainHandler, unit.toNanos(timeout));
        return takeRetained();
    }

    /**
     * Detach from every sender and close the subscription.
     */
    public void close()
    {
        subscription.close();
    }

    private boolean hasResult()
    {
        return null != copied || null != retained;
    }

    private void checkDepartures()
    {
        if (!hasResult() && !departures.isEmpty())
        {
            throw departures.poll();
        }
    }

    private int attempt(final PayloadHandler handler)
    {
        int work = 0;
        int polled;
        do
        {
            polled = subscription.poll(handler, 1);
            work += polled;
        }
        while (polled > 0 && !hasResult());
        checkDepartures();

        return work;
    }

    private void await(final PayloadHandler handler, final long timeoutNs) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        idleStrategy.reset();
        while (true)
        {
            final int work = attempt(handler);
            if (hasResult() || (Long.MAX_VALUE != timeoutNs && System.nanoTime() - deadlineNs >= 0))
            {
                return;
            }
            if (Thread.interrupted())
            {
                throw new InterruptedException();
            }
            idleStrategy.idle(work);
        }
    }

    private byte[] takeCopied()
    {
        final byte[] result = copied;
        copied = null;
        return result;
    }

    private Payload takeRetained()
    {
        final Payload result = retained;
        retained = null;
        return result;
    }
}
