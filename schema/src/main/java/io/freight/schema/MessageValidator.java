package io.freight.schema;

import io.freight.codecs.AckDecoder;
import io.freight.codecs.GroupSizeEncodingDecoder;
import io.freight.codecs.HeartbeatDecoder;
import io.freight.codecs.InlinePayloadDecoder;
import io.freight.codecs.MessageHeaderDecoder;
import io.freight.codecs.PayloadChunkDecoder;
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
 * Cost: for the messages of the data path, an {@code InlinePayload}, {@code PayloadDescriptor} or {@code Ack} in
 * this version's layout, one 8-byte read of the header and a length comparison ({@link #check}); for any other, a
 * handful of bounds-checked reads and comparisons. No allocation on success; a failure of
 * {@link #validate} allocates the {@link ProtocolException} and its message, one of {@link #check} allocates
 * nothing (it returns the reason as a negative code, for a receiver that counts rejections from a stream that may
 * send nothing else). Thread safety: stateless, safe to call from any thread.
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

    /**
     * Rejection reason of {@link #check}: the fragment is shorter than the message header.
     */
    public static final int SHORTER_THAN_HEADER = -1;

    /**
     * Rejection reason of {@link #check}: the schema id is not Freight's.
     */
    public static final int FOREIGN_SCHEMA = -2;

    /**
     * Rejection reason of {@link #check}: the template id is not a Freight message.
     */
    public static final int UNKNOWN_TEMPLATE = -3;

    /**
     * Rejection reason of {@link #check}: the header's block length is shorter than the version 0 block.
     */
    public static final int BLOCK_TOO_SHORT = -4;

    /**
     * Rejection reason of {@link #check}: the block runs past the end of the fragment.
     */
    public static final int BLOCK_PAST_END = -5;

    /**
     * Rejection reason of {@link #check}: a group header runs past the end of the fragment.
     */
    public static final int GROUP_HEADER_PAST_END = -6;

    /**
     * Rejection reason of {@link #check}: a group's block length is shorter than the version 0 entry.
     */
    public static final int GROUP_ENTRY_TOO_SHORT = -7;

    /**
     * Rejection reason of {@link #check}: a group's entries run past the end of the fragment.
     */
    public static final int GROUP_PAST_END = -8;

    /**
     * Rejection reason of {@link #check}: a var-data length prefix runs past the end of the fragment.
     */
    public static final int LENGTH_PREFIX_PAST_END = -9;

    /**
     * Rejection reason of {@link #check}: a uint32 var-data length has its top bit set.
     */
    public static final int LENGTH_TOP_BIT_SET = -10;

    /**
     * Rejection reason of {@link #check}: var data runs past the end of the fragment.
     */
    public static final int VAR_DATA_PAST_END = -11;

    /**
     * Rejection reason of {@link #check}: a {@code SegmentKind} field holds no known value.
     */
    public static final int UNKNOWN_SEGMENT_KIND = -12;

    /**
     * Rejection reason of {@link #check}: bytes follow the end of a message of a version this schema knows.
     */
    public static final int BYTES_AFTER_END = -13;

    /**
     * How many rejection reasons there are: each is {@code -1} to {@code -REJECTION_REASONS}, so {@code -reason}
     * indexes a table of {@code REJECTION_REASONS + 1} entries.
     */
    public static final int REJECTION_REASONS = 13;

    private static final String[] REASON_TEXTS = {
        "valid",
        "the fragment is shorter than the 8-byte message header",
        "the schema id is not Freight's: not a Freight message",
        "the template id is not a Freight message type",
        "the header's blockLength is shorter than the block of schema version 0",
        "the header's blockLength runs past the end of the fragment",
        "a group header runs past the end of the fragment",
        "a group's blockLength is shorter than the entry of schema version 0",
        "a group's numInGroup x blockLength runs past the end of the fragment",
        "a var-data length prefix runs past the end of the fragment",
        "a uint32 var-data length has its top bit set",
        "var data runs past the end of the fragment",
        "SegmentAnnounce.kind is not a SegmentKind",
        "bytes follow the end of a message whose schema version defines nothing after it",
    };

    private static final ByteOrder BYTE_ORDER = MessageHeaderDecoder.BYTE_ORDER;

    private static final String KNOWN_TEMPLATES =
        "PayloadDescriptor=" + PayloadDescriptorDecoder.TEMPLATE_ID +
        ", InlinePayload=" + InlinePayloadDecoder.TEMPLATE_ID +
        ", Ack=" + AckDecoder.TEMPLATE_ID +
        ", SegmentAnnounce=" + SegmentAnnounceDecoder.TEMPLATE_ID +
        ", ReceiverAttach=" + ReceiverAttachDecoder.TEMPLATE_ID +
        ", ReceiverDetach=" + ReceiverDetachDecoder.TEMPLATE_ID +
        ", StoreAnnounce=" + StoreAnnounceDecoder.TEMPLATE_ID +
        ", PayloadChunk=" + PayloadChunkDecoder.TEMPLATE_ID +
        ", Heartbeat=" + HeartbeatDecoder.TEMPLATE_ID;

    private static final SegmentKind[] SEGMENT_KINDS = SegmentKind.values();

    /**
     * The 8-byte message header of an {@code InlinePayload} as this schema version writes it, read as one
     * little-endian long (blockLength | templateId &lt;&lt; 16 | schemaId &lt;&lt; 32 | version &lt;&lt; 48). A fragment that
     * starts with it and that {@link #check} accepted holds the sequence at byte 8, the payload's length prefix at
     * byte 16 and the payload from byte {@link #INLINE_PAYLOAD_FIXED_LENGTH} to its end: a receiver may read them
     * there without a decoder.
     */
    public static final long INLINE_PAYLOAD_HEADER =
        headerWord(InlinePayloadDecoder.BLOCK_LENGTH, InlinePayloadDecoder.TEMPLATE_ID);
    // The descriptor and the ack as this version writes them, recognised the same way.
    static final long PAYLOAD_DESCRIPTOR_HEADER =
        headerWord(PayloadDescriptorDecoder.BLOCK_LENGTH, PayloadDescriptorDecoder.TEMPLATE_ID);
    private static final int INLINE_PAYLOAD_PREFIX_OFFSET = HEADER_LENGTH + InlinePayloadDecoder.BLOCK_LENGTH;
    /**
     * Bytes of an {@code InlinePayload} of this version before its payload: header, block and length prefix.
     */
    public static final int INLINE_PAYLOAD_FIXED_LENGTH =
        INLINE_PAYLOAD_PREFIX_OFFSET + InlinePayloadDecoder.payloadHeaderLength();
    private static final int PAYLOAD_DESCRIPTOR_LENGTH = HEADER_LENGTH + PayloadDescriptorDecoder.BLOCK_LENGTH;
    static final long ACK_HEADER = headerWord(AckDecoder.BLOCK_LENGTH, AckDecoder.TEMPLATE_ID);
    private static final int ACK_GROUP_OFFSET = HEADER_LENGTH + AckDecoder.BLOCK_LENGTH;
    private static final int ACK_FIXED_LENGTH = ACK_GROUP_OFFSET + AckDecoder.ReleasedDecoder.sbeHeaderSize();
    private static final int ACK_ENTRY_LENGTH = AckDecoder.ReleasedDecoder.sbeBlockLength();

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
        return scan(buffer, offset, length, true);
    }

    /**
     * The same checks as {@link #validate}, without throwing: for a receiver that counts rejections by reason and
     * must not allocate per rejected message (a hostile stream can send nothing else). {@link #reasonText(int)}
     * describes a reason; {@link #validate} gives the detailed message, naming the field, the value and the limit.
     * <p>
     * Cost: that of {@link #validate} on success; no allocation, whatever the bytes.
     *
     * @param buffer holding the fragment; {@code [offset, offset + length)} must lie within its capacity.
     * @param offset at which the message header starts.
     * @param length of the fragment in bytes.
     * @return the template id of a valid message (positive), or a rejection reason (negative, one of this class's
     * constants from {@link #SHORTER_THAN_HEADER} to {@link #BYTES_AFTER_END}).
     */
    public static int check(final DirectBuffer buffer, final int offset, final int length)
    {
        // The data path first: an InlinePayload, a PayloadDescriptor or an Ack with exactly the header this version
        // writes is well formed if and only if its length is the one the header implies (a descriptor is its block;
        // an inline payload is its prefix and the bytes the prefix declares, a prefix with the top bit set never
        // matching; an ack is its block, its group header and the entries that header counts). The walk below
        // reaches the same verdict for them, with four bounds-checked reads and a switch more.
        if (length >= HEADER_LENGTH)
        {
            final long header = buffer.getLong(offset, BYTE_ORDER);
            if (INLINE_PAYLOAD_HEADER == header)
            {
                if (length >= INLINE_PAYLOAD_FIXED_LENGTH && isInlineLengthExact(buffer, offset, length))
                {
                    return InlinePayloadDecoder.TEMPLATE_ID;
                }
            }
            else if (PAYLOAD_DESCRIPTOR_HEADER == header)
            {
                if (PAYLOAD_DESCRIPTOR_LENGTH == length)
                {
                    return PayloadDescriptorDecoder.TEMPLATE_ID;
                }
            }
            else if (ACK_HEADER == header && length >= ACK_FIXED_LENGTH)
            {
                // And an Ack whose group has this version's entry length and exactly the entries that fill it.
                final int groupHeader = offset + ACK_GROUP_OFFSET;
                if (uint16(buffer, groupHeader + GroupSizeEncodingDecoder.blockLengthEncodingOffset()) ==
                    ACK_ENTRY_LENGTH &&
                    uint16(buffer, groupHeader + GroupSizeEncodingDecoder.numInGroupEncodingOffset()) *
                    ACK_ENTRY_LENGTH == length - ACK_FIXED_LENGTH)
                {
                    return AckDecoder.TEMPLATE_ID;
                }
            }
        }

        final int end = scan(buffer, offset, length, false);

        return end < 0 ? end : uint16(buffer, offset + MessageHeaderDecoder.templateIdEncodingOffset());
    }

    /**
     * Is the fragment an {@code InlinePayload} exactly as this version writes it, {@link #INLINE_PAYLOAD_HEADER}
     * followed by a block and the bytes its length prefix declares, no more and no fewer? {@link #check} accepts every
     * such fragment, returning its template id; this is that first test alone, small enough for the JIT to inline
     * into a receiver's fragment handler, for the receiver to read the sequence and the payload at their fixed
     * offsets. A false answer says nothing: the fragment may be any message, valid or not; {@link #check} it.
     * <p>
     * Cost: two bounds-checked reads and three comparisons; no allocation.
     *
     * @param buffer holding the fragment; {@code [offset, offset + length)} must lie within its capacity.
     * @param offset at which the message header starts.
     * @param length of the fragment in bytes.
     * @return true if the fragment is a whole InlinePayload of this version's layout.
     */
    public static boolean isInlinePayload(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= INLINE_PAYLOAD_FIXED_LENGTH &&
            INLINE_PAYLOAD_HEADER == buffer.getLong(offset, BYTE_ORDER) &&
            isInlineLengthExact(buffer, offset, length);
    }

    /**
     * What a rejection reason of {@link #check} means, for a log line; a constant string.
     *
     * @param reason from {@link #check}, negative.
     * @return its description; "unknown rejection reason" for a value that is not one.
     */
    public static String reasonText(final int reason)
    {
        return reason < 0 && -reason <= REJECTION_REASONS ? REASON_TEXTS[-reason] : "unknown rejection reason";
    }

    // Of a fragment at least INLINE_PAYLOAD_FIXED_LENGTH long: does the length prefix declare exactly what follows?
    private static boolean isInlineLengthExact(final DirectBuffer buffer, final int offset, final int length)
    {
        return buffer.getInt(offset + INLINE_PAYLOAD_PREFIX_OFFSET, BYTE_ORDER) == length - INLINE_PAYLOAD_FIXED_LENGTH;
    }

    // One walk for both forms: the throwing one builds a detailed message, the other returns the reason and allocates
    // nothing. Each check returns the position reached (>= 0) or a reason (< 0).
    private static int scan(final DirectBuffer buffer, final int offset, final int length, final boolean isThrowing)
    {
        if (length < HEADER_LENGTH)
        {
            if (!isThrowing)
            {
                return SHORTER_THAN_HEADER;
            }
            throw new ProtocolException("message header: a fragment of " + length +
                " bytes is shorter than the " + HEADER_LENGTH + "-byte message header");
        }

        final int schemaId = uint16(buffer, offset + MessageHeaderDecoder.schemaIdEncodingOffset());
        if (SCHEMA_ID != schemaId)
        {
            if (!isThrowing)
            {
                return FOREIGN_SCHEMA;
            }
            throw new ProtocolException("message header: schemaId=" + schemaId +
                " is not Freight's schema id " + SCHEMA_ID + "; the fragment is not a Freight message");
        }

        final int templateId = uint16(buffer, offset + MessageHeaderDecoder.templateIdEncodingOffset());
        final int blockLength = uint16(buffer, offset + MessageHeaderDecoder.blockLengthEncodingOffset());
        final int version = uint16(buffer, offset + MessageHeaderDecoder.versionEncodingOffset());
        final int blockEnd = HEADER_LENGTH + blockLength;
        final int minBlockLength = minBlockLength(templateId);
        if (minBlockLength < 0)
        {
            if (!isThrowing)
            {
                return UNKNOWN_TEMPLATE;
            }
            throw new ProtocolException("message header: templateId=" + templateId +
                " is not a Freight message type (known: " + KNOWN_TEMPLATES + ")");
        }

        final int block = checkBlock(templateId, minBlockLength, blockLength, length, isThrowing);
        if (block < 0)
        {
            return block;
        }

        final int end;
        switch (templateId)
        {
            case InlinePayloadDecoder.TEMPLATE_ID:
                end = checkVarData(
                    buffer,
                    offset,
                    length,
                    blockEnd,
                    templateId,
                    "payload",
                    InlinePayloadDecoder.payloadHeaderLength(),
                    isThrowing);
                break;

            case AckDecoder.TEMPLATE_ID:
                end = checkGroup(
                    buffer,
                    offset,
                    length,
                    blockEnd,
                    templateId,
                    "released",
                    AckDecoder.ReleasedDecoder.sbeHeaderSize(),
                    AckDecoder.ReleasedDecoder.sbeBlockLength(),
                    isThrowing);
                break;

            case SegmentAnnounceDecoder.TEMPLATE_ID:
                final int kind = checkSegmentKind(
                    buffer, offset + HEADER_LENGTH + SegmentAnnounceDecoder.kindEncodingOffset(), isThrowing);
                end = kind < 0 ? kind : checkVarData(
                    buffer,
                    offset,
                    length,
                    blockEnd,
                    templateId,
                    "fileName",
                    SegmentAnnounceDecoder.fileNameHeaderLength(),
                    isThrowing);
                break;

            case StoreAnnounceDecoder.TEMPLATE_ID:
                end = checkVarData(
                    buffer,
                    offset,
                    length,
                    blockEnd,
                    templateId,
                    "storeId",
                    StoreAnnounceDecoder.storeIdHeaderLength(),
                    isThrowing);
                break;

            case PayloadChunkDecoder.TEMPLATE_ID:
                end = checkVarData(
                    buffer,
                    offset,
                    length,
                    blockEnd,
                    templateId,
                    "bytes",
                    PayloadChunkDecoder.bytesHeaderLength(),
                    isThrowing);
                break;

            default:
                end = blockEnd; // PayloadDescriptor, ReceiverAttach, ReceiverDetach, Heartbeat: a block, nothing else
        }

        if (end < 0)
        {
            return end;
        }

        // A newer version may append fields, groups or var-data after what version 0 defines; a known one may not.
        if (end != length && version <= SCHEMA_VERSION)
        {
            if (!isThrowing)
            {
                return BYTES_AFTER_END;
            }
            throw new ProtocolException(messageName(templateId) + ": " + (length - end) +
                " bytes follow the end of the message at byte " + end + " in a fragment of " + length +
                " bytes; schema version " + version + " defines nothing after it");
        }

        return end;
    }

    private static int minBlockLength(final int templateId)
    {
        switch (templateId)
        {
            case PayloadDescriptorDecoder.TEMPLATE_ID:
                return PayloadDescriptorDecoder.BLOCK_LENGTH;
            case InlinePayloadDecoder.TEMPLATE_ID:
                return InlinePayloadDecoder.BLOCK_LENGTH;
            case AckDecoder.TEMPLATE_ID:
                return AckDecoder.BLOCK_LENGTH;
            case SegmentAnnounceDecoder.TEMPLATE_ID:
                return SegmentAnnounceDecoder.BLOCK_LENGTH;
            case ReceiverAttachDecoder.TEMPLATE_ID:
                return ReceiverAttachDecoder.BLOCK_LENGTH;
            case ReceiverDetachDecoder.TEMPLATE_ID:
                return ReceiverDetachDecoder.BLOCK_LENGTH;
            case StoreAnnounceDecoder.TEMPLATE_ID:
                return StoreAnnounceDecoder.BLOCK_LENGTH;
            case PayloadChunkDecoder.TEMPLATE_ID:
                return PayloadChunkDecoder.BLOCK_LENGTH;
            case HeartbeatDecoder.TEMPLATE_ID:
                return HeartbeatDecoder.BLOCK_LENGTH;
            default:
                return -1;
        }
    }

    private static int checkBlock(
        final int templateId,
        final int minBlockLength,
        final int blockLength,
        final int length,
        final boolean isThrowing)
    {
        if (blockLength < minBlockLength)
        {
            if (!isThrowing)
            {
                return BLOCK_TOO_SHORT;
            }
            throw new ProtocolException(messageName(templateId) + ": header blockLength=" + blockLength +
                " is shorter than the " + minBlockLength + "-byte block of schema version " + SCHEMA_VERSION);
        }

        final int blockEnd = HEADER_LENGTH + blockLength;
        if (blockEnd > length)
        {
            if (!isThrowing)
            {
                return BLOCK_PAST_END;
            }
            throw new ProtocolException(messageName(templateId) + ": header " + HEADER_LENGTH + " + blockLength=" +
                blockLength + " = " + blockEnd + " bytes exceed a fragment of " + length + " bytes");
        }

        return blockEnd;
    }

    private static int checkGroup(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int position,
        final int templateId,
        final String groupName,
        final int groupHeaderLength,
        final int minGroupBlockLength,
        final boolean isThrowing)
    {
        if (groupHeaderLength > length - position)
        {
            if (!isThrowing)
            {
                return GROUP_HEADER_PAST_END;
            }
            throw new ProtocolException(messageName(templateId) + "." + groupName + ": the " + groupHeaderLength +
                "-byte group header at byte " + position + " exceeds the " + (length - position) +
                " bytes left in a fragment of " + length + " bytes");
        }

        final int groupHeaderIndex = offset + position;
        final int groupBlockLength =
            uint16(buffer, groupHeaderIndex + GroupSizeEncodingDecoder.blockLengthEncodingOffset());
        if (groupBlockLength < minGroupBlockLength)
        {
            if (!isThrowing)
            {
                return GROUP_ENTRY_TOO_SHORT;
            }
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
            if (!isThrowing)
            {
                return GROUP_PAST_END;
            }
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
        final int lengthPrefixSize,
        final boolean isThrowing)
    {
        if (lengthPrefixSize > length - position)
        {
            if (!isThrowing)
            {
                return LENGTH_PREFIX_PAST_END;
            }
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
            if (!isThrowing)
            {
                return LENGTH_TOP_BIT_SET;
            }
            throw new ProtocolException(messageName(templateId) + "." + fieldName + ": length=" + dataLength +
                " has the top bit set, negative when read as an int; at most " + Integer.MAX_VALUE + " is readable");
        }

        final int dataStart = position + lengthPrefixSize;
        final int remaining = length - dataStart;
        if (dataLength > remaining)
        {
            if (!isThrowing)
            {
                return VAR_DATA_PAST_END;
            }
            throw new ProtocolException(messageName(templateId) + "." + fieldName + ": length=" + dataLength +
                " exceeds the " + remaining + " bytes left in a fragment of " + length + " bytes");
        }

        return dataStart + (int)dataLength;
    }

    private static int checkSegmentKind(final DirectBuffer buffer, final int index, final boolean isThrowing)
    {
        final short kind = (short)(buffer.getByte(index) & 0xFF);
        for (final SegmentKind known : SEGMENT_KINDS)
        {
            if (SegmentKind.NULL_VAL != known && known.value() == kind)
            {
                return kind;
            }
        }

        if (!isThrowing)
        {
            return UNKNOWN_SEGMENT_KIND;
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

    private static long headerWord(final int blockLength, final int templateId)
    {
        return (blockLength & 0xFFFFL) |
            (templateId & 0xFFFFL) << 16 |
            (SCHEMA_ID & 0xFFFFL) << 32 |
            (SCHEMA_VERSION & 0xFFFFL) << 48;
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
            case PayloadChunkDecoder.TEMPLATE_ID:
                return "PayloadChunk";
            case HeartbeatDecoder.TEMPLATE_ID:
                return "Heartbeat";
            default:
                return "templateId " + templateId;
        }
    }
}
