/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.interop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The C++ consumer's own CRC32C against {@link CRC32C}, the one a Java sender records in region headers and
 * descriptors.
 */
class Crc32cInteropTest
{
    @TempDir
    Path scratch;

    @Test
    void shouldGiveTheCastagnoliCheckValueForTheStandardInput() throws Exception
    {
        final Path file = Files.write(scratch.resolve("check"), "123456789".getBytes(StandardCharsets.US_ASCII));

        final CppProgram.Result result = CppProgram.run(scratch, "crc32c", file.toString());

        assertEquals(CppProgram.EXIT_OK, result.exitCode(), result::describe);
        assertEquals(Long.toString(0xE3069283L), result.lines("CRC32C").get(0).get("value"));
    }

    @Test
    void shouldComputeWhatJavaComputesForEveryLengthAroundTheEightByteStep() throws Exception
    {
        final SplittableRandom random = new SplittableRandom(18002);
        final List<String> arguments = new ArrayList<>(List.of("crc32c"));
        final List<Long> expected = new ArrayList<>();
        final int[] lengths = { 0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 63, 64, 65, 4095, 4096, 4097, 1 << 20 };
        for (final int length : lengths)
        {
            final byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            final CRC32C crc = new CRC32C();
            crc.update(bytes);
            expected.add(crc.getValue());
            arguments.add(Files.write(scratch.resolve("bytes-" + length), bytes).toString());
        }

        final CppProgram.Result result = CppProgram.run(scratch, arguments.toArray(new String[0]));

        assertEquals(CppProgram.EXIT_OK, result.exitCode(), result::describe);
        final List<Map<String, String>> lines = result.lines("CRC32C");
        for (int i = 0; i < lengths.length; i++)
        {
            assertEquals("bytes-" + lengths[i], lines.get(i).get("file"));
            assertEquals(Long.toString(expected.get(i)), lines.get(i).get("value"), "length " + lengths[i]);
        }
    }
}
