package io.freight.schema;

import io.freight.codecs.AckDecoder;
import io.freight.codecs.AckEncoder;
import io.freight.codecs.DescriptorFlagsDecoder;
import io.freight.codecs.HeartbeatDecoder;
import io.freight.codecs.HeartbeatEncoder;
import io.freight.codecs.InlinePayloadDecoder;
import io.freight.codecs.InlinePayloadEncoder;
import io.freight.codecs.MessageHeaderDecoder;
import io.freight.codecs.MessageHeaderEncoder;
import io.freight.codecs.PayloadChunkDecoder;
import io.freight.codecs.PayloadChunkEncoder;
import io.freight.codecs.PayloadDescriptorDecoder;
import io.freight.codecs.PayloadDescriptorEncoder;
import io.freight.codecs.ReceiverAttachDecoder;
import io.freight.codecs.ReceiverAttachEncoder;
import io.freight.codecs.ReceiverDetachDecoder;
import io.freight.codecs.ReceiverDetachEncoder;
import io.freight.codecs.SegmentAnnounceDecoder;
import io.freight.codecs.SegmentAnnounceEncoder;
import io.freight.codecs.SegmentKind;
import io.freight.codecs.StoreAnnounceDecoder;
import io.freight.codecs.StoreAnnounceEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Turns golden vectors into bytes with the generated encoders, and bytes back into canonical field text with the
 * generated decoders, so the manifest, the committed files and the codecs can be compared.
 * <p>
 * Encoding rejects a message or field the schema does not have, a missing field and a malformed value, naming the
 * manifest line. Allocates freely; not thread safe: a test's own helper.
 */
final class GoldenVectorCodec
{
    /**
     * The name of every message in the schema, in template id order.
     */
    static final List<String> MESSAGES = List.of(
        "PayloadDescriptor",
        "InlinePayload",
        "Ack",
        "SegmentAnnounce",
        "ReceiverAttach",
        "ReceiverDetach",
        "StoreAnnounce",
        "PayloadChunk",
        "Heartbeat");

    /**
     * Prefix of the name of a vector that holds its message as a sender of schema version 0 wrote it: the same bytes
     * as today's encoders write, but for the header's {@code version}, which is 0. Only a message version 0 has may
     * have one; these vectors prove that a decoder of today's version reads version 0 messages.
     */
    static final String VERSION_0_PREFIX = "v0-";

    private static final String HEX_PREFIX = "hex:";
    private static final String CHECKSUM_PRESENT = "checksumPresent";

    private GoldenVectorCodec()
    {
    }

    /**
     * A message read back with the generated decoders.
     *
     * @param message       name of the message type.
     * @param fields        field name to canonical value text, in schema order.
     * @param encodedLength bytes the decoders walked, header included.
     */
    record Decoded(String message, Map<String, String> fields, int encodedLength)
    {
    }

    /**
     * Encode a vector, header included, at index 0 of a buffer, with the header version {@link #headerVersion}
     * gives.
     *
     * @param vector to encode.
     * @param buffer to encode into; large enough for the message.
     * @return the length of the message in bytes, header included.
     * @throws IllegalArgumentException naming the manifest line for an unknown message or field, a missing field, a
     *                                  malformed value, or a version 0 vector of a message version 0 does not have.
     */
    static int encode(final GoldenVector vector, final MutableDirectBuffer buffer)
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final Fields fields = new Fields(vector);
        final int bodyLength;

