/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.codecs.AckEncoder;
import io.freight.codecs.InlinePayloadEncoder;
import io.freight.codecs.MessageHeaderEncoder;
import io.freight.codecs.PayloadDescriptorEncoder;
import io.freight.codecs.ReceiverAttachEncoder;
import io.freight.codecs.ReceiverDetachEncoder;
import io.freight.codecs.SegmentAnnounceEncoder;
import io.freight.codecs.SegmentKind;
import io.freight.codecs.StoreAnnounceEncoder;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Writes Freight messages, well-formed or not, at offset 0 of a buffer, the way a sender (or an attacker) would put
 * them on a stream: the generated encoders for what is well-formed, then raw puts to break what must be broken.
 * Each method returns the message length. Not thread-safe: the encoders are reused.
 */
final class MessageForge
{
    static final int DESCRIPTOR_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + PayloadDescriptorEncoder.BLOCK_LENGTH;

    private static final ByteOrder LITTLE_ENDIAN = ByteOrder.LITTLE_ENDIAN;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final PayloadDescriptorEncoder descriptorEncoder = new PayloadDescriptorEncoder();
    private final InlinePayloadEncoder inlineEncoder = new InlinePayloadEncoder();
    private final SegmentAnnounceEncoder segmentAnnounceEncoder = new SegmentAnnounceEncoder();
    private final StoreAnnounceEncoder storeAnnounceEncoder = new StoreAnnounceEncoder();
    private final ReceiverAttachEncoder attachEncoder = new ReceiverAttachEncoder();
    private final ReceiverDetachEncoder detachEncoder = new ReceiverDetachEncoder();
    private final AckEncoder ackEncoder = new AckEncoder();

    int descriptor(
        final MutableDirectBuffer buffer,
        final long sequence,
        final int segmentId,
        final long regionOffset,
        final long payloadLength,
        final long generation,
        final long checksum,
        final boolean checksumPresent)
    {
        descriptorEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .sequence(sequence)
            .regionOffset(regionOffset)
            .payloadLength(payloadLength)
            .generation(generation)
            .segmentId(segmentId)
            .checksum(checksum)
            .flags().clear().checksumPresent(checksumPresent);

        return MessageHeaderEncoder.ENCODED_LENGTH + descriptorEncoder.encodedLength();
    }

    int inline(final MutableDirectBuffer buffer, final long sequence, final byte[] payload)
    {
        inlineEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .sequence(sequence)
            .putPayload(payload, 0, payload.length);

        return MessageHeaderEncoder.ENCODED_LENGTH + inlineEncoder.encodedLength();
    }

    int segmentAnnounce(
        final MutableDirectBuffer buffer,
        final long segmentLength,
        final int segmentId,
        final SegmentKind kind,
        final byte[] fileName)
    {
        segmentAnnounceEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .segmentLength(segmentLength)
            .segmentId(segmentId)
            .kind(kind)
            .putFileName(fileName, 0, fileName.length);

        return MessageHeaderEncoder.ENCODED_LENGTH + segmentAnnounceEncoder.encodedLength();
    }

    int segmentAnnounce(
        final MutableDirectBuffer buffer,
        final long segmentLength,
        final int segmentId,
        final SegmentKind kind,
        final String fileName)
    {
        return segmentAnnounce(buffer, segmentLength, segmentId, kind, ascii(fileName));
    }

    int storeAnnounce(final MutableDirectBuffer buffer, final long ownerPid, final int layoutVersion, final byte[] storeId)
    {
        storeAnnounceEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .ownerPid(ownerPid)
            .layoutVersion(layoutVersion)
            .putStoreId(storeId, 0, storeId.length);

        return MessageHeaderEncoder.ENCODED_LENGTH + storeAnnounceEncoder.encodedLength();
    }

    int attach(final MutableDirectBuffer buffer, final long receiverId)
    {
        attachEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder).receiverId(receiverId);

        return MessageHeaderEncoder.ENCODED_LENGTH + ReceiverAttachEncoder.BLOCK_LENGTH;
    }

    int detach(final MutableDirectBuffer buffer, final long receiverId)
    {
        detachEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder).receiverId(receiverId);

        return MessageHeaderEncoder.ENCODED_LENGTH + ReceiverDetachEncoder.BLOCK_LENGTH;
    }

    int ack(
        final MutableDirectBuffer buffer,
        final long receiverId,
        final long sequence,
        final int sessionId,
        final long... released)
    {
        ackEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .receiverId(receiverId)
            .sequence(sequence)
            .sessionId(sessionId);
        final AckEncoder.ReleasedEncoder group = ackEncoder.releasedCount(released.length);
        for (final long releasedSequence : released)
        {
            group.next().sequence(releasedSequence);
        }

        return MessageHeaderEncoder.ENCODED_LENGTH + ackEncoder.encodedLength();
    }

    /**
     * Lengthen a message's root block as a newer schema version would, with an added field at the block's end: the
     * groups and var data move up behind it and the header says the new block length and version.
     *
     * @return the new message length.
     */
    static int extendBlock(
        final MutableDirectBuffer buffer, final int length, final int version, final int addedBytes, final long addedValue)
    {
        final int blockLength = blockLength(buffer);
        final int blockEnd = MessageHeaderEncoder.ENCODED_LENGTH + blockLength;
        buffer.putBytes(blockEnd + addedBytes, buffer, blockEnd, length - blockEnd);
        for (int i = 0; i < addedBytes; i++)
        {
            buffer.putByte(blockEnd + i, (byte)(addedValue >>> (8 * (i & 7))));
        }
        blockLength(buffer, blockLength + addedBytes);
        version(buffer, version);

        return length + addedBytes;
    }

    static int blockLength(final MutableDirectBuffer buffer)
    {
        return buffer.getShort(MessageHeaderEncoder.blockLengthEncodingOffset(), LITTLE_ENDIAN) & 0xFFFF;
    }

    static void blockLength(final MutableDirectBuffer buffer, final int value)
    {
        buffer.putShort(MessageHeaderEncoder.blockLengthEncodingOffset(), (short)value, LITTLE_ENDIAN);
    }

    static void templateId(final MutableDirectBuffer buffer, final int value)
    {
        buffer.putShort(MessageHeaderEncoder.templateIdEncodingOffset(), (short)value, LITTLE_ENDIAN);
    }

    static void schemaId(final MutableDirectBuffer buffer, final int value)
    {
        buffer.putShort(MessageHeaderEncoder.schemaIdEncodingOffset(), (short)value, LITTLE_ENDIAN);
    }

    static void version(final MutableDirectBuffer buffer, final int value)
    {
        buffer.putShort(MessageHeaderEncoder.versionEncodingOffset(), (short)value, LITTLE_ENDIAN);
    }

    static void sequence(final MutableDirectBuffer buffer, final long sequence)
    {
        buffer.putLong(MessageHeaderEncoder.ENCODED_LENGTH + PayloadDescriptorEncoder.sequenceEncodingOffset(),
            sequence, LITTLE_ENDIAN);
    }

    static byte[] ascii(final String value)
    {
        return value.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
