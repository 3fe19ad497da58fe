/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.support;

import io.freight.transport.Payload;
import io.freight.transport.PayloadHandler;
import io.freight.transport.PayloadSubscription;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Receives the Freight contenders: polls a payload subscription; in copy mode copies each payload out to the child's
 * own buffer, in zero-copy mode reads the two stamps in place.
 */
final class FreightSink implements Sink, PayloadHandler
{
    private static final int FRAGMENT_LIMIT = 64;

    private final PayloadSubscription subscription;
    private final HotBuffer destination;
    private final IdleStrategy idleStrategy;
    private final UnsafeBuffer stamp = new UnsafeBuffer(new byte[Long.BYTES]);
    private boolean isZeroCopy;
    private long length;
    private long count;
    private long received;
    private long mismatches;
    private long strays;
    private long endNs;
    private boolean isReceiving;

    FreightSink(final PayloadSubscription subscription, final HotBuffer destination, final IdleStrategy idleStrategy)
    {
        this.subscription = subscription;
        this.destination = destination;
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
        while (!subscription.isConnected())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                return false;
            }
            idleStrategy.idle(subscription.poll(this, FRAGMENT_LIMIT));
        }

        return true;
    }

    /**
     * {@inheritDoc}
     */
    public long receive(final boolean isZeroCopy, final long length, final long count)
    {
        this.isZeroCopy = isZeroCopy;
        this.length = length;
        this.count = count;
        received = 0;
        mismatches = 0;
        isReceiving = true;

        idleStrategy.reset();
        while (received < count)
        {
            idleStrategy.idle(subscription.poll(this, FRAGMENT_LIMIT));
        }
        isReceiving = false;

        return endNs;
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
    public long mismatches()
    {
        return mismatches + strays;
    }

    /**
     * {@inheritDoc}
     */
    public void onPayload(final Payload payload)
    {
        if (!isReceiving)
        {
            strays++;
            return;
        }

        final long length = payload.length();
        final long index = received;
        boolean isIntact = length == this.length;
        if (isZeroCopy)
        {
            if (length >= 2 * Long.BYTES)
            {
                isIntact &= word(payload, 0) == index && word(payload, length - Long.BYTES) == index;
            }
        }
        else
        {
            if (length <= HotBuffer.CHUNK_LENGTH)
            {
                payload.getBytes(0, destination.buffer(), 0, (int)length);
            }
            else
            {
                destination.copyFrom(payload, length);
            }
            if (length >= Long.BYTES)
            {
                isIntact &= destination.buffer().getLong(0) == index;
            }
        }

        if (!isIntact)
        {
            mismatches++;
        }
        if (++received == count)
        {
            endNs = System.nanoTime();
        }
    }

    /**
     * Close the subscription.
     */
    public void close()
    {
        subscription.close();
    }

    private long word(final Payload payload, final long index)
    {
        if (payload.isContiguous())
        {
            final DirectBuffer buffer = payload.buffer();
            return buffer.getLong((int)index);
        }

        payload.getBytes(index, stamp, 0, Long.BYTES);
        return stamp.getLong(0);
    }
}
