/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.support;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Receives the plain Aeron IPC contender: a subscription polled through a {@link FragmentAssembler} (which gathers a
 * fragmented message into its own buffer), each message then copied out to the child's own buffer.
 */
final class AeronSink implements Sink
{
    private static final int FRAGMENT_LIMIT = 256;

    private final Subscription subscription;
    private final UnsafeBuffer destination;
    private final IdleStrategy idleStrategy;
    private final FragmentAssembler assembler = new FragmentAssembler(this::onMessage);
    private long length;
    private long count;
    private long received;
    private long mismatches;
    private long endNs;

    AeronSink(final Subscription subscription, final HotBuffer destination, final IdleStrategy idleStrategy)
    {
        this.subscription = subscription;
        this.destination = destination.buffer();
        this.idleStrategy = idleStrategy;
    }

    /**
     * Wait until a publication is connected.
     *
     * @param timeoutNs how long to wait.
     * @return true once connected.
     */
    boolean awaitConnected(final long timeoutNs)
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        while (!subscription.isConnected())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                return false;
            }
            idleStrategy.idle();
        }

        return true;
    }

    /**
     * {@inheritDoc}
     */
    public long receive(final boolean isZeroCopy, final long length, final long count)
    {
        this.length = length;
        this.count = count;
        received = 0;
        mismatches = 0;

        idleStrategy.reset();
        while (received < count)
        {
            idleStrategy.idle(subscription.poll(assembler, FRAGMENT_LIMIT));
        }

        return endNs;
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        return 0;
    }

    /**
     * {@inheritDoc}
     */
    public long mismatches()
    {
        return mismatches;
    }

    /**
     * Close the subscription.
     */
    public void close()
    {
        subscription.close();
    }

    private void onMessage(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        buffer.getBytes(offset, destination, 0, length);
        if (length != this.length || (length >= Long.BYTES && destination.getLong(0) != received))
        {
            mismatches++;
        }
        if (++received == count)
        {
            endNs = System.nanoTime();
        }
    }
}
