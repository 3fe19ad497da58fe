/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.interop;

import io.freight.codecs.InlinePayloadEncoder;
import io.freight.codecs.MessageHeaderEncoder;
import io.freight.codecs.PayloadDescriptorEncoder;
import io.freight.codecs.SegmentAnnounceEncoder;
import io.freight.codecs.SegmentKind;
import io.freight.codecs.StoreAnnounceEncoder;
import org.agrona.ExpandableArrayBuffer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The data stream of one sender, recorded for the C++ consumer instead of published on Aeron: messages encoded with the
 * generated Java codecs, each written as a little-endian uint32 length followed by the message bytes, in publication
 * order. Also takes raw bytes, so that a test can put malformed or hostile messages in the stream, or record the
 * bytes a live sender published ({@link WireReceiver}). Not thread-safe.
 */
final class MessageLog
{
    private final List<byte[]> messages = new ArrayList<>();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final StoreAnnounceEncoder storeAnnounce = new StoreAnnounceEncoder();
    private final SegmentAnnounceEncoder segmentAnnounce = new SegmentAnnounceEncoder();
    private final PayloadDescriptorEncoder descriptor = new PayloadDescriptorEncoder();
    private final InlinePayloadEncoder inlinePayload = new InlinePayloadEncoder();

    /**
     * Number of messages recorded so far: the index the next one gets in the consumer's output.
     *
     * @return messages recorded.
     */
    int count()
    {
        return messages.size();
    }

    /**
     * Record a StoreAnnounce.
     *
     * @param ownerPid      of the store's owner.
     * @param layoutVersion of the store.
     * @param storeId       the store's directory name.
     * @return this for a fluent API.
     */
    MessageLog storeAnnounce(final long ownerPid, final int layoutVersion, final String storeId)
    {
        storeAnnounce.wrapAndApplyHeader(buffer, 0, header)
            .ownerPid(ownerPid)
            .layoutVersion(layoutVersion)
            .storeId(storeId);
        return add(MessageHeaderEncoder.ENCODED_LENGTH + storeAnnounce.encodedLength());
    }

    /**
     * Record a SegmentAnnounce.
     *
     * @param segmentId     of the segment.
     * @param kind          of the segment.
     * @param segmentLength of the segment file.
     * @param fileName      of the segment file.
     * @return this for a fluent API.
     */
    MessageLog segmentAnnounce(
        final int segmentId, final SegmentKind kind, final long segmentLength, final String fileName)
    {
        segmentAnnounce.wrapAndApplyHeader(buffer, 0, header)
            .segmentLength(segmentLength)
            .segmentId(segmentId)
            .kind(kind)
            .fileName(fileName);
        return add(MessageHeaderEncoder.ENCODED_LENGTH + segmentAnnounce.encodedLength());
    }

    /**
     * Record a PayloadDescriptor.
     *
     * @param sequence      of the payload.
     * @param segmentId     holding the region.
     * @param regionOffset  of the region.
     * @param payloadLength of the payload.
     * @param generation    of the region's claim.
     * @param checksum      CRC32C of the payload, or null for none.
     * @return this for a fluent API.
     */
    MessageLog descriptor(
        final long sequence,
        final int segmentId,
        final long regionOffset,
        final long payloadLength,
        final long generation,
        final Integer checksum)
    {
        descriptor.wrapAndApplyHeader(buffer, 0, header)
            .sequence(sequence)
            .regionOffset(regionOffset)
            .payloadLength(payloadLength)
            .generation(generation)
            .segmentId(segmentId)
            .checksum(null == checksum ? 0 : Integer.toUnsignedLong(checksum))
            .flags().clear().checksumPresent(null != checksum);
        return add(MessageHeaderEncoder.ENCODED_LENGTH + descriptor.encodedLength());
    }

    /**
     * Record an InlinePayload.
     *
     * @param sequence of the payload.
     * @param payload  bytes.
     * @return this for a fluent API.
     */
    MessageLog inlinePayload(final long sequence, final byte[] payload)
    {
        inlinePayload.wrapAndApplyHeader(buffer, 0, header)
            .sequence(sequence)
            .putPayload(payload, 0, payload.length);
        return add(MessageHeaderEncoder.ENCODED_LENGTH + inlinePayload.encodedLength());
    }

    /**
     * Record arbitrary bytes as one message, as they are.
     *
     * @param message bytes, well-formed or not.
     * @return this for a fluent API.
     */
    MessageLog raw(final byte[] message)
    {
        buffer.putBytes(0, message);
        return add(message.length);
    }

    /**
     * The bytes of a recorded message, to derive a malformed variant from.
     *
     * @param index of the message, from 0 in recording order.
     * @return a copy of its bytes.
     */
    byte[] message(final int index)
    {
        return messages.get(index).clone();
    }

    /**
     * Write the recorded stream to a file.
     *
     * @param file to write.
     * @return the file.
     * @throws IOException if it cannot be written.
     */
    Path writeTo(final Path file) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] message : messages)
        {
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(message.length).array());
            out.writeBytes(message);
        }

        return Files.write(file, out.toByteArray());
    }

    private MessageLog add(final int length)
    {
        final byte[] message = new byte[length];
        buffer.getBytes(0, message);
        messages.add(message);
        return this;
    }
}
