/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.interop;

import io.freight.schema.MessageValidator;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bytes the C++ encoders wrote, read by the Java side: the C++ program writes its own vectors (values the golden set
 * does not use) and a manifest of what it meant; every file passes {@link MessageValidator} and decodes, field by
 * field, to that manifest with the generated Java decoders.
 */
class CppEncodedVectorsTest
{
    private static final Set<String> EVERY_MESSAGE = Set.of(
        "PayloadDescriptor",
        "InlinePayload",
        "Ack",
        "SegmentAnnounce",
        "ReceiverAttach",
        "ReceiverDetach",
        "StoreAnnounce",
        "PayloadChunk",
        "Heartbeat");

    @TempDir
    Path scratch;

    private Path written;

    @BeforeEach
    void encodeInCpp() throws Exception
    {
        written = scratch.resolve("cpp-vectors");
        Files.createDirectory(written);
        final CppProgram.Result result = CppProgram.run(scratch, "encode", written.toString());
        assertEquals(CppProgram.EXIT_OK, result.exitCode(), result::describe);
    }

    @Test
    void shouldDecodeEveryCppEncodedVectorInJavaToTheValuesCppMeant() throws Exception
    {
        for (final VectorManifest.Vector vector : VectorManifest.read(written))
        {
            final byte[] bytes = VectorManifest.bytes(written, vector);
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes);

            assertEquals(bytes.length, MessageValidator.encodedLength(buffer, 0, bytes.length), vector.name());
            final CanonicalDecoder.Decoded decoded = CanonicalDecoder.decode(buffer);
            assertEquals(vector.message(), decoded.message(), vector.name());
            assertEquals(vector.fields(), decoded.fields(), vector.name());
            assertEquals(bytes.length, decoded.encodedLength(), vector.name());
        }
    }

    @Test
    void shouldEncodeEveryMessageOfTheSchemaInCpp() throws Exception
    {
        final List<VectorManifest.Vector> vectors = VectorManifest.read(written);

        assertEquals(EVERY_MESSAGE, vectors.stream().map(VectorManifest.Vector::message).collect(Collectors.toSet()));
    }
}
