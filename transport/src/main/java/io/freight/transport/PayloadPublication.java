/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.Aeron;
import io.aeron.DirectBufferVector;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.freight.store.PayloadStore;
import org.agrona.BitUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;

/**
 * The sending side, Aeron face: non-blocking offers that return a sequence or an Aeron-style result code, zero-copy
 * claims, and a {@link #doWork()} duty cycle that applies acks, so it runs inside an Agrona
 * {@link org.agrona.concurrent.Agent}. No hidden threads.
 * <p>
 * A payload up to {@link Freight.Context#inlineThreshold()} bytes travels inside an {@code InlinePayload} message on the
 * data stream. A longer one is copied (or written in place, {@link #tryClaim(long, PayloadClaim)}) into a region of this
 * publication's own {@link PayloadStore}, and only a {@code PayloadDescriptor} travels. The region is reused once
 * every receiver that was attached when it was published has acked it, or has left.
 * <p>
 * Results: a non-negative value is the payload's sequence (0 for the first, then +1); otherwise
 * {@link #NOT_CONNECTED} (no receiver attached yet), {@link #BACK_PRESSURED} (the store, the data stream or the
 * {@link Freight.Context#maxUnacked() capacity in messages} is full: a receiver is slow; try again after
 * {@link #doWork()}), {@link #ADMIN_ACTION}, {@link #CLOSED} or
 * {@link #MAX_POSITION_EXCEEDED}. Bad arguments (a payload longer than the store can ever hold, bounds outside a buffer)
 * throw and leave the publication as it was.
 * <p>
 * Steady-state offers, claims and acks allocate nothing. Not thread-safe: one thread offers and calls doWork.
 * <p>
 * Structure, Aeron's: what goes out on the data stream is encoded by a {@link DataStreamProxy}; what comes in on the
 * control stream is validated by a {@link ControlStreamAdapter} and applied by a {@link ControlMessageHandler} (acks,
 * the attach handshake, detaches); who is attached and how far each has acked is a {@link ReceiverTable}; which stored
 * payloads each still holds is an {@link InFlightTable}; payloads go out through an {@link InlinePayloadAppender} or a
 * {@link StoredPayloadAppender}. This class is the offer and claim engine over them; its {@link #doWork()} duty cycle
 * is a {@link PublicationConductor}'s.
 */
public final class PayloadPublication implements AutoCloseable
{
    /**
     * No receiver is attached: nothing would read the payload.
     */
    public static final long NOT_CONNECTED = Publication.NOT_CONNECTED;

    /**
     * The store or the data stream is full because a receiver has not released enough yet.
     */
    public static final long BACK_PRESSURED = Publication.BACK_PRESSURED;

    /**
     * Aeron is rotating a term: try again.
     */
    public static final long ADMIN_ACTION = Publication.ADMIN_ACTION;

    /**
     * The publication is closed.
     */
    public static final long CLOSED = Publication.CLOSED;

    /**
     * The data stream reached its maximum position.
     */
    public static final long MAX_POSITION_EXCEEDED = Publication.MAX_POSITION_EXCEEDED;

    /**
     * Receivers a publication serves at once (one bit each in the in-flight table).
     */
    public static final int MAX_RECEIVERS = ReceiverTable.MAX_RECEIVERS;

    /**
     * Network mode: most chunks sent by one duty cycle or one offer, so that acks and liveness still run between.
     */
    static final int CHUNKS_PER_DUTY_CYCLE = 64;

    /**
     * Offers between two runs of the duty cycle from an offer, when nothing else calls for one (no receiver yet, a
     * full table or store, the unacked limit): acks, attaches and liveness cost ~100 ns a run, a small payload less.
     */
    static final int OFFERS_PER_DUTY_CYCLE = 64;

    private final int streamId;
    private final ExclusivePublication publication;
    private final Subscription controlSubscription;
    private final PayloadStore store;
    private final FreightCounters counters;
    private final InFlightTable table;
    private final ReceiverTable receivers;
    private final StoredPayloadAppender appender;
    private final InlinePayloadAppender inlineAppender;
    private final ChunkStreamer streamer;
    private final PublicationConductor conductor;
    private final long maxUnacked;
    private final int sessionId;

    private final UnsafeBuffer wrapper = new UnsafeBuffer(0, 0);

