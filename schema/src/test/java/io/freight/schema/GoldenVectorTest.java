package io.freight.schema;

import io.freight.codecs.MessageHeaderDecoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated codecs against the committed golden vectors: encoding the manifest's values gives the committed bytes,
 * and decoding the committed bytes gives the manifest's values.
 */
class GoldenVectorTest
{
    private static final Path DIRECTORY = GoldenVectorManifest.directory();

    static Stream<Arguments> vectors()
    {
        return GoldenVectorManifest.read(DIRECTORY).stream()
            .map((vector) -> Arguments.of(Named.of(vector.name(), vector)));
    }

    static Stream<Arguments> version0Vectors()
    {
        return GoldenVectorManifest.read(DIRECTORY).stream()
            .filter((vector) -> vector.name().startsWith(GoldenVectorCodec.VERSION_0_PREFIX))
            .map((vector) -> Arguments.of(Named.of(vector.name(), vector)));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void shouldEncodeManifestValuesToTheCommittedBytes(final GoldenVector vector)
    {
        final byte[] expected = GoldenVectorManifest.readBytes(DIRECTORY, vector);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);

        final int length = GoldenVectorCodec.encode(vector, buffer);
        final byte[] actual = new byte[length];
        buffer.getBytes(0, actual);

        assertArrayEquals(expected, actual, () -> vector.name() + ": expected " + HexFormat.of().formatHex(expected) +
            " but the encoders wrote " + HexFormat.of().formatHex(actual));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void shouldDecodeCommittedBytesToTheManifestValues(final GoldenVector vector)
    {
        final byte[] bytes = GoldenVectorManifest.readBytes(DIRECTORY, vector);

        final GoldenVectorCodec.Decoded decoded = GoldenVectorCodec.decode(new UnsafeBuffer(bytes), 0);

        assertEquals(vector.message(), decoded.message());
        assertEquals(vector.fields(), decoded.fields());
        assertEquals(bytes.length, decoded.encodedLength(), "decoders must walk exactly the committed bytes");
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void shouldCarryTheStandardHeaderOfTheVersionTheVectorNames(final GoldenVector vector)
    {
        final byte[] bytes = GoldenVectorManifest.readBytes(DIRECTORY, vector);
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(new UnsafeBuffer(bytes), 0);
        final boolean isVersion0 = vector.name().startsWith(GoldenVectorCodec.VERSION_0_PREFIX);

        assertEquals(MessageValidator.SCHEMA_ID, header.schemaId());
        assertEquals(isVersion0 ? 0 : 1, header.version());
        assertEquals(GoldenVectorCodec.MESSAGES.indexOf(vector.message()) + 1, header.templateId());
    }

    @Test
    void shouldBeVectorsOfTheSchemaVersionTheCodecsWereGeneratedFrom()
    {
        assertEquals(1, MessageValidator.SCHEMA_VERSION, "a schema version bump needs its vectors regenerated");
    }

    @Test
    void shouldCoverEveryMessageOfTheSchema()
    {
        final Set<String> covered = GoldenVectorManifest.read(DIRECTORY).stream()
            .filter((vector) -> !vector.name().startsWith(GoldenVectorCodec.VERSION_0_PREFIX))
            .map(GoldenVector::message)
            .collect(Collectors.toCollection(LinkedHashSet::new));

        assertEquals(Set.copyOf(GoldenVectorCodec.MESSAGES), covered);
    }

    @Test
    void shouldCoverEveryMessageOfVersion0AsAVersion0SenderWroteIt()
    {
        final Set<String> covered = GoldenVectorManifest.read(DIRECTORY).stream()
            .filter((vector) -> vector.name().startsWith(GoldenVectorCodec.VERSION_0_PREFIX))
            .map(GoldenVector::message)
            .collect(Collectors.toSet());
        final Set<String> version0Messages = GoldenVectorCodec.MESSAGES.stream()
            .filter((message) -> 0 == GoldenVectorCodec.sinceVersion(message))
            .collect(Collectors.toSet());

        assertEquals(version0Messages, covered);
    }

    @Test
    void shouldListTheMessagesOfTheSchemaWithTheirTemplateIdsAndVersions() throws Exception
    {
        final List<String> names = new ArrayList<>();
        final Element schema;
        try (InputStream in = GoldenVectorTest.class.getResourceAsStream("/freight-schema.xml"))
        {
            assertNotNull(in, "freight-schema.xml on the class path");
            schema = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in).getDocumentElement();
        }

        final NodeList messages = schema.getElementsByTagName("sbe:message");
        for (int i = 0; i < messages.getLength(); i++)
        {
            final Element message = (Element)messages.item(i);
            final String name = message.getAttribute("name");
            final String since = message.getAttribute("sinceVersion");
            names.add(name);
            assertEquals(GoldenVectorCodec.MESSAGES.indexOf(name) + 1, Integer.parseInt(message.getAttribute("id")),
                name);
            assertEquals(since.isEmpty() ? 0 : Integer.parseInt(since), GoldenVectorCodec.sinceVersion(name), name);
        }

        assertEquals(GoldenVectorCodec.MESSAGES, names);
    }

    @ParameterizedTest
    @MethodSource("version0Vectors")
    void shouldHoldAVersion0VectorThatDiffersFromItsVersion1TwinOnlyInTheHeaderVersion(final GoldenVector vector)
    {
        final String twinName = vector.name().substring(GoldenVectorCodec.VERSION_0_PREFIX.length());
        final GoldenVector twin = GoldenVectorManifest.read(DIRECTORY).stream()
            .filter((candidate) -> candidate.name().equals(twinName))
            .findFirst()
            .orElseThrow(() -> new AssertionError(vector.name() + " has no twin named " + twinName));

        final byte[] bytes = GoldenVectorManifest.readBytes(DIRECTORY, vector);
        final byte[] twinBytes = GoldenVectorManifest.readBytes(DIRECTORY, twin);
        twinBytes[MessageHeaderDecoder.versionEncodingOffset()] = 0;

        assertEquals(twin.message(), vector.message());
        assertEquals(twin.fields(), vector.fields());
        assertArrayEquals(twinBytes, bytes, "version 1 changed no message of version 0, so only the version differs");
    }

    @Test
    void shouldNameEveryCommittedVectorFileInTheManifest() throws IOException
    {
        final Set<String> named = GoldenVectorManifest.read(DIRECTORY).stream()
            .map((vector) -> vector.name() + GoldenVectorManifest.VECTOR_SUFFIX)
            .collect(Collectors.toSet());
        final List<String> orphans = new ArrayList<>();

        final String pattern = "*" + GoldenVectorManifest.VECTOR_SUFFIX;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(DIRECTORY, pattern))
        {
            for (final Path file : files)
            {
                if (!named.contains(file.getFileName().toString()))
                {
                    orphans.add(file.getFileName().toString());
                }
            }
        }

        assertEquals(List.of(), orphans, "vector files no manifest line names");
    }

