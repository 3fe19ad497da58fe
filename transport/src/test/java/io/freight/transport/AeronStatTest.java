/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Freight's figures are Aeron counters in the driver's CnC file: Aeron's own AeronStat, run as a process of its own
 * against a live sender and receiver, lists them under Freight's labels with the values the owners' getters give.
 */
class AeronStatTest
{
    private static final int STREAM_ID = 2901;
    private static final Pattern LINE = Pattern.compile("^\\s*\\d+:\\s+([\\d,]+) - (.*)$");

    @Test
    void shouldListTheSendersAndTheReceiversCountersWithTheirValues() throws Exception
    {
        try (TestMedia media = new TestMedia();
            Freight freight = Freight.launch(media.context());
            PayloadPublication publication = freight.addPublication(STREAM_ID);
            PayloadSubscription subscription = freight.addSubscription(STREAM_ID))
        {
            Await.until("attached", publication::isConnected, () ->
            {
                publication.doWork();
                subscription.poll((payload) -> { }, 10);
            });
            for (int i = 0; i < 10; i++)
            {
                final byte[] payload = PayloadPattern.bytes(i, i % 2 == 0 ? 100 : 100_000);
                while (publication.offer(payload) < 0)
                {
                    publication.doWork();
                    subscription.poll((p) -> { }, 10);
                }
            }
            Await.until("counters refreshed", () ->
                10 == publication.counters().counter(0).get() && 10 == subscription.counters().counter(0).get() &&
                    0 == publication.counters().counter(7).get(),
                () ->
                {
                    publication.doWork();
                    subscription.poll((payload) -> { }, 10);
                });

            final Map<String, Long> counters = aeronStat(media.aeronDirectoryName);

            final String sender = "freight sender stream=" + STREAM_ID + " session=" + publication.sessionId() +
                " store=" + publication.storeId();
            final String receiver = "freight receiver stream=" + STREAM_ID + " receiver=" +
                Long.toHexString(subscription.receiverId());
            assertEquals(10L, counters.get("payloads sent: " + sender), counters.toString());
            assertEquals(1L, counters.get("receivers attached: " + sender), counters.toString());
            assertEquals(0L, counters.get("store regions in flight: " + sender), counters.toString());
            assertEquals(publication.storeLength(), counters.get("store bytes: " + sender), counters.toString());
            assertEquals(10L, counters.get("payloads delivered: " + receiver), counters.toString());
            assertEquals(0L, counters.get("rejected descriptors: " + receiver), counters.toString());
            for (final String figure : FreightCounters.SENDER_FIGURES)
            {
                assertTrue(counters.containsKey(figure + ": " + sender), figure + " in " + counters.keySet());
            }
            for (final String figure : FreightCounters.RECEIVER_FIGURES)
            {
                assertTrue(counters.containsKey(figure + ": " + receiver), figure + " in " + counters.keySet());
            }

            subscription.close();
            publication.close();
            final Map<String, Long> after = aeronStat(media.aeronDirectoryName);
            assertTrue(after.keySet().stream().noneMatch((label) -> label.contains("freight ")),
                "closed with their owners: " + after.keySet());
        }
    }

    private static Map<String, Long> aeronStat(final String aeronDirectoryName) throws IOException, InterruptedException
    {
        final Path jar = Path.of("target", "aeron-all", "aeron-all.jar");
        assertTrue(Files.exists(jar), jar.toAbsolutePath() + " (copied by the build, see transport/pom.xml)");
        final Process process = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Daeron.dir=" + aeronDirectoryName,
            "-cp", jar.toString(),
            "io.aeron.samples.AeronStat", "watch=false"))
            .redirectErrorStream(true)
            .start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), output);
        assertEquals(0, process.exitValue(), output);

        final Map<String, Long> counters = new HashMap<>();
        for (final String line : output.split("\n"))
        {
            final Matcher matcher = LINE.matcher(line);
            if (matcher.matches())
            {
                counters.put(matcher.group(2).trim(), Long.parseLong(matcher.group(1).replace(",", "")));
            }
        }
        assertTrue(!counters.isEmpty(), "AeronStat printed no counters:\n" + output);

        return counters;
    }
}
