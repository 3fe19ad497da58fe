/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.ChildJvm;
import io.freight.store.PayloadStore;
import io.freight.store.StorePaths;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A receiver process killed with SIGKILL at a random moment mid-stream is let go of within 2 s: every region it held
 * goes back to the store, its acks are no longer awaited, its lock file is removed, and the sender serves the next
 * receiver. Repeated {@value #DEFAULT_ITERATIONS} times in CI; {@code -Dfreight.test.kill.iterations=200} for the
 * long run.
 */
class ReceiverCrashTest
{
    private static final int STREAM_ID = 2801;
    private static final int DEFAULT_ITERATIONS = 5;
    private static final long DETECTION_LIMIT_NS = TimeUnit.SECONDS.toNanos(2);
    private static final int[] SIZES = { 1000, 100 * 1024, 3 * 1024 * 1024, 9 * 1024 * 1024 };

    @Test
    void shouldLetGoOfAKilledReceiverWithinTwoSecondsAndLeakNothing() throws Exception
    {
        final int iterations = Integer.getInteger("freight.test.kill.iterations", DEFAULT_ITERATIONS);
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        try (TestMedia media = new TestMedia();
            Freight freight = Freight.launch(media.context().ringLength(8 * 1024 * 1024));
            FreightSender sender = freight.sender(STREAM_ID))
        {
            final PayloadPublication publication = sender.publication();
            final PayloadStore store = publication.store();
            final UnsafeBuffer source = new UnsafeBuffer(ByteBuffer.allocateDirect(SIZES[SIZES.length - 1]));

            for (int i = 0; i < iterations; i++)
            {
                try (ChildJvm receiver = ChildJvm.start(
                    ReceiverMain.class, media.childArgs(STREAM_ID, Long.toString(Long.MAX_VALUE))))
                {
                    Await.until("receiver attached", () -> publication.receiverCount() == 1, publication::doWork);

                    final long killAtNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(random.nextInt(300));
                    while (System.nanoTime() < killAtNs)
                    {
                        final int size = SIZES[random.nextInt(SIZES.length)];
                        PayloadPattern.fill(publication.nextSequence(), source, 0, size);
                        publication.offer(source, 0, size);
                    }

                    receiver.kill9();
                    final long killedNs = System.nanoTime();
                    Await.until("receiver let go of", () -> publication.receiverCount() == 0, publication::doWork);
                    final long detectionNs = System.nanoTime() - killedNs;

                    final String context = "iteration " + i + " (seed " + seed + ")";
                    assertTrue(detectionNs < DETECTION_LIMIT_NS, context + ": detected after " + detectionNs + " ns");
                    assertEquals(0, publication.inFlight(), context);
                    assertEquals(0, store.regionsInFlight(), context + ": regions leaked");
                    assertEquals(0, store.bytesInFlight(), context + ": bytes leaked");
                    assertEquals(store.ringSegment().length(), store.storeLength(), context + ": oversize left");
                    assertTrue(sender.awaitAllAcked(1, TimeUnit.SECONDS) || publication.payloadsAbandoned() > 0);
                    try (Stream<java.nio.file.Path> files = Files.list(StorePaths.userDirectory(media.storeRoot.path())))
                    {
                        assertEquals(0, files.filter((f) -> f.getFileName().toString().startsWith("receiver-")).count(),
                            context + ": the dead receiver's lock file is removed");
                    }
                }
            }
        }
    }
}
