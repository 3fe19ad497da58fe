/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.PayloadStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A receiver that stops reading back-pressures the sender: timed offers return false, the store never grows past
 * its maximum, nothing it holds is reused, and everything flows again once it reads.
 */
class BackPressureTest
{
    private static final int STREAM_ID = 2401;
    private static final long RING = 2 * 1024 * 1024;
    private static final long MAX_STORE = RING + 8 * 1024 * 1024;

    @Test
    void shouldBackPressureASlowReceiverWithoutGrowingMemory() throws Exception
    {
        try (TestMedia media = new TestMedia();
            Freight freight = Freight.launch(media.context().ringLength(RING).maxStoreLength(MAX_STORE));
            FreightSender sender = freight.sender(STREAM_ID))
        {
            final PayloadSubscription stalled = freight.addSubscription(STREAM_ID);
            final PayloadStore store = sender.publication().store();
            final int[] delivered = { 0 };
            Await.until("attached", sender.publication()::isConnected, () ->
            {
                sender.publication().doWork();
                stalled.poll((payload) -> delivered[0]++, 10);
            });

            int accepted = 0;
            final int[] sizes = { 300 * 1024, 3 * 1024 * 1024, 100, 900 * 1024 };
            int refusals = 0;
            for (int i = 0; refusals < 3 && i < 10_000; i++)
            {
                final int size = sizes[accepted % sizes.length];
                if (sender.offer(PayloadPattern.bytes(accepted, size), 50, TimeUnit.MILLISECONDS))
                {
                    accepted++;
                }
                else
                {
                    refusals++;
                }
                assertTrue(store.storeLength() <= MAX_STORE, "store grew to " + store.storeLength());
                assertTrue(bytesOnDisk(store.directory()) <= MAX_STORE + 64 * 1024, "files grew");
            }

            assertEquals(3, refusals, "timed offers fail while the receiver does not read");
            assertTrue(accepted > 0 && accepted < 10_000, "accepted " + accepted);
            assertFalse(sender.awaitAllAcked(100, TimeUnit.MILLISECONDS));

            final int total = accepted;
            final int[] checked = { 0 };
            Await.until("receiver catches up", () -> checked[0] == total, () ->
            {
                sender.publication().doWork();
                stalled.poll((payload) ->
                {
                    final int size = sizes[(int)(payload.sequence() % sizes.length)];
                    org.junit.jupiter.api.Assertions.assertArrayEquals(
                        PayloadPattern.bytes(payload.sequence(), size), payload.toByteArray(), "payload " + checked[0]);
                    checked[0]++;
                }, 10);
            });
            assertTrue(sender.offer(new byte[10], 5, TimeUnit.SECONDS), "offers succeed again");
        }
    }

    private static long bytesOnDisk(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.mapToLong((file) -> file.toFile().length()).sum();
        }
    }
}