    private long nextSequence;
    private int offersSinceDutyCycle;
    private PayloadClaim openClaim;
    private boolean isClosed;

    PayloadPublication(final Freight.Context ctx, final Aeron aeron, final int streamId)
    {
        this.streamId = streamId;
        this.maxUnacked = ctx.maxUnacked();

        PayloadStore store = null;
        Subscription controlSubscription = null;
        ExclusivePublication publication = null;
        FreightCounters counters = null;
        try
        {
            store = PayloadStore.create(ctx.storeContext());
            // Listen for attaches before anyone can see the data stream, so no attach is missed.
            controlSubscription = aeron.addSubscription(ctx.controlChannel(), ctx.controlStreamId(streamId));
            publication = aeron.addExclusivePublication(DataStreamProxy.channel(ctx), streamId);
            counters = FreightCounters.sender(aeron, streamId, publication.sessionId(), store.storeId());
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.closeAll(counters, publication, controlSubscription, store);
            throw ex;
        }

        this.counters = counters;
        this.store = store;
        this.controlSubscription = controlSubscription;
        this.publication = publication;
        this.sessionId = publication.sessionId();
        final int tableCapacity = BitUtil.findNextPositivePowerOfTwo(
            2 * (ctx.maxRegionsInFlight() + ctx.maxOversizeSegments()));
        this.table = new InFlightTable(store, tableCapacity);
        final DataStreamProxy dataStreamProxy = new DataStreamProxy(publication);
        this.streamer = ctx.isNetwork() ? new ChunkStreamer(store, dataStreamProxy, tableCapacity) : null;
        this.appender = new StoredPayloadAppender(store, table, dataStreamProxy, ctx.checksums(), this::doWork, streamer);
        this.inlineAppender = new InlinePayloadAppender(dataStreamProxy, ctx.inlineThreshold());
        this.conductor = new PublicationConductor(
            ctx, streamId, sessionId, controlSubscription, store, table, dataStreamProxy, streamer, counters,
            () -> nextSequence - 1);
        this.receivers = conductor.receivers();
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
     * Aeron session id of the data publication: what identifies this sender to receivers.
     *
     * @return session id.
     */
    public int sessionId()
    {
        return sessionId;
    }

    /**
     * Id of this publication's store: the name of its directory.
     *
     * @return the store id.
     */
    public String storeId()
    {
        return store.storeId();
    }

    /**
     * Directory of this publication's store, for monitoring: its files are the store's, never to be touched.
     *
     * @return the store directory.
     */
    public Path storeDirectory()
    {
        return store.directory();
    }

    /**
     * Bytes of segment files the store has now: the ring plus any oversize segments in flight.
     *
     * @return bytes, at most the store maximum.
     */
    public long storeLength()
    {
        return store.storeLength();
    }

    /**
     * Largest payload this publication can ever send.
     *
     * @return bytes.
     */
    public long maxPayloadLength()
    {
        return store.maxPayloadLength();
    }

    PayloadStore store()
    {
        return store;
    }

    /**
     * Is at least one receiver attached, so that an offer can succeed?
     *
     * @return true if a receiver is attached.
     */
    public boolean isConnected()
    {
        return 0 != receivers.attachedMask();
    }

    /**
     * Receivers attached now.
     *
     * @return count.
     */
    public int receiverCount()
    {
        return receivers.count();
    }

    /**
     * Sequence the next payload will get; every payload below it has been accepted.
     *
     * @return the next sequence.
     */
    public long nextSequence()
    {
        return nextSequence;
    }

    /**
     * Stored payloads that some attached receiver has not released yet.
     *
     * @return count.
     */
    public int inFlight()
    {
        return table.unreleased();
    }

    /**
     * Has every payload been released by every receiver that was attached when it was sent? Receivers that left
     * are not waited for.
     *
     * @return true if nothing is waiting for an ack.
     */
    public boolean isAllAcked()
    {
        return 0 == table.unreleased() && (null == streamer || streamer.isEmpty()) &&
            receivers.isAckedUpTo(nextSequence - 1);
    }

    /**
     * Payloads sent and not yet acked by every attached receiver, inline ones included.
     *
     * @return count.
     */
    public long unacked()
    {
        final long last = nextSequence - 1;
        return last - receivers.minCumulative(last);
    }

    /**
     * Receivers that have attached over the life of this publication.
     *
     * @return count.
     */
    public long receiversAttached()
    {
        return receivers.receiversAttached();
    }

    /**
     * Receivers that went away without detaching (their control image disappeared).
     *
     * @return count.
     */
    public long receiversLost()
    {
        return receivers.receiversLost();
    }

    /**
     * Payloads that receivers left without acking, by detaching or dying: the truth behind an
     * {@link FreightSender#awaitAllAcked awaitAllAcked} that no longer waits for them.
     *
     * @return count, summed over departed receivers.
     */
    public long payloadsAbandoned()
    {
        return receivers.payloadsAbandoned();
    }

    /**
     * Control-stream messages that failed validation and were dropped.
     *
     * @return count.
     */
    public long invalidControlMessages()
    {
        return conductor.controlStreamAdapter().invalidMessages();
    }

    /**
     * Control-stream messages that named an attached receiver but came from another Aeron session than the control
     * publication that attached it (another local process speaking for it): dropped without effect.
     *
     * @return count.
     */
    public long foreignControlMessages()
    {
        return receivers.foreignMessages();
    }

    /**
     * Offer a payload from a buffer.
     *
     * @param buffer holding the payload.
     * @param offset of the payload in the buffer.
     * @param length of the payload.
     * @return the payload's sequence, or a negative result code.
     */
    public long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        checkBounds(offset, length, buffer.capacity());
        final long result = beginOffer(length);
        if (result < 0)
        {
            return result;
        }

        if (inlineAppender.isInline(length))
        {
            return isStreamIdle() ? accepted(inlineAppender.offer(nextSequence, buffer, offset, length)) : BACK_PRESSURED;
        }

        final long claimed = appender.claim(length);
        if (claimed < 0)
        {
            return claimed;
        }
        appender.putBytes(0, buffer, offset, length);

        return publishStored();
    }

