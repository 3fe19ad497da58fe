/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.freight.codecs.InlinePayloadDecoder;
import io.freight.codecs.MessageHeaderDecoder;
import io.freight.codecs.PayloadDescriptorDecoder;
import io.freight.codecs.ReceiverAttachDecoder;
import io.freight.codecs.SegmentAnnounceDecoder;
import io.freight.codecs.StoreAnnounceDecoder;
import io.freight.schema.MessageValidator;
import io.freight.schema.ProtocolException;
import io.freight.store.InvalidRegionException;
import io.freight.store.StoreMetaFile;
import io.freight.store.StoreReader;
import org.agrona.DirectBuffer;

/**
 * What arrives on a receiver's data stream, decoded and acted on: payload descriptors and inline payloads are handed
 * to the handler of the poll, store and segment announcements open and map the sender's store, the attach echo
 * attaches this receiver to its sender. Each message is first checked by {@link MessageValidator} (schema id,
 * template, lengths), then dispatched to the {@link SenderImage} of the session it came in. A message that fails is
 * counted under its reason and dropped, and the stream goes on; a rejected descriptor is also released, so that the
 * sender can recycle its region.
 * <p>
 * Decoders and the handler's {@link Payload} are flyweights, wrapped per message: allocates nothing, whatever arrives.
 * Not thread-safe: the subscription's polling thread owns it.
 */
final class DataStreamAdapter implements FragmentHandler
{
    private final Freight.Context ctx;
    private final Subscription subscription;
    private final long receiverId;
    private final SenderImages senderImages;
    private final Payload payload;
    private final FragmentAssembler assembler = new FragmentAssembler(this);
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final PayloadDescriptorDecoder descriptorDecoder = new PayloadDescriptorDecoder();
    private final InlinePayloadDecoder inlineDecoder = new InlinePayloadDecoder();
    private final SegmentAnnounceDecoder segmentAnnounceDecoder = new SegmentAnnounceDecoder();
    private final StoreAnnounceDecoder storeAnnounceDecoder = new StoreAnnounceDecoder();
    private final ReceiverAttachDecoder attachDecoder = new ReceiverAttachDecoder();

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
        this.ctx = ctx;
        this.subscription = subscription;
        this.receiverId = receiverId;
        this.senderImages = senderImages;
        this.payload = payload;
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
            return subscription.poll(assembler, fragmentLimit);
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

    private void dispatch(final DirectBuffer buffer, final int offset, final int length, final int sessionId)
    {
        final SenderImage image = senderImages.image(sessionId);
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
                onDescriptor(image);
                break;

            case InlinePayloadDecoder.TEMPLATE_ID:
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
                    image.isAttached = true;
                }
                break;

            default:
                invalidMessages++;
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
            return;
        }

        final StoreReader reader = image.reader;
        if (null == reader)
        {
            rejectedDescriptors++;
            image.onReleasedInOrder(sequence, true);
            return;
        }

        try
        {
            reader.view(
                descriptorDecoder.segmentId(),
                descriptorDecoder.regionOffset(),
                descriptorDecoder.payloadLength(),
                descriptorDecoder.generation(),
                payload.view);
        }
        catch (final InvalidRegionException ex)
        {
            rejectedDescriptors++;
            image.onReleasedInOrder(sequence, true);
            return;
        }

        payload.wrapStored(image, sequence);
        if (ctx.checksums() && descriptorDecoder.flags().checksumPresent() &&
            payload.view.computeChecksum() != (int)descriptorDecoder.checksum())
        {
            checksumFailures++;
            rejectedDescriptors++;
            image.onReleasedInOrder(sequence, true);
            image.onPayloadDone(payload, clockNs, ctx.oversizeIdleTimeoutNs());
            payload.reset();
            return;
        }

        deliver(image);
    }

    private void onInline(final SenderImage image, final DirectBuffer buffer)
    {
        if (!image.isAttached)
        {
            skippedBeforeAttach++;
            return;
        }

        final long sequence = inlineDecoder.sequence();
        if (!image.onDelivered(sequence))
        {
            sequenceGaps++;
            return;
        }

        // Longer than this receiver's own inline threshold, it would not fit a retained inline payload's copy
        // (PROTOCOL.md 4.5). Its sequence is taken, so the stream goes on; inline, it holds nothing at the sender.
        final int payloadLength = inlineDecoder.payloadLength();
        if (payloadLength > ctx.inlineThreshold())
        {
            invalidMessages++;
            return;
        }

        final int payloadOffset = inlineDecoder.limit() + InlinePayloadDecoder.payloadHeaderLength();
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
            if (Payload.IN_HANDLER == payload.state())
            {
                image.onReleasedInOrder(sequence, isStored);
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
        }
    }

    private void onStoreAnnounce(final SenderImage image)
    {
        if (storeAnnounceDecoder.layoutVersion() != StoreMetaFile.LAYOUT_VERSION)
        {
            storeErrors++;
            return;
        }

        if (!image.onStoreAnnounce(ctx.storeRoot(), storeAnnounceDecoder.storeId()))
        {
            storeErrors++;
        }
    }
}
