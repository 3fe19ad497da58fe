/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.interop;

import io.freight.codecs.MessageHeaderEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The same PayloadDescriptor and Ack encoded by the schema's version 1 codecs ({@code io.freight.codecs}) and by the
 * test-only version 2 codecs ({@code io.freight.codecs.v2}, from {@code src/test/resources/freight-schema-v2.xml}),
 * which add {@code PayloadDescriptor.committedNs} and {@code Ack.releasedBytes} with {@code sinceVersion="1"}.
 */
final class EvolutionMessages
{
    static final long SEQUENCE = 21;
    static final long REGION_OFFSET = 192;
    static final long PAYLOAD_LENGTH = 65536;
    static final long GENERATION = 9;
    static final int SEGMENT_ID = 0;
    static final long CHECKSUM = 0x89ABCDEFL;
    static final long COMMITTED_NS = 1712345678901234567L;

    static final long RECEIVER_ID = 4242;
    static final long ACK_SEQUENCE = 20;
    static final int SESSION_ID = -99;
    static final long RELEASED_BYTES = 1L << 20;
    static final long[] RELEASED = { 22, 23, 25 };

    private EvolutionMessages()
    {
    }

    static UnsafeBuffer v1Descriptor()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final io.freight.codecs.PayloadDescriptorEncoder encoder = new io.freight.codecs.PayloadDescriptorEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .sequence(SEQUENCE)
            .regionOffset(REGION_OFFSET)
            .payloadLength(PAYLOAD_LENGTH)
            .generation(GENERATION)
            .segmentId(SEGMENT_ID)
            .checksum(CHECKSUM);
        encoder.flags().clear().checksumPresent(true);

        return exact(buffer, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    static UnsafeBuffer v2Descriptor()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final io.freight.codecs.v2.PayloadDescriptorEncoder encoder =
            new io.freight.codecs.v2.PayloadDescriptorEncoder()
                .wrapAndApplyHeader(buffer, 0, new io.freight.codecs.v2.MessageHeaderEncoder())
                .sequence(SEQUENCE)
                .regionOffset(REGION_OFFSET)
                .payloadLength(PAYLOAD_LENGTH)
                .generation(GENERATION)
                .segmentId(SEGMENT_ID)
                .checksum(CHECKSUM)
                .committedNs(COMMITTED_NS);
        encoder.flags().clear().checksumPresent(true);

        return exact(buffer, io.freight.codecs.v2.MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    static UnsafeBuffer v1Ack()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final io.freight.codecs.AckEncoder encoder = new io.freight.codecs.AckEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .receiverId(RECEIVER_ID)
            .sequence(ACK_SEQUENCE)
            .sessionId(SESSION_ID);
        final io.freight.codecs.AckEncoder.ReleasedEncoder released = encoder.releasedCount(RELEASED.length);
        for (final long sequence : RELEASED)
        {
            released.next().sequence(sequence);
        }

        return exact(buffer, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    static UnsafeBuffer v2Ack()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final io.freight.codecs.v2.AckEncoder encoder = new io.freight.codecs.v2.AckEncoder()
            .wrapAndApplyHeader(buffer, 0, new io.freight.codecs.v2.MessageHeaderEncoder())
            .receiverId(RECEIVER_ID)
            .sequence(ACK_SEQUENCE)
            .sessionId(SESSION_ID)
            .releasedBytes(RELEASED_BYTES);
        final io.freight.codecs.v2.AckEncoder.ReleasedEncoder released = encoder.releasedCount(RELEASED.length);
        for (final long sequence : RELEASED)
        {
            released.next().sequence(sequence);
        }

        return exact(buffer, io.freight.codecs.v2.MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    static byte[] bytes(final UnsafeBuffer message)
    {
        final byte[] bytes = new byte[message.capacity()];
        message.getBytes(0, bytes);
        return bytes;
    }

    // A buffer exactly the message's size, so that a decoder reading past the message fails instead of reading zeros.
    private static UnsafeBuffer exact(final ExpandableArrayBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return new UnsafeBuffer(bytes);
    }
}
