package io.freight.schema;

import io.freight.codecs.AckDecoder;
import io.freight.codecs.GroupSizeEncodingDecoder;
import io.freight.codecs.InlinePayloadDecoder;
import io.freight.codecs.MessageHeaderDecoder;
import io.freight.codecs.PayloadDescriptorDecoder;
import io.freight.codecs.ReceiverAttachDecoder;
import io.freight.codecs.ReceiverDetachDecoder;
import io.freight.codecs.SegmentAnnounceDecoder;
import io.freight.codecs.SegmentKind;
import io.freight.codecs.StoreAnnounceDecoder;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Checks that a received fragment holds exactly one well-formed Freight message, so that a decoder from
 * {@code io.freight.codecs} wrapped over it never reads past the fragment, whatever bytes arrived.
 * <p>
 * Run it on every fragment before any decoder touches it. It checks, in order: the fragment holds the standard
 * message header; the schema id is Freight's; the template id is a Freight message; the header's block length is
 * at least the version 0 block of that template (a longer block is accepted, as SBE's forward compatibility
 * requires); the block fits; every group header, group entry, var-data length prefix and var-data byte the
 * version 0 layout defines fits; a uint32 var-data length is not negative as a Java {@code int}; an enum field
 * holds a known value. A message of a version this schema knows must end exactly at the end of the fragment; a
 * message of a newer version may carry bytes after the parts version 0 defines.
 * <p>
 * It never reads outside {@code [offset, offset + length)}. It does not judge meaning (a sequence, an offset into a
 * segment, a file name): that is the receiver's job once the message is known to be readable.
 * <p>
 * Cost: a handful of bounds-checked reads and comparisons, no allocation on success; a failure allocates the
 * {@link ProtocolException} and its message. Thread safety: stateless, safe to call from any thread.
 */
public final class MessageValidator
{
    /**
     * Freight's SBE schema id, as generated from the schema; a message with another id is rejected.
     */
    public static final int SCHEMA_ID = MessageHeaderDecoder.SCHEMA_ID;

    /**
     * The schema version these codecs were generated from; newer versions are read by SBE's extension rules.
     */
    public static final int SCHEMA_VERSION = MessageHeaderDecoder.SCHEMA_VERSION;

    /**
     * Length in bytes of the standard message header that starts every Freight message.
     */
    public static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;

    private static final ByteOrder BYTE_ORDER = MessageHeaderDecoder.BYTE_ORDER;

    private static final String KNOWN_TEMPLATES =
        "PayloadDescriptor=" + PayloadDescriptorDecoder.TEMPLATE_ID +
        ", InlinePayload=" + InlinePayloadDecoder.TEMPLATE_ID +
        ", Ack=" + AckDecoder.TEMPLATE_ID +
        ", SegmentAnnounce=" + SegmentAnnounceDecoder.TEMPLATE_ID +
        ", ReceiverAttach=" + ReceiverAttachDecoder.TEMPLATE_ID +
        ", ReceiverDetach=" + ReceiverDetachDecoder.TEMPLATE_ID +
        ", StoreAnnounce=" + StoreAnnounceDecoder.TEMPLATE_ID;

    private static final SegmentKind[] SEGMENT_KINDS = SegmentKind.values();

    private MessageValidator()
    {
    }

    /**
     * Validate the message in a received fragment and return its template id, to switch on before wrapping the
     * matching decoder with the header's block length and version.
     *
     * @param buffer holding the fragment; {@code [offset, offset + length)} must lie within its capacity.
     * @param offset at which the message header starts.
     * @param length of the fragment in bytes.
     * @return the template id of the message, one of the generated decoders' {@code TEMPLATE_ID}s.
     * @throws ProtocolException if the fragment is not one well-formed Freight message.
     */
    public static int validate(final DirectBuffer buffer, final int offset, final int length)
    {
        encodedLength(buffer, offset, length);

        return uint16(buffer, offset + MessageHeaderDecoder.templateIdEncodingOffset());
    }

    /**
     * Validate the message in a received fragment and return its encoded length including the header: the
     * fragment's length for a message of a version this schema knows, and the length of the parts version 0
     * defines for a newer one (which may carry more after them).
     *
     * @param buffer holding the fragment; {@code [offset, offset + length)} must lie within its capacity.
     * @param offset at which the message header starts.
     * @param length of the fragment in bytes.
     * @return the number of bytes from {@code offset} that the generated decoders read when they walk the message.
     * @throws ProtocolException if the fragment is not one well-formed Freight message.
     */
    public static int encodedLength(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < HEADER_LENGTH)
        {
            throw new ProtocolException("message header: a fragment of " + length +
                " bytes is shorter than the " + HEADER_LENGTH + "-byte message header");
        }

