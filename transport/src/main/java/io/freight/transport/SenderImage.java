/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.PayloadStore;
import io.freight.store.PayloadView;
import io.freight.store.ReceiverPosition;
import io.freight.store.Region;
import io.freight.store.StoreSegmentKind;
import io.freight.store.StoreReader;
import org.agrona.CloseHelper;
import org.agrona.collections.Int2IntCounterMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The receiver's image of one sender (one Aeron session on the data stream), as Aeron's {@code Image} is a
 * subscriber's view of one publisher: the sender's store as this receiver maps it, whether this receiver is attached
 * to it, its liveness, and the ack state: the cumulative sequence released and the stored payloads released out of
 * order since the last ack.
 * <p>
 * Kept by {@link SenderImages}; a few small collections per sender, reused for the sender's lifetime, so steady state
 * allocates nothing. Not thread-safe: the subscription's polling thread owns it.
 */
final class SenderImage
{
    /**
     * Inline payloads acked together while the stream keeps the receiver busy, without a shared-memory position.
     */
    static final int INLINE_ACK_BATCH = 256;

    /**
     * How long a caught-up receiver may hold an ack for inline payloads alone, without a shared-memory position.
     */
    static final long INLINE_ACK_DELAY_NS = 20_000;

    final int sessionId;
    StoreReader reader;
    ReceiverPosition position;
    long positionWritten = ReceiverPosition.NO_POSITION;
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

    // Network mode: the receiver's own store the chunks are written into, the payload being assembled, and when the
    // sender was last heard from.
    final PayloadStore localStore;
    final Region chunkRegion;
    boolean isAssembling;
    long chunkSequence;
    long chunkNextOffset;
    long discardSequence = Long.MIN_VALUE;
    long lastHeardNs;

    SenderImage(final int sessionId)
    {
        this(sessionId, null, 0);
    }

