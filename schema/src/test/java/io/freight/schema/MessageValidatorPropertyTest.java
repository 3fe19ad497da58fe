package io.freight.schema;

import io.freight.codecs.AckDecoder;
import io.freight.codecs.InlinePayloadDecoder;
import io.freight.codecs.MessageHeaderDecoder;
import io.freight.codecs.PayloadChunkDecoder;
import io.freight.codecs.PayloadDescriptorDecoder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever bytes arrive, {@link MessageValidator} either accepts them or throws {@link ProtocolException}, never reads
 * outside the fragment, and what it accepts the generated decoders can walk without leaving the fragment.
 * <p>
 * Every buffer is an {@link UnsafeBuffer} exactly the size of the fragment, so an out-of-bounds read surfaces as an
 * {@link IndexOutOfBoundsException} and fails the property.
 */
class MessageValidatorPropertyTest
{
    private static final Path DIRECTORY = GoldenVectorManifest.directory();
    private static final List<byte[]> GOLDEN = GoldenVectorManifest.read(DIRECTORY).stream()
        .map((vector) -> GoldenVectorManifest.readBytes(DIRECTORY, vector))
        .toList();

    @Property
    void shouldAcceptOrThrowProtocolExceptionForArbitraryBytes(@ForAll @Size(max = 256) final byte[] bytes)
    {
        validateAndWalk(bytes);
    }

    @Property
    void shouldAcceptOrThrowProtocolExceptionForArbitraryBodiesBehindAFreightHeader(
        @ForAll("framedMessages") final byte[] bytes)
    {
        validateAndWalk(bytes);
    }

    @Property
    void shouldAcceptOrThrowProtocolExceptionForBitFlippedGoldenVectors(
        @ForAll("bitFlippedGoldenVectors") final byte[] bytes)
    {
        validateAndWalk(bytes);
    }

    @Property
    void shouldAcceptOrThrowProtocolExceptionForResizedGoldenVectors(
        @ForAll("resizedGoldenVectors") final byte[] bytes)
    {
        validateAndWalk(bytes);
    }

    @Property
    void shouldReachTheSameOutcomeWhateverBytesPrecedeTheFragment(
        @ForAll("framedMessages") final byte[] bytes,
        @ForAll @Size(max = 32) final byte[] before)
    {
        final byte[] embedded = new byte[before.length + bytes.length];
        System.arraycopy(before, 0, embedded, 0, before.length);
        System.arraycopy(bytes, 0, embedded, before.length, bytes.length);

        assertEquals(
            outcome(new UnsafeBuffer(bytes), 0, bytes.length),
            outcome(new UnsafeBuffer(embedded), before.length, bytes.length));
    }

    @Property
    void shouldAcceptAPayloadChunkExactlyWhenItsLengthPrefixMatchesItsBytes(
        @ForAll @IntRange(max = 64) final int actualLength,
        @ForAll("chunkLengthPrefixes") final int declaredLength,
        @ForAll @IntRange(max = 2) final int version)
    {
        final int lengthPrefix = MessageValidator.HEADER_LENGTH + PayloadChunkDecoder.BLOCK_LENGTH;
        final byte[] bytes = new byte[lengthPrefix + 4 + actualLength];
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        putHeader(buffer, PayloadChunkDecoder.BLOCK_LENGTH, PayloadChunkDecoder.TEMPLATE_ID, version);
        buffer.putInt(lengthPrefix, declaredLength, ByteOrder.LITTLE_ENDIAN);

        final int expected;
        if (declaredLength < 0)
        {
            expected = MessageValidator.LENGTH_TOP_BIT_SET;
        }
        else if (declaredLength > actualLength)
        {
            expected = MessageValidator.VAR_DATA_PAST_END;
        }
        else if (declaredLength < actualLength && version <= MessageValidator.SCHEMA_VERSION)
        {
            expected = MessageValidator.BYTES_AFTER_END;
        }
        else
        {
            expected = PayloadChunkDecoder.TEMPLATE_ID;
        }

        assertEquals(expected, MessageValidator.check(buffer, 0, bytes.length));
        validateAndWalk(bytes);
    }

