/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.Aeron;
import io.aeron.Counter;
import org.agrona.CloseHelper;

/**
 * The figures a sender or a receiver keeps, as Aeron counters in the media driver's CnC file, so that Aeron's own
 * tools (AeronStat) and any process that maps the CnC file see them while Freight runs. One counter per figure,
 * allocated through the client with Freight's type ids and a label naming the figure, the stream, and the sender's
 * session (senders) or the receiver's id (receivers); closed, and so freed in the CnC file, with their owner.
 * <pre>
 *   type id    figure                              owner
 *   7001-7010  SENDER_FIGURES in order             PayloadPublication, refreshed every liveness check (100 ms)
 *   7101-7110  RECEIVER_FIGURES in order           PayloadSubscription, refreshed every attach scan (50 ms)
 * </pre>
 * Refreshing is a release store per counter from the owner's duty cycle, off the per-message path: the counters lag
 * the owner's own getters by at most one refresh interval. Allocation-free after construction. Not thread-safe: the
 * owner's thread updates; any thread or process may read.
 */
public final class FreightCounters implements AutoCloseable
{
    /**
     * Type id of the first sender figure; the others follow in {@link #SENDER_FIGURES} order.
     */
    public static final int SENDER_TYPE_ID_BASE = 7001;

    /**
     * Type id of the first receiver figure; the others follow in {@link #RECEIVER_FIGURES} order.
     */
    public static final int RECEIVER_TYPE_ID_BASE = 7101;

    /**
     * What each sender counter counts, in type id order.
     */
    static final String[] SENDER_FIGURES = {
        "payloads sent",
        "receivers attached",
        "receivers lost",
        "payloads abandoned",
        "invalid control messages",
        "foreign control messages",
        "payloads in flight",
        "store regions in flight",
        "store bytes in flight",
        "store bytes" };

    /**
     * What each receiver counter counts, in type id order.
     */
    static final String[] RECEIVER_FIGURES = {
        "payloads delivered",
        "payloads retained",
        "rejected descriptors",
        "invalid messages",
        "store errors",
        "sequence gaps",
        "checksum failures",
        "skipped before attach",
        "senders gone",
        "senders crashed" };

    private final Counter[] counters;

    /**
     * Is a counter one of Freight's, by its type id? What tools reading a CnC file (freight stat) filter on.
     *
     * @param typeId of a counter.
     * @return true for a sender's or a receiver's figure.
     */
    public static boolean isFreightCounter(final int typeId)
    {
        return (typeId >= SENDER_TYPE_ID_BASE && typeId < SENDER_TYPE_ID_BASE + SENDER_FIGURES.length) ||
            (typeId >= RECEIVER_TYPE_ID_BASE && typeId < RECEIVER_TYPE_ID_BASE + RECEIVER_FIGURES.length);
    }

    private FreightCounters(final Aeron aeron, final int typeIdBase, final String[] figures, final String suffix)
    {
        counters = new Counter[figures.length];
        try
        {
            for (int i = 0; i < figures.length; i++)
            {
                counters[i] = aeron.addCounter(typeIdBase + i, figures[i] + ": " + suffix);
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(counters);
            throw ex;
        }
    }

    /**
     * The counters of a sender.
     *
     * @param aeron     client to allocate them through.
     * @param streamId  of the sender's data stream.
     * @param sessionId of the sender's data publication.
     * @param storeId   of the sender's store.
     * @return the counters, at 0.
     */
    static FreightCounters sender(final Aeron aeron, final int streamId, final int sessionId, final String storeId)
    {
        return new FreightCounters(aeron, SENDER_TYPE_ID_BASE, SENDER_FIGURES,
            "freight sender stream=" + streamId + " session=" + sessionId + " store=" + storeId);
    }

    /**
     * The counters of a receiver.
     *
     * @param aeron      client to allocate them through.
     * @param streamId   of the data stream it receives.
     * @param receiverId of the receiver.
     * @return the counters, at 0.
     */
    static FreightCounters receiver(final Aeron aeron, final int streamId, final long receiverId)
    {
        return new FreightCounters(aeron, RECEIVER_TYPE_ID_BASE, RECEIVER_FIGURES,
            "freight receiver stream=" + streamId + " receiver=" + Long.toHexString(receiverId));
    }

    /**
     * Publish the sender's figures.
     *
     * @param publication whose getters are read.
     */
    void update(final PayloadPublication publication)
    {
        set(0, publication.nextSequence());
        set(1, publication.receiverCount());
        set(2, publication.receiversLost());
        set(3, publication.payloadsAbandoned());
        set(4, publication.invalidControlMessages());
        set(5, publication.foreignControlMessages());
        set(6, publication.inFlight());
        set(7, publication.store().regionsInFlight());
        set(8, publication.store().bytesInFlight());
        set(9, publication.storeLength());
    }

    /**
     * Publish the receiver's figures.
     *
     * @param subscription whose getters are read.
     */
    void update(final PayloadSubscription subscription)
    {
        set(0, subscription.payloadsDelivered());
        set(1, subscription.retainedCount());
        set(2, subscription.rejectedDescriptors());
        set(3, subscription.invalidMessages());
        set(4, subscription.storeErrors());
        set(5, subscription.sequenceGaps());
        set(6, subscription.checksumFailures());
        set(7, subscription.skippedBeforeAttach());
        set(8, subscription.sendersGone());
        set(9, subscription.sendersCrashed());
    }

    /**
     * The counter of a figure, for tests and tools.
     *
     * @param index in the owner's figure list.
     * @return the counter.
     */
    Counter counter(final int index)
    {
        return counters[index];
    }

    /**
     * Free the counters in the CnC file. Quiet: the driver may be gone already.
     */
    public void close()
    {
        CloseHelper.quietCloseAll(counters);
    }

    private void set(final int index, final long value)
    {
        final Counter counter = counters[index];
        if (!counter.isClosed())
        {
            counter.setRelease(value);
        }
    }
}
