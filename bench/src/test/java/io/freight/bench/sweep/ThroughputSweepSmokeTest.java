/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.sweep;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The throughput runner in its smoke mode: two small sizes, one repetition, every contender, a real receiving child
 * process. It must finish, measure every cell, print the machine-readable line of every size, write its table, CSV
 * and chart, and leave nothing under /dev/shm. Never a timed assertion: how fast is for the README's runs.
 */
class ThroughputSweepSmokeTest
{
    private static final Path SHM = Path.of("/dev/shm");

    private Set<String> shmBefore;

    @BeforeEach
    void listShm() throws IOException
    {
        shmBefore = benchEntries();
    }

    @AfterEach
    void shouldLeaveNothingUnderDevShm() throws IOException
    {
        final Set<String> left = benchEntries();
        left.removeAll(shmBefore);
        assertTrue(left.isEmpty(), "left under /dev/shm: " + left);
    }

    @Test
    void shouldMeasureEveryContenderAndPrintARatioLinePerSize(@TempDir final Path out) throws Exception
    {
        final long[] sizes = { 100, 64 * 1024 };
        final SweepSettings settings = new SweepSettings("sweep").mode("smoke").sizes(sizes).outputDirectory(out)
            .conclude();

        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final SweepResults results;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8);
            ThroughputSweep sweep = new ThroughputSweep(settings, print))
        {
            results = sweep.run();
        }

        assertEquals(6, results.contenders().size(), "Freight copy, queue face, zero-copy, Aeron, socket, memcpy");
        for (final Contender contender : results.contenders())
        {
            for (int s = 0; s < sizes.length; s++)
            {
                assertFalse(results.isImpossible(contender, s), contender + " at " + sizes[s]);
                assertTrue(results.messagesPerSecond(contender, s)[0] > 0, contender + " at " + sizes[s]);
            }
        }

        final String printed = output.toString(StandardCharsets.UTF_8);
        for (final long size : sizes)
        {
            assertTrue(printed.lines().anyMatch((line) -> line.matches(
                "RATIO size=" + size + " freight_vs_aeron=[0-9.]+ freight_vs_uds=[0-9.]+ freight_vs_memcpy=[0-9.]+ " +
                "zerocopy_msgs_per_s=[0-9]+")), "no RATIO line for " + size + " in:\n" + printed);
        }
        assertWritten(out, "sweep");
    }

    @Test
    void shouldCompareInlineWithStoreAndPrintALinePerSize(@TempDir final Path out) throws Exception
    {
        final long[] sizes = { 512, 4096 };
        final SweepSettings settings = new SweepSettings("threshold").mode("smoke").sizes(sizes).outputDirectory(out)
            .conclude();

        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8);
            ThroughputSweep sweep = new ThroughputSweep(settings, print))
        {
            sweep.run();
        }

        final String printed = output.toString(StandardCharsets.UTF_8);
        for (final long size : sizes)
        {
            assertTrue(
                printed.lines().anyMatch((line) -> line.matches("THRESHOLD size=" + size + " inline_vs_store=[0-9.]+")),
                "no THRESHOLD line for " + size + " in:\n" + printed);
        }
        assertWritten(out, "threshold");
    }

    private static void assertWritten(final Path directory, final String name) throws IOException
    {
        for (final String suffix : new String[]{ ".md", ".csv", ".png" })
        {
            final Path file = directory.resolve(name + suffix);
            assertTrue(Files.size(file) > 0, "empty or missing " + file);
        }
    }

    private static Set<String> benchEntries() throws IOException
    {
        try (Stream<Path> entries = Files.list(SHM))
        {
            return entries.map((path) -> path.getFileName().toString())
                .filter((name) -> name.startsWith("freight-bench-") || name.startsWith("aeron-freight-bench-"))
                .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
