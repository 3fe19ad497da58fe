/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The C++ consumer, {@code freight-interop}, compiled by this module's build from {@code src/test/cpp}, run as a real
 * process. Each run gets a deadline; stdout and stderr go to files in a scratch directory so that no pipe can fill
 * and stall it.
 */
final class CppProgram
{
    /**
     * Exit status of a run whose checks all passed.
     */
    static final int EXIT_OK = 0;

    /**
     * Exit status of a run in which a check failed.
     */
    static final int EXIT_CHECK_FAILED = 1;

    private static final long TIMEOUT_SECONDS = 30;

    private CppProgram()
    {
    }

    /**
     * Run the program to completion.
     *
     * @param scratch   directory for the captured output.
     * @param arguments mode and its arguments.
     * @return exit status and output.
     * @throws IOException          if the program cannot be started or its output read.
     * @throws InterruptedException if interrupted while waiting.
     */
    static Result run(final Path scratch, final String... arguments) throws IOException, InterruptedException
    {
        final Path binary = binary();
        assertTrue(Files.isExecutable(binary), binary + " is missing: the build compiles it in process-test-classes");

        final List<String> command = new ArrayList<>();
        command.add(binary.toString());
        Collections.addAll(command, arguments);
        final Path stdout = Files.createTempFile(scratch, "stdout-", ".txt");
        final Path stderr = Files.createTempFile(scratch, "stderr-", ".txt");

        final Process process = new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor();
            fail(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
        }

        return new Result(
            String.join(" ", command),
            process.exitValue(),
            Files.readAllLines(stdout, StandardCharsets.UTF_8),
            Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private static Path binary()
    {
        final String configured = System.getProperty("freight.interop.binary");
        return Path.of(null != configured ? configured : "target/freight-interop").toAbsolutePath();
    }

    /**
     * What a run printed: one result per line, {@code <KIND> key=value ...}, free text after {@code detail=}.
     *
     * @param command  that ran.
     * @param exitCode of the process.
     * @param lines    of stdout.
     * @param stderr   of the process.
     */
    record Result(String command, int exitCode, List<String> lines, String stderr)
    {
        /**
         * The lines of one kind, parsed.
         *
         * @param kind first word of the line, e.g. PAYLOAD.
         * @return the lines' fields, in output order.
         */
        List<Map<String, String>> lines(final String kind)
        {
            return lines.stream()
                .filter((line) -> line.startsWith(kind + " "))
                .map(Result::parse)
                .collect(Collectors.toList());
        }

        /**
         * Every line, parsed, with its kind under the key {@code kind}.
         *
         * @return the lines' fields, in output order.
         */
        List<Map<String, String>> all()
        {
            return lines.stream().map(Result::parse).collect(Collectors.toList());
        }

        /**
         * The whole run, for assertion messages.
         *
         * @return command, exit code, stdout and stderr.
         */
        String describe()
        {
            return command + "\nexit " + exitCode + "\n" + String.join("\n", lines) + "\n" + stderr;
        }

        private static Map<String, String> parse(final String line)
        {
            final Map<String, String> fields = new LinkedHashMap<>();
            final int kindEnd = line.indexOf(' ');
            fields.put("kind", kindEnd < 0 ? line : line.substring(0, kindEnd));

            int position = kindEnd < 0 ? line.length() : kindEnd + 1;
            while (position < line.length())
            {
                if (line.startsWith("detail=", position))
                {
                    fields.put("detail", line.substring(position + "detail=".length()));
                    break;
                }

                final int end = line.indexOf(' ', position) < 0 ? line.length() : line.indexOf(' ', position);
                final String token = line.substring(position, end);
                final int equals = token.indexOf('=');
                fields.put(token.substring(0, equals), token.substring(equals + 1));
                position = end + 1;
            }

            return fields;
        }
    }
}
