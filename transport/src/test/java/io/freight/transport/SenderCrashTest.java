/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.ChildJvm;
import io.freight.store.StoreJanitor;
import io.freight.store.StorePaths;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A sender process killed with SIGKILL at a random moment: the receiver gets every payload published before the
 * kill intact, then a clear end (a SenderGoneException saying the sender died) within 2 s; a payload it retained stays
 * readable after the crash and after the stale store is swept; the next Freight to start removes the store. Repeated
 * {@value #DEFAULT_ITERATIONS} times in CI; {@code -Dfreight.test.kill.iterations=200} for the long run.
 */
class SenderCrashTest
{
    private static final int STREAM_ID = 2901;
    private static final int DEFAULT_ITERATIONS = 5;
    private static final long DETECTION_LIMIT_NS = TimeUnit.SECONDS.toNanos(2);

    @Test
    void shouldEndTheStreamClearlyWhenTheSenderIsKilledAndSweepItsStore() throws Exception
    {
        final int iterations = Integer.getInteger("freight.test.kill.iterations", DEFAULT_ITERATIONS);
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        try (TestMedia media = new TestMedia();
            Freight freight = Freight.launch(media.context());
            FreightReceiver receiver = freight.receiver(STREAM_ID))
        {
            for (int i = 0; i < iterations; i++)
            {
                final String context = "iteration " + i + " (seed " + seed + ")";
                final Path store;
                final Payload retained;
                long received = 0;
                try (ChildJvm sender = ChildJvm.start(
                    SenderMain.class, media.childArgs(STREAM_ID, "-1", Integer.toString(12 * 1024 * 1024))))
                {
                    store = StorePaths.storeDirectory(
                        media.storeRoot.path(), sender.awaitLine("STORE ", 60, TimeUnit.SECONDS));

                    final int killAfter = 1 + random.nextInt(100);
                    Payload payload = null;
                    while (received < killAfter)
                    {
                        payload = receiver.pollPayload(10, TimeUnit.SECONDS);
                        assertTrue(null != payload, context + ": no payload from a live sender");
                        checkIntact(payload);
                        received++;
                        if (received < killAfter)
                        {
                            payload.close();
                        }
                    }
                    retained = payload;

                    sender.kill9();
                }

                final long killedNs = System.nanoTime();
                long lastSequence = retained.sequence();
                try
                {
                    while (true)
                    {
                        try (Payload payload = receiver.pollPayload(5, TimeUnit.SECONDS))
                        {
                            assertTrue(null != payload, context + ": neither a payload nor the end within 5 s");
                            checkIntact(payload);
                            assertEquals(lastSequence + 1, payload.sequence(), context);
                            lastSequence = payload.sequence();
                        }
                    }
                }
                catch (final SenderGoneException ex)
                {
                    final long detectionNs = System.nanoTime() - killedNs;
                    assertTrue(ex.crashed(), context + ": " + ex.getMessage());
                    assertEquals(lastSequence, ex.lastSequence(), context);
                    assertTrue(detectionNs < DETECTION_LIMIT_NS, context + ": end seen after " + detectionNs + " ns");
                }

                assertTrue(Files.exists(store), context + ": kill -9 leaves the store behind");
                if (0 == i % 2)
                {
                    try (Freight next = Freight.launch(media.context().embeddedDriver(false)))
                    {
                        assertFalse(Files.exists(store), context + ": the next Freight to start sweeps it");
                    }
                }
                else
                {
                    assertTrue(StoreJanitor.sweep(media.storeRoot.path()).contains(store), context);
                }

                checkIntact(retained);
                retained.close();
            }
        }
    }

    @Test
    void shouldEndTheStreamAsClosedNotCrashedWhenTheSenderClosesAndExits() throws Exception
    {
        try (TestMedia media = new TestMedia();
            Freight freight = Freight.launch(media.context());
            FreightReceiver receiver = freight.receiver(STREAM_ID);
            ChildJvm sender = ChildJvm.start(SenderMain.class, media.childArgs(STREAM_ID, "20", "100000")))
        {
            for (int i = 0; i < 20; i++)
            {
                try (Payload payload = receiver.pollPayload(30, TimeUnit.SECONDS))
                {
                    assertTrue(null != payload, "payload " + i);
                    checkIntact(payload);
                }
            }
            assertEquals("true", sender.awaitLine("ALLACKED ", 30, TimeUnit.SECONDS));
            assertTrue(sender.process().waitFor(30, TimeUnit.SECONDS), "the sender exited");
            assertEquals(0, sender.process().exitValue(), "the sender closed and exited");

            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true)
            {
                try
                {
                    assertEquals(null, receiver.poll(100, TimeUnit.MILLISECONDS), "nothing after the last payload");
                    assertTrue(System.nanoTime() < deadlineNs, "no end of stream within 30 s");
                }
                catch (final SenderGoneException ex)
                {
                    assertFalse(ex.crashed(), "a sender that closed and then exited did not crash: " + ex.getMessage());
                    assertEquals(19, ex.lastSequence());
                    break;
                }
            }
        }
    }

    private static void checkIntact(final Payload payload)
    {
        final long length = payload.length();
        if (length > Integer.MAX_VALUE)
        {
            fail("unexpected length " + length);
        }
        assertArrayEquals(PayloadPattern.bytes(payload.sequence(), (int)length), payload.toByteArray(),
            "payload " + payload.sequence());
    }
}
