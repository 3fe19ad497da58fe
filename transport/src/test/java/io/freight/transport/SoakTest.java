/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.ChildJvm;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two processes, payloads of random sizes from 0 B to 64 MiB (most small, a few huge), every byte and CRC32C checked
 * by the receiver: 0 lost, 0 duplicated, 0 corrupt, order kept, and memory flat: the store never grows past its
 * maximum, neither process's private RSS climbs after warm-up, and the shared memory the receiver maps (oversize
 * segments kept for reuse included) stays within what the store may hold. {@value #DEFAULT_COUNT} payloads in CI;
 * {@code -Dfreight.soak.count=1000000} for the long run.
 */
class SoakTest
{
    private static final int STREAM_ID = 3101;
    private static final int DEFAULT_COUNT = 100_000;
    private static final int MAX_LENGTH = 64 * 1024 * 1024;
    private static final long RING = 16 * 1024 * 1024;
    private static final long MAX_STORE = RING + 2L * MAX_LENGTH + 1024 * 1024;
    private static final long RSS_GROWTH_LIMIT = 64L * 1024 * 1024;
    // Aeron's own shared mappings beside the store's: the data stream's log, the control publication, the CnC file.
    private static final long SHARED_SLACK = 64L * 1024 * 1024;

    @Test
    void shouldMoveEveryPayloadIntactWithMemoryFlat() throws Exception
    {
        final int count = Integer.getInteger("freight.soak.count", DEFAULT_COUNT);
        final SplittableRandom random = new SplittableRandom(20261125);
        try (TestMedia media = new TestMedia())
        {
            final Freight.Context ctx = media.context().ringLength(RING).maxStoreLength(MAX_STORE);
            try (Freight freight = Freight.launch(ctx);
                FreightSender sender = freight.sender(STREAM_ID);
                ChildJvm receiver = ChildJvm.start(ReceiverMain.class, media.childArgs(STREAM_ID, "" + count)))
            {
                final UnsafeBuffer source = new UnsafeBuffer(ByteBuffer.allocateDirect(MAX_LENGTH));
                final long self = ProcessHandle.current().pid();
                long crcSum = 0;
                long bytes = 0;
                long receiverRssAtWarmUp = 0;
                long senderRssAtWarmUp = 0;
                long maxStoreBytes = 0;
                long maxReceiverShared = 0;
                for (int i = 0; i < count; i++)
                {
                    final int length = nextLength(random);
                    PayloadPattern.fill(i, source, 0, length);
                    sender.put(source, 0, length);
                    crcSum += TwoProcessRoundTripTest.checksum(source, length) & 0xFFFF_FFFFL;
                    bytes += length;

                    if (i % 1000 == 0)
                    {
                        maxStoreBytes = Math.max(maxStoreBytes, bytesUnder(sender.publication().store().directory()));
                    }
                    if (i == count / 5)
                    {
                        receiverRssAtWarmUp = ChildJvm.statusBytes(receiver.process().pid(), "RssAnon");
                        senderRssAtWarmUp = ChildJvm.statusBytes(self, "RssAnon");
                    }
                    if (i > count / 5 && i % 5000 == 0)
                    {
                        // Private memory flat after warm-up; shared memory (the store's pages each side maps, the
                        // oversize segments kept for reuse among them) never past what the store may hold.
                        final long receiverAnon = ChildJvm.statusBytes(receiver.process().pid(), "RssAnon");
                        final long senderAnon = ChildJvm.statusBytes(self, "RssAnon");
                        assertTrue(receiverAnon - receiverRssAtWarmUp < RSS_GROWTH_LIMIT,
                            "receiver private RSS grew from " + receiverRssAtWarmUp + " to " + receiverAnon);
                        assertTrue(senderAnon - senderRssAtWarmUp < RSS_GROWTH_LIMIT,
                            "sender private RSS grew from " + senderRssAtWarmUp + " to " + senderAnon);
                        final long receiverShared = ChildJvm.statusBytes(receiver.process().pid(), "RssShmem");
                        assertTrue(receiverShared <= MAX_STORE + SHARED_SLACK,
                            "the receiver maps " + receiverShared + " bytes of shared memory, the store holds at most " +
                            MAX_STORE);
                        maxReceiverShared = Math.max(maxReceiverShared, receiverShared);
                    }
                }

                assertTrue(sender.awaitAllAcked(120, TimeUnit.SECONDS));
                final String summary = receiver.awaitLine("SUMMARY ", 120, TimeUnit.SECONDS);
                assertTrue(summary.startsWith("received=" + count + " corrupt=0 gaps=0 crcSum=" + crcSum + " "),
                    summary + " after " + bytes + " bytes");
                assertEquals(0, receiver.process().waitFor());
                assertTrue(maxStoreBytes <= MAX_STORE + 64 * 1024, "store files reached " + maxStoreBytes);
                assertEquals(0, sender.publication().store().regionsInFlight());
                System.out.println("soak: " + count + " payloads, " + bytes + " bytes, store max " + maxStoreBytes +
                    " bytes, receiver private RSS " + receiverRssAtWarmUp + " at 20%, shared at most " +
                    maxReceiverShared);
            }
        }
    }

    private static int nextLength(final SplittableRandom random)
    {
        final int kind = random.nextInt(10_000);
        if (kind < 7000)
        {
            return random.nextInt(2049);
        }
        if (kind < 9500)
        {
            return 2049 + random.nextInt(254 * 1024);
        }
        if (kind < 9995)
        {
            return 256 * 1024 + random.nextInt(4 * 1024 * 1024 - 256 * 1024);
        }
        return 4 * 1024 * 1024 + random.nextInt(MAX_LENGTH - 4 * 1024 * 1024 + 1);
    }

    private static long bytesUnder(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.mapToLong((file) -> file.toFile().length()).sum();
        }
    }
}