    @Property
    void shouldJudgeTheDataPathsMessagesAsTheFullWalkDoes(
        @ForAll("dataPathMessages") final byte[] bytes)
    {
        // check() recognises these two headers with one read: the walk of validate() must agree on every length.
        validateAndWalk(bytes);
    }

    @Provide
    Arbitrary<byte[]> dataPathMessages()
    {
        final Arbitrary<Integer> templateId = Arbitraries.of(
            InlinePayloadDecoder.TEMPLATE_ID, PayloadDescriptorDecoder.TEMPLATE_ID, AckDecoder.TEMPLATE_ID);
        final Arbitrary<Integer> bodyLength = Arbitraries.integers().between(0, 80);
        final Arbitrary<Integer> lengthPrefix = Arbitraries.oneOf(
            Arbitraries.integers().between(-2, 80), Arbitraries.integers(), Arbitraries.just(Integer.MIN_VALUE));

        return Combinators.combine(templateId, bodyLength, lengthPrefix).as((template, length, prefix) ->
        {
            final boolean isInline = InlinePayloadDecoder.TEMPLATE_ID == template;
            final boolean isAck = AckDecoder.TEMPLATE_ID == template;
            final byte[] bytes = new byte[MessageValidator.HEADER_LENGTH + length];
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            putHeader(
                buffer,
                isInline ? InlinePayloadDecoder.BLOCK_LENGTH :
                    isAck ? AckDecoder.BLOCK_LENGTH : PayloadDescriptorDecoder.BLOCK_LENGTH,
                template,
                MessageValidator.SCHEMA_VERSION);
            final int groupOffset = MessageValidator.HEADER_LENGTH + AckDecoder.BLOCK_LENGTH;
            if (isAck && bytes.length >= groupOffset + 4)
            {
                // Mostly an honest group header (entry length 8, as many entries as fit), else any count or length.
                final int entries = (bytes.length - groupOffset - 4) / 8;
                buffer.putShort(groupOffset, (short)(0 == (prefix & 1) ? 8 : prefix >> 1), ByteOrder.LITTLE_ENDIAN);
                buffer.putShort(
                    groupOffset + 2, (short)(0 == (prefix & 2) ? entries : prefix >> 2), ByteOrder.LITTLE_ENDIAN);
            }
            final int prefixOffset = MessageValidator.HEADER_LENGTH + InlinePayloadDecoder.BLOCK_LENGTH;
            if (isInline && bytes.length >= prefixOffset + Integer.BYTES)
            {
                // Mostly the honest prefix, the rest any value: off by one, negative, the top bit set.
                buffer.putInt(
                    prefixOffset,
                    0 == (prefix & 1) ? bytes.length - prefixOffset - Integer.BYTES : prefix,
                    ByteOrder.LITTLE_ENDIAN);
            }

            return bytes;
        });
    }

