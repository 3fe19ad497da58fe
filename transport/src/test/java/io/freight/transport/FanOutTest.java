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
 * Two receiver processes on one stream, one of them slow, with a ring small enough to be recycled hundreds of times:
 * no region is reused before both released it, so both see every payload intact.
 */
class FanOutTest
{
    private static final int STREAM_ID = 2501;
    private static final int COUNT = 3000;
    private static final int RING = 1024 * 1024;

    @Test
    void shouldNeverOverwriteAPayloadUnderASlowReceiver() throws Exception
    {
        try (TestMedia media = new TestMedia())
        {
            final Freight.Context ctx = media.context().ringLength(RING);
            try (Freight freight = Freight.launch(ctx);
                FreightSender sender = freight.sender(STREAM_ID);
                ChildJvm fast = ChildJvm.start(ReceiverMain.class, media.childArgs(STREAM_ID, "" + COUNT));
                ChildJvm slow = ChildJvm.start(
                    ReceiverMain.class, media.childArgs(STREAM_ID, "" + COUNT, "delayMicros=300")))
            {
                final PayloadPublication publication = sender.publication();
                Await.until("both receivers attached", () -> publication.receiverCount() == 2, publication::doWork);

                final SplittableRandom random = new SplittableRandom(7);
                final UnsafeBuffer source = new UnsafeBuffer(ByteBuffer.allocateDirect(256 * 1024));
                long crcSum = 0;
                for (int i = 0; i < COUNT; i++)
                {
                    final int length = ctx.inlineThreshold() + 1 + random.nextInt(200 * 1024);
                    PayloadPattern.fill(i, source, 0, length);
                    sender.put(source, 0, length);
                    crcSum += TwoProcessRoundTripTest.checksum(source, length) & 0xFFFF_FFFFL;
                }

                assertTrue(sender.awaitAllAcked(120, TimeUnit.SECONDS));
                final String expected = "received=" + COUNT + " corrupt=0 gaps=0 crcSum=" + crcSum + " ";
                final String fastSummary = fast.awaitLine("SUMMARY ", 60, TimeUnit.SECONDS);
                final String slowSummary = slow.awaitLine("SUMMARY ", 60, TimeUnit.SECONDS);
                assertTrue(fastSummary.startsWith(expected), fastSummary);
                assertTrue(slowSummary.startsWith(expected), slowSummary);
                assertEquals(0, fast.process().waitFor());
                assertEquals(0, slow.process().waitFor());
            }
        }
    }
}