        final int schemaId = uint16(buffer, offset + MessageHeaderDecoder.schemaIdEncodingOffset());
        if (SCHEMA_ID != schemaId)
        {
            throw new ProtocolException("message header: schemaId=" + schemaId +
                " is not Freight's schema id " + SCHEMA_ID + "; the fragment is not a Freight message");
        }

        final int templateId = uint16(buffer, offset + MessageHeaderDecoder.templateIdEncodingOffset());
        final int blockLength = uint16(buffer, offset + MessageHeaderDecoder.blockLengthEncodingOffset());
        final int version = uint16(buffer, offset + MessageHeaderDecoder.versionEncodingOffset());
        final int blockEnd = HEADER_LENGTH + blockLength;
        final int end;

        switch (templateId)
        {
            case PayloadDescriptorDecoder.TEMPLATE_ID:
                checkBlock(templateId, PayloadDescriptorDecoder.BLOCK_LENGTH, blockLength, length);
                end = blockEnd;
                break;

            case InlinePayloadDecoder.TEMPLATE_ID:
                checkBlock(templateId, InlinePayloadDecoder.BLOCK_LENGTH, blockLength, length);
                end = checkVarData(
                    buffer,
                    offset,
                    length,
                    blockEnd,
                    templateId,
                    "payload",
                    InlinePayloadDecoder.payloadHeaderLength());
                break;

            case AckDecoder.TEMPLATE_ID:
                checkBlock(templateId, AckDecoder.BLOCK_LENGTH, blockLength, length);
                end = checkGroup(
                    buffer,
                    offset,
                    length,
                    blockEnd,
                    templateId,
                    "released",
                    AckDecoder.ReleasedDecoder.sbeHeaderSize(),
                    AckDecoder.ReleasedDecoder.sbeBlockLength());
                break;

            case SegmentAnnounceDecoder.TEMPLATE_ID:
                checkBlock(templateId, SegmentAnnounceDecoder.BLOCK_LENGTH, blockLength, length);
                checkSegmentKind(buffer, offset + HEADER_LENGTH + SegmentAnnounceDecoder.kindEncodingOffset());
                end = checkVarData(
                    buffer,
                    offset,
                    length,
                    blockEnd,
                    templateId,
                    "fileName",
                    SegmentAnnounceDecoder.fileNameHeaderLength());
                break;

            case ReceiverAttachDecoder.TEMPLATE_ID:
                checkBlock(templateId, ReceiverAttachDecoder.BLOCK_LENGTH, blockLength, length);
                end = blockEnd;
                break;

            case ReceiverDetachDecoder.TEMPLATE_ID:
                checkBlock(templateId, ReceiverDetachDecoder.BLOCK_LENGTH, blockLength, length);
                end = blockEnd;
                break;

            case StoreAnnounceDecoder.TEMPLATE_ID:
                checkBlock(templateId, StoreAnnounceDecoder.BLOCK_LENGTH, blockLength, length);
                end = checkVarData(
                    buffer,
                    offset,
                    length,
                    blockEnd,
                    templateId,
                    "storeId",
                    StoreAnnounceDecoder.storeIdHeaderLength());
                break;

            default:
                throw new ProtocolException("message header: templateId=" + templateId +
                    " is not a Freight message type (known: " + KNOWN_TEMPLATES + ")");
        }

        // A newer version may append fields, groups or var-data after what version 0 defines; a known one may not.
        if (end != length && version <= SCHEMA_VERSION)
        {
            throw new ProtocolException(messageName(templateId) + ": " + (length - end) +
                " bytes follow the end of the message at byte " + end + " in a fragment of " + length +
                " bytes; schema version " + version + " defines nothing after it");
        }