    /**
     * Offer a whole buffer.
     *
     * @param buffer the payload, all of its capacity.
     * @return the payload's sequence, or a negative result code.
     */
    public long offer(final DirectBuffer buffer)
    {
        return offer(buffer, 0, buffer.capacity());
    }

    /**
     * Offer a payload from an array.
     *
     * @param bytes  holding the payload.
     * @param offset of the payload in the array.
     * @param length of the payload.
     * @return the payload's sequence, or a negative result code.
     */
    public long offer(final byte[] bytes, final int offset, final int length)
    {
        checkBounds(offset, length, bytes.length);
        wrapper.wrap(bytes, offset, length);
        try
        {
            return offer(wrapper, 0, length);
        }
        finally
        {
            wrapper.wrap(0, 0);
        }
    }

    /**
     * Offer a whole array.
     *
     * @param bytes the payload.
     * @return the payload's sequence, or a negative result code.
     */
    public long offer(final byte[] bytes)
    {
        return offer(bytes, 0, bytes.length);
    }

    /**
     * Offer the bytes between a {@link ByteBuffer}'s position and limit; position and limit are not changed.
     *
     * @param buffer heap or direct.
     * @return the payload's sequence, or a negative result code.
     */
    public long offer(final ByteBuffer buffer)
    {
        final int length = buffer.remaining();
        if (0 == length)
        {
            wrapper.wrap(0, 0);
        }
        else
        {
            wrapper.wrap(buffer, buffer.position(), length);
        }
        try
        {
            return offer(wrapper, 0, length);
        }
        finally
        {
            wrapper.wrap(0, 0);
        }
    }

    /**
     * Offer several buffers as one payload, in order (a header plus out-of-band arrays, say), copied once.
     *
     * @param vectors the parts.
     * @return the payload's sequence, or a negative result code.
     */
    public long offer(final DirectBufferVector[] vectors)
    {
        long total = 0;
        for (final DirectBufferVector vector : vectors)
        {
            checkBounds(vector.offset(), vector.length(), vector.buffer().capacity());
            total += vector.length();
        }

        final long result = beginOffer(total);
        if (result < 0)
        {
            return result;
        }

        if (inlineAppender.isInline(total))
        {
            return isStreamIdle() ? accepted(inlineAppender.offer(nextSequence, vectors, (int)total)) : BACK_PRESSURED;
        }

        final long claimed = appender.claim(total);
        if (claimed < 0)
        {
            return claimed;
        }
        appender.putBytes(vectors);

        return publishStored();
    }

