/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.Subscription;
import io.freight.store.PayloadStore;

import java.util.function.LongSupplier;

/**
 * A sender's duty cycle, apart from the offers it serves: what comes in on the control stream (acks, attaches and
 * detaches, validated by a {@link ControlStreamAdapter} and applied by a {@link ControlMessageHandler}), the receivers'
 * shared-memory positions, and at the liveness interval the receivers that went away, the store's heartbeat and the
 * sender's counters in the CnC file; in network mode also the queue of chunks and the idle stream's heartbeat. Aeron
 * keeps a publication's conductor-side duties apart from the {@code ExclusivePublication} that only appends in the same
 * way: {@link PayloadPublication} offers and claims, this keeps the receivers it offers to current.
 * <p>
 * One run with nothing due: a clock read, an empty control poll and a load of each receiver's position, ~100 ns;
 * offers run it every {@link PayloadPublication#OFFERS_PER_DUTY_CYCLE} offers for that reason. Allocates nothing in
 * steady state. Not thread-safe: the publication's thread runs it.
 */
final class PublicationConductor
{
    private static final int CONTROL_FRAGMENT_LIMIT = 64;

    private final PayloadStore store;
    private final DataStreamProxy dataStreamProxy;
    private final ChunkStreamer streamer;
    private final FreightCounters counters;
    private final ReceiverTable receivers;
    private final ControlMessageHandler controlMessageHandler;
    private final ControlStreamAdapter controlStreamAdapter;
    private final int sessionId;
    private final long livenessCheckIntervalNs;
    private final long heartbeatIntervalNs;
    private long nextHeartbeatNs;
    private long nextReceiverCheckNs;
    private long lastHeartbeatMs;

    /**
     * @param ctx                 the sender's context.
     * @param streamId            of the data stream.
     * @param sessionId           of the data publication.
     * @param controlSubscription where receivers' control messages come in; its owner closes it.
     * @param store               the sender's store, for its heartbeat and the handshake's announcements.
     * @param table               the stored payloads in flight, released as receivers ack or leave.
     * @param dataStreamProxy     the data stream, for attach echoes, announcements and heartbeats.
     * @param streamer            network mode: the queue of chunks to send; null on one host.
     * @param counters            of this sender in the CnC file.
     * @param lastSequence        the sequence of the last payload accepted, -1 before the first.
     */
    PublicationConductor(
        final Freight.Context ctx,
        final int streamId,
        final int sessionId,
        final Subscription controlSubscription,
        final PayloadStore store,
        final InFlightTable table,
        final DataStreamProxy dataStreamProxy,
        final ChunkStreamer streamer,
        final FreightCounters counters,
        final LongSupplier lastSequence)
    {
        final boolean isNetwork = ctx.isNetwork();
        this.store = store;
        this.dataStreamProxy = dataStreamProxy;
        this.streamer = streamer;
        this.counters = counters;
        this.sessionId = sessionId;
        this.livenessCheckIntervalNs = ctx.livenessCheckIntervalNs();
        this.heartbeatIntervalNs = Math.max(1, ctx.networkLivenessTimeoutNs() / 10);
        this.receivers = new ReceiverTable(
            table,
            ctx.storeRoot(),
            (controlSessionId) -> null != controlSubscription.imageBySessionId(controlSessionId),
            isNetwork ? ctx.networkLivenessTimeoutNs() : 0);
        this.controlMessageHandler = new ControlMessageHandler(
            sessionId, store, receivers, dataStreamProxy, lastSequence, isNetwork);
        this.controlStreamAdapter = new ControlStreamAdapter(
            controlSubscription,
            controlMessageHandler,
            ctx.errorHandler(),
            "control stream " + ctx.controlStreamId(streamId) + " of sender session " + sessionId +
                " (stream " + streamId + ")");
    }

    /**
     * The receivers attached, and how far each has acked.
     *
     * @return the receiver table.
     */
    ReceiverTable receivers()
    {
        return receivers;
    }

    /**
     * The adapter every control-stream message goes through.
     *
     * @return the control-stream adapter.
     */
    ControlStreamAdapter controlStreamAdapter()
    {
        return controlStreamAdapter;
    }

    /**
     * One run of the duty cycle: apply the control stream and the positions; in network mode push queued chunks and
     * beat the idle stream's heartbeat; when the liveness check is due, let go of receivers that went away, beat the
     * store's heartbeat and refresh the counters.
     *
     * @param lastSequence of the last payload accepted, -1 before the first.
     * @param publication  whose figures the counters show.
     * @return work done: 0 when there was nothing to do.
     */
    int doWork(final long lastSequence, final PayloadPublication publication)
    {
        final long nowNs = System.nanoTime();
        controlMessageHandler.clockNs(nowNs);
        int work = controlStreamAdapter.poll(CONTROL_FRAGMENT_LIMIT);
        work += receivers.applyPositions(lastSequence);

        if (null != streamer)
        {
            work += streamer.send(PayloadPublication.CHUNKS_PER_DUTY_CYCLE);
            if (nowNs - nextHeartbeatNs >= 0)
            {
                nextHeartbeatNs = nowNs + heartbeatIntervalNs;
                if (dataStreamProxy.heartbeatIfIdle(sessionId))
                {
                    work++;
                }
            }
        }

        if (nowNs - nextReceiverCheckNs >= 0)
        {
            nextReceiverCheckNs = nowNs + livenessCheckIntervalNs;
            work += receivers.checkLiveness(lastSequence, nowNs);

            final long nowMs = System.currentTimeMillis();
            if (nowMs != lastHeartbeatMs)
            {
                lastHeartbeatMs = nowMs;
                store.heartbeat(nowMs);
            }
            counters.update(publication);
        }

        return work;
    }
}
