package io.freight.schema;

import io.freight.codecs.AckDecoder;
import io.freight.codecs.AckEncoder;
import io.freight.codecs.HeartbeatDecoder;
import io.freight.codecs.InlinePayloadDecoder;
import io.freight.codecs.InlinePayloadEncoder;
import io.freight.codecs.MessageHeaderDecoder;
import io.freight.codecs.MessageHeaderEncoder;
import io.freight.codecs.PayloadChunkDecoder;
import io.freight.codecs.PayloadDescriptorEncoder;
import io.freight.codecs.ReceiverAttachDecoder;
import io.freight.codecs.SegmentAnnounceDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@link MessageValidator} accepts and rejects, one behaviour per test, mostly on golden vectors with one field
 * damaged.
 */
class MessageValidatorTest
{
    private static final Path DIRECTORY = GoldenVectorManifest.directory();
    private static final List<GoldenVector> VECTORS = GoldenVectorManifest.read(DIRECTORY);
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private static final int ACK_GROUP_HEADER = MessageValidator.HEADER_LENGTH + AckDecoder.BLOCK_LENGTH;
    private static final int INLINE_LENGTH_PREFIX =
        MessageValidator.HEADER_LENGTH + InlinePayloadDecoder.BLOCK_LENGTH;
    private static final int SEGMENT_KIND =
        MessageValidator.HEADER_LENGTH + SegmentAnnounceDecoder.kindEncodingOffset();
    private static final int SEGMENT_FILE_NAME_PREFIX =
        MessageValidator.HEADER_LENGTH + SegmentAnnounceDecoder.BLOCK_LENGTH;
    private static final int CHUNK_LENGTH_PREFIX = MessageValidator.HEADER_LENGTH + PayloadChunkDecoder.BLOCK_LENGTH;
    private static final int NEWER_VERSION = MessageValidator.SCHEMA_VERSION + 1;

