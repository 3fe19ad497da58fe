/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.support;

import io.freight.transport.FreightReceiver;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Receives the queue-face contender: {@link FreightReceiver#poll(org.agrona.MutableDirectBuffer, int)}, the copy-into
 * form py-sharedmemory's users reach for first, copying each payload into the child's own buffer with no allocation.
 * Payloads up to 1 GiB (one destination buffer).
 */
final class QueueSink implements Sink
{
    private final FreightReceiver receiver;
    private final UnsafeBuffer destination;
    private final IdleStrategy idleStrategy;
    private long mismatches;
    private long strays;

    QueueSink(final FreightReceiver receiver, final HotBuffer destination, final IdleStrategy idleStrategy)
    {
        this.receiver = receiver;
        this.destination = destination.buffer();
        this.idleStrategy = idleStrategy;
    }

    /**
     * Poll until attached to a sender.
     *
     * @param timeoutNs how long to try.
     * @return true once attached.
     */
    boolean awaitConnected(final long timeoutNs)
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        while (!receiver.subscription().isConnected())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                return false;
            }
            strays += FreightReceiver.NONE != receiver.poll(destination, 0) ? 1 : 0;
            idleStrategy.idle();
        }

        return true;
    }

    /**
     * {@inheritDoc}
     */
    public long receive(final boolean isZeroCopy, final long length, final long count)
    {
        if (isZeroCopy)
        {
            throw new IllegalArgumentException("the queue face copies: no zero-copy mode");
        }

        mismatches = 0;
        idleStrategy.reset();
        for (long index = 0; index < count; index++)
        {
            int received;
            while (FreightReceiver.NONE == (received = receiver.poll(destination, 0)))
            {
                idleStrategy.idle();
            }
            if (received != length || (received >= Long.BYTES && destination.getLong(0) != index))
            {
                mismatches++;
            }
        }

        return System.nanoTime();
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        if (FreightReceiver.NONE != receiver.poll(destination, 0))
        {
            strays++;
            return 1;
        }

        return 0;
    }

    /**
     * {@inheritDoc}
     */
    public long mismatches()
    {
        return mismatches + strays;
    }

    /**
     * Close the receiver.
     */
    public void close()
    {
        receiver.close();
    }
}