    @Provide
    Arbitrary<Integer> chunkLengthPrefixes()
    {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 68), Arbitraries.integers());
    }

    @Provide
    Arbitrary<byte[]> framedMessages()
    {
        final Arbitrary<Integer> blockLength = Arbitraries.integers().between(0, 64);
        // 0 and 10 are not Freight templates; 1 to 9 are.
        final Arbitrary<Integer> templateId = Arbitraries.integers().between(0, 10);
        final Arbitrary<Integer> version = Arbitraries.integers().between(0, 2);
        final Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(248);

        return Combinators.combine(blockLength, templateId, version, body).as(MessageValidatorPropertyTest::framed);
    }

    @Provide
    Arbitrary<byte[]> bitFlippedGoldenVectors()
    {
        return Arbitraries.of(GOLDEN).flatMap((golden) -> Arbitraries.integers()
            .between(0, golden.length * 8 - 1)
            .list().ofMinSize(1).ofMaxSize(4)
            .map((bits) -> flip(golden, bits)));
    }

    @Provide
    Arbitrary<byte[]> resizedGoldenVectors()
    {
        // As a newer version the validator accepts bytes after the parts it knows, so a cut must be caught by the
        // length checks themselves rather than by the check for bytes after the end; version 0 and 1 are both known.
        return Arbitraries.of(GOLDEN).flatMap((golden) -> Combinators.combine(
            Arbitraries.integers().between(0, golden.length + 16),
            Arbitraries.integers().between(0, MessageValidator.SCHEMA_VERSION + 1))
            .as((length, version) -> withVersion(Arrays.copyOf(golden, length), version)));
    }

    private static byte[] framed(final int blockLength, final int templateId, final int version, final byte[] body)
    {
        final byte[] bytes = new byte[MessageValidator.HEADER_LENGTH + body.length];
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        putHeader(buffer, blockLength, templateId, version);
        buffer.putBytes(MessageValidator.HEADER_LENGTH, body);

        return bytes;
    }

    private static void putHeader(
        final UnsafeBuffer buffer, final int blockLength, final int templateId, final int version)
    {
        buffer.putShort(MessageHeaderDecoder.blockLengthEncodingOffset(), (short)blockLength, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(MessageHeaderDecoder.templateIdEncodingOffset(), (short)templateId, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(
            MessageHeaderDecoder.schemaIdEncodingOffset(), (short)MessageValidator.SCHEMA_ID, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(MessageHeaderDecoder.versionEncodingOffset(), (short)version, ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] withVersion(final byte[] bytes, final int version)
    {
        if (bytes.length >= MessageValidator.HEADER_LENGTH)
        {
            new UnsafeBuffer(bytes).putShort(
                MessageHeaderDecoder.versionEncodingOffset(), (short)version, ByteOrder.LITTLE_ENDIAN);
        }

        return bytes;
    }

    private static byte[] flip(final byte[] golden, final List<Integer> bits)
    {
        final byte[] bytes = golden.clone();
        for (final int bit : bits)
        {
            bytes[bit >>> 3] ^= (byte)(1 << (bit & 7));
        }

        return bytes;
    }

    /**
     * Validate a fragment in a buffer of exactly its size; if accepted, walk it with the generated decoders, which
     * must stay inside it and consume exactly the length the validator reported.
     */
    private static void validateAndWalk(final byte[] bytes)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final int checked = MessageValidator.check(buffer, 0, bytes.length);
        // The receiver's inline test alone: true exactly for the accepted InlinePayloads with this version's header.
        final boolean isCurrentHeader = bytes.length >= MessageValidator.HEADER_LENGTH &&
            MessageValidator.INLINE_PAYLOAD_HEADER == buffer.getLong(0, ByteOrder.LITTLE_ENDIAN);
        assertEquals(
            isCurrentHeader && InlinePayloadDecoder.TEMPLATE_ID == checked,
            MessageValidator.isInlinePayload(buffer, 0, bytes.length),
            "isInlinePayload() agrees with check()");
        final int encodedLength;
        try
        {
            encodedLength = MessageValidator.encodedLength(buffer, 0, bytes.length);
        }
        catch (final ProtocolException ignore)
        {
            assertTrue(checked < 0, "check() rejects what validate() rejects: " + checked);
            return;
        }

        assertEquals(MessageValidator.validate(buffer, 0, bytes.length), checked, "check() accepts it too");

        assertTrue(encodedLength <= bytes.length, "encoded length within the fragment");
        assertEquals(encodedLength, GoldenVectorCodec.decode(buffer, 0).encodedLength());
    }

    private static String outcome(final UnsafeBuffer buffer, final int offset, final int length)
    {
        try
        {
            return "accepted " + MessageValidator.encodedLength(buffer, offset, length);
        }
        catch (final ProtocolException ex)
        {
            return "rejected " + Objects.requireNonNull(ex.getMessage());
        }
    }
}
