/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.StoreReader;
import org.agrona.collections.Int2IntCounterMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;

/**
 * What a receiver knows about one sender (one data session): its store, whether this receiver is attached to it,
 * and the ack state: the cumulative sequence released and the stored payloads released out of order since the last
 * ack. Not thread-safe: the subscription's polling thread owns it.
 */
final class SenderImage
{
    /**
     * Inline payloads acked together while the stream keeps the receiver busy.
     */
    static final int INLINE_ACK_BATCH = 256;

    /**
     * How long a caught-up receiver may hold an ack for inline payloads alone.
     */
    static final long INLINE_ACK_DELAY_NS = 20_000;

    final int sessionId;
    StoreReader reader;
    boolean isAttached;
    boolean isGone;
    boolean isOwnerDead;
    long lastImagePosition;
    boolean hasDelivered;
    long lastDelivered = -1;
    long cumulativeAcked = Long.MIN_VALUE;
    boolean hasStoredRelease;
    long lastAckNs;
    final LongArrayList retained = new LongArrayList();
    final LongArrayList releasedOutOfOrder = new LongArrayList();
    final Int2IntCounterMap retainedBySegment = new Int2IntCounterMap(0);
    /**
     * Oversize segments mapped, with when each was last announced or released: kept mapped for reuse until idle.
     */
    final Long2LongHashMap oversizeLastUsedNs = new Long2LongHashMap(Long.MIN_VALUE);

    SenderImage(final int sessionId)
    {
        this.sessionId = sessionId;
    }

    /**
     * A payload arrives. The first after the attach sets the baseline; each later one must follow its predecessor,
     * or it is not taken (a stream never skips a sequence, so a message that does is corrupt or forged, and acking
     * it would release payloads this receiver never saw).
     *
     * @param sequence of the payload.
     * @return true if it is the next one and is taken; false if it is out of sequence and must be dropped.
     */
    boolean onDelivered(final long sequence)
    {
        if (hasDelivered && sequence != lastDelivered + 1)
        {
            return false;
        }

        hasDelivered = true;
        lastDelivered = sequence;
        return true;
    }

    /**
     * The payload just delivered is released as the handler returns (or was rejected).
     *
     * @param sequence of the payload.
     * @param isStored true if it holds a region of the sender's store.
     */
    void onReleasedInOrder(final long sequence, final boolean isStored)
    {
        if (isStored)
        {
            hasStoredRelease = true;
            if (!retained.isEmpty())
            {
                releasedOutOfOrder.addLong(sequence);
            }
        }
    }

    void onRetained(final long sequence)
    {
        retained.addLong(sequence);
    }

    /**
     * A retained payload is released.
     *
     * @param sequence of the payload.
     * @param isStored true if it holds a region of the sender's store.
     */
    void onRetainedReleased(final long sequence, final boolean isStored)
    {
        final int index = retained.indexOf(sequence);
        if (index < 0)
        {
            return;
        }

        retained.removeAt(index);
        if (isStored)
        {
            hasStoredRelease = true;
            if (index > 0)
            {
                releasedOutOfOrder.addLong(sequence);
            }
        }
    }

    /**
     * Highest sequence such that every payload up to it was released.
     *
     * @return the cumulative sequence; meaningful once something was delivered since attaching.
     */
    long cumulative()
    {
        return retained.isEmpty() ? lastDelivered : retained.getLong(0) - 1;
    }

    /**
     * Is an ack owed to the sender now? Released regions are acked at once, so the sender can reuse them. Progress
     * over inline payloads alone (they hold nothing at the sender, acks only advance its accounting) is acked when a
     * batch of them is pending, or once this receiver has caught up with the stream and the last ack is older than
     * a short delay: a stream of small payloads then costs the sender one ack per batch instead of one per poll.
     *
     * @param isEager   ack any progress now.
     * @param isCaughtUp the poll found no more than it read.
     * @param nowNs     {@link System#nanoTime()} of the poll.
     * @return true if an ack should be sent.
     */
    boolean isAckDue(final boolean isEager, final boolean isCaughtUp, final long nowNs)
    {
        if (!isAttached || isGone || !hasDelivered)
        {
            return false;
        }

        if (!releasedOutOfOrder.isEmpty())
        {
            return true;
        }

        final long cumulative = cumulative();
        if (cumulative <= cumulativeAcked)
        {
            return false;
        }

        return isEager || hasStoredRelease || Long.MIN_VALUE == cumulativeAcked ||
            cumulative - cumulativeAcked >= INLINE_ACK_BATCH ||
            (isCaughtUp && nowNs - lastAckNs >= INLINE_ACK_DELAY_NS);
    }

    boolean canClose()
    {
        return isGone && retained.isEmpty();
    }
}
