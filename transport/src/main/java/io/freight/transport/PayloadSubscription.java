/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.Aeron;
import io.aeron.ChannelUriStringBuilder;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.freight.store.LivenessLock;
import io.freight.store.PayloadStore;
import io.freight.store.StorePaths;
import org.agrona.CloseHelper;
import org.agrona.collections.LongArrayList;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The receiving side, Aeron face: {@link #poll(PayloadHandler, int)} hands payloads to a handler in sequence order
 * per sender, validates every message and descriptor before a byte of a payload is read, and acks what was released
 * in one batch per poll. It runs inside an Agrona {@link org.agrona.concurrent.Agent} duty cycle; no hidden threads.
 * <p>
 * It serves any number of senders on the stream, each its own session with its own store. It attaches to each
 * sender it sees and ignores whatever that sender published before the attach was confirmed, so a late receiver gets
 * what is published after it joined and nothing it cannot read. A descriptor that fails validation is counted,
 * acked (so the sender can recycle the region) and skipped; the stream goes on.
 * <p>
 * The engine joins four parts: a {@code DataStreamAdapter} that decodes, validates and dispatches the data stream,
 * the {@code SenderImages} it dispatches to, a {@code ControlStreamProxy} for what goes back to the senders, and the
 * {@code RetainedPayloads}.
 * <p>
 * Steady-state polls allocate nothing. Not thread-safe, except {@link Payload#release()} of retained payloads.
 */
public final class PayloadSubscription implements AutoCloseable
{
    static final int POLLS_PER_CLOCK_READ = 16;

    private final Freight.Context ctx;
    private final int streamId;
    private final long receiverId;
    private final Subscription subscription;
    private final ExclusivePublication controlPublication;
    private final SenderImages senderImages;
    private final DataStreamAdapter dataStreamAdapter;
    private final ControlStreamProxy controlStreamProxy;
    private final RetainedPayloads retainedPayloads;

    private final LivenessLock livenessLock;
    private final PayloadStore localStore;
    private final long heartbeatIntervalNs;
    private long nextHeartbeatNs;
    private Thread pollingThread;
    private boolean isEagerAck;
    private int pollsSinceClockRead = POLLS_PER_CLOCK_READ;
    private long clockNs;
    private long nextScanNs;
    private boolean isClosed;
    private final FreightCounters counters;

    PayloadSubscription(final Freight.Context ctx, final Aeron aeron, final int streamId)
    {
        this.ctx = ctx;
        this.streamId = streamId;
        long id;
        do
        {
            id = ThreadLocalRandom.current().nextLong();
        }
        while (0 == id);
        this.receiverId = id;
        this.retainedPayloads = new RetainedPayloads(this, ctx.maxRetained(), ctx.inlineThreshold());

        LivenessLock livenessLock = null;
        Subscription subscription = null;
        ExclusivePublication controlPublication = null;
        FreightCounters counters = null;
        PayloadStore localStore = null;
        try
        {
            // Held for as long as this receiver lives: senders probe it to let go of a receiver that died.
            StorePaths.ensureUserDirectory(ctx.storeRoot());
            livenessLock = LivenessLock.create(StorePaths.receiverLockFile(ctx.storeRoot(), receiverId));
            controlPublication = aeron.addExclusivePublication(
                new ChannelUriStringBuilder(ctx.controlChannel()).termLength(ctx.controlTermLength()).build(),
                ctx.controlStreamId(streamId));
            if (ctx.isNetwork())
            {
                // Across hosts the payloads come in the stream, into a store of this receiver's own.
                localStore = PayloadStore.create(ctx.storeContext());
            }
            subscription = aeron.addSubscription(ctx.channel(), streamId);
            counters = FreightCounters.receiver(aeron, streamId, receiverId);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create the receiver's liveness lock under " + ctx.storeRoot(), ex);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.closeAll(counters, subscription, controlPublication, localStore);
            if (null != livenessLock)
            {
                livenessLock.closeAndDelete();
                StorePaths.deleteUserDirectoryIfEmpty(ctx.storeRoot());
            }
            throw ex;
        }

        this.livenessLock = livenessLock;
        this.subscription = subscription;
        this.controlPublication = controlPublication;
        this.counters = counters;
        this.localStore = localStore;
        this.heartbeatIntervalNs = Math.max(1, ctx.networkLivenessTimeoutNs() / 10);
        this.senderImages = new SenderImages(subscription, localStore, ctx.networkLivenessTimeoutNs());
        this.dataStreamAdapter = new DataStreamAdapter(
            ctx, subscription, receiverId, senderImages, new Payload(this), localStore);
        this.controlStreamProxy = new ControlStreamProxy(controlPublication, receiverId);
        this.clockNs = System.nanoTime();
        dataStreamAdapter.clockNs(clockNs);
    }

    FreightCounters counters()
    {
        return counters;
    }

    DataStreamAdapter dataStreamAdapter()
    {
        return dataStreamAdapter;
    }

    PayloadStore localStore()
    {
        return localStore;
    }

    SenderImage senderImage(final int sessionId)
    {
        return senderImages.image(sessionId);
    }

    /**
     * Stream id of the data stream.
     *
     * @return stream id.
     */
    public int streamId()
    {
        return streamId;
    }

    /**
     * Random id this receiver attaches with.
     *
     * @return receiver id.
     */
    public long receiverId()
    {
        return receiverId;
    }

    /**
     * Is this receiver attached to at least one sender?
     *
     * @return true if attached to a sender.
     */
    public boolean isConnected()
    {
        return senderImages.isConnected();
    }

    /**
     * Payloads handed to a handler.
     *
     * @return count.
     */
    public long payloadsDelivered()
    {
        return dataStreamAdapter.payloadsDelivered();
    }

    /**
     * Descriptors rejected by validation (bad bounds, stale generation, unknown segment, no store) and skipped.
     *
     * @return count.
     */
    public long rejectedDescriptors()
    {
        return dataStreamAdapter.rejectedDescriptors();
    }

    /**
     * Messages that failed the wire-format check (schema, template, lengths) and were dropped.
     *
     * @return count.
     */
    public long invalidMessages()
    {
        return dataStreamAdapter.invalidMessages();
    }

    /**
     * Store or segment announcements that could not be acted on (missing files, bad names).
     *
     * @return count.
     */
    public long storeErrors()
    {
        return dataStreamAdapter.storeErrors();
    }

    /**
     * Payloads a sender published before this receiver's attach was confirmed, ignored.
     *
     * @return count.
     */
    public long skippedBeforeAttach()
    {
        return dataStreamAdapter.skippedBeforeAttach();
    }

    /**
     * Times a payload's sequence did not follow the previous one from the same sender.
     *
     * @return count.
     */
    public long sequenceGaps()
    {
        return dataStreamAdapter.sequenceGaps();
    }

    /**
     * Stored payloads whose CRC32C did not match their descriptor, rejected (only checked with checksums on).
     *
     * @return count.
     */
    public long checksumFailures()
    {
        return dataStreamAdapter.checksumFailures();
    }

    /**
     * Senders whose stream ended (closed or died) after this receiver attached to them.
     *
     * @return count.
     */
    public long sendersGone()
    {
        return senderImages.sendersGone();
    }

    /**
     * Senders whose process died while this receiver was attached to them.
     *
     * @return count.
     */
    public long sendersCrashed()
    {
        return senderImages.sendersCrashed();
    }

    /**
     * Be told when a sender this receiver is attached to is gone, once everything it sent has been delivered.
     *
     * @param handler called from {@link #poll}, or null for none.
     * @return this for a fluent API.
     */
    public PayloadSubscription senderGoneHandler(final SenderGoneHandler handler)
    {
        senderImages.senderGoneHandler(handler);
        return this;
    }

    /**
     * Payloads retained and not yet released.
     *
     * @return count.
     */
    public int retainedCount()
    {
        return retainedPayloads.retainedCount();
    }

    /**
     * Ack every payload in the poll that released it, inline ones included, instead of batching inline acks: for a
     * caller that polls only when it wants the next payload (the queue face), whose next poll may never come.
     *
     * @param isEagerAck true to ack all progress at the end of every poll.
     */
    void eagerAck(final boolean isEagerAck)
    {
        this.isEagerAck = isEagerAck;
    }

    /**
     * Deliver up to {@code fragmentLimit} fragments' worth of payloads to the handler, apply releases of retained
     * payloads, ack what was released, and attach to new senders. On one host the poll stores this receiver's
     * cumulative release in its shared-memory position, which the sender reads; only the first ack and out-of-order
     * releases go as messages. Across hosts released regions are acked by the poll that released them, one ack per
     * sender, and payloads that travelled inline (they hold nothing at the sender) in batches: every 256, or by the
     * first poll that has caught up with the stream at least 20 µs after the previous ack. A sender's
     * {@code isAllAcked()} therefore needs this receiver to keep polling, as an agent's duty cycle does.
     *
     * @param handler       for each payload.
     * @param fragmentLimit most fragments to read from the data stream.
     * @return work done: 0 when there was nothing to do.
     */
    public int poll(final PayloadHandler handler, final int fragmentLimit)
    {
        if (isClosed)
        {
            return 0;
        }

        pollingThread = Thread.currentThread();
        int work = 0 == retainedPayloads.retainedCount() ? 0 : drainReleased();
        final int fragments = dataStreamAdapter.poll(handler, fragmentLimit);
        work += fragments;
        if (0 != retainedPayloads.retainedCount())
        {
            work += drainReleased();
        }

        // The clock is read every few polls: it is a good part of an idle poll's cost, and the attach scan and the
        // delay of inline acks do not need it finer than that.
        if (++pollsSinceClockRead >= POLLS_PER_CLOCK_READ)
        {
            pollsSinceClockRead = 0;
            clockNs = System.nanoTime();
            dataStreamAdapter.clockNs(clockNs);
        }
        final long nowNs = clockNs;
        work += sendAcks(isEagerAck, fragments < fragmentLimit, nowNs);

        if (nowNs - nextScanNs >= 0)
        {
            nextScanNs = nowNs + ctx.attachIntervalNs();
            work += scanSenders(nowNs);
            counters.update(this);
        }
        if (null != localStore && nowNs - nextHeartbeatNs >= 0)
        {
            nextHeartbeatNs = nowNs + heartbeatIntervalNs;
            work += sendHeartbeats();
        }

        return work;
    }

    /**
     * Detach from every sender (best effort), unmap every store and close the streams. Retained payloads become
     * invalid. Idempotent.
     */
    public void close()
    {
        if (isClosed)
        {
            return;
        }
        isClosed = true;

        controlStreamProxy.detach();
        senderImages.closeAll();
        CloseHelper.closeAll(counters, subscription, controlPublication, localStore);
        livenessLock.closeAndDelete();
        StorePaths.deleteUserDirectoryIfEmpty(ctx.storeRoot());
    }

    /**
     * Has this subscription been closed?
     *
     * @return true once closed.
     */
    public boolean isClosed()
    {
        return isClosed;
    }

    /**
     * Has the Aeron client closed this subscription's streams underneath it, while it was still open? Aeron's client
     * does that to everything it holds when its media driver stops answering for {@code aeron.driver.timeout}
     * (10 s by default: the driver died or was stopped), or when the client itself is closed. Nothing more can arrive.
     *
     * @return true once the data stream was closed by the client and not by {@link #close()}.
     */
    public boolean isClosedByClient()
    {
        return !isClosed && subscription.isClosed();
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "PayloadSubscription{streamId=" + streamId + ", receiverId=" + receiverId + ", senders=" +
            senderImages.size() + ", delivered=" + payloadsDelivered() + ", rejected=" + rejectedDescriptors() + '}';
    }

    Payload retain(final Payload source)
    {
        final Payload retained = retainedPayloads.retain(source);
        source.session.onRetained(source);

        return retained;
    }

    void onRelease(final Payload retained)
    {
        retainedPayloads.release(retained);

        // Released on the polling thread outside a poll: ack now rather than at a next poll that may never come.
        if (Thread.currentThread() == pollingThread && !dataStreamAdapter.isDispatching() && !isClosed)
        {
            drainReleased();
            sendAcks(true, true, System.nanoTime());
        }
    }

    private int drainReleased()
    {
        int work = 0;
        Payload released;
        while (null != (released = retainedPayloads.pollReleased()))
        {
            final SenderImage image = released.session;
            image.onRetainedReleased(released);
            image.onPayloadDone(released, clockNs, ctx.oversizeIdleTimeoutNs());
            retainedPayloads.recycle(released);
            senderImages.closeIfDone(image);
            work++;
        }

        return work;
    }

    private int sendAcks(final boolean isEager, final boolean isCaughtUp, final long nowNs)
    {
        int work = 0;
        for (int i = 0, size = senderImages.size(); i < size; i++)
        {
            final SenderImage image = senderImages.get(i);
            image.writePosition();
            if (image.isAckDue(isEager, isCaughtUp, nowNs) && sendAck(image, nowNs))
            {
                work++;
            }
        }

        return work;
    }

    private boolean sendAck(final SenderImage image, final long nowNs)
    {
        final long cumulative = image.cumulative();
        image.pruneReleasedUpTo(cumulative);
        final LongArrayList outOfOrder = image.releasedOutOfOrder;
        final int count = Math.min(outOfOrder.size(), ControlStreamProxy.MAX_RELEASED_PER_ACK);
        if (!controlStreamProxy.ack(image.sessionId, cumulative, outOfOrder, count))
        {
            return false;
        }

        image.onAckSent(cumulative, count, nowNs);
        return true;
    }

    private int sendHeartbeats()
    {
        int work = 0;
        for (int i = 0, size = senderImages.size(); i < size; i++)
        {
            final SenderImage image = senderImages.get(i);
            if (image.isAttached && !image.isGone && controlStreamProxy.heartbeat(image.sessionId))
            {
                work++;
            }
        }

        return work;
    }

    private int scanSenders(final long nowNs)
    {
        int work = senderImages.scan(nowNs, ctx.oversizeIdleTimeoutNs());
        if (senderImages.isAttachDue() && controlStreamProxy.attach())
        {
            work++;
        }

        return work;
    }
}
