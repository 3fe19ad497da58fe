/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.codecs.AckDecoder;
import io.freight.codecs.SegmentKind;
import io.freight.store.PayloadStore;
import io.freight.store.ReceiverPosition;
import io.freight.store.StorePaths;

import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * What the control stream asks of a sender, applied on its thread, as Aeron's {@code DriverConductor} applies client
 * commands: acks routed to the in-flight table through the {@link ReceiverTable}; the attach handshake (the store and
 * ring announcements, then the echo, and only then the receiver registered); detaches.
 * <p>
 * An attach from a receiver already attached from the same session is answered with the echo again (it did not see
 * it); one naming a receiver attached from another session is dropped (the table counts it foreign); one that finds
 * the table full is refused, so the {@link ControlStreamAdapter} counts it invalid. When an announcement or the echo
 * is back-pressured nothing is registered: the receiver's next attach retries.
 * <p>
 * Allocation-free: every message is applied through the flyweights the adapter hands over. Not thread-safe: the
 * publication's thread polls the adapter that calls it.
 */
final class ControlMessageHandler implements ControlStreamListener
{
    private static final String RING_FILE_NAME = StorePaths.segmentFileName(PayloadStore.RING_SEGMENT_ID);

    private final int sessionId;
    private final PayloadStore store;
    private final ReceiverTable receivers;
    private final DataStreamProxy dataStreamProxy;
    private final LongSupplier lastSequence;
    private final boolean isNetwork;
    private long clockNs;

    /**
     * @param sessionId       Aeron session of the sender's data stream: acks for any other are not for this sender.
     * @param store           whose id and ring segment an attaching receiver is told of.
     * @param receivers       who is attached, and how far each has acked.
     * @param dataStreamProxy to announce the store and ring and echo attaches through.
     * @param lastSequence    sequence of the last payload accepted (-1 before the first): what an ack is bounded by,
     *                        what a new receiver starts after and what a departing one abandons beyond its ack.
     */
    ControlMessageHandler(
        final int sessionId,
        final PayloadStore store,
        final ReceiverTable receivers,
        final DataStreamProxy dataStreamProxy,
        final LongSupplier lastSequence)
    {
        this(sessionId, store, receivers, dataStreamProxy, lastSequence, false);
    }

    /**
     * @param sessionId       of the sender's data publication.
     * @param store           the sender's store, announced to receivers on one host.
     * @param receivers       who is attached.
     * @param dataStreamProxy for the attach echo and announcements.
     * @param lastSequence    the last sequence published.
     * @param isNetwork       network mode: nothing of the store is announced, and receivers are heard from.
     */
    ControlMessageHandler(
        final int sessionId,
        final PayloadStore store,
        final ReceiverTable receivers,
        final DataStreamProxy dataStreamProxy,
        final LongSupplier lastSequence,
        final boolean isNetwork)
    {
        this.isNetwork = isNetwork;
        this.sessionId = sessionId;
        this.store = store;
        this.receivers = receivers;
        this.dataStreamProxy = dataStreamProxy;
        this.lastSequence = lastSequence;
    }

    /**
     * {@inheritDoc}
     */
    public void onAck(
        final int controlSessionId,
        final long receiverId,
        final int ackSessionId,
        final long sequence,
        final AckDecoder.ReleasedDecoder released)
    {
        if (ackSessionId != sessionId)
        {
            return;
        }

        final int slot = receivers.find(receiverId, controlSessionId);
        if (slot < 0)
        {
            return;
        }

        receivers.heard(slot, clockNs);
        receivers.ack(slot, sequence, lastSequence.getAsLong());
        while (released.hasNext())
        {
            receivers.release(slot, released.next().sequence());
        }
    }

    /**
     * {@inheritDoc}
     */
    public boolean onAttach(final int controlSessionId, final long receiverId)
    {
        final int attachedSlot = receivers.find(receiverId, controlSessionId);
        if (attachedSlot >= 0)
        {
            receivers.heard(attachedSlot, clockNs);
            dataStreamProxy.publishAttachEcho(receiverId);
            return true;
        }
        if (receivers.find(receiverId) >= 0)
        {
            return true; // counted as foreign: another session claims an attached receiver's id
        }
        if (receivers.isFull())
        {
            return false;
        }

        // Register only once the echo is out: the receiver ignores payloads before the echo, so only payloads
        // after it may wait for this receiver's acks. If anything here is back-pressured the receiver's next
        // attach retries.
        if (isNetwork)
        {
            // Across hosts the receiver cannot map this store: the payload bytes come in the stream instead.
            if (dataStreamProxy.publishAttachEcho(receiverId))
            {
                receivers.attach(receiverId, controlSessionId, lastSequence.getAsLong());
            }
        }
        else
        {
            // The position file exists before the echo goes out: the receiver maps it when it sees the echo.
            final ReceiverPosition position = createPosition(receiverId);
            if (dataStreamProxy.publishStoreAnnounce(store.storeId()) &&
                dataStreamProxy.publishSegmentAnnounce(
                    PayloadStore.RING_SEGMENT_ID, SegmentKind.RING, store.ringSegment().length(), RING_FILE_NAME) &&
                dataStreamProxy.publishAttachEcho(receiverId))
            {
                receivers.attach(receiverId, controlSessionId, lastSequence.getAsLong(), position);
            }
            else if (null != position)
            {
                position.close(); // the retry's create replaces the file
            }
        }

        return true;
    }

    private ReceiverPosition createPosition(final long receiverId)
    {
        try
        {
            return ReceiverPosition.create(store.directory(), receiverId);
        }
        catch (final IOException ex)
        {
            return null; // it acks by message then, as a receiver of a sender without positions does
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onDetach(final int controlSessionId, final long receiverId)
    {
        final int slot = receivers.find(receiverId, controlSessionId);
        if (slot >= 0)
        {
            receivers.remove(slot, lastSequence.getAsLong());
        }
    }

    /**
     * {@inheritDoc}
     */
    public boolean onHeartbeat(final int controlSessionId, final long receiverId, final int ackSessionId)
    {
        if (!isNetwork)
        {
            return false;
        }
        if (ackSessionId == sessionId)
        {
            final int slot = receivers.find(receiverId, controlSessionId);
            if (slot >= 0)
            {
                receivers.heard(slot, clockNs);
            }
        }

        return true;
    }

    /**
     * The time to record when a receiver is heard from, read once per duty cycle.
     *
     * @param nowNs {@link System#nanoTime()}.
     */
    void clockNs(final long nowNs)
    {
        this.clockNs = nowNs;
    }
}
