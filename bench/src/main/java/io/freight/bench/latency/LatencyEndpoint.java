/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.latency;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.freight.transport.Freight;
import io.freight.transport.Payload;
import io.freight.transport.PayloadClaim;
import io.freight.transport.PayloadHandler;
import io.freight.transport.PayloadPublication;
import io.freight.transport.PayloadSubscription;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * One side of a ping-pong: a Freight payload publication and subscription, and a plain Aeron publication and
 * subscription, with a send and a busy-spinning wait for each way of sending. Both processes of
 * {@link LatencyBench} hold one, with the streams crossed. Every message carries a stamp (a little-endian long at
 * its start and, zero-copy, at its end) that the other side checks; zero-copy payloads may carry fewer
 * ({@link #STAMPS_PROP_NAME}), to tell what the payload's own lines cost from what the descriptor's path does.
 * <p>
 * Allocates nothing per message. Not thread-safe.
 */
final class LatencyEndpoint implements AutoCloseable
{
    /**
     * Ways a message goes out.
     */
    enum Way
    {
        /**
         * Plain Aeron IPC: offer, poll.
         */
        AERON,

        /**
         * Freight copy mode: offer from a buffer (inline at small sizes).
         */
        FREIGHT_COPY,

        /**
         * Freight zero-copy: claim, stamp in place, commit; read the stamps in place.
         */
        FREIGHT_CLAIM
    }

    /**
     * Property: how many words of a zero-copy payload each side writes and reads, {@code 2} (the first and the last,
     * the default), {@code 1} (the first) or {@code 0} (none: the round trip of the descriptor, its region header and
     * the ack alone; the echo then carries no stamp to check, {@link #NO_STAMP}).
     */
    static final String STAMPS_PROP_NAME = "latency.stamps";

    /**
     * What {@link #receive(Way)} returns for a zero-copy payload when no word is stamped.
     */
    static final long NO_STAMP = -1;

    private final int stamps;
    private final PayloadPublication payloadPublication;
    private final PayloadSubscription payloadSubscription;
    private final ExclusivePublication publication;
    private final Subscription subscription;
    private final PayloadClaim claim = new PayloadClaim();
    private final UnsafeBuffer source = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private final PayloadHandler payloadHandler = this::onPayload;
    private final FragmentHandler fragmentHandler = this::onFragment;
    private boolean hasArrived;
    private long arrivedStamp;
    private boolean isIntact;

    LatencyEndpoint(
        final Freight freight,
        final int stamps,
        final int payloadStreamOut,
        final int payloadStreamIn,
        final int aeronStreamOut,
        final int aeronStreamIn)
    {
        this.stamps = checkStamps(stamps);
        PayloadPublication payloadPublication = null;
        PayloadSubscription payloadSubscription = null;
        ExclusivePublication publication = null;
        try
        {
            payloadPublication = freight.addPublication(payloadStreamOut);
            payloadSubscription = freight.addSubscription(payloadStreamIn);
            publication = freight.aeron().addExclusivePublication("aeron:ipc?term-length=8m", aeronStreamOut);
            subscription = freight.aeron().addSubscription("aeron:ipc", aeronStreamIn);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(publication, payloadSubscription, payloadPublication);
            throw ex;
        }

        this.payloadPublication = payloadPublication;
        this.payloadSubscription = payloadSubscription;
        this.publication = publication;
    }

    /**
     * Run the duty cycles (attach, acks) until both directions of both transports are connected.
     *
     * @param timeoutNs how long to try.
     * @return true once connected.
     */
    boolean awaitConnected(final long timeoutNs)
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        while (!payloadPublication.isConnected() || !payloadSubscription.isConnected() ||
            !publication.isConnected() || !subscription.isConnected())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                return false;
            }
            doWork();
            Thread.onSpinWait();
        }

        return true;
    }

    /**
     * Run the duty cycles once: attach, acks. Nothing is expected to arrive.
     */
    void doWork()
    {
        payloadPublication.doWork();
        payloadSubscription.poll(payloadHandler, 1);
    }

    /**
     * Send one message, spinning while back-pressured.
     *
     * @param way    to send it.
     * @param length of the message.
     * @param value  stamp to write.
     */
    void send(final Way way, final long length, final long value)
    {
        switch (way)
        {
            case AERON:
            {
                source.putLong(0, value);
                long result;
                while ((result = publication.offer(source, 0, (int)length)) < 0)
                {
                    check(isRetryable(result), result);
                }
                break;
            }

            case FREIGHT_COPY:
            {
                source.putLong(0, value);
                long result;
                while ((result = payloadPublication.offer(source, 0, (int)length)) < 0)
                {
                    check(isRetryable(result), result);
                }
                break;
            }

            case FREIGHT_CLAIM:
            {
                long result;
                while ((result = payloadPublication.tryClaim(length, claim)) < 0)
                {
                    check(isRetryable(result), result);
                }
                final MutableDirectBuffer buffer = claim.buffer();
                if (stamps > 0)
                {
                    buffer.putLong(0, value);
                }
                if (stamps > 1)
                {
                    buffer.putLong((int)(length - Long.BYTES), value);
                }
                final long committed = claim.commit();
                check(committed >= 0, committed);
                break;
            }

            default:
                throw new IllegalArgumentException("unknown way: " + way);
        }
    }

    /**
     * Spin until one message arrives.
     *
     * @param way it comes.
     * @return its stamp.
     * @throws IllegalStateException if its two stamps differ.
     */
    long receive(final Way way)
    {
        hasArrived = false;
        if (Way.AERON == way)
        {
            while (!hasArrived)
            {
                subscription.poll(fragmentHandler, 1);
            }
        }
        else
        {
            while (!hasArrived)
            {
                payloadSubscription.poll(payloadHandler, 1);
            }
        }

        if (!isIntact)
        {
            throw new IllegalStateException("stamps of message " + arrivedStamp + " differ");
        }

        return arrivedStamp;
    }

    /**
     * Close every stream; the payload publication deletes its store.
     */
    public void close()
    {
        CloseHelper.quietCloseAll(subscription, publication, payloadSubscription, payloadPublication);
    }

    private void onPayload(final Payload payload)
    {
        final long length = payload.length();
        final DirectBuffer buffer = payload.buffer();
        if (payload.isInline())
        {
            arrivedStamp = buffer.getLong(0);
            isIntact = true;
        }
        else
        {
            arrivedStamp = stamps > 0 ? buffer.getLong(0) : NO_STAMP;
            isIntact = stamps < 2 || buffer.getLong((int)(length - Long.BYTES)) == arrivedStamp;
        }
        hasArrived = true;
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        arrivedStamp = buffer.getLong(offset);
        isIntact = true;
        hasArrived = true;
    }

    /**
     * Does a message sent this way carry a stamp, which its echo must carry back?
     *
     * @param way of sending.
     * @return false only for zero-copy with no word stamped.
     */
    boolean isStamped(final Way way)
    {
        return Way.FREIGHT_CLAIM != way || stamps > 0;
    }

    /**
     * Check a {@link #STAMPS_PROP_NAME} value.
     *
     * @param stamps 0, 1 or 2.
     * @return it.
     * @throws IllegalArgumentException if it is none of them.
     */
    static int checkStamps(final int stamps)
    {
        if (stamps < 0 || stamps > 2)
        {
            throw new IllegalArgumentException(STAMPS_PROP_NAME + " must be 0, 1 or 2: " + stamps);
        }
        return stamps;
    }

    private static boolean isRetryable(final long result)
    {
        // PayloadPublication's codes are Publication's.
        return Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result;
    }

    private void check(final boolean condition, final long result)
    {
        if (!condition)
        {
            throw new IllegalStateException("send failed: " + result);
        }
    }
}
