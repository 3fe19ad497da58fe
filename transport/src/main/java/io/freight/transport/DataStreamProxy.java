/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.ChannelUri;
import io.aeron.ChannelUriStringBuilder;
import io.aeron.CommonContext;
import io.aeron.DirectBufferVector;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.FrameDescriptor;
import io.aeron.protocol.DataHeaderFlyweight;
import io.freight.codecs.HeartbeatEncoder;
import io.freight.codecs.InlinePayloadEncoder;
import io.freight.codecs.MessageHeaderEncoder;
import io.freight.codecs.PayloadChunkEncoder;
import io.freight.codecs.PayloadDescriptorEncoder;
import io.freight.codecs.ReceiverAttachEncoder;
import io.freight.codecs.SegmentAnnounceEncoder;
import io.freight.codecs.SegmentKind;
import io.freight.codecs.StoreAnnounceEncoder;
import io.freight.schema.MessageValidator;
import io.freight.store.PayloadView;
import io.freight.store.ProcessIdentity;
import io.freight.store.StoreMetaFile;
import io.freight.store.StorePaths;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Encodes and offers on a sender's data stream everything the sender writes there: payload descriptors, inline
 * payloads (offered whole or claimed for the caller to write in place), store and segment announcements and the echo
 * of a receiver's attach. The sender's side of the data stream as Aeron's {@code ControlResponseProxy} is the
 * archive's side of a control response stream.
 * <p>
 * Results are the {@link ExclusivePublication}'s: a new position when positive, else a {@link Publication} code.
 * Descriptors and announcements retry {@link Publication#ADMIN_ACTION} (a term rotation, over in a few hundred
 * nanoseconds) in one place, {@link #claim(int)}; inline offers return it, as an offer of the caller's bytes should.
 * <p>
 * Allocation-free: one {@link BufferClaim}, one flyweight per message type and a scratch header for inline payloads
 * too long for a claim, all reused. Not thread-safe: the publication's thread owns it.
 */
final class DataStreamProxy
{
    /**
     * Bytes of a payload descriptor message, header included.
     */
    static final int DESCRIPTOR_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + PayloadDescriptorEncoder.BLOCK_LENGTH;

    /**
     * Bytes of an inline payload message before its payload: header, block and var-data length.
     */
    static final int INLINE_HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH +
        InlinePayloadEncoder.BLOCK_LENGTH + InlinePayloadEncoder.payloadHeaderLength();

    /**
     * Bytes of a payload chunk message before its bytes: header, block and var-data length.
     */
    static final int CHUNK_HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH +
        PayloadChunkEncoder.BLOCK_LENGTH + PayloadChunkEncoder.bytesHeaderLength();

    /**
     * Window kept for announcements, beyond a descriptor, before a region is claimed: two frames of the longest.
     */
    static final int ANNOUNCE_RESERVE =
        2 * BitUtil.align(DataHeaderFlyweight.HEADER_LENGTH + 64 + StorePaths.MAX_NAME_LENGTH, 32);

    // The InlinePayload's message header is written as one word (MessageValidator.INLINE_PAYLOAD_HEADER, which
    // MessageValidatorTest pins to what the generated encoder writes) instead of four stores.
    private static final int INLINE_SEQUENCE_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + InlinePayloadEncoder.sequenceEncodingOffset();
    private static final int INLINE_LENGTH_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + InlinePayloadEncoder.BLOCK_LENGTH;

    private final ExclusivePublication publication;
    private final BufferClaim bufferClaim = new BufferClaim();
    private final UnsafeBuffer inlineHeader = new UnsafeBuffer(new byte[INLINE_HEADER_LENGTH]);
    private final DirectBufferVector[] inlineVectors = { new DirectBufferVector(), new DirectBufferVector() };
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final PayloadDescriptorEncoder descriptorEncoder = new PayloadDescriptorEncoder();
    private final InlinePayloadEncoder inlineEncoder = new InlinePayloadEncoder();
    private final SegmentAnnounceEncoder segmentAnnounceEncoder = new SegmentAnnounceEncoder();
    private final StoreAnnounceEncoder storeAnnounceEncoder = new StoreAnnounceEncoder();
    private final ReceiverAttachEncoder attachEncoder = new ReceiverAttachEncoder();
    private final PayloadChunkEncoder chunkEncoder = new PayloadChunkEncoder();
    private final HeartbeatEncoder heartbeatEncoder = new HeartbeatEncoder();
    private boolean hasPublished;

    /**
     * @param publication the data stream; its owner closes it.
     */
    DataStreamProxy(final ExclusivePublication publication)
    {
        this.publication = publication;
    }

    /**
     * The channel a sender's data stream is published on: the context's, with the data term length and MTU unless
     * the channel sets them, and min flow control for network fan-out over multi-destination-cast.
     *
     * @param ctx the sender's context.
     * @return the channel URI.
     */
    static String channel(final Freight.Context ctx)
    {
        // What the channel sets itself wins: across hosts its MTU must suit the network's.
        final ChannelUri uri = ChannelUri.parse(ctx.channel());
        final ChannelUriStringBuilder builder = new ChannelUriStringBuilder(ctx.channel());
        if (null == uri.get(CommonContext.TERM_LENGTH_PARAM_NAME))
        {
            builder.termLength(ctx.dataTermLength());
        }
        if (null == uri.get(CommonContext.MTU_LENGTH_PARAM_NAME))
        {
            builder.mtu(ctx.dataMtuLength());
        }
        // Fan-out over multi-destination-cast: Aeron's default flow control follows the fastest receiver and lets a
        // slow one fall off the stream; a payload accepted must reach every receiver, so the slowest sets the pace.
        if (ctx.isNetwork() && null != uri.get(CommonContext.MDC_CONTROL_MODE_PARAM_NAME) &&
            null == uri.get(CommonContext.FLOW_CONTROL_PARAM_NAME))
        {
            builder.flowControl("min");
        }

        return builder.build();
    }

    /**
     * Has the data stream been closed (by its owner, or by Aeron when the client closed)?
     *
     * @return true once closed: every offer on it returns {@link Publication#CLOSED}.
     */
    boolean isClosed()
    {
        return publication.isClosed();
    }

    /**
     * Is there window enough for a descriptor and the announcements that may precede it?
     *
     * @return true if a region claimed now can be published without waiting for the stream.
     */
    boolean hasWindowForDescriptor()
    {
        return publication.availableWindow() >= DESCRIPTOR_LENGTH + ANNOUNCE_RESERVE;
    }

    /**
     * Is there room in the stream's window now for an inline payload of {@code length} bytes, however Aeron
     * fragments it? The publication is exclusive to this thread and its limit only moves forward, so an append
     * checked this way cannot be back-pressured: what a channel offer checks before it reads a byte.
     *
     * @param length of the payload.
     * @return true if the append fits in the window.
     */
    boolean hasWindowForInline(final int length)
    {
        final long messageLength = INLINE_HEADER_LENGTH + (long)length;
        final long fragments = (messageLength + publication.maxPayloadLength() - 1) / publication.maxPayloadLength();
        return publication.availableWindow() >=
            messageLength + fragments * (DataHeaderFlyweight.HEADER_LENGTH + FrameDescriptor.FRAME_ALIGNMENT);
    }

    /**
     * Can an inline payload of this length be claimed in one frame ({@link #tryClaimInline(long, int)})?
     *
     * @param length of the payload.
     * @return true if header and payload fit the stream's maximum payload length.
     */
    boolean canClaimInline(final long length)
    {
        return INLINE_HEADER_LENGTH + length <= publication.maxPayloadLength();
    }

    /**
     * Offer an inline payload: claimed and copied in one frame when it fits one, else offered as a header and the
     * payload in two vectors (Aeron fragments it).
     *
     * @param sequence of the payload.
     * @param buffer   holding the payload.
     * @param offset   of the payload in the buffer.
     * @param length   of the payload.
     * @return the new stream position, or a negative {@link Publication} code.
     */
    long offerInline(final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        final int messageLength = INLINE_HEADER_LENGTH + length;
        long result;
        if (messageLength <= publication.maxPayloadLength())
        {
            result = publication.tryClaim(messageLength, bufferClaim);
            if (result > 0)
            {
                // The encoder's layout, written field by field without it: the hottest path of small payloads.
                final MutableDirectBuffer claimBuffer = bufferClaim.buffer();
                final int claimOffset = bufferClaim.offset();
                claimBuffer.putLong(claimOffset, MessageValidator.INLINE_PAYLOAD_HEADER, ByteOrder.LITTLE_ENDIAN);
                claimBuffer.putLong(claimOffset + INLINE_SEQUENCE_OFFSET, sequence, ByteOrder.LITTLE_ENDIAN);
                claimBuffer.putInt(claimOffset + INLINE_LENGTH_OFFSET, length, ByteOrder.LITTLE_ENDIAN);
                claimBuffer.putBytes(claimOffset + INLINE_HEADER_LENGTH, buffer, offset, length);
                bufferClaim.commit();
            }
        }
        else
        {
            inlineEncoder.wrapAndApplyHeader(inlineHeader, 0, headerEncoder).sequence(sequence);
            inlineHeader.putInt(inlineEncoder.limit(), length, ByteOrder.LITTLE_ENDIAN);
            inlineVectors[0].reset(inlineHeader, 0, INLINE_HEADER_LENGTH);
            inlineVectors[1].reset(buffer, offset, length);
            result = publication.offer(inlineVectors);
            inlineVectors[1].reset(inlineHeader, 0, 0);
        }

        return result;
    }

    /**
     * Claim one frame for an inline payload the caller writes in place at {@link #inlineClaimBuffer()},
     * {@link #inlineClaimPayloadOffset()}, then {@link #commitInlineClaim()} or {@link #abortInlineClaim()}. The
     * header is written already. Only when {@link #canClaimInline(long)}.
     *
     * @param sequence of the payload.
     * @param length   of the payload.
     * @return the new stream position, or a negative {@link Publication} code (nothing is claimed then).
     */
    long tryClaimInline(final long sequence, final int length)
    {
        final long result = publication.tryClaim(INLINE_HEADER_LENGTH + length, bufferClaim);
        if (result >= 0)
        {
            final MutableDirectBuffer buffer = bufferClaim.buffer();
            inlineEncoder.wrapAndApplyHeader(buffer, bufferClaim.offset(), headerEncoder).sequence(sequence);
            buffer.putInt(inlineEncoder.limit(), length, ByteOrder.LITTLE_ENDIAN);
        }

        return result;
    }

    /**
     * Buffer of the open inline claim: the stream's term.
     *
     * @return the buffer the payload goes into.
     */
    MutableDirectBuffer inlineClaimBuffer()
    {
        return bufferClaim.buffer();
    }

    /**
     * Where the payload of the open inline claim starts in {@link #inlineClaimBuffer()}.
     *
     * @return the offset.
     */
    int inlineClaimPayloadOffset()
    {
        return bufferClaim.offset() + INLINE_HEADER_LENGTH;
    }

    /**
     * Publish the open inline claim.
     */
    void commitInlineClaim()
    {
        bufferClaim.commit();
    }

    /**
     * Drop the open inline claim: receivers skip its frame.
     */
    void abortInlineClaim()
    {
        bufferClaim.abort();
    }

    /**
     * Publish the descriptor of a payload stored in a region.
     *
     * @param sequence        of the payload.
     * @param segmentId       of the segment holding the region.
     * @param regionOffset    of the region in its segment.
     * @param payloadLength   of the payload.
     * @param generation      of the region.
     * @param checksumPresent is {@code checksum} the payload's?
     * @param checksum        of the payload, 0 when absent.
     * @return the new stream position, or a negative {@link Publication} code other than ADMIN_ACTION.
     */
    long publishDescriptor(
        final long sequence,
        final int segmentId,
        final long regionOffset,
        final long payloadLength,
        final long generation,
        final boolean checksumPresent,
        final int checksum)
    {
        final long result = claim(DESCRIPTOR_LENGTH);
        if (result >= 0)
        {
            descriptorEncoder.wrapAndApplyHeader(bufferClaim.buffer(), bufferClaim.offset(), headerEncoder)
                .sequence(sequence)
                .regionOffset(regionOffset)
                .payloadLength(payloadLength)
                .generation(generation)
                .segmentId(segmentId)
                .checksum(checksum & 0xFFFF_FFFFL)
                .flags().clear().checksumPresent(checksumPresent);
            bufferClaim.commit();
        }

        return result;
    }

    /**
     * Announce the store receivers are to map: its id, this process and the store's layout version.
     *
     * @param storeId of the store, its directory's name.
     * @return true if published, false if the stream is back-pressured, closed or full.
     */
    boolean publishStoreAnnounce(final String storeId)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + StoreAnnounceEncoder.BLOCK_LENGTH +
            StoreAnnounceEncoder.storeIdHeaderLength() + storeId.length();
        if (claim(length) <= 0)
        {
            return false;
        }

        storeAnnounceEncoder.wrapAndApplyHeader(bufferClaim.buffer(), bufferClaim.offset(), headerEncoder)
            .ownerPid(ProcessIdentity.currentPid())
            .layoutVersion(StoreMetaFile.LAYOUT_VERSION)
            .storeId(storeId);
        bufferClaim.commit();
        return true;
    }

    /**
     * Announce a segment of the store: receivers map it by its file name, relative to the store directory.
     *
     * @param segmentId     of the segment.
     * @param kind          ring or oversize.
     * @param segmentLength bytes of the segment file.
     * @param fileName      of the segment file in the store directory.
     * @return true if published, false if the stream is back-pressured, closed or full.
     */
    boolean publishSegmentAnnounce(
        final int segmentId, final SegmentKind kind, final long segmentLength, final String fileName)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + SegmentAnnounceEncoder.BLOCK_LENGTH +
            SegmentAnnounceEncoder.fileNameHeaderLength() + fileName.length();
        if (claim(length) <= 0)
        {
            return false;
        }

        segmentAnnounceEncoder.wrapAndApplyHeader(bufferClaim.buffer(), bufferClaim.offset(), headerEncoder)
            .segmentLength(segmentLength)
            .segmentId(segmentId)
            .kind(kind)
            .fileName(fileName);
        bufferClaim.commit();
        return true;
    }

    /**
     * Echo a receiver's attach: payloads after it wait for that receiver's acks.
     *
     * @param receiverId of the receiver.
     * @return true if published, false if the stream is back-pressured, closed or full.
     */
    boolean publishAttachEcho(final long receiverId)
    {
        if (claim(MessageHeaderEncoder.ENCODED_LENGTH + ReceiverAttachEncoder.BLOCK_LENGTH) <= 0)
        {
            return false;
        }

        attachEncoder.wrapAndApplyHeader(bufferClaim.buffer(), bufferClaim.offset(), headerEncoder)
            .receiverId(receiverId);
        bufferClaim.commit();
        return true;
    }

    /**
     * Network mode: the most payload bytes one chunk carries, so that each chunk is one frame of the publication's
     * MTU and the receiver needs no reassembly.
     *
     * @return bytes per chunk.
     */
    int maxChunkLength()
    {
        return publication.maxPayloadLength() - CHUNK_HEADER_LENGTH;
    }

    /**
     * Network mode: send {@code [chunkOffset, chunkOffset + chunkLength)} of a stored payload as one PayloadChunk,
     * copied from the store straight into the publication's term: one copy. Cost: a claim, the copy, a commit.
     *
     * @param sequence      of the payload.
     * @param payload       the payload in the sender's store.
     * @param chunkOffset   of the first byte sent.
     * @param chunkLength   bytes to send, at most {@link #maxChunkLength()}.
     * @return the new stream position, or a negative Publication result code (nothing was sent).
     */
    long publishChunk(final long sequence, final PayloadView payload, final long chunkOffset, final int chunkLength)
    {
        final long result = claim(CHUNK_HEADER_LENGTH + chunkLength);
        if (result > 0)
        {
            final MutableDirectBuffer buffer = bufferClaim.buffer();
            chunkEncoder.wrapAndApplyHeader(buffer, bufferClaim.offset(), headerEncoder)
                .sequence(sequence)
                .payloadLength(payload.payloadLength())
                .chunkOffset(chunkOffset);
            final int lengthIndex = chunkEncoder.limit();
            buffer.putInt(lengthIndex, chunkLength, ByteOrder.LITTLE_ENDIAN);
            payload.getBytes(chunkOffset, buffer, lengthIndex + PayloadChunkEncoder.bytesHeaderLength(), chunkLength);
            bufferClaim.commit();
        }

        return result;
    }

    /**
     * Network mode: tell receivers this sender lives, when nothing else was published since the last call.
     *
     * @param sessionId of this sender's data publication.
     * @return true if a heartbeat was sent.
     */
    boolean heartbeatIfIdle(final int sessionId)
    {
        if (hasPublished)
        {
            hasPublished = false;
            return false;
        }

        if (claim(MessageHeaderEncoder.ENCODED_LENGTH + HeartbeatEncoder.BLOCK_LENGTH) <= 0)
        {
            return false;
        }

        heartbeatEncoder.wrapAndApplyHeader(bufferClaim.buffer(), bufferClaim.offset(), headerEncoder)
            .receiverId(ControlStreamAdapter.NULL_RECEIVER_ID)
            .sessionId(sessionId);
        bufferClaim.commit();
        hasPublished = false;
        return true;
    }

    /**
     * Claim {@code length} bytes in {@link #bufferClaim}, spinning over ADMIN_ACTION.
     */
    private long claim(final int length)
    {
        long result;
        while ((result = publication.tryClaim(length, bufferClaim)) == Publication.ADMIN_ACTION)
        {
            Thread.onSpinWait();
        }
        hasPublished |= result > 0;

        return result;
    }
}
