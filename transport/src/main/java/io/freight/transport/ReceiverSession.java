/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.StoreReader;
import org.agrona.collections.Int2IntCounterMap;
import org.agrona.collections.LongArrayList;

/**
 * What a receiver knows about one sender (one data session): its store, whether this receiver is attached to it,
 * and the ack state: the cumulative sequence released and the stored payloads released out of order since the last
 * ack. Not thread-safe: the subscription's polling thread owns it.
 */
final class ReceiverSession
{
    final int sessionId;
    StoreReader reader;
    boolean isAttached;
    boolean isGone;
    boolean isOwnerDead;
    long lastImagePosition;
    boolean hasDelivered;
    long lastDelivered = -1;
    long cumulativeAcked = Long.MIN_VALUE;
    final LongArrayList retained = new LongArrayList();
    final LongArrayList releasedOutOfOrder = new LongArrayList();
    final Int2IntCounterMap retainedBySegment = new Int2IntCounterMap(0);

    ReceiverSession(final int sessionId)
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
        if (!retained.isEmpty() && isStored)
        {
            releasedOutOfOrder.addLong(sequence);
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
        if (index > 0 && isStored)
        {
            releasedOutOfOrder.addLong(sequence);
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

    boolean isAckDue()
    {
        return isAttached && !isGone && hasDelivered &&
            (cumulative() > cumulativeAcked || !releasedOutOfOrder.isEmpty());
    }

    boolean canClose()
    {
        return isGone && retained.isEmpty();
    }
}
