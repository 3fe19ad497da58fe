/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.ChildJvm;
import io.freight.store.StorePaths;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The media driver dies with the process that embedded it: the queue faces of another process that uses it end with
 * an {@link IllegalStateException} naming the driver's directory, within Aeron's client driver timeout (2 s here,
 * {@code aeron.driver.timeout}, 10 s by default) and a margin for a loaded machine; a {@code put} blocked for want of
 * a receiver ends too, and that process exits by itself once its main returns. Three real processes: this test, the
 * driver's host (killed with SIGKILL), the client. And a process whose main throws without closing its Freight exits,
 * leaving nothing behind under /dev/shm (TestMedia asserts it).
 */
class DriverDeathTest
{
    private static final int STREAM_ID = 2901;
    private static final long DRIVER_TIMEOUT_MS = 2_000;
    private static final long MARGIN_MS = 4_000;

    @Test
    void shouldEndTheQueueFacesOfAnotherProcessWithinTheDriverTimeoutWhenTheDriverDies() throws Exception
    {
        try (TestMedia media = new TestMedia())
        {
            try (ChildJvm host = ChildJvm.start(
                DriverHostMain.class, media.aeronDirectoryName, media.storeRoot.path().toString()))
            {
                host.awaitLine("READY", 60, TimeUnit.SECONDS);
                final ChildJvm client = ChildJvm.start(
                    DriverClientMain.class, media.childArgs(STREAM_ID, Long.toString(DRIVER_TIMEOUT_MS)));
                try
                {
                    client.awaitLine("READY", 60, TimeUnit.SECONDS);

                    final long killedNs = System.nanoTime();
                    host.kill9();
                    client.awaitLine("EXIT", DRIVER_TIMEOUT_MS + 30_000, TimeUnit.MILLISECONDS);
                    final long endedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedNs);

                    final String transcript = client.transcript();
                    final String receiverLine = line(transcript, "RECEIVER ");
                    final String senderLine = line(transcript, "SENDER ");
                    assertTrue(receiverLine.contains(media.aeronDirectoryName), transcript);
                    assertTrue(senderLine.contains(media.aeronDirectoryName), transcript);
                    assertTrue(endedMs <= DRIVER_TIMEOUT_MS + MARGIN_MS,
                        "ended " + endedMs + " ms after the driver died; the bound is the driver timeout " +
                        DRIVER_TIMEOUT_MS + " ms + " + MARGIN_MS + " ms\n" + transcript);
                    assertTrue(client.process().waitFor(30, TimeUnit.SECONDS),
                        "the client's main returned but its JVM did not exit: a non-daemon thread outlived it\n" +
                        transcript);
                    assertEquals(0, client.process().exitValue(), transcript);
                }
                finally
                {
                    client.close();
                }
            }
            finally
            {
                // The dead driver's directory is left as it was (the message names it); nothing else may be.
                assertTrue(Files.exists(Path.of(media.aeronDirectoryName, "cnc.dat")), "the dead driver's cnc.dat");
                StorePaths.deleteTree(Path.of(media.aeronDirectoryName));
            }
        }
    }

    @Test
    void shouldLetTheJvmExitWhenMainThrowsWithoutClosingItsFreight() throws Exception
    {
        try (TestMedia media = new TestMedia();
            ChildJvm user = ChildJvm.start(ThrowingMain.class, media.childArgs(STREAM_ID)))
        {
            user.awaitLine("READY", 60, TimeUnit.SECONDS);
            assertTrue(user.process().waitFor(30, TimeUnit.SECONDS),
                "main threw, yet the JVM kept running: a non-daemon thread of Freight's or Aeron's outlived it\n" +
                user.transcript());
            assertEquals(1, user.process().exitValue(), user.transcript());
        }
    }

    private static String line(final String transcript, final String prefix)
    {
        return transcript.lines().filter((l) -> l.startsWith(prefix)).findFirst()
            .orElseThrow(() -> new AssertionError("no line starting with " + prefix + " in:\n" + transcript));
    }
}
