/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.freight.store.ChildJvm;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three ways to reach a media driver each move a payload: the embedded driver (default), an external driver in
 * another process by directory name, and the caller's own Aeron client.
 */
class DriverModesTest
{
    private static final int STREAM_ID = 2601;

    @Test
    void shouldLaunchAndRemoveAnEmbeddedDriver() throws Exception
    {
        try (TestMedia media = new TestMedia())
        {
            try (Freight freight = Freight.launch(media.context()))
            {
                assertTrue(Files.exists(Path.of(media.aeronDirectoryName)), "embedded driver directory");
                roundTrip(freight);
            }
            assertFalse(Files.exists(Path.of(media.aeronDirectoryName)), "directory removed on close");
        }
    }

    @Test
    void shouldConnectToAnExternalDriverByDirectoryName() throws Exception
    {
        try (TestMedia media = new TestMedia())
        {
            final Path properties = Files.createTempFile("freight-driver", ".properties");
            try
            {
                Files.writeString(properties,
                    "aeron.dir=" + media.aeronDirectoryName + "\n" +
                    "aeron.threading.mode=SHARED\n" +
                    "aeron.dir.delete.on.start=true\n" +
                    "aeron.dir.delete.on.shutdown=true\n");
                try (ChildJvm driver = ChildJvm.start(MediaDriver.class, properties.toString()))
                {
                    // As a user would: start the driver, then the program that connects to it once it runs.
                    Await.until("the driver runs", () -> io.aeron.CommonContext.isDriverActive(
                        new java.io.File(media.aeronDirectoryName), 1_000, (message) -> { }),
                        () -> assertTrue(driver.process().isAlive(), driver.transcript()));
                    try (Freight freight = Freight.launch(media.context().embeddedDriver(false)))
                    {
                        assertEquals(media.aeronDirectoryName, freight.aeronDirectoryName());
                        roundTrip(freight);
                    }

                    driver.process().destroy();
                    assertTrue(driver.process().waitFor(30, TimeUnit.SECONDS), "driver stops on SIGTERM");
                }
            }
            finally
            {
                Files.delete(properties);
            }
        }
    }

    @Test
    void shouldUseTheCallersAeronClientAndLeaveItOpen() throws Exception
    {
        try (TestMedia media = new TestMedia();
            MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(media.aeronDirectoryName)
                .threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName())))
        {
            try (Freight freight = Freight.launch(media.context().aeron(aeron)))
            {
                assertTrue(aeron == freight.aeron());
                roundTrip(freight);
            }

            assertFalse(aeron.isClosed(), "Freight never closes a client it was given");
        }
    }

    @Test
    void shouldRefuseToLaunchAnEmbeddedDriverWhereALiveDriverRuns() throws Exception
    {
        try (TestMedia media = new TestMedia();
            MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(media.aeronDirectoryName)
                .threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)))
        {
            final Path cnc = Path.of(driver.aeronDirectoryName(), "cnc.dat");
            final Object inode = Files.getAttribute(cnc, "unix:ino");

            final Exception refused = org.junit.jupiter.api.Assertions.assertThrows(
                io.aeron.driver.exceptions.ActiveDriverException.class, () -> Freight.launch(media.context()).close());
            org.junit.jupiter.api.Assertions.assertTrue(refused.getMessage().contains(
                "a live media driver already runs in " + media.aeronDirectoryName + ": connect to it instead"),
                refused.getMessage());

            assertEquals(inode, Files.getAttribute(cnc, "unix:ino"), "the live driver's files are untouched");
            try (Freight freight = Freight.launch(media.context().embeddedDriver(false)))
            {
                roundTrip(freight);
            }
        }
    }

    @Test
    void shouldSayAtOnceWhatToDoWhenNoDriverRunsWhereItConnects() throws Exception
    {
        try (TestMedia media = new TestMedia())
        {
            final long startNs = System.nanoTime();
            final IllegalStateException ex = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class, () -> Freight.connect(media.aeronDirectoryName).close());
            final long elapsedNs = System.nanoTime() - startNs;

            org.junit.jupiter.api.Assertions.assertTrue(ex.getMessage().startsWith(
                "no media driver runs in " + media.aeronDirectoryName + " (no cnc.dat): start the process that " +
                "launches the driver first"), ex.getMessage());
            org.junit.jupiter.api.Assertions.assertTrue(elapsedNs < java.util.concurrent.TimeUnit.SECONDS.toNanos(2),
                "said after " + elapsedNs + " ns, not after Aeron's driver timeout");
        }
    }

    private static void roundTrip(final Freight freight) throws InterruptedException
    {
        try (FreightReceiver receiver = freight.receiver(STREAM_ID);
            FreightSender sender = freight.sender(STREAM_ID))
        {
            final byte[] inline = PayloadPattern.bytes(1, 100);
            final byte[] stored = PayloadPattern.bytes(2, 2 * 1024 * 1024);
            final byte[][] received = new byte[2][];
            final Thread consumer = new Thread(() ->
            {
                try
                {
                    received[0] = receiver.take();
                    received[1] = receiver.take();
                }
                catch (final InterruptedException ignore)
                {
                    // The assertions below report it.
                }
            });
            consumer.start();

            sender.put(inline);
            sender.put(stored);
            assertTrue(sender.awaitAllAcked(30, TimeUnit.SECONDS));
            consumer.join(TimeUnit.SECONDS.toMillis(30));

            assertArrayEquals(inline, received[0]);
            assertArrayEquals(stored, received[1]);
        }
    }
}
