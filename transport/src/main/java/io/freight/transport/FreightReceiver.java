/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The receiving side, queue face: the ease of py-sharedmemory's {@code SharedMemoryReceiver} with
 * java.util.concurrent's meanings. {@code take} blocks until a payload arrives; {@code poll} returns null at once, or
 * after its timeout, if none has. Waiting means running the subscription's duty cycle with an {@link IdleStrategy}; an
 * interrupt ends any wait with {@link InterruptedException}.
 * <p>
 * Three ways to receive, fastest first:
 * <ul>
 *     <li>{@link #takePayload()} and friends hand over the payload in place, zero-copy, retained until the caller
 *     {@link Payload#close() closes} it, which is when the sender may reuse its memory: the way for large payloads,
 *     and the only one past 2 GiB ({@link Payload#transferTo}).</li>
 *     <li>{@link #take(MutableDirectBuffer, int)}, {@link #take(byte[])}, {@link #take(ByteBuffer)} and their
 *     {@code poll} forms copy the payload into the caller's own buffer, once, allocating nothing: the queue face at
 *     the engine's speed. A payload longer than the buffer has room for is not lost: the call throws, and the next
 *     take or poll of any form returns that payload first.</li>
 *     <li>{@link #take()} and friends copy it into a new array: the easiest, at the price of an allocation (and the
 *     JVM zeroing it) per payload, which at 1 MiB and up costs a good part of the throughput.</li>
 * </ul>
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
 * Timeouts keep java.util.concurrent's meaning: zero or less is no wait, one attempt; {@link Long#MAX_VALUE}
 * nanoseconds or more is no limit. Every take or poll on a closed receiver throws {@link IllegalStateException} at
 * once, as does one whose {@link Freight} was closed.
 * <p>
 * Not thread-safe: one thread receives (retained payloads may be closed from any thread).
 */
public final class FreightReceiver implements AutoCloseable
{
    private final PayloadSubscription subscription;
    private final String aeronDirectoryName;
    private final IdleStrategy idleStrategy;
    private final PayloadHandler copyHandler = (payload) -> copied = payload.toByteArray();
    private final PayloadHandler retainHandler = (payload) -> retained = payload.retain();
    private final PayloadHandler intoHandler = this::copyInto;
    private final ArrayDeque<SenderGoneException> departures = new ArrayDeque<>();
    private final UnsafeBuffer wrapper = new UnsafeBuffer(0, 0);
    private byte[] copied;
    private Payload retained;
    private Payload pending;
    private MutableDirectBuffer destination;
    private int destinationOffset;
    private int copiedLength = NONE;

    /**
     * What the copy-into forms of {@code poll} return when no payload arrived.
     */
    public static final int NONE = -1;

    FreightReceiver(
        final PayloadSubscription subscription, final IdleStrategy idleStrategy, final String aeronDirectoryName)
    {
        this.subscription = subscription;
        this.aeronDirectoryName = aeronDirectoryName;
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
     * Wait for the next payload and copy it into a buffer, allocating nothing.
     *
     * @param dst    to copy into.
     * @param offset in {@code dst} of the payload's first byte.
     * @return the payload's length.
     * @throws InterruptedException     if interrupted while waiting.
     * @throws IllegalArgumentException if the payload is longer than {@code dst} has room for after {@code offset};
     *                                  the payload is kept, and the next take or poll returns it first.
     * @throws SenderGoneException      once per departed sender, after its last payload.
     */
    public int take(final MutableDirectBuffer dst, final int offset) throws InterruptedException
    {
        bindDestination(dst, offset);
        await(intoHandler, Long.MAX_VALUE);
        return takeCopiedLength();
    }

    /**
     * Copy the next payload into a buffer if one has arrived, allocating nothing.
     *
     * @param dst    to copy into.
     * @param offset in {@code dst} of the payload's first byte.
     * @return the payload's length, or {@link #NONE} if none is there.
     * @throws IllegalArgumentException if the payload does not fit; it is kept for the next take or poll.
     */
    public int poll(final MutableDirectBuffer dst, final int offset)
    {
        bindDestination(dst, offset);
        attempt(intoHandler);
        return takeCopiedLength();
    }

    /**
     * Wait at most the timeout for the next payload and copy it into a buffer, allocating nothing.
     *
     * @param dst     to copy into.
     * @param offset  in {@code dst} of the payload's first byte.
     * @param timeout how long to wait.
     * @param unit    of the timeout.
     * @return the payload's length, or {@link #NONE} if the timeout passed first.
     * @throws InterruptedException     if interrupted while waiting.
     * @throws IllegalArgumentException if the payload does not fit; it is kept for the next take or poll.
     */
    public int poll(final MutableDirectBuffer dst, final int offset, final long timeout, final TimeUnit unit)
        throws InterruptedException
    {
        bindDestination(dst, offset);
        await(intoHandler, unit.toNanos(timeout));
        return takeCopiedLength();
    }

    /**
     * Wait for the next payload and copy it into the start of an array, allocating nothing.
     *
     * @param dst to copy into.
     * @return the payload's length.
     * @throws InterruptedException     if interrupted while waiting.
     * @throws IllegalArgumentException if the payload is longer than {@code dst}; it is kept for the next take or poll.
     */
    public int take(final byte[] dst) throws InterruptedException
    {
        wrapper.wrap(dst);
        return take(wrapper, 0);
    }

    /**
     * Wait at most the timeout for the next payload and copy it into the start of an array, allocating nothing.
     *
     * @param dst     to copy into.
     * @param timeout how long to wait.
     * @param unit    of the timeout.
     * @return the payload's length, or {@link #NONE} if the timeout passed first.
     * @throws InterruptedException     if interrupted while waiting.
     * @throws IllegalArgumentException if the payload is longer than {@code dst}; it is kept for the next take or poll.
     */
    public int poll(final byte[] dst, final long timeout, final TimeUnit unit) throws InterruptedException
    {
        wrapper.wrap(dst);
        return poll(wrapper, 0, timeout, unit);
    }

    /**
     * Wait for the next payload and copy it into a {@link ByteBuffer} at its position, which then moves past it (as a
     * channel read does); the limit is not changed. Allocates nothing.
     *
     * @param dst heap or direct, with the payload's length remaining.
     * @return the payload's length.
     * @throws InterruptedException     if interrupted while waiting.
     * @throws IllegalArgumentException if the payload is longer than {@code dst.remaining()}; it is kept for the next
     *                                  take or poll.
     */
    public int take(final ByteBuffer dst) throws InterruptedException
    {
        wrapRemaining(dst);
        return advance(dst, take(wrapper, 0));
    }

    /**
     * Wait at most the timeout for the next payload and copy it into a {@link ByteBuffer} at its position, which then
     * moves past it. Allocates nothing.
     *
     * @param dst     heap or direct, with the payload's length remaining.
     * @param timeout how long to wait.
     * @param unit    of the timeout.
     * @return the payload's length, or {@link #NONE} if the timeout passed first.
     * @throws InterruptedException     if interrupted while waiting.
     * @throws IllegalArgumentException if the payload is longer than {@code dst.remaining()}; it is kept.
     */
    public int poll(final ByteBuffer dst, final long timeout, final TimeUnit unit) throws InterruptedException
    {
        wrapRemaining(dst);
        return advance(dst, poll(wrapper, 0, timeout, unit));
    }

    /**
     * Detach from every sender and close the subscription.
     */
    public void close()
    {
        if (null != pending)
        {
            pending.close();
            pending = null;
        }
        subscription.close();
    }

    private boolean hasResult()
    {
        return null != copied || null != retained || NONE != copiedLength;
    }

    private void bindDestination(final MutableDirectBuffer dst, final int offset)
    {
        if (offset < 0 || offset > dst.capacity())
        {
            throw new IndexOutOfBoundsException("offset " + offset + " is outside a buffer of " + dst.capacity() +
                " bytes");
        }
        destination = dst;
        destinationOffset = offset;
    }

    private void wrapRemaining(final ByteBuffer dst)
    {
        if (0 == dst.remaining())
        {
            wrapper.wrap(0, 0);
        }
        else
        {
            wrapper.wrap(dst, dst.position(), dst.remaining());
        }
    }

    private static int advance(final ByteBuffer dst, final int length)
    {
        if (length > 0)
        {
            dst.position(dst.position() + length);
        }

        return length;
    }

    private void copyInto(final Payload payload)
    {
        final long length = payload.length();
        final int room = destination.capacity() - destinationOffset;
        if (length > room)
        {
            if (payload != pending)
            {
                pending = payload.retain();
            }
            return;
        }

        payload.getBytes(0, destination, destinationOffset, (int)length);
        copiedLength = (int)length;
    }

    // A payload a copy-into call could not take waits here, retained, and goes to the next take or poll of any form.
    private boolean servePending(final PayloadHandler handler)
    {
        final Payload payload = pending;
        if (null == payload)
        {
            return false;
        }

        if (retainHandler == handler)
        {
            retained = payload;
            pending = null;
            return true;
        }

        if (copyHandler == handler)
        {
            copied = payload.toByteArray();
        }
        else
        {
            copyInto(payload);
            if (NONE == copiedLength)
            {
                throw tooLong(payload);
            }
        }
        pending = null;
        payload.close();
        return true;
    }

    private IllegalArgumentException tooLong(final Payload payload)
    {
        final int room = destination.capacity() - destinationOffset;
        destination = null;
        wrapper.wrap(0, 0);
        return new IllegalArgumentException("payload " + payload.sequence() + " of " + payload.length() +
            " bytes does not fit in the " + room + " bytes the destination has room for: pass a buffer of at least " +
            payload.length() + " bytes, or take it in place with takePayload() (needed past 2 GiB); it is kept, and " +
            "the next take or poll returns it first");
    }

    private int takeCopiedLength()
    {
        final int result = copiedLength;
        copiedLength = NONE;
        destination = null;
        wrapper.wrap(0, 0);
        return result;
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
        if (subscription.isClosed())
        {
            throw new IllegalStateException("receiver is closed (by close() or by its Freight's): nothing more can arrive; " +
                "open a new one with Freight.receiver(streamId)");
        }
        if (subscription.isClosedByClient())
        {
            throw new IllegalStateException(FreightSender.clientClosedMessage("receiver", aeronDirectoryName));
        }
        if (servePending(handler))
        {
            return 1;
        }

        int work = 0;
        int polled;
        do
        {
            polled = subscription.poll(handler, 1);
            work += polled;
        }
        while (polled > 0 && !hasResult() && null == pending);
        if (null != pending && intoHandler == handler)
        {
            throw tooLong(pending);
        }
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