    /**
     * Offer a payload read from a channel straight into the store: the way to send payloads longer than 2 GiB from a
     * file or socket without an intermediate buffer.
     *
     * @param channel to read exactly {@code length} bytes from.
     * @param length  of the payload.
     * @return the payload's sequence, or a negative result code; when the result is negative nothing was read.
     * @throws IOException if the channel fails or ends before {@code length} bytes; nothing is published then.
     */
    public long offer(final ReadableByteChannel channel, final long length) throws IOException
    {
        if (length < 0)
        {
            throw new IllegalArgumentException("payload length must not be negative: " + length);
        }

        final long result = beginOffer(length);
        if (result < 0)
        {
            return result;
        }

        if (inlineAppender.isInline(length))
        {
            return isStreamIdle() ? accepted(inlineAppender.offer(nextSequence, channel, (int)length)) : BACK_PRESSURED;
        }

        final long claimed = appender.claim(length);
        if (claimed < 0)
        {
            return claimed;
        }
        appender.transferFrom(channel);

        return publishStored();
    }

    /**
     * Claim space for a payload to be written in place, then {@link PayloadClaim#commit() commit} it (or
     * {@link PayloadClaim#abort() abort}). Small payloads are claimed straight in the data stream's term, longer
     * ones in the store; either way the claim's buffer is where the payload goes, with no further copy. While a claim
     * is open, no other offer or claim may be made.
     *
     * @param length of the payload; long, so payloads over 2 GiB can be claimed (written through long indexes).
     * @param claim  flyweight to point at the claimed space.
     * @return the sequence the payload will get, or a negative result code.
     */
    public long tryClaim(final long length, final PayloadClaim claim)
    {
        if (length < 0)
        {
            throw new IllegalArgumentException("payload length must not be negative: " + length);
        }

        final long result = beginOffer(length);
        if (result < 0)
        {
            return result;
        }

        if (inlineAppender.canClaim(length))
        {
            if (!isStreamIdle())
            {
                return BACK_PRESSURED;
            }
            final long claimed = inlineAppender.claim(nextSequence, (int)length);
            if (claimed < 0)
            {
                return claimed;
            }

            claim.wrapInline(this, inlineAppender.claimBuffer(), inlineAppender.claimPayloadOffset(), (int)length);
        }
        else
        {
            final long claimed = appender.claim(length);
            if (claimed < 0)
            {
                return claimed;
            }
            claim.wrapStored(this, appender.region());
        }

        openClaim = claim;
        return nextSequence;
    }

    /**
     * Apply acks, attaches and detaches from the control stream, notice receivers whose control image went away,
     * beat the store's heartbeat and refresh this sender's counters in the CnC file ({@link FreightCounters}). Call
     * it from the duty cycle, above all while not offering: offers run it only every {@value #OFFERS_PER_DUTY_CYCLE}
     * offers, while no receiver is attached, and when short of room.
     *
     * @return work done: 0 when there was nothing to do.
     */
    public int doWork()
    {
        if (isClosed)
        {
            return 0;
        }

        offersSinceDutyCycle = 0;
        return conductor.doWork(nextSequence - 1, this);
    }

    /**
     * Close the data publication (receivers see the stream end), the control subscription and the store (its files
     * are deleted; receivers keep what they mapped until they release it). Idempotent.
     */
    public void close()
    {
        if (!isClosed)
        {
            isClosed = true;
            if (null != streamer)
            {
                streamer.clear();
            }
            receivers.closePositions();
            CloseHelper.closeAll(counters, publication, controlSubscription, store);
        }
    }

    ReceiverTable receivers()
    {
        return receivers;
    }

    FreightCounters counters()
    {
        return counters;
    }

    /**
     * The adapter every control-stream message goes through: what the fuzz and hostile-input tests drive directly.
     *
     * @return this publication's control-stream adapter.
     */
    ControlStreamAdapter controlStreamAdapter()
    {
        return conductor.controlStreamAdapter();
    }

    /**
     * Has this publication been closed?
     *
     * @return true once closed.
     */
    public boolean isClosed()
    {
        return isClosed;
    }