        switch (vector.message())
        {
            case "PayloadDescriptor":
            {
                final PayloadDescriptorEncoder encoder = new PayloadDescriptorEncoder();
                encoder.wrapAndApplyHeader(buffer, 0, header)
                    .sequence(fields.int64("sequence"))
                    .regionOffset(fields.int64("regionOffset"))
                    .payloadLength(fields.int64("payloadLength"))
                    .generation(fields.int64("generation"))
                    .segmentId(fields.int32("segmentId"))
                    .checksum(fields.uint32("checksum"));
                final List<String> flags = fields.choices("flags", List.of(CHECKSUM_PRESENT));
                encoder.flags().clear().checksumPresent(flags.contains(CHECKSUM_PRESENT));
                bodyLength = encoder.encodedLength();
                break;
            }

            case "InlinePayload":
            {
                final InlinePayloadEncoder encoder = new InlinePayloadEncoder();
                encoder.wrapAndApplyHeader(buffer, 0, header)
                    .sequence(fields.int64("sequence"));
                final byte[] payload = fields.hex("payload");
                encoder.putPayload(payload, 0, payload.length);
                bodyLength = encoder.encodedLength();
                break;
            }

            case "Ack":
            {
                final AckEncoder encoder = new AckEncoder();
                encoder.wrapAndApplyHeader(buffer, 0, header)
                    .receiverId(fields.int64("receiverId"))
                    .sequence(fields.int64("sequence"))
                    .sessionId(fields.int32("sessionId"));
                final long[] released = fields.int64List("released");
                final AckEncoder.ReleasedEncoder group = encoder.releasedCount(released.length);
                for (final long sequence : released)
                {
                    group.next().sequence(sequence);
                }
                bodyLength = encoder.encodedLength();
                break;
            }

            case "SegmentAnnounce":
            {
                final SegmentAnnounceEncoder encoder = new SegmentAnnounceEncoder();
                encoder.wrapAndApplyHeader(buffer, 0, header)
                    .segmentLength(fields.int64("segmentLength"))
                    .segmentId(fields.int32("segmentId"))
                    .kind(fields.segmentKind("kind"))
                    .fileName(fields.ascii("fileName"));
                bodyLength = encoder.encodedLength();
                break;
            }

            case "ReceiverAttach":
            {
                final ReceiverAttachEncoder encoder = new ReceiverAttachEncoder();
                encoder.wrapAndApplyHeader(buffer, 0, header)
                    .receiverId(fields.int64("receiverId"));
                bodyLength = encoder.encodedLength();
                break;
            }

            case "ReceiverDetach":
            {
                final ReceiverDetachEncoder encoder = new ReceiverDetachEncoder();
                encoder.wrapAndApplyHeader(buffer, 0, header)
                    .receiverId(fields.int64("receiverId"));
                bodyLength = encoder.encodedLength();
                break;
            }

            case "StoreAnnounce":
            {
                final StoreAnnounceEncoder encoder = new StoreAnnounceEncoder();
                encoder.wrapAndApplyHeader(buffer, 0, header)
                    .ownerPid(fields.int64("ownerPid"))
                    .layoutVersion(fields.int32("layoutVersion"))
                    .storeId(fields.ascii("storeId"));
                bodyLength = encoder.encodedLength();
                break;
            }

            case "PayloadChunk":
            {
                final PayloadChunkEncoder encoder = new PayloadChunkEncoder();
                encoder.wrapAndApplyHeader(buffer, 0, header)
                    .sequence(fields.int64("sequence"))
                    .payloadLength(fields.int64("payloadLength"))
                    .chunkOffset(fields.int64("chunkOffset"));
                final byte[] bytes = fields.hex("bytes");
                encoder.putBytes(bytes, 0, bytes.length);
                bodyLength = encoder.encodedLength();
                break;
            }

            case "Heartbeat":
            {
                final HeartbeatEncoder encoder = new HeartbeatEncoder();
                encoder.wrapAndApplyHeader(buffer, 0, header)
                    .receiverId(fields.int64("receiverId"))
                    .sessionId(fields.int32("sessionId"));
                bodyLength = encoder.encodedLength();
                break;
            }

            default:
                throw new IllegalArgumentException(fields.where() + "unknown message '" + vector.message() +
                    "'; the schema has " + MESSAGES);
        }

        fields.requireNoneLeft();

        final int version = headerVersion(vector);
        if (version < sinceVersion(vector.message()))
        {
            throw new IllegalArgumentException(fields.where() + vector.message() + " exists since schema version " +
                sinceVersion(vector.message()) + ": no sender of version " + version + " writes it");
        }
        header.version(version);