        return end;
    }

    private static void checkBlock(
        final int templateId, final int minBlockLength, final int blockLength, final int length)
    {
        if (blockLength < minBlockLength)
        {
            throw new ProtocolException(messageName(templateId) + ": header blockLength=" + blockLength +
                " is shorter than the " + minBlockLength + "-byte block of schema version " + SCHEMA_VERSION);
        }

        final int blockEnd = HEADER_LENGTH + blockLength;
        if (blockEnd > length)
        {
            throw new ProtocolException(messageName(templateId) + ": header " + HEADER_LENGTH + " + blockLength=" +
                blockLength + " = " + blockEnd + " bytes exceed a fragment of " + length + " bytes");
        }
    }

    private static int checkGroup(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int position,
        final int templateId,
        final String groupName,
        final int groupHeaderLength,
        final int minGroupBlockLength)
    {
        if (groupHeaderLength > length - position)
        {
            throw new ProtocolException(messageName(templateId) + "." + groupName + ": the " + groupHeaderLength +
                "-byte group header at byte " + position + " exceeds the " + (length - position) +
                " bytes left in a fragment of " + length + " bytes");
        }

        final int groupHeaderIndex = offset + position;
        final int groupBlockLength =
            uint16(buffer, groupHeaderIndex + GroupSizeEncodingDecoder.blockLengthEncodingOffset());
        if (groupBlockLength < minGroupBlockLength)
        {
            throw new ProtocolException(messageName(templateId) + "." + groupName + ": group blockLength=" +
                groupBlockLength + " is shorter than the " + minGroupBlockLength + "-byte entry of schema version " +
                SCHEMA_VERSION);
        }

        final int numInGroup = uint16(buffer, groupHeaderIndex + GroupSizeEncodingDecoder.numInGroupEncodingOffset());
        final int entriesStart = position + groupHeaderLength;
        final int remaining = length - entriesStart;
        // Two uint16 values multiply past Integer.MAX_VALUE, hence the long.
        final long entriesLength = (long)numInGroup * groupBlockLength;
        if (entriesLength > remaining)
        {
            throw new ProtocolException(messageName(templateId) + "." + groupName + ": numInGroup=" + numInGroup +
                " x blockLength=" + groupBlockLength + " = " + entriesLength + " bytes exceed the " + remaining +
                " bytes left in a fragment of " + length + " bytes");
        }

        return entriesStart + (int)entriesLength;
    }

    private static int checkVarData(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int position,
        final int templateId,
        final String fieldName,
        final int lengthPrefixSize)
    {
        if (lengthPrefixSize > length - position)
        {
            throw new ProtocolException(messageName(templateId) + "." + fieldName + ": the " + lengthPrefixSize +
                "-byte length prefix at byte " + position + " exceeds the " + (length - position) +
                " bytes left in a fragment of " + length + " bytes");
        }

        final long dataLength = 4 == lengthPrefixSize ?
            buffer.getInt(offset + position, BYTE_ORDER) & 0xFFFF_FFFFL :
            uint16(buffer, offset + position);

        // The generated decoders cast a uint32 length to int: with the top bit set it would turn negative.
        if (dataLength > Integer.MAX_VALUE)
        {
            throw new ProtocolException(messageName(templateId) + "." + fieldName + ": length=" + dataLength +
                " has the top bit set, negative when read as an int; at most " + Integer.MAX_VALUE + " is readable");
        }

        final int dataStart = position + lengthPrefixSize;
        final int remaining = length - dataStart;
        if (dataLength > remaining)
        {
            throw new ProtocolException(messageName(templateId) + "." + fieldName + ": length=" + dataLength +
                " exceeds the " + remaining + " bytes left in a fragment of " + length + " bytes");
        }

        return dataStart + (int)dataLength;
    }

    private static void checkSegmentKind(final DirectBuffer buffer, final int index)
    {
        final short kind = (short)(buffer.getByte(index) & 0xFF);
        for (final SegmentKind known : SEGMENT_KINDS)
        {
            if (SegmentKind.NULL_VAL != known && known.value() == kind)
            {
                return;
            }
        }

        final StringBuilder knownKinds = new StringBuilder();
        for (final SegmentKind known : SEGMENT_KINDS)
        {
            if (SegmentKind.NULL_VAL != known)
            {
                knownKinds.append(0 == knownKinds.length() ? "" : ", ");
                knownKinds.append(known).append('=').append(known.value());
            }
        }

        throw new ProtocolException("SegmentAnnounce.kind: " + kind + " is not a SegmentKind (known: " + knownKinds +
            "); the decoder would reject it");
    }

    private static int uint16(final DirectBuffer buffer, final int index)
    {
        return buffer.getShort(index, BYTE_ORDER) & 0xFFFF;
    }

    private static String messageName(final int templateId)
    {
        switch (templateId)
        {
            case PayloadDescriptorDecoder.TEMPLATE_ID:
                return "PayloadDescriptor";
            case InlinePayloadDecoder.TEMPLATE_ID:
                return "InlinePayload";
            case AckDecoder.TEMPLATE_ID:
                return "Ack";
            case SegmentAnnounceDecoder.TEMPLATE_ID:
                return "SegmentAnnounce";
            case ReceiverAttachDecoder.TEMPLATE_ID:
                return "ReceiverAttach";
            case ReceiverDetachDecoder.TEMPLATE_ID:
                return "ReceiverDetach";
            case StoreAnnounceDecoder.TEMPLATE_ID:
                return "StoreAnnounce";
            default:
                return "templateId " + templateId;
        }
    }
}
