/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.Aeron;
import io.aeron.ChannelUriStringBuilder;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.Header;
import io.freight.codecs.AckEncoder;
import io.freight.codecs.InlinePayloadDecoder;
import io.freight.codecs.MessageHeaderDecoder;
import io.freight.codecs.MessageHeaderEncoder;
import io.freight.codecs.PayloadDescriptorDecoder;
import io.freight.codecs.ReceiverAttachDecoder;
import io.freight.codecs.ReceiverAttachEncoder;
import io.freight.codecs.ReceiverDetachEncoder;
import io.freight.codecs.SegmentAnnounceDecoder;
import io.freight.codecs.StoreAnnounceDecoder;
import io.freight.schema.MessageValidator;
import io.freight.schema.ProtocolException;
import io.freight.store.InvalidRegionException;
import io.freight.store.LivenessLock;
import io.freight.store.PayloadStore;
import io.freight.store.SegmentKind;
import io.freight.store.StoreMetaFile;
import io.freight.store.StorePaths;
import io.freight.store.StoreReader;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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
 * Steady-state polls allocate nothing. Not thread-safe, except {@link Payload#release()} of retained payloads.
 */
public final class PayloadSubscription implements AutoCloseable
{
    private static final int MAX_RELEASED_PER_ACK = 128;
    static final int POLLS_PER_CLOCK_READ = 16;

    private final Freight.Context ctx;
    private final int streamId;
    private final long receiverId;
    private final Subscription subscription;
    private final ExclusivePublication controlPublication;
    private final FragmentAssembler assembler = new FragmentAssembler(this::onFragment);
    private final Int2ObjectHashMap<SenderImage> sessionById = new Int2ObjectHashMap<>();
    private final ArrayList<SenderImage> sessions = new ArrayList<>();
    private final ManyToOneConcurrentArrayQueue<Payload> releasedQueue;
    private final Payload[] pool;
    private final Payload payload = new Payload(this);

    private final BufferClaim bufferClaim = new BufferClaim();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final PayloadDescriptorDecoder descriptorDecoder = new PayloadDescriptorDecoder();
    private final InlinePayloadDecoder inlineDecoder = new InlinePayloadDecoder();
    private final SegmentAnnounceDecoder segmentAnnounceDecoder = new SegmentAnnounceDecoder();
    private final StoreAnnounceDecoder storeAnnounceDecoder = new StoreAnnounceDecoder();
    private final ReceiverAttachDecoder attachDecoder = new ReceiverAttachDecoder();
    private final AckEncoder ackEncoder = new AckEncoder();
    private final ReceiverAttachEncoder attachEncoder = new ReceiverAttachEncoder();
    private final ReceiverDetachEncoder detachEncoder = new ReceiverDetachEncoder();

    private final LivenessLock livenessLock;
    private PayloadHandler handler;
    private SenderGoneHandler senderGoneHandler;
    private Thread pollingThread;
    private boolean isEagerAck;
    private int pollsSinceClockRead = POLLS_PER_CLOCK_READ;
    private long clockNs;
    private SenderImage lastSession;
    private int poolSize;
    private int retainedCount;
    private long nextScanNs;
    private long payloadsDelivered;
    private long rejectedDescriptors;
    private long invalidMessages;
    private long storeErrors;
    private long skippedBeforeAttach;
    private long sequenceGaps;
    private long checksumFailures;
    private long sendersGone;
    private long sendersCrashed;
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
        this.releasedQueue = new ManyToOneConcurrentArrayQueue<>(Math.max(ctx.maxRetained(), 1));
        this.pool = new Payload[ctx.maxRetained()];

        LivenessLock livenessLock = null;
        Subscription subscription = null;
        ExclusivePublication controlPublication = null;
        FreightCounters counters = null;
        try
        {
            // Held for as long as this receiver lives: senders probe it to let go of a receiver that died.
            StorePaths.ensureUserDirectory(ctx.storeRoot());
            livenessLock = LivenessLock.create(StorePaths.receiverLockFile(ctx.storeRoot(), receiverId));
            controlPublication = aeron.addExclusivePublication(
                new ChannelUriStringBuilder(ctx.channel()).termLength(ctx.controlTermLength()).build(),
                ctx.controlStreamId(streamId));
            subscription = aeron.addSubscription(ctx.channel(), streamId);
            counters = FreightCounters.receiver(aeron, streamId, receiverId);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create the receiver's liveness lock under " + ctx.storeRoot(), ex);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.closeAll(counters, subscription, controlPublication);
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
    }

    FreightCounters counters()
    {
        return counters;
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
        for (int i = 0, size = sessions.size(); i < size; i++)
        {
            final SenderImage session = sessions.get(i);
            if (session.isAttached && !session.isGone)
            {
                return true;
            }
        }

        return false;
    }

    /**
     * Payloads handed to a handler.
     *
     * @return count.
     */
    public long payloadsDelivered()
    {
        return payloadsDelivered;
    }

    /**
     * Descriptors rejected by validation (bad bounds, stale generation, unknown segment, no store) and skipped.
     *
     * @return count.
     */
    public long rejectedDescriptors()
    {
        return rejectedDescriptors;
    }

    /**
     * Messages that failed the wire-format check (schema, template, lengths) and were dropped.
     *
     * @return count.
     */
    public long invalidMessages()
    {
        return invalidMessages;
    }

    /**
     * Store or segment announcements that could not be acted on (missing files, bad names).
     *
     * @return count.
     */
    public long storeErrors()
    {
        return storeErrors;
    }

    /**
     * Payloads a sender published before this receiver's attach was confirmed, ignored.
     *
     * @return count.
     */
    public long skippedBeforeAttach()
    {
        return skippedBeforeAttach;
    }

    /**
     * Times a payload's sequence did not follow the previous one from the same sender.
     *
     * @return count.
     */
    public long sequenceGaps()
    {
        return sequenceGaps;
    }

    /**
     * Stored payloads whose CRC32C did not match their descriptor, rejected (only checked with checksums on).
     *
     * @return count.
     */
    public long checksumFailures()
    {
        return checksumFailures;
    }

    /**
     * Senders whose stream ended (closed or died) after this receiver attached to them.
     *
     * @return count.
     */
    public long sendersGone()
    {
        return sendersGone;
    }

    /**
     * Senders whose process died while this receiver was attached to them.
     *
     * @return count.
     */
    public long sendersCrashed()
    {
        return sendersCrashed;
    }

    /**
     * Be told when a sender this receiver is attached to is gone, once everything it sent has been delivered.
     *
     * @param handler called from {@link #poll}, or null for none.
     * @return this for a fluent API.
     */
    public PayloadSubscription senderGoneHandler(final SenderGoneHandler handler)
    {
        this.senderGoneHandler = handler;
        return this;
    }

    /**
     * Payloads retained and not yet released.
     *
     * @return count.
     */
    public int retainedCount()
    {
        return retainedCount;
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
     * payloads, ack what was released, and attach to new senders. Released regions are acked by the poll that
     * released them, one ack per sender; payloads that travelled inline hold nothing at the sender and are acked in
     * batches: every 256, or by the first poll that has caught up with the stream at least 20 µs after the previous
     * ack. A sender's {@code isAllAcked()} therefore needs this receiver to keep polling, as an agent's duty cycle
     * does.
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
        int work = 0 == retainedCount ? 0 : drainReleased();
        final int fragments;
        this.handler = handler;
        try
        {
            fragments = subscription.poll(assembler, fragmentLimit);
        }
        finally
        {
            this.handler = null;
        }
        work += fragments;
        if (0 != retainedCount)
        {
            work += drainReleased();
        }

        // The clock is read every few polls: it is a good part of an idle poll's cost, and the attach scan and the
        // delay of inline acks do not need it finer than that.
        if (++pollsSinceClockRead >= POLLS_PER_CLOCK_READ)
        {
            pollsSinceClockRead = 0;
            clockNs = System.nanoTime();
        }
        final long nowNs = clockNs;
        work += sendAcks(isEagerAck, fragments < fragmentLimit, nowNs);

        if (nowNs - nextScanNs >= 0)
        {
            nextScanNs = nowNs + ctx.attachIntervalNs();
            work += scanSenders(nowNs);
            counters.update(this);
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

        if (claim(MessageHeaderEncoder.ENCODED_LENGTH + ReceiverDetachEncoder.BLOCK_LENGTH))
        {
            detachEncoder.wrapAndApplyHeader(bufferClaim.buffer(), bufferClaim.offset(), headerEncoder)
                .receiverId(receiverId);
            bufferClaim.commit();
        }

        for (final SenderImage session : sessions)
        {
            CloseHelper.quietClose(session.reader);
        }
        sessions.clear();
        sessionById.clear();
        CloseHelper.closeAll(counters, subscription, controlPublication);
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
     * {@inheritDoc}
     */
    public String toString()
    {
        return "PayloadSubscription{streamId=" + streamId + ", receiverId=" + receiverId + ", senders=" +
            sessions.size() + ", delivered=" + payloadsDelivered + ", rejected=" + rejectedDescriptors + '}';
    }

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
            retained = new Payload(this);
            pool[poolSize++] = retained;
        }

        retained.copyFrom(source, ctx.inlineThreshold());
        retained.state(Payload.RETAINED);
        source.state(Payload.HANDED_ON);
        source.session.onRetained(source.sequence);
        if (source.isOversize())
        {
            source.session.retainedBySegment.incrementAndGet(source.view.segmentId());
        }
        retainedCount++;

        return retained;
    }

    void onRelease(final Payload retained)
    {
        while (!releasedQueue.offer(retained))
        {
            Thread.onSpinWait();
        }

        // Released on the polling thread outside a poll: ack now rather than at a next poll that may never come.
        if (Thread.currentThread() == pollingThread && null == handler && !isClosed)
        {
            drainReleased();
            sendAcks(true, true, System.nanoTime());
        }
    }

    private int drainReleased()
    {
        int work = 0;
        Payload released;
        while (null != (released = releasedQueue.poll()))
        {
            final SenderImage session = released.session;
            session.onRetainedReleased(released.sequence, !released.isInline);
            if (released.isOversize())
            {
                session.retainedBySegment.decrementAndGet(released.view.segmentId());
            }
            unmapIfOversize(session, released);
            released.reset();
            retainedCount--;
            closeIfDone(session);
            work++;
        }

        return work;
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        onMessage(buffer, offset, length, header.sessionId());
    }

    /**
     * Decode, validate and act on one message of a data stream session: what every fragment goes through, and what
     * the fuzz tests drive directly.
     */
    void onMessage(final DirectBuffer buffer, final int offset, final int length, final int sessionId)
    {
        final SenderImage session = session(sessionId);
        final int templateId;
        try
        {
            templateId = MessageValidator.validate(buffer, offset, length);
        }
        catch (final ProtocolException ex)
        {
            invalidMessages++;
            return;
        }

        switch (templateId)
        {
            case PayloadDescriptorDecoder.TEMPLATE_ID:
                descriptorDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                onDescriptor(session);
                break;

            case io.freight.codecs.InlinePayloadDecoder.TEMPLATE_ID:
                inlineDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                onInline(session, buffer);
                break;

            case SegmentAnnounceDecoder.TEMPLATE_ID:
                segmentAnnounceDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                onSegmentAnnounce(session);
                break;

            case StoreAnnounceDecoder.TEMPLATE_ID:
                storeAnnounceDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                onStoreAnnounce(session);
                break;

            case ReceiverAttachDecoder.TEMPLATE_ID:
                attachDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                if (attachDecoder.receiverId() == receiverId)
                {
                    session.isAttached = true;
                }
                break;

            default:
                invalidMessages++;
        }
    }

    private void onDescriptor(final SenderImage session)
    {
        if (!session.isAttached)
        {
            skippedBeforeAttach++;
            return;
        }

        final long sequence = descriptorDecoder.sequence();
        if (!session.onDelivered(sequence))
        {
            sequenceGaps++;
            return;
        }

        final int segmentId = descriptorDecoder.segmentId();
        final StoreReader reader = session.reader;
        if (null == reader)
        {
            rejectedDescriptors++;
            session.onReleasedInOrder(sequence, true);
            return;
        }

        try
        {
            reader.view(
                segmentId,
                descriptorDecoder.regionOffset(),
                descriptorDecoder.payloadLength(),
                descriptorDecoder.generation(),
                payload.view);
        }
        catch (final InvalidRegionException ex)
        {
            rejectedDescriptors++;
            session.onReleasedInOrder(sequence, true);
            return;
        }

        payload.wrapStored(session, sequence);
        if (ctx.checksums() && descriptorDecoder.flags().checksumPresent() &&
            payload.view.computeChecksum() != (int)descriptorDecoder.checksum())
        {
            checksumFailures++;
            rejectedDescriptors++;
            session.onReleasedInOrder(sequence, true);
            unmapIfOversize(session, payload);
            payload.reset();
            return;
        }

        deliver(session);
    }

    private void onInline(final SenderImage session, final DirectBuffer buffer)
    {
        if (!session.isAttached)
        {
            skippedBeforeAttach++;
            return;
        }

        final long sequence = inlineDecoder.sequence();
        if (!session.onDelivered(sequence))
        {
            sequenceGaps++;
            return;
        }

        final int payloadOffset = inlineDecoder.limit() + InlinePayloadDecoder.payloadHeaderLength();
        payload.wrapInline(session, sequence, buffer, payloadOffset, inlineDecoder.payloadLength());
        deliver(session);
    }

    private void deliver(final SenderImage session)
    {
        final long sequence = payload.sequence;
        final boolean isStored = !payload.isInline;
        payload.state(Payload.IN_HANDLER);
        try
        {
            payloadsDelivered++;
            handler.onPayload(payload);
        }
        finally
        {
            if (Payload.IN_HANDLER == payload.state())
            {
                session.onReleasedInOrder(sequence, isStored);
                unmapIfOversize(session, payload);
            }
            payload.reset();
        }
    }

    private void onSegmentAnnounce(final SenderImage session)
    {
        final long segmentLength = segmentAnnounceDecoder.segmentLength();
        final int segmentId = segmentAnnounceDecoder.segmentId();
        final int kind = segmentAnnounceDecoder.kindRaw();
        final String fileName = segmentAnnounceDecoder.fileName();
        if (null == session.reader || (!session.isAttached && SegmentKind.RING != kind))
        {
            // An oversize segment announced before our echo holds a payload that is not ours to read.
            return;
        }

        try
        {
            if (SegmentKind.RING != kind && !session.reader.isMapped(segmentId))
            {
                unmapIdleSegments(session, clockNs); // what the sender gave back goes before a new mapping comes
            }
            session.reader.mapSegment(
                segmentId, kind == SegmentKind.RING ? SegmentKind.RING : SegmentKind.OVERSIZE, segmentLength, fileName);
            if (SegmentKind.RING != kind)
            {
                session.oversizeLastUsedNs.put(segmentId, clockNs);
            }
        }
        catch (final IllegalArgumentException | UncheckedIOException ex)
        {
            storeErrors++;
        }
    }

    private void onStoreAnnounce(final SenderImage session)
    {
        if (storeAnnounceDecoder.layoutVersion() != StoreMetaFile.LAYOUT_VERSION)
        {
            storeErrors++;
            return;
        }
        final String storeId = storeAnnounceDecoder.storeId();
        if (null != session.reader && session.reader.storeId().equals(storeId))
        {
            return;
        }
        if (null != session.reader)
        {
            if (!session.retained.isEmpty())
            {
                storeErrors++;
                return;
            }
            session.reader.close();
            session.reader = null;
        }

        try
        {
            session.reader = StoreReader.open(ctx.storeRoot(), storeId);
        }
        catch (final IllegalArgumentException | UncheckedIOException ex)
        {
            storeErrors++;
        }
    }

    private int sendAcks(final boolean isEager, final boolean isCaughtUp, final long nowNs)
    {
        int work = 0;
        for (int i = 0, size = sessions.size(); i < size; i++)
        {
            final SenderImage session = sessions.get(i);
            if (session.isAckDue(isEager, isCaughtUp, nowNs) && sendAck(session, nowNs))
            {
                work++;
            }
        }

        return work;
    }

    private boolean sendAck(final SenderImage session, final long nowNs)
    {
        final long cumulative = session.cumulative();
        final LongArrayList outOfOrder = session.releasedOutOfOrder;
        removeUpTo(outOfOrder, cumulative);
        final int count = Math.min(outOfOrder.size(), MAX_RELEASED_PER_ACK);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + AckEncoder.BLOCK_LENGTH +
            AckEncoder.ReleasedEncoder.sbeHeaderSize() + count * AckEncoder.ReleasedEncoder.sbeBlockLength();
        if (!claim(length))
        {
            return false;
        }

        ackEncoder.wrapAndApplyHeader(bufferClaim.buffer(), bufferClaim.offset(), headerEncoder)
            .receiverId(receiverId)
            .sequence(cumulative)
            .sessionId(session.sessionId);
        final AckEncoder.ReleasedEncoder released = ackEncoder.releasedCount(count);
        for (int i = 0; i < count; i++)
        {
            released.next().sequence(outOfOrder.getLong(i));
        }
        bufferClaim.commit();

        for (int i = count - 1; i >= 0; i--)
        {
            outOfOrder.removeAt(i);
        }
        session.cumulativeAcked = cumulative;
        session.hasStoredRelease = false;
        session.lastAckNs = nowNs;
        return true;
    }

    private static void removeUpTo(final LongArrayList sequences, final long cumulative)
    {
        int kept = 0;
        for (int i = 0, size = sequences.size(); i < size; i++)
        {
            final long sequence = sequences.getLong(i);
            if (sequence > cumulative)
            {
                sequences.setLong(kept++, sequence);
            }
        }
        for (int i = sequences.size() - 1; i >= kept; i--)
        {
            sequences.removeAt(i);
        }
    }

    private int scanSenders(final long nowNs)
    {
        int work = 0;
        boolean isAttachDue = false;
        for (int i = 0, count = subscription.imageCount(); i < count; i++)
        {
            final Image image = subscription.imageAtIndex(i);
            final SenderImage session = session(image.sessionId());
            isAttachDue |= !session.isAttached;
        }

        for (int i = sessions.size() - 1; i >= 0; i--)
        {
            final SenderImage session = sessions.get(i);
            work += unmapIdleSegments(session, nowNs);
            if (!session.isGone && isGone(session))
            {
                session.isGone = true;
                onSenderGone(session);
                work++;
            }
            closeIfDone(session);
        }

        if (isAttachDue && claim(MessageHeaderEncoder.ENCODED_LENGTH + ReceiverAttachEncoder.BLOCK_LENGTH))
        {
            attachEncoder.wrapAndApplyHeader(bufferClaim.buffer(), bufferClaim.offset(), headerEncoder)
                .receiverId(receiverId);
            bufferClaim.commit();
            work++;
        }

        return work;
    }

    private boolean isGone(final SenderImage session)
    {
        final Image image = subscription.imageBySessionId(session.sessionId);
        if (null == image)
        {
            return true;
        }
        if (image.isEndOfStream())
        {
            // Closed cleanly and drained, whether or not its process has exited since.
            session.isOwnerDead = false;
            return true;
        }
        if (!session.isAttached || null == session.reader)
        {
            return false;
        }

        // A sender that died leaves its image behind until Aeron's client timeout (10 s); its liveness lock says so
        // at once. What it published before dying is still delivered: the session ends once the image is drained.
        final long position = image.position();
        if (!session.isOwnerDead)
        {
            session.isOwnerDead = !session.reader.isOwnerAlive();
            session.lastImagePosition = position;
            return false;
        }

        final boolean isDrained = position == session.lastImagePosition;
        session.lastImagePosition = position;
        return isDrained;
    }

    private void onSenderGone(final SenderImage session)
    {
        if (!session.isAttached)
        {
            return;
        }

        sendersGone++;
        if (session.isOwnerDead)
        {
            sendersCrashed++;
        }
        if (null != senderGoneHandler)
        {
            senderGoneHandler.onSenderGone(session.sessionId, session.isOwnerDead,
                session.hasDelivered ? session.lastDelivered : -1);
        }
    }

    private SenderImage session(final int sessionId)
    {
        SenderImage session = lastSession;
        if (null != session && session.sessionId == sessionId)
        {
            return session;
        }

        session = sessionById.get(sessionId);
        if (null == session)
        {
            session = new SenderImage(sessionId);
            sessionById.put(sessionId, session);
            sessions.add(session);
        }

        lastSession = session;
        return session;
    }

    private void closeIfDone(final SenderImage session)
    {
        if (session.canClose())
        {
            CloseHelper.quietClose(session.reader);
            session.reader = null;
            sessionById.remove(session.sessionId);
            sessions.remove(session);
            if (lastSession == session)
            {
                lastSession = null;
            }
        }
    }

    // A released oversize segment stays mapped: the sender keeps it for the next payload that fits and announces it
    // again before that payload, so mapping it once serves many payloads. It is unmapped once the sender no longer
    // lists it (it gave it back: the mapping alone would keep its pages alive), or once idle as long as the sender
    // keeps an idle segment (at once when that is 0), and never while a retained payload reads from it. So what a
    // receiver maps is what its sender's store holds, plus what retained payloads pin.
    private void unmapIfOversize(final SenderImage session, final Payload payload)
    {
        if (payload.isOversize())
        {
            final int segmentId = payload.view.segmentId();
            if (0 == ctx.oversizeIdleTimeoutNs())
            {
                unmapUnlessRetained(session, segmentId);
            }
            else if (null != session.reader && session.reader.isMapped(segmentId))
            {
                session.oversizeLastUsedNs.put(segmentId, clockNs);
            }
        }
    }

    private int unmapIdleSegments(final SenderImage session, final long nowNs)
    {
        int unmapped = 0;
        final Long2LongHashMap.EntryIterator entries = session.oversizeLastUsedNs.entrySet().iterator();
        while (entries.hasNext())
        {
            entries.next();
            final int segmentId = (int)entries.getLongKey();
            if (0 == session.retainedBySegment.get(segmentId) &&
                (nowNs - entries.getLongValue() >= ctx.oversizeIdleTimeoutNs() ||
                null == session.reader || !session.reader.isListed(segmentId)))
            {
                entries.remove();
                if (null != session.reader)
                {
                    session.reader.unmapSegment(segmentId);
                }
                unmapped++;
            }
        }

        return unmapped;
    }

    private static void unmapUnlessRetained(final SenderImage session, final int segmentId)
    {
        if (PayloadStore.RING_SEGMENT_ID != segmentId && null != session.reader &&
            0 == session.retainedBySegment.get(segmentId))
        {
            session.reader.unmapSegment(segmentId);
            session.oversizeLastUsedNs.remove(segmentId);
        }
    }

    private boolean claim(final int length)
    {
        long result;
        while ((result = controlPublication.tryClaim(length, bufferClaim)) == ExclusivePublication.ADMIN_ACTION)
        {
            Thread.onSpinWait();
        }

        return result > 0;
    }
}
