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
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network runner in its smoke mode: two "hosts" (this JVM and a child, each with its own media driver and Aeron
 * directory) over UDP on 127.0.0.1, Freight and plain Aeron, three sizes, one repetition. Every payload is checked at
 * the receiver (a wrong length or stamp fails the run); every cell must move something; a size above plain Aeron's
 * largest message must be reported impossible for it and still move through Freight; nothing may be left under
 * /dev/shm. Never a timed assertion.
 */
class NetworkSweepSmokeTest
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
    void shouldMoveEveryPayloadIntactBetweenTwoDriversOverUdp(@TempDir final Path out) throws Exception
    {
        // An 8 MiB term: plain Aeron's largest message is 1 MiB, so its 2 MiB cell is impossible, Freight's is not.
        final long[] sizes = { 1024, 256 * 1024, 2 << 20 };
        final SweepSettings settings = new SweepSettings("network").mode("smoke").sizes(sizes).outputDirectory(out)
            .network(8192, 8 << 20, 1 << 20, 1 << 20)
            .conclude();

        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final SweepResults results;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8);
            ThroughputSweep sweep = new ThroughputSweep(settings, print))
        {
            results = sweep.run();
        }

        assertEquals(List.of(Contender.FREIGHT_UDP, Contender.AERON_UDP), results.contenders());
        for (int s = 0; s < sizes.length; s++)
        {
            assertTrue(results.messagesPerSecond(Contender.FREIGHT_UDP, s)[0] > 0, "Freight at " + sizes[s]);
            if (s < sizes.length - 1)
            {
                assertFalse(results.isImpossible(Contender.AERON_UDP, s), "Aeron at " + sizes[s]);
                assertTrue(results.messagesPerSecond(Contender.AERON_UDP, s)[0] > 0, "Aeron at " + sizes[s]);
            }
        }
        assertTrue(results.isImpossible(Contender.AERON_UDP, sizes.length - 1), "Aeron above its largest message");

        final String printed = output.toString(StandardCharsets.UTF_8);
        for (int s = 0; s < sizes.length; s++)
        {
            final String ratio = s < sizes.length - 1 ? "[0-9.]+" : "n/a";
            final String expected = "NETWORK size=" + sizes[s] + " freight_vs_aeron=" + ratio;
            assertTrue(printed.lines().anyMatch((line) -> line.matches(expected)), "no " + expected + " in:\n" + printed);
        }
        assertTrue(printed.contains("aeron:udp?endpoint=127.0.0.1:"), printed);
        for (final String suffix : new String[]{ ".md", ".csv", ".png" })
        {
            final Path file = out.resolve("network" + suffix);
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
