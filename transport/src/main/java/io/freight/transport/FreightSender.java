/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.DirectBufferVector;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The sending side, queue face: the ease of py-sharedmemory's {@code SharedMemorySender} with
 * java.util.concurrent's meanings. {@code put} blocks until the payload is accepted; {@code offer} returns false at
 * once, or after its timeout, if it is not; {@link #awaitAllAcked(long, TimeUnit)} waits until every receiver has
 * released everything. Waiting means running the publication's duty cycle with an {@link IdleStrategy}; an interrupt
 * ends any wait with {@link InterruptedException}.
 * <p>
 * A payload is accepted when at least one receiver is attached and there is room in the store and on the data
 * stream; until then {@code put} waits (no receiver yet, or a slow one) and {@code offer} says false. A payload that
 * can never be sent (longer than the store's maximum) or a closed sender throws; one failing call leaves the sender
 * usable.
 * <p>
 * Timeouts keep java.util.concurrent's meaning: zero or less is no wait, one attempt whose result is the state now;
 * {@link Long#MAX_VALUE} nanoseconds or more is no limit. A timed offer while no receiver is attached waits its whole
 * timeout (a receiver may attach meanwhile), as a timed {@code awaitConnected} does. Every call on a closed sender
 * throws {@link IllegalStateException} at once.
 * <p>
 * Not thread-safe: one thread sends, like an {@link io.aeron.ExclusivePublication}.
 */
public final class FreightSender implements AutoCloseable
{
    private static final int DIRECT_BUFFER = 0;
    private static final int BYTE_BUFFER = 1;
    private static final int VECTORS = 2;

    private final PayloadPublication publication;
    private final String aeronDirectoryName;
    private final IdleStrategy idleStrategy;
    private final UnsafeBuffer arrayWrapper = new UnsafeBuffer(0, 0);

    private int kind;
    private DirectBuffer buffer;
    private int offset;
    private int length;
    private ByteBuffer byteBuffer;
    private DirectBufferVector[] vectors;
    private long abandonedReported;

    FreightSender(final PayloadPublication publication, final IdleStrategy idleStrategy, final String aeronDirectoryName)
    {
        this.publication = publication;
        this.aeronDirectoryName = aeronDirectoryName;
        this.idleStrategy = idleStrategy;
    }

    /**
     * The publication underneath, for the Aeron face (claims, result codes, counters).
     *
     * @return the publication.
     */
    public PayloadPublication publication()
    {
        return publication;
    }

    /**
     * Send an array, waiting as long as it takes.
     *
     * @param bytes the payload.
     * @throws InterruptedException if interrupted while waiting; the payload was not sent.
     */
    public void put(final byte[] bytes) throws InterruptedException
    {
        bind(bytes);
        send(Long.MAX_VALUE);
    }

    /**
     * Send part of a buffer, waiting as long as it takes.
     *
     * @param buffer holding the payload.
     * @param offset of the payload.
     * @param length of the payload.
     * @throws InterruptedException if interrupted while waiting; the payload was not sent.
     */
    public void put(final DirectBuffer buffer, final int offset, final int length) throws InterruptedException
    {
        bind(buffer, offset, length);
        send(Long.MAX_VALUE);
    }

    /**
     * Send the bytes between a {@link ByteBuffer}'s position and limit, waiting as long as it takes.
     *
     * @param buffer the payload; position and limit are not changed.
     * @throws InterruptedException if interrupted while waiting; the payload was not sent.
     */
    public void put(final ByteBuffer buffer) throws InterruptedException
    {
        bind(buffer);
        send(Long.MAX_VALUE);
    }

    /**
     * Send several buffers as one payload, waiting as long as it takes.
     *
     * @param vectors the parts, in order.
     * @throws InterruptedException if interrupted while waiting; the payload was not sent.
     */
    public void put(final DirectBufferVector[] vectors) throws InterruptedException
    {
        bind(vectors);
        send(Long.MAX_VALUE);
    }

    /**
     * Send an array if it can be accepted now.
     *
     * @param bytes the payload.
     * @return true if sent, false if no receiver is attached or there is no room now.
     */
    public boolean offer(final byte[] bytes)
    {
        bind(bytes);
        return attempt();
    }

    /**
     * Send part of a buffer if it can be accepted now.
     *
     * @param buffer holding the payload.
     * @param offset of the payload.
     * @param length of the payload.
     * @return true if sent, false if no receiver is attached or there is no room now.
     */
    public boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        bind(buffer, offset, length);
        return attempt();
    }

    /**
     * Send a {@link ByteBuffer}'s remaining bytes if they can be accepted now.
     *
     * @param buffer the payload.
     * @return true if sent, false if no receiver is attached or there is no room now.
     */
    public boolean offer(final ByteBuffer buffer)
    {
        bind(buffer);
        return attempt();
    }

    /**
     * Send several buffers as one payload if it can be accepted now.
     *
     * @param vectors the parts, in order.
     * @return true if sent, false if no receiver is attached or there is no room now.
     */
    public boolean offer(final DirectBufferVector[] vectors)
    {
        bind(vectors);
        return attempt();
    }

    /**
     * Send an array, waiting at most the timeout.
     *
     * @param bytes   the payload.
     * @param timeout how long to wait.
     * @param unit    of the timeout.
     * @return true if sent, false if the timeout passed first.
     * @throws InterruptedException if interrupted while waiting; the payload was not sent.
     */
    public boolean offer(final byte[] bytes, final long timeout, final TimeUnit unit) throws InterruptedException
    {
        bind(bytes);
        return send(unit.toNanos(timeout));
    }

    /**
     * Send part of a buffer, waiting at most the timeout.
     *
     * @param buffer  holding the payload.
     * @param offset  of the payload.
     * @param length  of the payload.
     * @param timeout how long to wait.
     * @param unit    of the timeout.
     * @return true if sent, false if the timeout passed first.
     * @throws InterruptedException if interrupted while waiting; the payload was not sent.
     */
    public boolean offer(
        final DirectBuffer buffer, final int offset, final int length, final long timeout, final TimeUnit unit)
        throws InterruptedException
    {
        bind(buffer, offset, length);
        return send(unit.toNanos(timeout));
    }

    /**
     * Send a {@link ByteBuffer}'s remaining bytes, waiting at most the timeout.
     *
     * @param buffer  the payload.
     * @param timeout how long to wait.
     * @param unit    of the timeout.
     * @return true if sent, false if the timeout passed first.
     * @throws InterruptedException if interrupted while waiting; the payload was not sent.
     */
    public boolean offer(final ByteBuffer buffer, final long timeout, final TimeUnit unit) throws InterruptedException
    {
        bind(buffer);
        return send(unit.toNanos(timeout));
    }

    /**
     * Send several buffers as one payload, waiting at most the timeout.
     *
     * @param vectors the parts, in order.
     * @param timeout how long to wait.
     * @param unit    of the timeout.
     * @return true if sent, false if the timeout passed first.
     * @throws InterruptedException if interrupted while waiting; the payload was not sent.
     */
    public boolean offer(final DirectBufferVector[] vectors, final long timeout, final TimeUnit unit)
        throws InterruptedException
    {
        bind(vectors);
        return send(unit.toNanos(timeout));
    }

    /**
     * Wait until at least one receiver is attached, so that a payload would be accepted, running the duty cycle
     * meanwhile.
     *
     * @param timeout how long to wait.
     * @param unit    of the timeout.
     * @return true if a receiver is attached, false if the timeout passed first.
     * @throws InterruptedException  if interrupted while waiting.
     * @throws IllegalStateException at once if this sender is closed.
     */
    public boolean awaitConnected(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        checkOpen();
        final long deadlineNs = System.nanoTime() + unit.toNanos(timeout);
        idleStrategy.reset();
        while (true)
        {
            final int work = publication.doWork();
            checkOpen();
            if (publication.isConnected())
            {
                return true;
            }
            if (System.nanoTime() - deadlineNs >= 0)
            {
                return false;
            }
            checkInterrupt();
            idleStrategy.idle(work);
        }
    }

    /**
     * Wait until every payload sent so far has been released by every receiver that was attached when it was sent,
     * running the duty cycle meanwhile. Receivers that leave (close or die) are not waited for, but they make it
     * false: if a receiver left holding payloads since the last call, this returns false at once, and
     * {@link PayloadPublication#payloadsAbandoned()} says how many it left unacked.
     *
     * @param timeout how long to wait.
     * @param unit    of the timeout.
     * @return true if all were acked, false if the timeout passed first or a receiver left without acking some.
     * @throws InterruptedException  if interrupted while waiting.
     * @throws IllegalStateException at once if this sender is closed: what it had in flight is gone with its store.
     */
    public boolean awaitAllAcked(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        checkOpen();
        final long deadlineNs = System.nanoTime() + unit.toNanos(timeout);
        idleStrategy.reset();
        while (true)
        {
            final int work = publication.doWork();
            checkOpen();
            final long abandoned = publication.payloadsAbandoned();
            if (abandoned != abandonedReported)
            {
                abandonedReported = abandoned;
                return false;
            }
            if (publication.isAllAcked())
            {
                return true;
            }
            if (System.nanoTime() - deadlineNs >= 0)
            {
                return false;
            }
            checkInterrupt();
            idleStrategy.idle(work);
        }
    }

    /**
     * Close the publication and delete its store. Receivers keep what they hold until they release it.
     */
    public void close()
    {
        publication.close();
    }

    private void bind(final byte[] bytes)
    {
        arrayWrapper.wrap(bytes);
        bind(arrayWrapper, 0, bytes.length);
    }

    private void bind(final DirectBuffer buffer, final int offset, final int length)
    {
        this.kind = DIRECT_BUFFER;
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
    }

    private void bind(final ByteBuffer byteBuffer)
    {
        this.kind = BYTE_BUFFER;
        this.byteBuffer = byteBuffer;
    }

    private void bind(final DirectBufferVector[] vectors)
    {
        this.kind = VECTORS;
        this.vectors = vectors;
    }

    private boolean send(final long timeoutNs) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        idleStrategy.reset();
        try
        {
            while (true)
            {
                final long result = offerBound();
                if (result >= 0)
                {
                    return true;
                }
                checkResult(result);
                if (Long.MAX_VALUE != timeoutNs && System.nanoTime() - deadlineNs >= 0)
                {
                    return false;
                }
                checkInterrupt();
                publication.doWork(); // acks and liveness while refused: offers alone run them only now and then
                idleStrategy.idle();
            }
        }
        finally
        {
            unbind();
        }
    }

    private boolean attempt()
    {
        try
        {
            final long result = offerBound();
            if (result >= 0)
            {
                return true;
            }
            checkResult(result);
            return false;
        }
        finally
        {
            unbind();
        }
    }

    private long offerBound()
    {
        switch (kind)
        {
            case DIRECT_BUFFER:
                return publication.offer(buffer, offset, length);

            case BYTE_BUFFER:
                return publication.offer(byteBuffer);

            default:
                return publication.offer(vectors);
        }
    }

    private void unbind()
    {
        buffer = null;
        byteBuffer = null;
        vectors = null;
        arrayWrapper.wrap(0, 0);
    }

    private void checkResult(final long result)
    {
        if (PayloadPublication.CLOSED == result)
        {
            throw new IllegalStateException(publication.isClosed() ?
                "sender is closed" : clientClosedMessage("sender", aeronDirectoryName));
        }
        if (PayloadPublication.MAX_POSITION_EXCEEDED == result)
        {
            throw new IllegalStateException("the data stream reached its maximum position: create a new sender");
        }
    }

    private void checkOpen()
    {
        if (publication.isClosed())
        {
            throw new IllegalStateException("sender is closed: " + publication);
        }
        if (publication.isClosedByClient())
        {
            throw new IllegalStateException(clientClosedMessage("sender", aeronDirectoryName));
        }
    }

    /**
     * What a queue face says when the Aeron client closed its streams underneath it.
     *
     * @param face               "sender" or "receiver".
     * @param aeronDirectoryName of the media driver.
     * @return the message.
     */
    static String clientClosedMessage(final String face, final String aeronDirectoryName)
    {
        return "the Aeron client closed this " + face + "'s streams: the media driver of " + aeronDirectoryName +
            " stopped answering for aeron.driver.timeout (10 s by default; it died or was stopped), or the client " +
            "was closed. Nothing more can be sent or received here: close this Freight and start again once a driver " +
            "runs; a dead driver's directory is left as it was, and the next Freight.launch() there (or a media " +
            "driver) replaces it";
    }

    private static void checkInterrupt() throws InterruptedException
    {
        if (Thread.interrupted())
        {
            throw new InterruptedException();
        }
    }
}
