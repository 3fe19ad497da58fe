/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.ChildJvm;
import io.freight.store.PayloadStore;
import io.freight.store.Region;
import io.freight.store.RegionHeader;
import io.freight.store.StorePaths;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A receiver process killed with SIGKILL at a random moment mid-stream, while the sender goes on offering payloads of
 * random sizes up to the ring's, is let go of within 2 s: every region it held goes back to the store, nothing is
 * left in flight once no receiver is attached, the ring can be filled to its whole capacity again, its lock file is
 * removed, and the next receiver gets every payload. Repeated {@value #DEFAULT_ITERATIONS} times in CI;
 * {@code -Dfreight.test.kill.iterations=200} for the long run.
 * <p>
 * The offers go on after the kill on purpose: the sender finds the death inside an offer that is short of room (the
 * dead receiver stopped acking), which is where a payload could be published to no receiver at all.
 */
class ReceiverCrashTest
{
    private static final int STREAM_ID = 2801;
    private static final int DEFAULT_ITERATIONS = 5;
    private static final int FINAL_PAYLOADS = 16;
    private static final long DETECTION_LIMIT_NS = TimeUnit.SECONDS.toNanos(2);
    private static final long RING_LENGTH = 8 * 1024 * 1024;
    private static final int FILL_REGION_LENGTH = 1024 * 1024;

    @Test
    void shouldLetGoOfAKilledReceiverWithinTwoSecondsAndLeakNothing() throws Exception
    {
        final int iterations = Integer.getInteger("freight.test.kill.iterations", DEFAULT_ITERATIONS);
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        try (TestMedia media = new TestMedia();
            Freight freight = Freight.launch(media.context().ringLength(RING_LENGTH));
            FreightSender sender = freight.sender(STREAM_ID))
        {
            final PayloadPublication publication = sender.publication();
            final PayloadStore store = publication.store();
            final int maxLength = (int)store.maxRingPayloadLength();
            final UnsafeBuffer source = new UnsafeBuffer(ByteBuffer.allocateDirect(maxLength));

            for (int i = 0; i < iterations; i++)
            {
                final String context = "iteration " + i + " (seed " + seed + ")";
                try (ChildJvm receiver = ChildJvm.start(
                    ReceiverMain.class, media.childArgs(STREAM_ID, Long.toString(Long.MAX_VALUE))))
                {
                    Await.until("receiver attached", () -> publication.receiverCount() == 1, publication::doWork);

                    final long killAtNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50 + random.nextInt(1450));
                    while (System.nanoTime() < killAtNs)
                    {
                        offerRandom(publication, source, random, maxLength);
                    }

                    receiver.kill9();
                    final long killedNs = System.nanoTime();
                    final long deadlineNs = killedNs + 5 * DETECTION_LIMIT_NS;
                    while (publication.receiverCount() > 0)
                    {
                        if (System.nanoTime() - deadlineNs > 0)
                        {
                            fail(context + ": the killed receiver is still attached after 10 s: " + publication);
                        }
                        offerRandom(publication, source, random, maxLength);
                    }
                    final long detectionNs = System.nanoTime() - killedNs;
                    for (int j = 0; j < 8; j++)
                    {
                        final long result = offerRandom(publication, source, random, maxLength);
                        assertEquals(PayloadPublication.NOT_CONNECTED, result, context + ": offer with no receiver");
                    }

                    assertTrue(detectionNs < DETECTION_LIMIT_NS, context + ": detected after " + detectionNs + " ns");
                    assertEquals(0, publication.inFlight(), context + ": payloads in flight with no receiver");
                    assertEquals(0, store.regionsInFlight(), context + ": regions leaked");
                    assertEquals(0, store.bytesInFlight(), context + ": bytes leaked");
                    assertEquals(store.ringSegment().length(), store.storeLength(), context + ": oversize left");
                    assertTrue(publication.isAllAcked(), context + ": nothing is awaited from a dead receiver");
                    assertTrue(publication.payloadsAbandoned() > 0 || publication.nextSequence() == 0, context);
                    assertRingFillsToCapacity(store, context);
                    try (Stream<java.nio.file.Path> files = Files.list(StorePaths.userDirectory(media.storeRoot.path())))
                    {
                        assertEquals(0, files.filter((f) -> f.getFileName().toString().startsWith("receiver-")).count(),
                            context + ": the dead receiver's lock file is removed");
                    }
                }
            }

            assertNextReceiverGetsEveryPayload(media, sender, source, random, maxLength);
        }
    }

    private static long offerRandom(
        final PayloadPublication publication, final UnsafeBuffer source, final Random random, final int maxLength)
    {
        final int size = 1 + random.nextInt(maxLength);
        PayloadPattern.fill(publication.nextSequence(), source, 0, size);
        final long result = publication.offer(source, 0, size);
        if (result < 0)
        {
            publication.doWork();
        }

        return result;
    }

    /**
     * The whole ring is claimable: every 1 MiB region that fits, then nothing more, then one region the length of the
     * ring once those are given back. A region left in flight by the kill would make either fail.
     */
    private static void assertRingFillsToCapacity(final PayloadStore store, final String context)
    {
        final int expected = (int)(RING_LENGTH / FILL_REGION_LENGTH);
        final List<Region> regions = new ArrayList<>();
        try
        {
            Region region = new Region();
            while (store.tryClaim(FILL_REGION_LENGTH - RegionHeader.LENGTH, region) > 0)
            {
                regions.add(region);
                region = new Region();
            }
            assertEquals(expected, regions.size(), context + ": 1 MiB regions the ring holds after the kill");
        }
        finally
        {
            for (final Region region : regions)
            {
                store.release(region.segmentId(), region.regionOffset(), region.generation());
            }
        }

        final Region whole = new Region();
        assertTrue(store.tryClaim(store.maxRingPayloadLength(), whole) > 0, context + ": a ring-long payload fits");
        store.release(whole.segmentId(), whole.regionOffset(), whole.generation());
    }

    private static void assertNextReceiverGetsEveryPayload(
        final TestMedia media,
        final FreightSender sender,
        final UnsafeBuffer source,
        final Random random,
        final int maxLength) throws Exception
    {
        final PayloadPublication publication = sender.publication();
        try (ChildJvm receiver = ChildJvm.start(
            ReceiverMain.class, media.childArgs(STREAM_ID, Integer.toString(FINAL_PAYLOADS))))
        {
            assertTrue(sender.awaitConnected(30, TimeUnit.SECONDS), "a new receiver attaches after the kills");
            for (int i = 0; i < FINAL_PAYLOADS; i++)
            {
                final int size = 1 + random.nextInt(maxLength);
                PayloadPattern.fill(publication.nextSequence(), source, 0, size);
                assertTrue(sender.offer(source, 0, size, 30, TimeUnit.SECONDS), "payload " + i + " to the new receiver");
            }

            final String summary = receiver.awaitLine("SUMMARY", 60, TimeUnit.SECONDS);
            assertTrue(summary.contains("received=" + FINAL_PAYLOADS + " corrupt=0 gaps=0"), summary);
            assertEquals(0, receiver.process().waitFor(), receiver.transcript());
        }
    }
}
