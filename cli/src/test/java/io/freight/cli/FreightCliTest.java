/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.cli;

import io.freight.store.ShmRoot;
import io.freight.store.StorePaths;
import io.freight.transport.Freight;
import io.freight.transport.PayloadPublication;
import io.freight.transport.PayloadSubscription;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code freight stat} and {@code freight janitor} run as processes of their own against a live driver and a store
 * root, as a user runs them.
 */
class FreightCliTest
{
    private static final int STREAM_ID = 3301;

    @Test
    void shouldPrintTheCountersOfALiveSenderAndReceiverOnce() throws Exception
    {
        final String aeronDir = "/dev/shm/aeron-freight-cli-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        try (ShmRoot root = ShmRoot.create();
            Freight freight = Freight.launch(new Freight.Context()
                .aeronDirectoryName(aeronDir).storeRoot(root.path()).preTouch(false));
            PayloadPublication publication = freight.addPublication(STREAM_ID);
            PayloadSubscription subscription = freight.addSubscription(STREAM_ID))
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long sent = 0;
            while (sent < 3 && System.nanoTime() < deadlineNs)
            {
                sent += publication.offer(new byte[100]) >= 0 ? 1 : 0;
                publication.doWork();
                subscription.poll((payload) -> { }, 10);
            }
            // The duty cycles refresh the counters every liveness check / attach scan: wait until both show 3.
            while (!(3 == counter(freight, "payloads sent: freight sender") &&
                3 == counter(freight, "payloads delivered: freight receiver")))
            {
                assertTrue(System.nanoTime() < deadlineNs, "counters not refreshed in 30 s");
                publication.doWork();
                subscription.poll((payload) -> { }, 10);
                Thread.yield();
            }

            final String output = run("stat", aeronDir, "--once");

            assertTrue(output.contains("Freight counters of " + aeronDir), output);
            assertTrue(output.matches("(?s).*\\s3 - payloads sent: freight sender stream=" + STREAM_ID + " session=" +
                publication.sessionId() + " .*"), output);
            assertTrue(output.matches("(?s).*\\s3 - payloads delivered: freight receiver stream=" + STREAM_ID +
                " receiver=" + Long.toHexString(subscription.receiverId()) + "\n.*"), output);
            assertTrue(!output.contains("Bytes sent"), "only Freight's counters, none of the driver's: " + output);
        }
    }

    @Test
    void shouldSayThatNoDriverRunsWhereStatLooks() throws Exception
    {
        final String output = run("stat", "/dev/shm/aeron-freight-cli-test-none", "--once");

        assertTrue(output.startsWith("no media driver in /dev/shm/aeron-freight-cli-test-none"), output);
    }

    @Test
    void shouldSweepAStoreRootWithTheJanitor() throws Exception
    {
        try (ShmRoot root = ShmRoot.create())
        {
            final String output = run("janitor", root.path().toString());

            assertTrue(output.contains("0 stale store(s) removed under " + StorePaths.userDirectory(root.path())),
                output);
        }
    }

    private static long counter(final Freight freight, final String labelPrefix)
    {
        final long[] value = { -1 };
        freight.aeron().countersReader().forEach((counterValue, counterId, label) ->
        {
            if (label.startsWith(labelPrefix))
            {
                value[0] = counterValue;
            }
        });

        return value[0];
    }

    private static String run(final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"),
            FreightCli.class.getName()));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), output);
        assertEquals(args[0].equals("stat") && output.startsWith("no media driver") ? 1 : 0, process.exitValue(),
            output);

        return output;
    }
}
