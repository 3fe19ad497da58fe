/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.cost;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mixed-size footprint runner in its smoke mode: 40 payloads of 1–96 MiB through the default context, most of
 * them through oversize segments, then the wait for the store to give them back. The runner itself fails when the
 * store is not back to its ring alone, or a process still maps an oversize segment, within the idle timeout and a
 * margin; here it must also print its summary and write its files. Never a timed assertion.
 */
class PoolCostBenchSmokeTest
{
    @Test
    void shouldGiveEveryOversizeSegmentBackAfterTheIdleTimeout(@TempDir final Path out) throws Exception
    {
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final Path directory;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8))
        {
            directory = PoolCostBench.run("smoke", out, print);
        }

        final String printed = output.toString(StandardCharsets.UTF_8);
        assertTrue(printed.lines().anyMatch((line) -> line.startsWith("POOL 40 payloads") &&
            !line.contains("NOT back") && line.contains("sender 0, receiver 0")), printed);
        assertTrue(printed.lines().filter((line) -> line.startsWith("SAMPLE ")).count() >= 11, printed);
        assertTrue(Files.size(directory.resolve("pool.md")) > 0, "empty pool.md");
        assertTrue(Files.size(directory.resolve("pool.csv")) > 0, "empty pool.csv");
    }
}