    static Stream<Arguments> vectors()
    {
        return VECTORS.stream().map((vector) -> Arguments.of(Named.of(vector.name(), vector)));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void shouldAcceptEveryGoldenVectorAndReturnItsTemplateId(final GoldenVector vector)
    {
        final byte[] bytes = GoldenVectorManifest.readBytes(DIRECTORY, vector);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);

        final int templateId = MessageValidator.validate(buffer, 0, bytes.length);

        assertEquals(GoldenVectorCodec.MESSAGES.indexOf(vector.message()) + 1, templateId);
        assertEquals(bytes.length, MessageValidator.encodedLength(buffer, 0, bytes.length));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void shouldRejectEveryTruncationOfEveryGoldenVector(final GoldenVector vector)
    {
        final byte[] bytes = GoldenVectorManifest.readBytes(DIRECTORY, vector);

        for (int length = 0; length < bytes.length; length++)
        {
            final byte[] truncated = Arrays.copyOf(bytes, length);
            assertThrows(ProtocolException.class, () -> validate(truncated), vector.name() + " cut to " + length);
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void shouldCheckEveryGoldenVectorToItsTemplateIdAndEveryTruncationToAReason(final GoldenVector vector)
    {
        final byte[] bytes = GoldenVectorManifest.readBytes(DIRECTORY, vector);

        assertEquals(GoldenVectorCodec.MESSAGES.indexOf(vector.message()) + 1, reason(bytes));
        for (int length = 0; length < bytes.length; length++)
        {
            final int reason = reason(Arrays.copyOf(bytes, length));
            assertTrue(reason < 0, vector.name() + " cut to " + length + ": " + reason);
            assertNotEquals("unknown rejection reason", MessageValidator.reasonText(reason));
        }
    }

    @Test
    void shouldRecogniseTheDataPathsHeadersAsTheEncodersWriteThem()
    {
        // The one-read check of the data path compares the whole header with these words: were they not what the
        // encoders write, every such message would take the long walk and the fast path would never run.
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MessageValidator.HEADER_LENGTH]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        new InlinePayloadEncoder().wrapAndApplyHeader(buffer, 0, header);
        assertEquals(MessageValidator.INLINE_PAYLOAD_HEADER, buffer.getLong(0, LE));
        new PayloadDescriptorEncoder().wrapAndApplyHeader(buffer, 0, header);
        assertEquals(MessageValidator.PAYLOAD_DESCRIPTOR_HEADER, buffer.getLong(0, LE));
        new AckEncoder().wrapAndApplyHeader(buffer, 0, header);
        assertEquals(MessageValidator.ACK_HEADER, buffer.getLong(0, LE));
    }

    @Test
    void shouldReturnTheReasonOfARejectionWithoutThrowing()
    {
        final byte[] foreign = golden("receiver-attach-byte-order");
        putUint16(foreign, MessageHeaderDecoder.schemaIdEncodingOffset(), 18001);
        final byte[] unknown = golden("receiver-attach-byte-order");
        putUint16(unknown, MessageHeaderDecoder.templateIdEncodingOffset(), 99);
        final byte[] shortBlock = golden("ack-none-released");
        putUint16(shortBlock, MessageHeaderDecoder.blockLengthEncodingOffset(), 12);
        final byte[] trailing = Arrays.copyOf(golden("receiver-attach-byte-order"), 17);

        assertEquals(MessageValidator.SHORTER_THAN_HEADER, reason(new byte[7]));
        assertEquals(MessageValidator.FOREIGN_SCHEMA, reason(foreign));
        assertEquals(MessageValidator.UNKNOWN_TEMPLATE, reason(unknown));
        assertEquals(MessageValidator.BLOCK_TOO_SHORT, reason(shortBlock));
        assertEquals(MessageValidator.BLOCK_PAST_END, reason(Arrays.copyOf(golden("descriptor-zero"), 40)));
        assertEquals(MessageValidator.GROUP_HEADER_PAST_END,
            reason(Arrays.copyOf(golden("ack-none-released"), ACK_GROUP_HEADER + 2)));
        assertEquals(MessageValidator.BYTES_AFTER_END, reason(trailing));
        assertEquals("the schema id is not Freight's: not a Freight message",
            MessageValidator.reasonText(MessageValidator.FOREIGN_SCHEMA));
        assertEquals("unknown rejection reason", MessageValidator.reasonText(0));
        assertEquals("unknown rejection reason", MessageValidator.reasonText(-MessageValidator.REJECTION_REASONS - 1));
    }

    @Test
    void shouldRejectFragmentShorterThanTheMessageHeader()
    {
        final String message = rejection(new byte[MessageValidator.HEADER_LENGTH - 1]);

        assertEquals("message header: a fragment of 7 bytes is shorter than the 8-byte message header", message);
    }

    @Test
    void shouldRejectForeignSchemaIdNamingSeenAndExpected()
    {
        final byte[] bytes = golden("receiver-attach-byte-order");
        putUint16(bytes, MessageHeaderDecoder.schemaIdEncodingOffset(), 18001);

        final String message = rejection(bytes);

        assertTrue(message.startsWith("message header: schemaId=18001 is not Freight's schema id 18002"), message);
    }

    @Test
    void shouldRejectUnknownTemplateIdNamingIt()
    {
        final byte[] bytes = golden("receiver-attach-byte-order");
        putUint16(bytes, MessageHeaderDecoder.templateIdEncodingOffset(), 99);

        final String message = rejection(bytes);

        assertTrue(message.startsWith("message header: templateId=99 is not a Freight message type"), message);
    }

    @Test
    void shouldRejectBlockShorterThanTheVersionZeroBlock()
    {
        final byte[] bytes = golden("ack-none-released");
        putUint16(bytes, MessageHeaderDecoder.blockLengthEncodingOffset(), 12);

        final String message = rejection(bytes);

        assertEquals("Ack: header blockLength=12 is shorter than the 20-byte block of schema version 1", message);
    }

    @Test
    void shouldRejectTruncatedBlock()
    {
        final byte[] bytes = Arrays.copyOf(golden("descriptor-zero"), 40);

        final String message = rejection(bytes);

        assertEquals("PayloadDescriptor: header 8 + blockLength=41 = 49 bytes exceed a fragment of 40 bytes", message);
    }

    @Test
    void shouldRejectTruncatedGroupHeader()
    {
        final byte[] bytes = Arrays.copyOf(golden("ack-none-released"), ACK_GROUP_HEADER + 2);

        final String message = rejection(bytes);

        assertEquals("Ack.released: the 4-byte group header at byte 28 exceeds the 2 bytes left in a fragment of " +
            "30 bytes", message);
    }

    @Test
    void shouldRejectGroupCountOverflowingTheFragment()
    {
        final byte[] bytes = golden("ack-three-released");
        putUint16(bytes, ACK_GROUP_HEADER + 2, 5);

        final String message = rejection(bytes);

        assertEquals(
            "Ack.released: numInGroup=5 x blockLength=8 = 40 bytes exceed the 24 bytes left in a fragment of 56 bytes",
            message);
    }

    @Test
    void shouldRejectGroupWhoseCountTimesBlockLengthPassesIntegerMaxValue()
    {
        final byte[] bytes = golden("ack-three-released");
        putUint16(bytes, ACK_GROUP_HEADER, 65535);
        putUint16(bytes, ACK_GROUP_HEADER + 2, 65535);

        final String message = rejection(bytes);

        assertTrue(message.contains("numInGroup=65535 x blockLength=65535 = 4294836225 bytes exceed"), message);
    }

    @Test
    void shouldRejectGroupBlockLengthShorterThanAnEntry()
    {
        final byte[] bytes = golden("ack-three-released");
        putUint16(bytes, ACK_GROUP_HEADER, 4);

        final String message = rejection(bytes);

        assertEquals("Ack.released: group blockLength=4 is shorter than the 8-byte entry of schema version 1", message);
    }

    @Test
    void shouldRejectTruncatedVarDataLengthPrefix()
    {
        final byte[] bytes = Arrays.copyOf(golden("inline-empty"), INLINE_LENGTH_PREFIX + 3);

        final String message = rejection(bytes);

        assertEquals("InlinePayload.payload: the 4-byte length prefix at byte 16 exceeds the 3 bytes left in a " +
            "fragment of 19 bytes", message);
    }

    @Test
    void shouldRejectVarDataLengthPastTheEnd()
    {
        final byte[] bytes = golden("inline-bytes");
        new UnsafeBuffer(bytes).putInt(INLINE_LENGTH_PREFIX, 14, LE);

        final String message = rejection(bytes);

        assertEquals("InlinePayload.payload: length=14 exceeds the 13 bytes left in a fragment of 33 bytes", message);
    }

    @Test
    void shouldRejectAsciiVarDataLengthPastTheEnd()
    {
        final byte[] bytes = golden("segment-ring");
        putUint16(bytes, SEGMENT_FILE_NAME_PREFIX, 7);

        final String message = rejection(bytes);

        assertEquals("SegmentAnnounce.fileName: length=7 exceeds the 6 bytes left in a fragment of 29 bytes", message);
    }

    @ParameterizedTest
    @ValueSource(ints = { 0x8000_0000, 0xFFFF_FFFF })
    void shouldRejectUint32VarDataLengthWithTheTopBitSet(final int rawLength)
    {
        final byte[] bytes = golden("inline-bytes");
        new UnsafeBuffer(bytes).putInt(INLINE_LENGTH_PREFIX, rawLength, LE);

        final String message = rejection(bytes);

        assertTrue(message.startsWith("InlinePayload.payload: length=" + Integer.toUnsignedString(rawLength) +
            " has the top bit set"), message);
    }

    @ParameterizedTest
    @ValueSource(ints = { 2, 7, 255 })
    void shouldRejectUnknownSegmentKind(final int kind)
    {
        final byte[] bytes = golden("segment-oversize");
        bytes[SEGMENT_KIND] = (byte)kind;

        final String message = rejection(bytes);

        assertTrue(message.startsWith("SegmentAnnounce.kind: " + kind + " is not a SegmentKind"), message);
    }

    @Test
    void shouldRejectBytesAfterTheEndOfAVersionOneMessage()
    {
        final byte[] bytes = Arrays.copyOf(golden("receiver-attach-minus-one"), 17);

        final String message = rejection(bytes);

        assertEquals("ReceiverAttach: 1 bytes follow the end of the message at byte 16 in a fragment of 17 bytes; " +
            "schema version 1 defines nothing after it", message);
    }

    @Test
    void shouldRejectBytesAfterTheEndOfAVersionZeroMessage()
    {
        final byte[] bytes = Arrays.copyOf(golden("v0-receiver-attach-byte-order"), 17);

        final String message = rejection(bytes);

        assertEquals("ReceiverAttach: 1 bytes follow the end of the message at byte 16 in a fragment of 17 bytes; " +
            "schema version 0 defines nothing after it", message);
    }

    @Test
    void shouldAcceptNewerVersionWithLongerBlockAndDecodeTheKnownFields()
    {
        final int blockLength = InlinePayloadDecoder.BLOCK_LENGTH + 8;
        final byte[] payload = "abc".getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MessageValidator.HEADER_LENGTH + blockLength + 4 + 3]);
        putHeader(buffer, blockLength, InlinePayloadDecoder.TEMPLATE_ID, NEWER_VERSION);
        buffer.putLong(MessageValidator.HEADER_LENGTH, 42, LE);
        buffer.putLong(MessageValidator.HEADER_LENGTH + 8, 0x7777_7777_7777_7777L, LE);
        buffer.putInt(MessageValidator.HEADER_LENGTH + blockLength, payload.length, LE);
        buffer.putBytes(MessageValidator.HEADER_LENGTH + blockLength + 4, payload);

        final int templateId = MessageValidator.validate(buffer, 0, buffer.capacity());

        final InlinePayloadDecoder decoder = new InlinePayloadDecoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderDecoder());
        final byte[] decoded = new byte[decoder.payloadLength()];
        decoder.getPayload(decoded, 0, decoded.length);
        assertEquals(InlinePayloadDecoder.TEMPLATE_ID, templateId);
        assertEquals(42, decoder.sequence());
        assertArrayEquals(payload, decoded);
    }

    @Test
    void shouldAcceptNewerVersionWithLongerGroupEntriesAndDecodeTheKnownFields()
    {
        final int entryLength = 16;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[ACK_GROUP_HEADER + 4 + 2 * entryLength]);
        putHeader(buffer, AckDecoder.BLOCK_LENGTH, AckDecoder.TEMPLATE_ID, NEWER_VERSION);
        buffer.putLong(MessageValidator.HEADER_LENGTH + AckDecoder.sequenceEncodingOffset(), 10, LE);
        buffer.putShort(ACK_GROUP_HEADER, (short)entryLength, LE);
        buffer.putShort(ACK_GROUP_HEADER + 2, (short)2, LE);
        buffer.putLong(ACK_GROUP_HEADER + 4, 12, LE);
        buffer.putLong(ACK_GROUP_HEADER + 4 + entryLength, 15, LE);

        MessageValidator.validate(buffer, 0, buffer.capacity());

        final AckDecoder decoder = new AckDecoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderDecoder());
        final List<Long> released = new ArrayList<>();
        decoder.released().forEach((entry) -> released.add(entry.sequence()));
        assertEquals(10, decoder.sequence());
        assertEquals(List.of(12L, 15L), released);
        assertEquals(buffer.capacity(), MessageValidator.HEADER_LENGTH + decoder.encodedLength());
    }

    @Test
    void shouldAcceptNewerVersionWithDataAfterTheKnownParts()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MessageValidator.HEADER_LENGTH + 8 + 2 + 5]);
        putHeader(buffer, ReceiverAttachDecoder.BLOCK_LENGTH, ReceiverAttachDecoder.TEMPLATE_ID, NEWER_VERSION);
        buffer.putShort(MessageValidator.HEADER_LENGTH + 8, (short)5, LE);

        final int encodedLength = MessageValidator.encodedLength(buffer, 0, buffer.capacity());

        assertEquals(MessageValidator.HEADER_LENGTH + ReceiverAttachDecoder.BLOCK_LENGTH, encodedLength);
    }

    @Test
    void shouldAcceptTheNetworkModeMessagesWithTheirTemplateIds()
    {
        final byte[] chunk = golden("chunk-first");
        final byte[] heartbeat = golden("heartbeat-sender");

        assertEquals(8, MessageValidator.validate(new UnsafeBuffer(chunk), 0, chunk.length));
        assertEquals(PayloadChunkDecoder.TEMPLATE_ID, reason(chunk));
        assertEquals(9, MessageValidator.validate(new UnsafeBuffer(heartbeat), 0, heartbeat.length));
        assertEquals(HeartbeatDecoder.TEMPLATE_ID, reason(heartbeat));
        assertEquals(36 + 13, chunk.length);
        assertEquals(20, heartbeat.length);
    }

    @Test
    void shouldRejectPayloadChunkWhoseBytesRunPastTheEnd()
    {
        final byte[] bytes = golden("chunk-first");
        new UnsafeBuffer(bytes).putInt(CHUNK_LENGTH_PREFIX, 14, LE);

        final String message = rejection(bytes, MessageValidator.VAR_DATA_PAST_END);

        assertEquals("PayloadChunk.bytes: length=14 exceeds the 13 bytes left in a fragment of 49 bytes", message);
    }

    @Test
    void shouldRejectPayloadChunkWhoseBytesAreShorterThanItsLengthSaysAfterTheFragmentWasCut()
    {
        final byte[] bytes = Arrays.copyOf(golden("chunk-first"), 48);

        final String message = rejection(bytes, MessageValidator.VAR_DATA_PAST_END);

        assertEquals("PayloadChunk.bytes: length=13 exceeds the 12 bytes left in a fragment of 48 bytes", message);
    }

    @ParameterizedTest
    @ValueSource(ints = { 0x8000_0000, 0xFFFF_FFFF })
    void shouldRejectPayloadChunkLengthWithTheTopBitSet(final int rawLength)
    {
        final byte[] bytes = golden("chunk-first");
        new UnsafeBuffer(bytes).putInt(CHUNK_LENGTH_PREFIX, rawLength, LE);

        final String message = rejection(bytes, MessageValidator.LENGTH_TOP_BIT_SET);

        assertTrue(message.startsWith("PayloadChunk.bytes: length=" + Integer.toUnsignedString(rawLength) +
            " has the top bit set"), message);
    }

    @Test
    void shouldRejectPayloadChunkWhoseLengthPrefixIsCut()
    {
        final byte[] bytes = Arrays.copyOf(golden("chunk-empty"), CHUNK_LENGTH_PREFIX + 3);

        final String message = rejection(bytes, MessageValidator.LENGTH_PREFIX_PAST_END);

        assertEquals("PayloadChunk.bytes: the 4-byte length prefix at byte 32 exceeds the 3 bytes left in a " +
            "fragment of 35 bytes", message);
    }

    @Test
    void shouldRejectPayloadChunkBlockShorterThanItsVersionOneBlock()
    {
        final byte[] bytes = golden("chunk-past-4gib");
        putUint16(bytes, MessageHeaderDecoder.blockLengthEncodingOffset(), 16);

        final String message = rejection(bytes, MessageValidator.BLOCK_TOO_SHORT);

        assertEquals(
            "PayloadChunk: header blockLength=16 is shorter than the 24-byte block of schema version 1", message);
    }

    @Test
    void shouldRejectPayloadChunkWithBytesAfterItsData()
    {
        final byte[] bytes = Arrays.copyOf(golden("chunk-last"), 41);

        final String message = rejection(bytes, MessageValidator.BYTES_AFTER_END);

        assertEquals("PayloadChunk: 1 bytes follow the end of the message at byte 40 in a fragment of 41 bytes; " +
            "schema version 1 defines nothing after it", message);
    }

    @Test
    void shouldRejectHeartbeatBlockShorterThanItsVersionOneBlock()
    {
        final byte[] bytes = golden("heartbeat-receiver");
        putUint16(bytes, MessageHeaderDecoder.blockLengthEncodingOffset(), 8);

        final String message = rejection(bytes, MessageValidator.BLOCK_TOO_SHORT);

        assertEquals("Heartbeat: header blockLength=8 is shorter than the 12-byte block of schema version 1", message);
    }

    @Test
    void shouldRejectTruncatedHeartbeatBlock()
    {
        final byte[] bytes = Arrays.copyOf(golden("heartbeat-max"), 19);

        final String message = rejection(bytes, MessageValidator.BLOCK_PAST_END);

        assertEquals("Heartbeat: header 8 + blockLength=12 = 20 bytes exceed a fragment of 19 bytes", message);
    }

    @Test
    void shouldRejectHeartbeatWithBytesAfterItsBlock()
    {
        final byte[] bytes = Arrays.copyOf(golden("heartbeat-sender"), 24);

        final String message = rejection(bytes, MessageValidator.BYTES_AFTER_END);

        assertEquals("Heartbeat: 4 bytes follow the end of the message at byte 20 in a fragment of 24 bytes; " +
            "schema version 1 defines nothing after it", message);
    }

    @Test
    void shouldAcceptNewerPayloadChunkWithLongerBlockAndDataAfterItsBytesAndDecodeTheKnownFields()
    {
        final int blockLength = PayloadChunkDecoder.BLOCK_LENGTH + 8;
        final byte[] chunk = { 1, 2, 3, 4, 5 };
        final int bytesEnd = MessageValidator.HEADER_LENGTH + blockLength + 4 + chunk.length;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[bytesEnd + 2 + 3]);
        putHeader(buffer, blockLength, PayloadChunkDecoder.TEMPLATE_ID, NEWER_VERSION);
        buffer.putLong(MessageValidator.HEADER_LENGTH + PayloadChunkDecoder.sequenceEncodingOffset(), 3, LE);
        buffer.putLong(MessageValidator.HEADER_LENGTH + PayloadChunkDecoder.payloadLengthEncodingOffset(), 5L << 32, LE);
        buffer.putLong(MessageValidator.HEADER_LENGTH + PayloadChunkDecoder.chunkOffsetEncodingOffset(), 1L << 32, LE);
        buffer.putLong(MessageValidator.HEADER_LENGTH + PayloadChunkDecoder.BLOCK_LENGTH, -1, LE);
        buffer.putInt(MessageValidator.HEADER_LENGTH + blockLength, chunk.length, LE);
        buffer.putBytes(MessageValidator.HEADER_LENGTH + blockLength + 4, chunk);
        buffer.putShort(bytesEnd, (short)3, LE);

        final int encodedLength = MessageValidator.encodedLength(buffer, 0, buffer.capacity());

        final PayloadChunkDecoder decoder = new PayloadChunkDecoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderDecoder());
        final byte[] decoded = new byte[decoder.bytesLength()];
        decoder.getBytes(decoded, 0, decoded.length);
        assertEquals(bytesEnd, encodedLength);
        assertEquals(3, decoder.sequence());
        assertEquals(5L << 32, decoder.payloadLength());
        assertEquals(1L << 32, decoder.chunkOffset());
        assertArrayEquals(chunk, decoded);
    }

    @Test
    void shouldAcceptNewerHeartbeatWithLongerBlockAndDecodeTheKnownFields()
    {
        final int blockLength = HeartbeatDecoder.BLOCK_LENGTH + 4;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MessageValidator.HEADER_LENGTH + blockLength]);
        putHeader(buffer, blockLength, HeartbeatDecoder.TEMPLATE_ID, NEWER_VERSION);
        buffer.putLong(MessageValidator.HEADER_LENGTH + HeartbeatDecoder.receiverIdEncodingOffset(), 77, LE);
        buffer.putInt(MessageValidator.HEADER_LENGTH + HeartbeatDecoder.sessionIdEncodingOffset(), -5, LE);
        buffer.putInt(MessageValidator.HEADER_LENGTH + HeartbeatDecoder.BLOCK_LENGTH, 0x7FFF_FFFF, LE);

        final int templateId = MessageValidator.validate(buffer, 0, buffer.capacity());

        final HeartbeatDecoder decoder = new HeartbeatDecoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderDecoder());
        assertEquals(HeartbeatDecoder.TEMPLATE_ID, templateId);
        assertEquals(77, decoder.receiverId());
        assertEquals(-5, decoder.sessionId());
        assertEquals(buffer.capacity(), MessageValidator.HEADER_LENGTH + decoder.encodedLength());
    }

    @Test
    void shouldReadAVersionZeroMessageWithTheVersionOneDecoders()
    {
        final byte[] bytes = golden("v0-ack-three-released");
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);

        final int templateId = MessageValidator.validate(buffer, 0, bytes.length);

        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final AckDecoder decoder = new AckDecoder().wrapAndApplyHeader(buffer, 0, header);
        final List<Long> released = new ArrayList<>();
        decoder.released().forEach((entry) -> released.add(entry.sequence()));
        assertEquals(AckDecoder.TEMPLATE_ID, templateId);
        assertEquals(0, header.version());
        assertEquals(4, decoder.sequence());
        assertEquals(-1, decoder.sessionId());
        assertEquals(List.of(5L, 7L, 9L), released);
        assertEquals(bytes.length, MessageValidator.HEADER_LENGTH + decoder.encodedLength());
    }

    @Test
    void shouldValidateAMessageAtAnOffsetWithinALargerBuffer()
    {
        final byte[] message = golden("ack-three-released");
        final byte[] bytes = new byte[13 + message.length + 64];
        Arrays.fill(bytes, (byte)0xFF);
        System.arraycopy(message, 0, bytes, 13, message.length);

        final int templateId = MessageValidator.validate(new UnsafeBuffer(bytes), 13, message.length);

        assertEquals(AckDecoder.TEMPLATE_ID, templateId);
    }

    @Test
    void shouldJudgeByFragmentLengthNotBufferCapacity()
    {
        final byte[] message = golden("inline-bytes");
        final byte[] bytes = Arrays.copyOf(message, message.length + 64);
        new UnsafeBuffer(bytes).putInt(INLINE_LENGTH_PREFIX, 14, LE);

        assertThrows(
            ProtocolException.class, () -> MessageValidator.validate(new UnsafeBuffer(bytes), 0, message.length));
    }

    @Test
    void shouldExposeSchemaConstantsFromTheGeneratedCodecs()
    {
        assertEquals(18002, MessageValidator.SCHEMA_ID);
        assertEquals(1, MessageValidator.SCHEMA_VERSION);
        assertEquals(8, MessageValidator.HEADER_LENGTH);
    }

    @Test
    void shouldNotAllocateWhenValidatingValidMessages()
    {
        final UnsafeBuffer[] buffers = VECTORS.stream()
            .map((vector) -> new UnsafeBuffer(GoldenVectorManifest.readBytes(DIRECTORY, vector)))
            .toArray(UnsafeBuffer[]::new);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        long checksum = validateAll(buffers, 20_000);

        // The JIT's transitions (OSR, deoptimisation) can allocate a little once in a window; an allocation per call
        // would show in every window, so one clean window of steady state is the proof.
        long allocated = -1;
        for (int window = 0; window < 10 && 0 != allocated; window++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            checksum += validateAll(buffers, 2_000);
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }

        assertTrue(checksum > 0);
        assertEquals(0, allocated, "bytes allocated in each of 10 windows of " + buffers.length * 2_000 + " validations");
    }

    private static long validateAll(final UnsafeBuffer[] buffers, final int rounds)
    {
        long sum = 0;
        for (int round = 0; round < rounds; round++)
        {
            for (final UnsafeBuffer buffer : buffers)
            {
                sum += MessageValidator.validate(buffer, 0, buffer.capacity());
            }
        }

        return sum;
    }

    private static byte[] golden(final String name)
    {
        for (final GoldenVector vector : VECTORS)
        {
            if (vector.name().equals(name))
            {
                return GoldenVectorManifest.readBytes(DIRECTORY, vector);
            }
        }

        throw new IllegalArgumentException("no golden vector named " + name);
    }

    private static void validate(final byte[] bytes)
    {
        MessageValidator.validate(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    /**
     * The detailed message of the throwing form, after checking that the non-throwing form rejects it too, with a
     * known reason.
     */
    private static String rejection(final byte[] bytes)
    {
        final int reason = MessageValidator.check(new UnsafeBuffer(bytes), 0, bytes.length);
        assertTrue(reason < 0 && -reason <= MessageValidator.REJECTION_REASONS, "check() rejects: " + reason);

        return assertThrows(ProtocolException.class, () -> validate(bytes)).getMessage();
    }

    /**
     * The detailed message of the throwing form, after checking that the non-throwing form rejects it with the given
     * reason.
     */
    private static String rejection(final byte[] bytes, final int expectedReason)
    {
        assertEquals(expectedReason, reason(bytes), () -> MessageValidator.reasonText(reason(bytes)));

        return rejection(bytes);
    }

    private static int reason(final byte[] bytes)
    {
        return MessageValidator.check(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private static void putUint16(final byte[] bytes, final int index, final int value)
    {
        new UnsafeBuffer(bytes).putShort(index, (short)value, LE);
    }

    private static void putHeader(
        final UnsafeBuffer buffer, final int blockLength, final int templateId, final int version)
    {
        buffer.putShort(MessageHeaderDecoder.blockLengthEncodingOffset(), (short)blockLength, LE);
        buffer.putShort(MessageHeaderDecoder.templateIdEncodingOffset(), (short)templateId, LE);
        buffer.putShort(MessageHeaderDecoder.schemaIdEncodingOffset(), (short)MessageValidator.SCHEMA_ID, LE);
        buffer.putShort(MessageHeaderDecoder.versionEncodingOffset(), (short)version, LE);
    }
}
