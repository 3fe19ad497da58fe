/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo in its quick mode (1 KiB to 16 MiB), run as a user runs it: a JVM that starts the consumer JVM.
 */
class DemoTest
{
    private static final Pattern ROW = Pattern.compile("^\\s+(\\d+ [KMG]iB)\\s+(\\d+)\\s+(\\d+\\.\\d+)\\s+(\\d+)$");
    private static final Pattern FINAL_LINE = Pattern.compile("^verified (\\d+) payloads, (\\d+) corrupt$");
    private static final List<String> QUICK_SIZES = List.of("1 KiB", "16 KiB", "64 KiB", "1 MiB", "16 MiB");

    @Test
    void shouldVerifyEveryPayloadOfTheQuickSweepAndExitZero() throws Exception
    {
        try (SampleRun demo = SampleRun.start(Demo.class, "--quick"))
        {
            assertEquals(0, demo.awaitExit(60, TimeUnit.SECONDS), demo.output());

            final List<String> lines = demo.lines();
            assertTrue(lines.contains(String.format("%10s %10s %8s %10s", "size", "messages", "GB/s", "verified")),
                demo.output());
            long total = 0;
            int row = 0;
            for (final String line : lines)
            {
                final Matcher matcher = ROW.matcher(line);
                if (matcher.matches())
                {
                    assertEquals(QUICK_SIZES.get(row++), matcher.group(1), line);
                    assertEquals(matcher.group(2), matcher.group(4), "every message verified: " + line);
                    assertTrue(Long.parseLong(matcher.group(2)) >= 4, line);
                    total += Long.parseLong(matcher.group(4));
                }
            }
            assertEquals(QUICK_SIZES.size(), row, demo.output());

            final String lastLine = lines.get(lines.size() - 1);
            assertEquals("verified " + total + " payloads, 0 corrupt", lastLine);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Demo.Fault.class, names = { "CORRUPT", "DUPLICATE", "REORDER" })
    void shouldCountOneCorruptPayloadAndExitNonZeroWhenTheSenderMisbehaves(final Demo.Fault fault) throws Exception
    {
        try (SampleRun demo = SampleRun.start(Demo.class, "--quick", "--fault=" + fault.name().toLowerCase()))
        {
            assertEquals(1, demo.awaitExit(60, TimeUnit.SECONDS), demo.output());

            final List<String> lines = demo.lines();
            final Matcher finalLine = FINAL_LINE.matcher(lines.get(lines.size() - 1));
            assertTrue(finalLine.matches(), demo.output());
            assertEquals("1", finalLine.group(2), demo.output());
        }
    }

    @Test
    void shouldReportALostPayloadAndExitNonZero() throws Exception
    {
        try (SampleRun demo = SampleRun.start(Demo.class, "--quick", "--fault=lose"))
        {
            assertEquals(1, demo.awaitExit(60, TimeUnit.SECONDS), demo.output());

            final List<String> lines = demo.lines();
            assertTrue(lines.contains("lost 1 payloads: sent, never received"), demo.output());
            final Matcher finalLine = FINAL_LINE.matcher(lines.get(lines.size() - 1));
            assertTrue(finalLine.matches(), demo.output());
            assertEquals("0", finalLine.group(2), demo.output());
        }
    }
}