    @Test
    void shouldFailWhenAVectorFileIsMissing(@TempDir final Path emptyDirectory)
    {
        final GoldenVector vector = GoldenVectorManifest.parse(List.of("gone ReceiverAttach receiverId=1")).get(0);

        final IllegalStateException ex = assertThrows(
            IllegalStateException.class, () -> GoldenVectorManifest.readBytes(emptyDirectory, vector));

        assertTrue(ex.getMessage().contains("gone.bin"), ex.getMessage());
    }

    @Test
    void shouldRejectManifestLineNamingAnUnknownMessage()
    {
        final GoldenVector vector = GoldenVectorManifest.parse(List.of("bad Nack receiverId=1")).get(0);

        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> GoldenVectorCodec.encode(vector, new ExpandableArrayBuffer()));

        assertTrue(ex.getMessage().contains("unknown message 'Nack'"), ex.getMessage());
    }

    @Test
    void shouldRejectManifestLineNamingAnUnknownField()
    {
        final GoldenVector vector = GoldenVectorManifest.parse(
            List.of("bad ReceiverAttach receiverId=1 colour=red")).get(0);

        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> GoldenVectorCodec.encode(vector, new ExpandableArrayBuffer()));

        assertTrue(ex.getMessage().contains("[colour]"), ex.getMessage());
    }

    @Test
    void shouldRejectManifestLineMissingAField()
    {
        final GoldenVector vector = GoldenVectorManifest.parse(
            List.of("bad StoreAnnounce ownerPid=1 storeId=a")).get(0);

        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> GoldenVectorCodec.encode(vector, new ExpandableArrayBuffer()));

        assertTrue(ex.getMessage().contains("'layoutVersion'"), ex.getMessage());
    }

    @Test
    void shouldRejectManifestLineWithAValueOutOfRange()
    {
        final GoldenVector vector = GoldenVectorManifest.parse(List.of(
            "bad PayloadDescriptor sequence=0 regionOffset=0 payloadLength=0 generation=0 segmentId=0 " +
            "checksum=4294967296 flags=")).get(0);

        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> GoldenVectorCodec.encode(vector, new ExpandableArrayBuffer()));

        assertTrue(ex.getMessage().contains("checksum=4294967296"), ex.getMessage());
    }

    @Test
    void shouldRejectAVersion0VectorOfAMessageAddedInVersion1()
    {
        final GoldenVector vector = GoldenVectorManifest.parse(
            List.of("v0-heartbeat Heartbeat receiverId=0 sessionId=1")).get(0);

        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> GoldenVectorCodec.encode(vector, new ExpandableArrayBuffer()));

        assertTrue(ex.getMessage().contains("Heartbeat exists since schema version 1"), ex.getMessage());
    }

    @Test
    void shouldRejectManifestWithARepeatedVectorName()
    {
        final List<String> lines = List.of("same ReceiverAttach receiverId=1", "same ReceiverDetach receiverId=1");

        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> GoldenVectorManifest.parse(lines));

        assertTrue(ex.getMessage().contains("line 2"), ex.getMessage());
    }

    @Test
    void shouldSkipCommentsAndBlankLinesInTheManifest()
    {
        final List<GoldenVector> vectors = GoldenVectorManifest.parse(
            List.of("# a comment", "", "   # indented comment", "one ReceiverDetach receiverId=7"));

        assertEquals(1, vectors.size());
        assertEquals(Map.of("receiverId", "7"), vectors.get(0).fields());
        assertEquals(4, vectors.get(0).line());
    }
}
