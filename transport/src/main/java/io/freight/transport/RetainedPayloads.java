/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * The payloads a receiver's handlers kept past their return ({@link Payload#retain()}), and the queue their releases
 * come back through.
 * <p>
 * Layout: a pool of at most {@code maxRetained} {@link Payload} objects, created on first need and reused for as long
 * as the receiver lives (a retained inline payload keeps its copy buffer, so steady state allocates nothing), and a
 * bounded many-to-one queue of the same capacity. Retaining scans the pool for an idle payload: O(pool size), which is
 * small by design ({@link Freight.Context#maxRetained()}).
 * <p>
 * Thread safety: {@link #release(Payload)} may be called from any thread, any number at once; it only enqueues, and
 * never waits for long, since the queue holds as many payloads as can be retained. Everything else
 * ({@link #retain(Payload)}, {@link #pollReleased()}, {@link #recycle(Payload)}, {@link #retainedCount()}) belongs to
 * the polling thread, which applies releases in the order the queue took them. A payload's own state, which
 * {@link Payload#release()} moves with a compare-and-set, makes a second release of it fail before it gets here.
 */
final class RetainedPayloads
{
    private final PayloadSubscription owner;
    private final int inlineCapacity;
    private final Payload[] pool;
    private final ManyToOneConcurrentArrayQueue<Payload> releasedQueue;
    private int poolSize;
    private int retainedCount;

    /**
     * @param owner          the subscription that the pool's payloads belong to.
     * @param maxRetained    most payloads retained at once.
     * @param inlineCapacity longest inline payload, the size of a retained inline payload's copy.
     */
    RetainedPayloads(final PayloadSubscription owner, final int maxRetained, final int inlineCapacity)
    {
        this.owner = owner;
        this.inlineCapacity = inlineCapacity;
        this.pool = new Payload[maxRetained];
        this.releasedQueue = new ManyToOneConcurrentArrayQueue<>(Math.max(maxRetained, 1));
    }

    /**
     * Payloads retained and not yet recycled. Polling thread.
     *
     * @return count.
     */
    int retainedCount()
    {
        return retainedCount;
    }

    /**
     * Take a payload from the pool and make it a copy of the handler's: it is {@link Payload#RETAINED}, and the
     * handler's one is {@link Payload#HANDED_ON}. Stored payloads are not copied, only their view; inline ones are.
     * Polling thread.
     *
     * @param source the payload a handler is given, while the handler runs.
     * @return the retained payload.
     * @throws IllegalStateException if {@code maxRetained} payloads are retained already.
     */
    Payload retain(final Payload source)
    {
        if (retainedCount == pool.length)
        {
            throw new IllegalStateException("already " + pool.length + " payloads retained: release some, or raise " +
                Freight.Context.MAX_RETAINED_PROP_NAME);
        }

        Payload retained = null;
        for (int i = 0; i < poolSize; i++)
        {
            if (Payload.IDLE == pool[i].state())
            {
                retained = pool[i];
                break;
            }
        }
        if (null == retained)
        {
            retained = new Payload(owner);
            pool[poolSize++] = retained;
        }

        retained.copyFrom(source, inlineCapacity);
        retained.state(Payload.RETAINED);
        source.state(Payload.HANDED_ON);
        retainedCount++;

        return retained;
    }

    /**
     * Queue a retained payload's release for the polling thread. Any thread.
     *
     * @param retained released, no longer {@link Payload#RETAINED}.
     */
    void release(final Payload retained)
    {
        while (!releasedQueue.offer(retained))
        {
            Thread.onSpinWait();
        }
    }

    /**
     * The next released payload, in the order the releases were queued. Polling thread.
     *
     * @return the payload, still wrapped, or null if none is waiting; {@link #recycle(Payload)} it when done.
     */
    Payload pollReleased()
    {
        return releasedQueue.poll();
    }

    /**
     * Return a released payload to the pool. Polling thread.
     *
     * @param released from {@link #pollReleased()}.
     */
    void recycle(final Payload released)
    {
        released.reset();
        retainedCount--;
    }
}