        return MessageHeaderEncoder.ENCODED_LENGTH + bodyLength;
    }

    /**
     * The schema version a vector's header carries: 0 for a name starting with {@link #VERSION_0_PREFIX}, else the
     * version of the schema the codecs were generated from.
     *
     * @param vector whose header version is wanted.
     * @return the value of the header's {@code version} field in the vector's bytes.
     */
    static int headerVersion(final GoldenVector vector)
    {
        return vector.name().startsWith(VERSION_0_PREFIX) ? 0 : MessageValidator.SCHEMA_VERSION;
    }

    /**
     * The schema version that added a message: the {@code sinceVersion} of its {@code <sbe:message>} element, which
     * the generated codecs do not expose.
     *
     * @param message name of the message type.
     * @return 1 for the network mode messages, 0 for the others.
     */
    static int sinceVersion(final String message)
    {
        return "PayloadChunk".equals(message) || "Heartbeat".equals(message) ? 1 : 0;
    }

    /**
     * Decode the message at an offset with the generated decoders, honouring the header's block length and version,
     * and render every field the schema defines as canonical manifest text.
     *
     * @param buffer holding the message.
     * @param offset of the message header.
     * @return the message name, its fields and the bytes the decoders walked.
     * @throws IllegalArgumentException if the template id is not a Freight message.
     */
    static Decoded decode(final DirectBuffer buffer, final int offset)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offset);
        final Map<String, String> fields = new LinkedHashMap<>();
        final String message;
        final int bodyLength;

        switch (header.templateId())
        {
            case PayloadDescriptorDecoder.TEMPLATE_ID:
            {
                final PayloadDescriptorDecoder decoder = new PayloadDescriptorDecoder();
                decoder.wrapAndApplyHeader(buffer, offset, header);
                message = "PayloadDescriptor";
                fields.put("sequence", Long.toString(decoder.sequence()));
                fields.put("regionOffset", Long.toString(decoder.regionOffset()));
                fields.put("payloadLength", Long.toString(decoder.payloadLength()));
                fields.put("generation", Long.toString(decoder.generation()));
                fields.put("segmentId", Integer.toString(decoder.segmentId()));
                fields.put("checksum", Long.toString(decoder.checksum()));
                fields.put("flags", flags(decoder.flags()));
                bodyLength = decoder.encodedLength();
                break;
            }

            case InlinePayloadDecoder.TEMPLATE_ID:
            {
                final InlinePayloadDecoder decoder = new InlinePayloadDecoder();
                decoder.wrapAndApplyHeader(buffer, offset, header);
                message = "InlinePayload";
                fields.put("sequence", Long.toString(decoder.sequence()));
                final byte[] payload = new byte[decoder.payloadLength()];
                decoder.getPayload(payload, 0, payload.length);
                fields.put("payload", HEX_PREFIX + HexFormat.of().formatHex(payload));
                bodyLength = decoder.encodedLength();
                break;
            }

            case AckDecoder.TEMPLATE_ID:
            {
                final AckDecoder decoder = new AckDecoder();
                decoder.wrapAndApplyHeader(buffer, offset, header);
                message = "Ack";
                fields.put("receiverId", Long.toString(decoder.receiverId()));
                fields.put("sequence", Long.toString(decoder.sequence()));
                fields.put("sessionId", Integer.toString(decoder.sessionId()));
                final StringJoiner released = new StringJoiner(",");
                for (final AckDecoder.ReleasedDecoder entry : decoder.released())
                {
                    released.add(Long.toString(entry.sequence()));
                }
                fields.put("released", released.toString());
                bodyLength = decoder.encodedLength();
                break;
            }

            case SegmentAnnounceDecoder.TEMPLATE_ID:
            {
                final SegmentAnnounceDecoder decoder = new SegmentAnnounceDecoder();
                decoder.wrapAndApplyHeader(buffer, offset, header);
                message = "SegmentAnnounce";
                fields.put("segmentLength", Long.toString(decoder.segmentLength()));
                fields.put("segmentId", Integer.toString(decoder.segmentId()));
                fields.put("kind", decoder.kind().name());
                fields.put("fileName", decoder.fileName());
                bodyLength = decoder.encodedLength();
                break;
            }

            case ReceiverAttachDecoder.TEMPLATE_ID:
            {
                final ReceiverAttachDecoder decoder = new ReceiverAttachDecoder();
                decoder.wrapAndApplyHeader(buffer, offset, header);
                message = "ReceiverAttach";
                fields.put("receiverId", Long.toString(decoder.receiverId()));
                bodyLength = decoder.encodedLength();
                break;
            }

            case ReceiverDetachDecoder.TEMPLATE_ID:
            {
                final ReceiverDetachDecoder decoder = new ReceiverDetachDecoder();
                decoder.wrapAndApplyHeader(buffer, offset, header);
                message = "ReceiverDetach";
                fields.put("receiverId", Long.toString(decoder.receiverId()));
                bodyLength = decoder.encodedLength();
                break;
            }

            case StoreAnnounceDecoder.TEMPLATE_ID:
            {
                final StoreAnnounceDecoder decoder = new StoreAnnounceDecoder();
                decoder.wrapAndApplyHeader(buffer, offset, header);
                message = "StoreAnnounce";
                fields.put("ownerPid", Long.toString(decoder.ownerPid()));
                fields.put("layoutVersion", Integer.toString(decoder.layoutVersion()));
                fields.put("storeId", decoder.storeId());
                bodyLength = decoder.encodedLength();
                break;
            }

            case PayloadChunkDecoder.TEMPLATE_ID:
            {
                final PayloadChunkDecoder decoder = new PayloadChunkDecoder();
                decoder.wrapAndApplyHeader(buffer, offset, header);
                message = "PayloadChunk";
                fields.put("sequence", Long.toString(decoder.sequence()));
                fields.put("payloadLength", Long.toString(decoder.payloadLength()));
                fields.put("chunkOffset", Long.toString(decoder.chunkOffset()));
                final byte[] bytes = new byte[decoder.bytesLength()];
                decoder.getBytes(bytes, 0, bytes.length);
                fields.put("bytes", HEX_PREFIX + HexFormat.of().formatHex(bytes));
                bodyLength = decoder.encodedLength();
                break;
            }

            case HeartbeatDecoder.TEMPLATE_ID:
            {
                final HeartbeatDecoder decoder = new HeartbeatDecoder();
                decoder.wrapAndApplyHeader(buffer, offset, header);
                message = "Heartbeat";
                fields.put("receiverId", Long.toString(decoder.receiverId()));
                fields.put("sessionId", Integer.toString(decoder.sessionId()));
                bodyLength = decoder.encodedLength();
                break;
            }

            default:
                throw new IllegalArgumentException("templateId=" + header.templateId() + " is not a Freight message");
        }

        return new Decoded(message, fields, MessageHeaderDecoder.ENCODED_LENGTH + bodyLength);
    }

    private static String flags(final DescriptorFlagsDecoder flags)
    {
        return flags.checksumPresent() ? CHECKSUM_PRESENT : "";
    }

    /**
     * The fields of one manifest line, taken one by one so that a missing or an unknown field is reported.
     */
    private static final class Fields
    {
        private final GoldenVector vector;
        private final Map<String, String> remaining;

        Fields(final GoldenVector vector)
        {
            this.vector = vector;
            this.remaining = new LinkedHashMap<>(vector.fields());
        }

        String where()
        {
            return GoldenVectorManifest.MANIFEST_FILE + " line " + vector.line() + " (" + vector.name() + "): ";
        }

        String take(final String field)
        {
            final String value = remaining.remove(field);
            if (null == value)
            {
                throw new IllegalArgumentException(
                    where() + vector.message() + " needs the field '" + field + "', which is missing");
            }

            return value;
        }

        long int64(final String field)
        {
            return parseLong(field, take(field), Long.MIN_VALUE, Long.MAX_VALUE);
        }

        int int32(final String field)
        {
            return (int)parseLong(field, take(field), Integer.MIN_VALUE, Integer.MAX_VALUE);
        }

        long uint32(final String field)
        {
            return parseLong(field, take(field), 0, 0xFFFF_FFFFL);
        }

        long[] int64List(final String field)
        {
            final String value = take(field);
            if (value.isEmpty())
            {
                return new long[0];
            }

            final String[] parts = value.split(",", -1);
            final long[] values = new long[parts.length];
            for (int i = 0; i < parts.length; i++)
            {
                values[i] = parseLong(field, parts[i], Long.MIN_VALUE, Long.MAX_VALUE);
            }

            return values;
        }

        List<String> choices(final String field, final List<String> known)
        {
            final String value = take(field);
            final List<String> chosen = new ArrayList<>();
            if (!value.isEmpty())
            {
                for (final String choice : value.split(",", -1))
                {
                    if (!known.contains(choice) || chosen.contains(choice))
                    {
                        throw new IllegalArgumentException(
                            where() + field + "=" + value + ": '" + choice + "' is not one of " + known +
                            " or repeats");
                    }
                    chosen.add(choice);
                }
            }

            return chosen;
        }

        SegmentKind segmentKind(final String field)
        {
            final String value = take(field);
            for (final SegmentKind kind : SegmentKind.values())
            {
                if (SegmentKind.NULL_VAL != kind && kind.name().equals(value))
                {
                    return kind;
                }
            }

            throw new IllegalArgumentException(where() + field + "=" + value + " is not a SegmentKind");
        }

        byte[] hex(final String field)
        {
            final String value = take(field);
            if (!value.startsWith(HEX_PREFIX))
            {
                throw new IllegalArgumentException(where() + field + "=" + value + " must start with " + HEX_PREFIX);
            }

            try
            {
                return HexFormat.of().parseHex(value, HEX_PREFIX.length(), value.length());
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(
                    where() + field + "=" + value + " is not hex: " + ex.getMessage(), ex);
            }
        }

        String ascii(final String field)
        {
            final String value = take(field);
            for (int i = 0; i < value.length(); i++)
            {
                final char c = value.charAt(i);
                if (c <= ' ' || c > '~')
                {
                    throw new IllegalArgumentException(
                        where() + field + "=" + value + " holds a character that is not printable US-ASCII");
                }
            }

            return value;
        }

        void requireNoneLeft()
        {
            if (!remaining.isEmpty())
            {
                throw new IllegalArgumentException(
                    where() + vector.message() + " has no field " + remaining.keySet() + " in the schema");
            }
        }

        private long parseLong(final String field, final String text, final long min, final long max)
        {
            final long value;
            try
            {
                value = Long.parseLong(text);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(where() + field + "=" + text + " is not a decimal integer", ex);
            }

            if (value < min || value > max)
            {
                throw new IllegalArgumentException(
                    where() + field + "=" + text + " is outside " + min + " to " + max);
            }

            return value;
        }
    }
}
