/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.interop;

import io.freight.codecs.AckDecoder;
import io.freight.codecs.HeartbeatDecoder;
import io.freight.codecs.InlinePayloadDecoder;
import io.freight.codecs.MessageHeaderDecoder;
import io.freight.codecs.PayloadChunkDecoder;
import io.freight.codecs.PayloadDescriptorDecoder;
import io.freight.codecs.ReceiverAttachDecoder;
import io.freight.codecs.ReceiverDetachDecoder;
import io.freight.codecs.SegmentAnnounceDecoder;
import io.freight.codecs.StoreAnnounceDecoder;
import org.agrona.DirectBuffer;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Reads a message with the generated Java decoders (schema version 1) and renders every field in the manifest's
 * canonical text, so that bytes another language encoded can be compared field by field with what it meant.
 */
final class CanonicalDecoder
{
    private CanonicalDecoder()
    {
    }

    /**
     * A decoded message.
     *
     * @param message       name of the message type.
     * @param fields        field name to canonical value text, in schema order.
     * @param encodedLength bytes the decoders walked, header included.
     */
    record Decoded(String message, Map<String, String> fields, int encodedLength)
    {
    }

    /**
     * Decode the message at index 0 of a buffer, honouring its header's block length and version.
     *
     * @param buffer holding one message that passed {@code MessageValidator}.
     * @return the message and its fields.
     */
    static Decoded decode(final DirectBuffer buffer)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
        final int offset = MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        final Map<String, String> fields = new LinkedHashMap<>();

        switch (header.templateId())
        {
            case PayloadDescriptorDecoder.TEMPLATE_ID:
            {
                final PayloadDescriptorDecoder decoder =
                    new PayloadDescriptorDecoder().wrap(buffer, offset, blockLength, version);
                fields.put("sequence", Long.toString(decoder.sequence()));
                fields.put("regionOffset", Long.toString(decoder.regionOffset()));
                fields.put("payloadLength", Long.toString(decoder.payloadLength()));
                fields.put("generation", Long.toString(decoder.generation()));
                fields.put("segmentId", Integer.toString(decoder.segmentId()));
                fields.put("checksum", Long.toString(decoder.checksum()));
                fields.put("flags", decoder.flags().checksumPresent() ? "checksumPresent" : "");
                return new Decoded("PayloadDescriptor", fields, offset + decoder.encodedLength());
            }

            case InlinePayloadDecoder.TEMPLATE_ID:
            {
                final InlinePayloadDecoder decoder =
                    new InlinePayloadDecoder().wrap(buffer, offset, blockLength, version);
                fields.put("sequence", Long.toString(decoder.sequence()));
                final byte[] payload = new byte[decoder.payloadLength()];
                decoder.getPayload(payload, 0, payload.length);
                fields.put("payload", "hex:" + HexFormat.of().formatHex(payload));
                return new Decoded("InlinePayload", fields, offset + decoder.encodedLength());
            }

            case AckDecoder.TEMPLATE_ID:
            {
                final AckDecoder decoder = new AckDecoder().wrap(buffer, offset, blockLength, version);
                fields.put("receiverId", Long.toString(decoder.receiverId()));
                fields.put("sequence", Long.toString(decoder.sequence()));
                fields.put("sessionId", Integer.toString(decoder.sessionId()));
                final StringJoiner released = new StringJoiner(",");
                for (final AckDecoder.ReleasedDecoder entry : decoder.released())
                {
                    released.add(Long.toString(entry.sequence()));
                }
                fields.put("released", released.toString());
                return new Decoded("Ack", fields, offset + decoder.encodedLength());
            }

            case SegmentAnnounceDecoder.TEMPLATE_ID:
            {
                final SegmentAnnounceDecoder decoder =
                    new SegmentAnnounceDecoder().wrap(buffer, offset, blockLength, version);
                fields.put("segmentLength", Long.toString(decoder.segmentLength()));
                fields.put("segmentId", Integer.toString(decoder.segmentId()));
                fields.put("kind", decoder.kind().name());
                fields.put("fileName", decoder.fileName());
                return new Decoded("SegmentAnnounce", fields, offset + decoder.encodedLength());
            }

            case ReceiverAttachDecoder.TEMPLATE_ID:
            {
                final ReceiverAttachDecoder decoder =
                    new ReceiverAttachDecoder().wrap(buffer, offset, blockLength, version);
                fields.put("receiverId", Long.toString(decoder.receiverId()));
                return new Decoded("ReceiverAttach", fields, offset + decoder.encodedLength());
            }

            case ReceiverDetachDecoder.TEMPLATE_ID:
            {
                final ReceiverDetachDecoder decoder =
                    new ReceiverDetachDecoder().wrap(buffer, offset, blockLength, version);
                fields.put("receiverId", Long.toString(decoder.receiverId()));
                return new Decoded("ReceiverDetach", fields, offset + decoder.encodedLength());
            }

            case StoreAnnounceDecoder.TEMPLATE_ID:
            {
                final StoreAnnounceDecoder decoder =
                    new StoreAnnounceDecoder().wrap(buffer, offset, blockLength, version);
                fields.put("ownerPid", Long.toString(decoder.ownerPid()));
                fields.put("layoutVersion", Integer.toString(decoder.layoutVersion()));
                fields.put("storeId", decoder.storeId());
                return new Decoded("StoreAnnounce", fields, offset + decoder.encodedLength());
            }

            case PayloadChunkDecoder.TEMPLATE_ID:
            {
                final PayloadChunkDecoder decoder = new PayloadChunkDecoder().wrap(buffer, offset, blockLength, version);
                fields.put("sequence", Long.toString(decoder.sequence()));
                fields.put("payloadLength", Long.toString(decoder.payloadLength()));
                fields.put("chunkOffset", Long.toString(decoder.chunkOffset()));
                final byte[] bytes = new byte[decoder.bytesLength()];
                decoder.getBytes(bytes, 0, bytes.length);
                fields.put("bytes", "hex:" + HexFormat.of().formatHex(bytes));
                return new Decoded("PayloadChunk", fields, offset + decoder.encodedLength());
            }

            case HeartbeatDecoder.TEMPLATE_ID:
            {
                final HeartbeatDecoder decoder = new HeartbeatDecoder().wrap(buffer, offset, blockLength, version);
                fields.put("receiverId", Long.toString(decoder.receiverId()));
                fields.put("sessionId", Integer.toString(decoder.sessionId()));
                return new Decoded("Heartbeat", fields, offset + decoder.encodedLength());
            }

            default:
                throw new IllegalArgumentException("templateId " + header.templateId() + " is not a Freight message");
        }
    }
}