    SenderImage(final int sessionId, final PayloadStore localStore, final long nowNs)
    {
        this.sessionId = sessionId;
        this.localStore = localStore;
        this.chunkRegion = null == localStore ? null : new Region();
        this.lastHeardNs = nowNs;
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

    /**
     * The payload just delivered is retained past its handler: the cumulative ack stops below it until it is
     * released, and an oversize segment it lies in stays mapped.
     *
     * @param payload the handler's payload, still wrapped.
     */
    void onRetained(final Payload payload)
    {
        retained.addLong(payload.sequence);
        if (payload.isOversize())
        {
            retainedBySegment.incrementAndGet(payload.view.segmentId());
        }
    }

    /**
     * A retained payload is released.
     *
     * @param payload the retained payload, still wrapped.
     */
    void onRetainedReleased(final Payload payload)
    {
        onRetainedReleased(payload.sequence, !payload.isInline);
        if (payload.isOversize())
        {
            retainedBySegment.decrementAndGet(payload.view.segmentId());
        }
    }

    private void onRetainedReleased(final long sequence, final boolean isStored)
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
     * The sender confirmed this receiver's attach. On one host, map the position file it made for this receiver,
     * through which cumulative acks go from now on; a sender that made none is acked by message alone.
     *
     * @param receiverId of this receiver.
     */
    void onAttachConfirmed(final long receiverId)
    {
        isAttached = true;
        if (null != reader && null == localStore)
        {
            // Every echo naming this receiver follows a registration, for which the sender made the position file
            // anew: a receiver let go and taken back while alive must write the new file, which the sender reads,
            // not the one it had, which nobody reads any more (acks of in-order progress go through it alone).
            CloseHelper.quietClose(position);
            positionWritten = ReceiverPosition.NO_POSITION;
            try
            {
                position = ReceiverPosition.open(reader.directory(), receiverId);
            }
            catch (final IOException ex)
            {
                position = null; // an older sender, or one that could not make the file: Ack messages carry it all
            }
        }
    }

    /**
     * Store the cumulative release in the shared-memory position, if there is one and it moved: what lets the
     * sender recycle regions without an ack message. Cost: a comparison, and a release store when it moved.
     */
    void writePosition()
    {
        if (null != position && hasDelivered && isAttached)
        {
            final long cumulative = cumulative();
            if (cumulative > positionWritten)
            {
                positionWritten = cumulative;
                position.position(cumulative);
            }
        }
    }

    /**
     * Is an ack message owed to the sender now? With a shared-memory position, cumulative progress of any kind goes
     * through it alone ({@link #writePosition()}, after every poll that moved it): a message is owed only for the
     * first ack and for out-of-order releases, which a position, only cumulative, cannot carry. Without one (across
     * hosts, or a position that could not be opened), released regions are acked at once, so the sender can reuse
     * them; progress over inline payloads alone (they hold nothing at the sender, acks only advance its accounting)
     * when a batch of payloads is pending, or once this receiver has caught up with the stream and the last ack is
     * older than a short delay: a stream of small payloads then costs the sender one ack per batch, not one per poll.
     * Out-of-order releases always go by message.
     *
     * @param isEager   ack any progress now (by position, when there is one).
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

        if (Long.MIN_VALUE == cumulativeAcked)
        {
            return true;
        }
        if (null != position)
        {
            return false; // the position carries it, read by the sender's duty cycle: no message to offer and poll
        }

        return isEager || hasStoredRelease || cumulative - cumulativeAcked >= INLINE_ACK_BATCH ||
            (isCaughtUp && nowNs - lastAckNs >= INLINE_ACK_DELAY_NS);
    }

    boolean canClose()
    {
        return isGone && retained.isEmpty();
    }

    /**
     * Drop the out-of-order releases that the cumulative sequence now covers, before they are acked.
     *
     * @param cumulative the sequence the next ack carries.
     */
    void pruneReleasedUpTo(final long cumulative)
    {
        final LongArrayList sequences = releasedOutOfOrder;
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

    /**
     * An ack went out: it carried {@code cumulative} and the first {@code releasedCount} out-of-order releases.
     *
     * @param cumulative    sequence acked.
     * @param releasedCount out-of-order releases the ack listed, now forgotten.
     * @param nowNs         when the ack was sent.
     */
    void onAckSent(final long cumulative, final int releasedCount, final long nowNs)
    {
        for (int i = releasedCount - 1; i >= 0; i--)
        {
            releasedOutOfOrder.removeAt(i);
        }
        cumulativeAcked = cumulative;
        hasStoredRelease = false;
        lastAckNs = nowNs;
    }

    /**
     * The sender announced its store: open it, unless one is open already. A sender session has one store
     * (PROTOCOL.md 4.2): a repeated announcement of the same store is a no-op, and one naming another store is
     * refused, the store already open kept, so that its mapped ring and the payloads read from it stay valid.
     *
     * @param storeRoot the root the stores live under.
     * @param storeId   the announced store.
     * @return false if the store could not be opened, or names another store than the open one (a store error).
     */
    boolean onStoreAnnounce(final Path storeRoot, final String storeId)
    {
        if (null != reader)
        {
            return reader.storeId().equals(storeId);
        }

        try
        {
            reader = StoreReader.open(storeRoot, storeId);
            return true;
        }
        catch (final IllegalArgumentException | UncheckedIOException ex)
        {
            return false;
        }
    }

    /**
     * The sender announced a segment of its store: map it (read-only), ignoring it if no store is open or if it is an
     * oversize segment announced before the attach was confirmed (it holds a payload that is not this receiver's).
     *
     * @param segmentId     announced.
     * @param kind          raw {@link StoreSegmentKind}: anything but {@link StoreSegmentKind#RING} is taken as oversize.
     * @param segmentLength announced.
     * @param fileName      relative to the store directory; the reader refuses one that leaves it.
     * @param nowNs         the subscription's clock.
     * @param idleTimeoutNs how long an unused oversize segment stays mapped.
     * @return false if the segment could not be mapped (a store error), true otherwise.
     */
    boolean onSegmentAnnounce(
        final int segmentId,
        final int kind,
        final long segmentLength,
        final String fileName,
        final long nowNs,
        final long idleTimeoutNs)
    {
        if (null == reader || (!isAttached && StoreSegmentKind.RING != kind))
        {
            return true;
        }

        try
        {
            if (StoreSegmentKind.RING != kind && !reader.isMapped(segmentId))
            {
                unmapIdleSegments(nowNs, idleTimeoutNs); // what the sender gave back goes before a new mapping comes
            }
            final int storeKind = kind == StoreSegmentKind.RING ? StoreSegmentKind.RING : StoreSegmentKind.OVERSIZE;
            reader.mapSegment(segmentId, storeKind, segmentLength, fileName);
            if (StoreSegmentKind.RING != kind)
            {
                oversizeLastUsedNs.put(segmentId, nowNs);
            }
            return true;
        }
        catch (final IllegalArgumentException | UncheckedIOException ex)
        {
            return false;
        }
    }

    // A released oversize segment stays mapped: the sender keeps it for the next payload that fits and announces it
    // again before that payload, so mapping it once serves many payloads. It is unmapped once the sender no longer
    // lists it (it gave it back: the mapping alone would keep its pages alive), or once idle as long as the sender
    // keeps an idle segment (at once when that is 0), and never while a retained payload reads from it. So what a
    // receiver maps is what its sender's store holds, plus what retained payloads pin.

    /**
     * A payload of this sender is done with (its handler returned, or it was released): if it lay in an oversize
     * segment, unmap that segment now when idle segments are not kept, or note it as used now.
     *
     * @param payload       done with, still wrapped.
     * @param nowNs         the subscription's clock.
     * @param idleTimeoutNs how long an unused oversize segment stays mapped; 0 for not at all.
     */
    void onPayloadDone(final Payload payload, final long nowNs, final long idleTimeoutNs)
    {
        if (null != localStore)
        {
            // Network mode: the payload was in this receiver's own store; its region is free again.
            if (!payload.isInline && !localStore.isClosed())
            {
                final PayloadView view = payload.view;
                localStore.release(view.segmentId(), view.regionOffset(), view.generation());
            }
            return;
        }

        if (payload.isOversize())
        {
            final int segmentId = payload.view.segmentId();
            if (0 == idleTimeoutNs)
            {
                unmapUnlessRetained(segmentId);
            }
            else if (null != reader && reader.isMapped(segmentId))
            {
                oversizeLastUsedNs.put(segmentId, nowNs);
            }
        }
    }

    /**
     * Unmap the oversize segments no retained payload reads from that have been idle for the timeout or that the
     * sender no longer lists.
     *
     * @param nowNs         the subscription's clock.
     * @param idleTimeoutNs how long an unused oversize segment stays mapped.
     * @return segments unmapped.
     */
    int unmapIdleSegments(final long nowNs, final long idleTimeoutNs)
    {
        int unmapped = 0;
        final Long2LongHashMap.EntryIterator entries = oversizeLastUsedNs.entrySet().iterator();
        while (entries.hasNext())
        {
            entries.next();
            final int segmentId = (int)entries.getLongKey();
            if (0 == retainedBySegment.get(segmentId) &&
                (nowNs - entries.getLongValue() >= idleTimeoutNs || null == reader || !reader.isListed(segmentId)))
            {
                entries.remove();
                if (null != reader)
                {
                    reader.unmapSegment(segmentId);
                }
                unmapped++;
            }
        }

        return unmapped;
    }

    /**
     * Unmap the sender's store.
     */
    /**
     * Network mode: give back the region of a payload whose chunks stopped coming; its sequence stays taken.
     */
    void abandonChunks()
    {
        if (isAssembling)
        {
            isAssembling = false;
            discardSequence = chunkSequence;
            onDelivered(chunkSequence);
            onReleasedInOrder(chunkSequence, true);
            if (!localStore.isClosed())
            {
                localStore.release(chunkRegion.segmentId(), chunkRegion.regionOffset(), chunkRegion.generation());
            }
            chunkRegion.reset();
        }
    }

    void close()
    {
        if (null != localStore)
        {
            abandonChunks();
        }
        CloseHelper.quietClose(position);
        position = null;
        CloseHelper.quietClose(reader);
        reader = null;
    }

    private void unmapUnlessRetained(final int segmentId)
    {
        if (PayloadStore.RING_SEGMENT_ID != segmentId && null != reader && 0 == retainedBySegment.get(segmentId))
        {
            reader.unmapSegment(segmentId);
            oversizeLastUsedNs.remove(segmentId);
        }
    }
}
