/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.ChildJvm;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 10^5 payloads of mixed sizes, inline and stored, ring and oversize, go to a receiver in another process: each
 * arrives exactly once, in order, byte-identical (the receiver checks every byte and sums CRC32Cs).
 */
class OrderingAndExactlyOnceTest
{
    private static final int STREAM_ID = 2101;
    private static final int COUNT = 100_000;
    private static final int RING = 4 * 1024 * 1024;

    @Test
    void shouldDeliverEveryPayloadExactlyOnceInOrder() throws Exception
    {
        try (TestMedia media = new TestMedia())
        {
            final Freight.Context ctx = media.context().ringLength(RING);
            final SplittableRandom random = new SplittableRandom(42);
            final UnsafeBuffer source = new UnsafeBuffer(ByteBuffer.allocateDirect(RING + 1024 * 1024));
            long crcSum = 0;
            long bytes = 0;

            try (Freight freight = Freight.launch(ctx);
                FreightSender sender = freight.sender(STREAM_ID);
                ChildJvm receiver = ChildJvm.start(ReceiverMain.class, media.childArgs(STREAM_ID, "" + COUNT)))
            {
                for (int i = 0; i < COUNT; i++)
                {
                    final int length = nextLength(random, ctx.inlineThreshold());
                    final long sequence = sender.publication().nextSequence();
                    assertEquals(i, sequence);
                    PayloadPattern.fill(sequence, source, 0, length);
                    sender.put(source, 0, length);
                    crcSum += TwoProcessRoundTripTest.checksum(source, length) & 0xFFFF_FFFFL;
                    bytes += length;
                }

                assertTrue(sender.awaitAllAcked(120, TimeUnit.SECONDS));
                final String summary = receiver.awaitLine("SUMMARY ", 120, TimeUnit.SECONDS);
                assertTrue(summary.startsWith("received=" + COUNT + " corrupt=0 gaps=0 crcSum=" + crcSum + " "),
                    summary + " (" + bytes + " bytes sent)");
                assertEquals(0, receiver.process().waitFor());
                assertEquals(0, sender.publication().inFlight());
            }
        }
    }

    private static int nextLength(final SplittableRandom random, final int inlineThreshold)
    {
        final int kind = random.nextInt(1000);
        if (kind < 450)
        {
            return random.nextInt(inlineThreshold + 1);
        }
        if (kind < 950)
        {
            return inlineThreshold + 1 + random.nextInt(64 * 1024);
        }
        if (kind < 998)
        {
            return random.nextInt(1024 * 1024);
        }
        return RING + random.nextInt(1024 * 1024);
    }
}