    /**
     * Has the Aeron client closed this publication's streams underneath it, while it was still open? Aeron's client
     * does that to everything it holds when its media driver stops answering for {@code aeron.driver.timeout}
     * (10 s by default: the driver died or was stopped), or when the client itself is closed; offers then return
     * {@link #CLOSED}.
     *
     * @return true once the data stream was closed by the client and not by {@link #close()}.
     */
    public boolean isClosedByClient()
    {
        return !isClosed && publication.isClosed();
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "PayloadPublication{streamId=" + streamId + ", sessionId=" + sessionId +
            ", receivers=" + receiverCount() + ", nextSequence=" + nextSequence + ", inFlight=" + inFlight() +
            ", store=" + store.storeId() + '}';
    }

    long commitClaim(final PayloadClaim claim)
    {
        checkOpenClaim(claim);
        openClaim = null;
        if (claim.isInline())
        {
            inlineAppender.commit();
            return nextSequence++;
        }

        return publishStored();
    }

    void abortClaim(final PayloadClaim claim)
    {
        checkOpenClaim(claim);
        openClaim = null;
        if (claim.isInline())
        {
            inlineAppender.abort();
        }
        else
        {
            appender.release();
        }
    }

    private void checkOpenClaim(final PayloadClaim claim)
    {
        if (openClaim != claim)
        {
            throw new IllegalStateException("this claim is not open on this publication (committed or aborted already)");
        }
    }

    private long beginOffer(final long length)
    {
        // The common case first, in one test: open, no claim open, receivers attached, no duty cycle due, no
        // capacity in messages, and a length that is inline or fits the store. Anything else is sorted out below.
        if (!isClosed && null == openClaim && 0 != receivers.attachedMask() && 0 == maxUnacked &&
            ++offersSinceDutyCycle < OFFERS_PER_DUTY_CYCLE &&
            (inlineAppender.isInline(length) || length <= store.maxPayloadLength()))
        {
            return 0;
        }

        return beginOfferChecked(length);
    }

    private long beginOfferChecked(final long length)
    {
        if (isClosed)
        {
            return CLOSED;
        }
        if (null != openClaim)
        {
            throw new IllegalStateException("a claim is open: commit or abort it before the next offer or claim");
        }
        if (!inlineAppender.isInline(length) && length > store.maxPayloadLength())
        {
            throw new IllegalArgumentException("payload of " + length + " bytes is longer than this publication's " +
                "store can ever hold (" + store.maxPayloadLength() + " bytes): raise " +
                io.freight.store.PayloadStore.Context.MAX_STORE_LENGTH_PROP_NAME);
        }

        if (0 == receivers.attachedMask() || ++offersSinceDutyCycle >= OFFERS_PER_DUTY_CYCLE)
        {
            doWork();
            if (0 == receivers.attachedMask())
            {
                return publication.isClosed() ? CLOSED : NOT_CONNECTED;
            }
        }
        if (maxUnacked > 0 && unacked() >= maxUnacked)
        {
            doWork();
            if (unacked() >= maxUnacked)
            {
                return BACK_PRESSURED;
            }
        }

        return 0;
    }

    private long accepted(final long result)
    {
        return result >= 0 ? nextSequence++ : result;
    }

    private long publishStored()
    {
        if (null != streamer)
        {
            final long result = accepted(appender.enqueue(nextSequence, receivers.attachedMask()));
            streamer.send(CHUNKS_PER_DUTY_CYCLE);
            return result;
        }

        return accepted(appender.publish(nextSequence, receivers.attachedMask()));
    }

    // Network mode: an inline payload may go only once every queued stored payload went out whole, for nothing of
    // another payload may come between the chunks of one (PROTOCOL.md 5.8). Pushes the queue first.
    private boolean isStreamIdle()
    {
        if (null == streamer || streamer.isEmpty())
        {
            return true;
        }
        streamer.send(CHUNKS_PER_DUTY_CYCLE);

        return streamer.isEmpty();
    }

    private static void checkBounds(final int offset, final int length, final int capacity)
    {
        if (offset < 0 || length < 0 || offset > capacity - length)
        {
            throw new IndexOutOfBoundsException(
                "payload [" + offset + ", +" + length + ") is outside a buffer of " + capacity + " bytes");
        }
    }
}
