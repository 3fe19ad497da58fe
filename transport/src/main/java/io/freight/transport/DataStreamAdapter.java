/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.ControlledFragmentAssembler;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.freight.codecs.HeartbeatDecoder;
import io.freight.codecs.InlinePayloadDecoder;
import io.freight.codecs.MessageHeaderDecoder;
import io.freight.codecs.PayloadChunkDecoder;
import io.freight.codecs.PayloadDescriptorDecoder;
import io.freight.codecs.ReceiverAttachDecoder;
import io.freight.codecs.SegmentAnnounceDecoder;
import io.freight.codecs.StoreAnnounceDecoder;
import io.freight.schema.MessageValidator;
import io.freight.store.InvalidRegionException;
import io.freight.store.StoreMetaFile;
import io.freight.store.StoreReader;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * What arrives on a receiver's data stream, decoded and acted on: payload descriptors and inline payloads are handed
 * to the handler of the poll, store and segment announcements open and map the sender's store, the attach echo
 * attaches this receiver to its sender. Each message is first checked by {@link MessageValidator} (schema id,
 * template, lengths), then dispatched to the {@link SenderImage} of the session it came in. A message that fails is
 * counted under its reason and dropped, and the stream goes on; a rejected descriptor is also released, so that the
 * sender can recycle its region. Each reason goes to the context's error handler through a {@link RejectionLog}:
 * the first occurrence, then at most once per {@link RejectionLog#REPORT_INTERVAL_NS}, with no allocation.
 * <p>
 * Decoders and the handler's {@link Payload} are flyweights, wrapped per message: allocates nothing, whatever arrives.
 * Not thread-safe: the subscription's polling thread owns it.
 */
final class DataStreamAdapter implements FragmentHandler
{
    /**
     * Rejection reasons of this stream, for its {@link RejectionLog}: 1 to
     * {@link MessageValidator#REJECTION_REASONS} are the validator's (negated), then the data stream's own.
     */
    static final int NOT_A_DATA_STREAM_MESSAGE = MessageValidator.REJECTION_REASONS + 1;
    static final int INLINE_PAYLOAD_TOO_LONG = NOT_A_DATA_STREAM_MESSAGE + 1;
    static final int STORE_ANNOUNCE_REFUSED = INLINE_PAYLOAD_TOO_LONG + 1;
    static final int SEGMENT_ANNOUNCE_REFUSED = STORE_ANNOUNCE_REFUSED + 1;
    static final int DESCRIPTOR_WITHOUT_STORE = SEGMENT_ANNOUNCE_REFUSED + 1;
    static final int CHECKSUM_MISMATCH = DESCRIPTOR_WITHOUT_STORE + 1;
    static final int SEQUENCE_GAP = CHECKSUM_MISMATCH + 1;
    static final int WRONG_MODE = SEQUENCE_GAP + 1;
    static final int CHUNK_PAYLOAD_TOO_LONG = WRONG_MODE + 1;
    static final int CHUNK_OVERRUNS_PAYLOAD = CHUNK_PAYLOAD_TOO_LONG + 1;
    static final int CHUNK_OUT_OF_ORDER = CHUNK_OVERRUNS_PAYLOAD + 1;
    static final int INVALID_REGION = CHUNK_OUT_OF_ORDER + 1; // + InvalidRegionException.Reason's ordinal

    private static final int INLINE_SEQUENCE_OFFSET =
        MessageValidator.HEADER_LENGTH + InlinePayloadDecoder.sequenceEncodingOffset();

    private static final InvalidRegionException.Reason[] REGION_REASONS = InvalidRegionException.Reason.values();
    private static final String[] REASON_TEXTS = reasonTexts();

    private final Freight.Context ctx;
    private final Subscription subscription;
    private final long receiverId;
    private final SenderImages senderImages;
    private final Payload payload;
    private final FragmentAssembler assembler = new FragmentAssembler(this);
    private final ControlledFragmentAssembler controlledAssembler =
        new ControlledFragmentAssembler(this::onControlledFragment);
    private final PayloadChunkDecoder chunkDecoder = new PayloadChunkDecoder();
    private final ChunkAssembler chunkAssembler;
    private final boolean isNetwork;
    private final int inlineThreshold;
    private boolean isAborting;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final PayloadDescriptorDecoder descriptorDecoder = new PayloadDescriptorDecoder();
    private final InlinePayloadDecoder inlineDecoder = new InlinePayloadDecoder();
    private final SegmentAnnounceDecoder segmentAnnounceDecoder = new SegmentAnnounceDecoder();
    private final StoreAnnounceDecoder storeAnnounceDecoder = new StoreAnnounceDecoder();
    private final ReceiverAttachDecoder attachDecoder = new ReceiverAttachDecoder();
    private final RejectionLog rejectionLog;

    private PayloadHandler handler;
    private long clockNs;
    private long payloadsDelivered;
    private long rejectedDescriptors;
    private long invalidMessages;
    private long storeErrors;
    private long skippedBeforeAttach;
    private long sequenceGaps;
    private long checksumFailures;

    /**
     * @param ctx          for the store root, checksums and the oversize idle timeout.
     * @param subscription the data stream.
     * @param receiverId   this receiver's id, to know its own attach echo.
     * @param senderImages the senders, by session id.
     * @param payload      the flyweight handed to handlers.
     */
    DataStreamAdapter(
        final Freight.Context ctx,
        final Subscription subscription,
        final long receiverId,
        final SenderImages senderImages,
        final Payload payload)
    {
        this(ctx, subscription, receiverId, senderImages, payload, null);
    }

    /**
     * @param ctx          the receiver's context.
     * @param subscription the data stream, or null when messages are fed through {@code onMessage}.
     * @param receiverId   of the receiver.
     * @param senderImages the senders seen.
     * @param payload      the flyweight handed to handlers.
     * @param localStore   network mode: the receiver's own store, that chunks are written into; null on one host.
     */
    DataStreamAdapter(
        final Freight.Context ctx,
        final Subscription subscription,
        final long receiverId,
        final SenderImages senderImages,
        final Payload payload,
        final io.freight.store.PayloadStore localStore)
    {
        this.isNetwork = null != localStore;
        this.inlineThreshold = ctx.inlineThreshold();
        this.chunkAssembler = null == localStore ? null : new ChunkAssembler(localStore);
        this.ctx = ctx;
        this.subscription = subscription;
        this.receiverId = receiverId;
        this.senderImages = senderImages;
        this.payload = payload;
        this.rejectionLog = new RejectionLog(
            ctx.errorHandler(),
            "data stream " + (null == subscription ? "" : subscription.streamId() + " ") + "of receiver " + receiverId,
            REASON_TEXTS,
            RejectionLog.REPORT_INTERVAL_NS);
    }

    /**
     * Read up to {@code fragmentLimit} fragments of the data stream, reassembled into messages, and act on each.
     *
     * @param handler       for each payload delivered.
     * @param fragmentLimit most fragments to read.
     * @return fragments read.
     */
    int poll(final PayloadHandler handler, final int fragmentLimit)
    {
        this.handler = handler;
        try
        {
            return isNetwork ? subscription.controlledPoll(controlledAssembler, fragmentLimit) :
                subscription.poll(assembler, fragmentLimit);
        }
        finally
        {
            this.handler = null;
        }
    }

    /**
     * Is a poll (or {@link #onMessage}) running, its handler installed? A release on the polling thread outside one
     * has no later step of this poll to be acked by.
     *
     * @return true while messages are being dispatched.
     */
    boolean isDispatching()
    {
        return null != handler;
    }

    /**
     * The subscription's clock as last read, for the oversize segments' idle times.
     *
     * @param nowNs {@link System#nanoTime()} of the latest read.
     */
    void clockNs(final long nowNs)
    {
        this.clockNs = nowNs;
    }

    /**
     * {@inheritDoc}
     */
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        dispatch(buffer, offset, length, header.sessionId());
    }

    /**
     * Decode, validate and act on one whole message of a data stream session, as if a poll had read it: what every
     * fragment goes through, for a caller that has the message without Aeron (the fuzz tests).
     *
     * @param buffer    holding the message.
     * @param offset    of its header.
     * @param length    of the message.
     * @param sessionId of the sender's session it came in.
     * @param handler   for a payload it delivers.
     */
    void onMessage(
        final DirectBuffer buffer, final int offset, final int length, final int sessionId, final PayloadHandler handler)
    {
        this.handler = handler;
        try
        {
            dispatch(buffer, offset, length, sessionId);
        }
        finally
        {
            this.handler = null;
            isAborting = false; // fed by hand: there is no poll to leave the message in the stream for
        }
    }

    /**
     * Payloads handed to a handler.
     *
     * @return count.
     */
    long payloadsDelivered()
    {
        return payloadsDelivered;
    }

    /**
     * Descriptors rejected by validation (bad bounds, stale generation, unknown segment, no store, bad checksum).
     *
     * @return count.
     */
    long rejectedDescriptors()
    {
        return rejectedDescriptors;
    }

    /**
     * Messages that failed the wire-format check (schema, template, lengths), that do not belong on a data stream, or
     * inline payloads longer than this receiver's inline threshold.
     *
     * @return count.
     */
    long invalidMessages()
    {
        return invalidMessages;
    }

    /**
     * Store or segment announcements that could not be acted on.
     *
     * @return count.
     */
    long storeErrors()
    {
        return storeErrors;
    }

    /**
     * Payloads of a sender that had not yet confirmed this receiver's attach.
     *
     * @return count.
     */
    long skippedBeforeAttach()
    {
        return skippedBeforeAttach;
    }

    /**
     * Payloads whose sequence did not follow the previous one of the same sender.
     *
     * @return count.
     */
    long sequenceGaps()
    {
        return sequenceGaps;
    }

    /**
     * Stored payloads whose CRC32C did not match their descriptor.
     *
     * @return count.
     */
    long checksumFailures()
    {
        return checksumFailures;
    }

    /**
     * The log that reports this stream's rejections to the context's error handler, rate-limited per reason.
     *
     * @return the log.
     */
    RejectionLog rejectionLog()
    {
        return rejectionLog;
    }

    private ControlledFragmentHandler.Action onControlledFragment(
        final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        dispatch(buffer, offset, length, header.sessionId());
        if (isAborting)
        {
            isAborting = false;
            return ControlledFragmentHandler.Action.ABORT;
        }

        return ControlledFragmentHandler.Action.CONTINUE;
    }

    private void dispatch(final DirectBuffer buffer, final int offset, final int length, final int sessionId)
    {
        final SenderImage image = senderImages.image(sessionId);
        image.lastHeardNs = clockNs;
        if (!isNetwork && MessageValidator.isInlinePayload(buffer, offset, length))
        {
            // The most frequent message, whole and in this version's layout: its fields are at fixed offsets. Kept
            // apart from the switch below, which is too large for the JIT to inline into the poll's loop.
            onInline(
                image,
                buffer,
                buffer.getLong(offset + INLINE_SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN),
                offset + MessageValidator.INLINE_PAYLOAD_FIXED_LENGTH,
                length - MessageValidator.INLINE_PAYLOAD_FIXED_LENGTH);
        }
        else
        {
            dispatchChecked(buffer, offset, length, image);
        }
    }

    private void dispatchChecked(final DirectBuffer buffer, final int offset, final int length, final SenderImage image)
    {
        final int templateId = MessageValidator.check(buffer, offset, length);
        if (templateId < 0)
        {
            invalidMessages++;
            rejectionLog.onRejected(-templateId, clockNs);
            return;
        }

        if (isNetwork)
        {
            dispatchNetwork(templateId, buffer, offset, image);
            return;
        }

        switch (templateId)
        {
            case PayloadDescriptorDecoder.TEMPLATE_ID:
                descriptorDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                onDescriptor(image);
                break;

            case InlinePayloadDecoder.TEMPLATE_ID: // of another layout: another version or block length
                inlineDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                onInline(image, buffer);
                break;

            case SegmentAnnounceDecoder.TEMPLATE_ID:
                segmentAnnounceDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                onSegmentAnnounce(image);
                break;

            case StoreAnnounceDecoder.TEMPLATE_ID:
                storeAnnounceDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                onStoreAnnounce(image);
                break;

            case ReceiverAttachDecoder.TEMPLATE_ID:
                attachDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                if (attachDecoder.receiverId() == receiverId)
                {
                    image.onAttachConfirmed(receiverId);
                }
                break;

            case PayloadChunkDecoder.TEMPLATE_ID:
            case HeartbeatDecoder.TEMPLATE_ID:
                invalidMessages++;
                rejectionLog.onRejected(WRONG_MODE, clockNs);
                break;

            default:
                invalidMessages++;
                rejectionLog.onRejected(NOT_A_DATA_STREAM_MESSAGE, clockNs);
        }
    }

    // Network mode (PROTOCOL.md 5.8): payload bytes come in chunks into this receiver's own store; the store messages
    // of one host have no meaning here.
    private void dispatchNetwork(final int templateId, final DirectBuffer buffer, final int offset, final SenderImage image)
    {
        switch (templateId)
        {
            case PayloadChunkDecoder.TEMPLATE_ID:
                chunkDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                onChunk(image, buffer);
                break;

            case InlinePayloadDecoder.TEMPLATE_ID:
                inlineDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                if (image.isAssembling)
                {
                    // Nothing of another payload comes between the chunks of one: the assembled one is broken.
                    image.abandonChunks();
                    invalidMessages++;
                    rejectionLog.onRejected(CHUNK_OUT_OF_ORDER, clockNs);
                }
                onInline(image, buffer);
                break;

            case ReceiverAttachDecoder.TEMPLATE_ID:
                attachDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                if (attachDecoder.receiverId() == receiverId)
                {
                    image.isAttached = true;
                }
                break;

            case HeartbeatDecoder.TEMPLATE_ID:
                break; // its arrival was the point: image.lastHeardNs

            case PayloadDescriptorDecoder.TEMPLATE_ID:
            case SegmentAnnounceDecoder.TEMPLATE_ID:
            case StoreAnnounceDecoder.TEMPLATE_ID:
                invalidMessages++;
                rejectionLog.onRejected(WRONG_MODE, clockNs);
                break;

            default:
                invalidMessages++;
                rejectionLog.onRejected(NOT_A_DATA_STREAM_MESSAGE, clockNs);
        }
    }

    private void onChunk(final SenderImage image, final DirectBuffer buffer)
    {
        final long sequence = chunkDecoder.sequence();
        final int bytesLength = chunkDecoder.bytesLength();
        final int bytesOffset = chunkDecoder.limit() + PayloadChunkDecoder.bytesHeaderLength();
        final int result = chunkAssembler.onChunk(
            image, sequence, chunkDecoder.payloadLength(), chunkDecoder.chunkOffset(), buffer, bytesOffset, bytesLength);
        switch (result)
        {
            case ChunkAssembler.CONSUMED:
                break;

            case ChunkAssembler.COMPLETE:
                payload.view.wrap(image.chunkRegion);
                image.chunkRegion.reset();
                payload.wrapStored(image, sequence);
                deliver(image);
                break;

            case ChunkAssembler.NO_ROOM:
                image.lastHeardNs = clockNs; // this receiver holds the sender back, not the other way round
                isAborting = true;
                break;

            case ChunkAssembler.SKIPPED:
                if (0 == chunkDecoder.chunkOffset())
                {
                    skippedBeforeAttach++;
                }
                break;

            case ChunkAssembler.SEQUENCE_GAP:
                sequenceGaps++;
                rejectionLog.onRejected(SEQUENCE_GAP, clockNs);
                break;

            default:
                invalidMessages++;
                rejectionLog.onRejected(chunkRejection(result), clockNs);
        }
    }

    private static int chunkRejection(final int result)
    {
        switch (result)
        {
            case ChunkAssembler.PAYLOAD_TOO_LONG:
                return CHUNK_PAYLOAD_TOO_LONG;
            case ChunkAssembler.CHUNK_OVERRUNS_PAYLOAD:
                return CHUNK_OVERRUNS_PAYLOAD;
            default:
                return CHUNK_OUT_OF_ORDER;
        }
    }

    private void onDescriptor(final SenderImage image)
    {
        if (!image.isAttached)
        {
            skippedBeforeAttach++;
            return;
        }

        final long sequence = descriptorDecoder.sequence();
        if (!image.onDelivered(sequence))
        {
            sequenceGaps++;
            rejectionLog.onRejected(SEQUENCE_GAP, clockNs);
            return;
        }

        final StoreReader reader = image.reader;
        if (null == reader)
        {
            rejectedDescriptors++;
            rejectionLog.onRejected(DESCRIPTOR_WITHOUT_STORE, clockNs);
            image.onReleasedInOrder(sequence, true);
            return;
        }

        final int invalidReason = reader.tryView(
            descriptorDecoder.segmentId(),
            descriptorDecoder.regionOffset(),
            descriptorDecoder.payloadLength(),
            descriptorDecoder.generation(),
            payload.view);
        if (StoreReader.VALID != invalidReason)
        {
            rejectedDescriptors++;
            rejectionLog.onRejected(INVALID_REGION + invalidReason, clockNs);
            image.onReleasedInOrder(sequence, true);
            return;
        }

        payload.wrapStored(image, sequence);
        if (ctx.checksums() && descriptorDecoder.flags().checksumPresent() &&
            payload.view.computeChecksum() != (int)descriptorDecoder.checksum())
        {
            checksumFailures++;
            rejectedDescriptors++;
            rejectionLog.onRejected(CHECKSUM_MISMATCH, clockNs);
            image.onReleasedInOrder(sequence, true);
            image.onPayloadDone(payload, clockNs, ctx.oversizeIdleTimeoutNs());
            payload.reset();
            return;
        }

        deliver(image);
    }

    private void onInline(final SenderImage image, final DirectBuffer buffer)
    {
        final int payloadLength = inlineDecoder.payloadLength();
        final int payloadOffset = inlineDecoder.limit() + InlinePayloadDecoder.payloadHeaderLength();
        onInline(image, buffer, inlineDecoder.sequence(), payloadOffset, payloadLength);
    }

    private void onInline(
        final SenderImage image,
        final DirectBuffer buffer,
        final long sequence,
        final int payloadOffset,
        final int payloadLength)
    {
        if (!image.isAttached)
        {
            skippedBeforeAttach++;
            return;
        }

        if (!image.onDelivered(sequence))
        {
            sequenceGaps++;
            rejectionLog.onRejected(SEQUENCE_GAP, clockNs);
            return;
        }

        // Longer than this receiver's own inline threshold, it would not fit a retained inline payload's copy
        // (PROTOCOL.md 4.5). Its sequence is taken, so the stream goes on; inline, it holds nothing at the sender.
        if (payloadLength > inlineThreshold)
        {
            invalidMessages++;
            rejectionLog.onRejected(INLINE_PAYLOAD_TOO_LONG, clockNs);
            return;
        }

        payload.wrapInline(image, sequence, buffer, payloadOffset, payloadLength);
        deliver(image);
    }

    private void deliver(final SenderImage image)
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
            // An inline payload holds nothing to give back: its release is its sequence, in the cumulative ack.
            if (isStored && Payload.IN_HANDLER == payload.state())
            {
                image.onReleasedInOrder(sequence, true);
                image.onPayloadDone(payload, clockNs, ctx.oversizeIdleTimeoutNs());
            }
            payload.reset();
        }
    }

    private void onSegmentAnnounce(final SenderImage image)
    {
        final long segmentLength = segmentAnnounceDecoder.segmentLength();
        final int segmentId = segmentAnnounceDecoder.segmentId();
        final int kind = segmentAnnounceDecoder.kindRaw();
        final String fileName = segmentAnnounceDecoder.fileName();
        if (!image.onSegmentAnnounce(segmentId, kind, segmentLength, fileName, clockNs, ctx.oversizeIdleTimeoutNs()))
        {
            storeErrors++;
            rejectionLog.onRejected(SEGMENT_ANNOUNCE_REFUSED, clockNs);
        }
    }

    private void onStoreAnnounce(final SenderImage image)
    {
        if (storeAnnounceDecoder.layoutVersion() != StoreMetaFile.LAYOUT_VERSION ||
            !image.onStoreAnnounce(ctx.storeRoot(), storeAnnounceDecoder.storeId()))
        {
            storeErrors++;
            rejectionLog.onRejected(STORE_ANNOUNCE_REFUSED, clockNs);
        }
    }

    private static String[] reasonTexts()
    {
        final String[] texts = RejectionLog.reasonTable(INVALID_REGION + REGION_REASONS.length);
        texts[NOT_A_DATA_STREAM_MESSAGE] = "a control-stream message (Ack, ReceiverDetach) on the data stream";
        texts[INLINE_PAYLOAD_TOO_LONG] = "an InlinePayload longer than this receiver's " +
            Freight.Context.INLINE_THRESHOLD_PROP_NAME + " (the sender's must not be larger)";
        texts[STORE_ANNOUNCE_REFUSED] = "a StoreAnnounce of another layout, of a store that cannot be opened, " +
            "or of another store than the session's";
        texts[SEGMENT_ANNOUNCE_REFUSED] = "a SegmentAnnounce that could not be mapped";
        texts[DESCRIPTOR_WITHOUT_STORE] = "a PayloadDescriptor of a session with no store open";
        texts[CHECKSUM_MISMATCH] = "a stored payload whose CRC32C does not match its descriptor";
        texts[SEQUENCE_GAP] = "a payload whose sequence does not follow the previous one of its sender";
        texts[WRONG_MODE] = "a message of the other mode: store messages on a network stream, or PayloadChunk and " +
            "Heartbeat on an IPC one (sender and receiver must agree on " + Freight.Context.CHANNEL_PROP_NAME + ")";
        texts[CHUNK_PAYLOAD_TOO_LONG] = "a PayloadChunk declaring a payload longer than this receiver's store can " +
            "ever hold (raise its " + io.freight.store.PayloadStore.Context.MAX_STORE_LENGTH_PROP_NAME + ")";
        texts[CHUNK_OVERRUNS_PAYLOAD] = "a PayloadChunk whose bytes run past its payload's declared length";
        texts[CHUNK_OUT_OF_ORDER] = "a PayloadChunk (or InlinePayload) that does not follow the previous chunk of " +
            "the payload being assembled";
        for (final InvalidRegionException.Reason reason : REGION_REASONS)
        {
            texts[INVALID_REGION + reason.ordinal()] = "a PayloadDescriptor rejected by the store checks: " + reason;
        }

        return texts;
    }
}
