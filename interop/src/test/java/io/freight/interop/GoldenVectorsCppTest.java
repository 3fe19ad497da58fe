/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.interop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The C++ codecs against the committed golden vectors that pin the Java codecs: C++ decodes every vector to the
 * manifest's values and encodes the manifest's values to the committed bytes, driven by vectors.txt alone.
 */
class GoldenVectorsCppTest
{
    private static final Path GOLDEN = VectorManifest.goldenDirectory();

    @TempDir
    Path scratch;

    @Test
    void shouldDecodeEveryGoldenVectorToTheManifestValuesAndEncodeItToTheCommittedBytesInCpp() throws Exception
    {
        final List<String> names = VectorManifest.read(GOLDEN).stream()
            .map(VectorManifest.Vector::name)
            .collect(Collectors.toList());

        final CppProgram.Result result = CppProgram.run(scratch, "golden", GOLDEN.toString());

        assertEquals(CppProgram.EXIT_OK, result.exitCode(), result::describe);
        assertEquals(List.of(), result.lines("FAIL"), result::describe);
        assertEquals(names, result.lines("OK").stream().map((line) -> line.get("name")).collect(Collectors.toList()));
        assertEquals(Map.of("kind", "SUMMARY", "vectors", Integer.toString(names.size()), "failures", "0"),
            result.lines("SUMMARY").get(0));
        assertTrue(names.size() >= 36, "the golden set shrank: " + names);
        assertTrue(names.stream().anyMatch((name) -> name.startsWith("v0-")), "no version 0 vector: " + names);
    }

    @Test
    void shouldFailAVectorWhoseCommittedBytesDifferFromTheManifest() throws Exception
    {
        final Path copy = copyOfGoldenVectors();
        final Path tampered = copy.resolve("descriptor-past-4gib.bin");
        final byte[] bytes = Files.readAllBytes(tampered);
        // The first byte of the block: the low byte of the sequence.
        bytes[8] ^= 0x01;
        Files.write(tampered, bytes);

        final CppProgram.Result result = CppProgram.run(scratch, "golden", copy.toString());

        assertEquals(CppProgram.EXIT_CHECK_FAILED, result.exitCode(), result::describe);
        final List<Map<String, String>> failures = result.lines("FAIL");
        assertTrue(failures.stream().allMatch((line) -> line.get("name").equals("descriptor-past-4gib")),
            result::describe);
        assertTrue(failures.stream().anyMatch((line) -> line.get("detail").startsWith("field sequence decoded as")),
            result::describe);
    }

    @Test
    void shouldFailABinFileTheManifestDoesNotName() throws Exception
    {
        final Path copy = copyOfGoldenVectors();
        Files.copy(copy.resolve("store-announce.bin"), copy.resolve("store-announce-orphan.bin"));

        final CppProgram.Result result = CppProgram.run(scratch, "golden", copy.toString());

        assertEquals(CppProgram.EXIT_CHECK_FAILED, result.exitCode(), result::describe);
        assertEquals("store-announce-orphan.bin", result.lines("FAIL").get(0).get("name"), result::describe);
    }

    private Path copyOfGoldenVectors() throws IOException
    {
        final Path copy = Files.createDirectory(scratch.resolve("vectors"));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(GOLDEN))
        {
            for (final Path file : files)
            {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }

        return copy;
    }
}
