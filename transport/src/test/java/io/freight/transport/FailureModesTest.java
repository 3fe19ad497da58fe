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
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * py-sharedmemory's failure modes, as regression tests with real processes: a consumer that exits mid-stream, a
 * failing put, two senders sharing a stream, a consumer that stops reading.
 */
class FailureModesTest
{
    private static final int STREAM_ID = 3001;

    @Test
    void shouldTellTheTruthAndStayUsableWhenTheConsumerExitsMidStream() throws Exception
    {
        try (TestMedia media = new TestMedia();
            Freight freight = Freight.launch(media.context());
            FreightSender sender = freight.sender(STREAM_ID))
        {
            final PayloadPublication publication = sender.publication();
            for (final boolean kill : new boolean[]{ false, true })
            {
                try (ChildJvm consumer = ChildJvm.start(ReceiverMain.class, media.childArgs(STREAM_ID, "50")))
                {
                    Await.until("consumer attached", publication::isConnected, publication::doWork);
                    // 80 payloads are sent at once; the consumer takes 50 and leaves (or is killed), abandoning the rest.
                    for (int i = 0; i < 80; i++)
                    {
                        assertTrue(sender.offer(PayloadPattern.bytes(publication.nextSequence(), 10_000),
                            10, TimeUnit.SECONDS));
                    }
                    final long abandonedBefore = publication.payloadsAbandoned();
                    if (kill)
                    {
                        consumer.awaitLine("ATTACHED", 30, TimeUnit.SECONDS);
                        consumer.kill9();
                    }
                    else
                    {
                        assertTrue(consumer.awaitLine("SUMMARY ", 30, TimeUnit.SECONDS).contains("corrupt=0"));
                        assertEquals(0, consumer.process().waitFor());
                    }

                    final long startNs = System.nanoTime();
                    assertFalse(sender.awaitAllAcked(10, TimeUnit.SECONDS), "payloads were left unacked");
                    assertTrue(System.nanoTime() - startNs < TimeUnit.SECONDS.toNanos(5), "said so well before timeout");
                    assertTrue(publication.payloadsAbandoned() - abandonedBefore >= 30,
                        "abandoned " + (publication.payloadsAbandoned() - abandonedBefore));
                    assertEquals(0, publication.receiverCount());
                    assertEquals(0, publication.store().regionsInFlight(), "the departed consumer's regions are free");
                    assertFalse(sender.offer(new byte[1]), "no receiver now: offer says false, it does not hang");
                }
            }

            // Still usable: a new consumer gets what is sent next.
            try (ChildJvm consumer = ChildJvm.start(ReceiverMain.class, media.childArgs(STREAM_ID, "10")))
            {
                for (int i = 0; i < 10; i++)
                {
                    sender.put(PayloadPattern.bytes(publication.nextSequence(), 5000 * i));
                }
                assertTrue(sender.awaitAllAcked(30, TimeUnit.SECONDS));
                assertTrue(consumer.awaitLine("SUMMARY ", 30, TimeUnit.SECONDS).startsWith("received=10 corrupt=0"));
                assertEquals(0, consumer.process().waitFor());
            }
        }
    }

    @Test
    void shouldFailOnlyTheFailingPutAndKeepTheStreamIntact() throws Exception
    {
        try (TestMedia media = new TestMedia();
            Freight freight = Freight.launch(media.context().maxStoreLength(64 * 1024 * 1024));
            FreightSender sender = freight.sender(STREAM_ID);
            ChildJvm consumer = ChildJvm.start(ReceiverMain.class, media.childArgs(STREAM_ID, "3", "print")))
        {
            final PayloadPublication publication = sender.publication();
            sender.put(PayloadPattern.bytes(0, 3000));

            assertThrows(IllegalArgumentException.class, () -> sender.offer(
                new UnsafeBuffer(ByteBuffer.allocateDirect(65 * 1024 * 1024)), 0, 65 * 1024 * 1024));
            final ReadableByteChannel closed = Channels.newChannel(new java.io.ByteArrayInputStream(new byte[100_000]));
            closed.close();
            assertThrows(IOException.class, () -> publication.offer(closed, 100_000));
            assertThrows(IndexOutOfBoundsException.class, () -> publication.offer(new byte[10], 5, 6));

            sender.put(PayloadPattern.bytes(1, 200_000));
            sender.put(PayloadPattern.bytes(2, 10));
            assertTrue(sender.awaitAllAcked(30, TimeUnit.SECONDS));
            assertTrue(consumer.awaitLine("SUMMARY ", 30, TimeUnit.SECONDS).startsWith("received=3 corrupt=0 gaps=0"),
                "no failed put took a sequence or broke the stream");
            assertEquals(0, consumer.process().waitFor());
            assertEquals(0, publication.store().regionsInFlight(), "failed puts gave their regions back");
        }
    }

    @Test
    void shouldNotLetTwoSendersStealEachOthersAcks() throws Exception
    {
        try (TestMedia media = new TestMedia();
            Freight freight = Freight.launch(media.context());
            FreightSender mine = freight.sender(STREAM_ID))
        {
            final PayloadSubscription subscription = freight.addSubscription(STREAM_ID);
            final List<Payload> held = new ArrayList<>();
            final PayloadHandler holdMine = (payload) ->
            {
                if (payload.sessionId() == mine.publication().sessionId())
                {
                    held.add(payload.retain());
                }
            };

            try (ChildJvm other = ChildJvm.start(SenderMain.class, media.childArgs(STREAM_ID, "50", "100000")))
            {
                Await.until("attached to mine", mine.publication()::isConnected, () ->
                {
                    mine.publication().doWork();
                    subscription.poll(holdMine, 10);
                });
                for (int i = 0; i < 20; i++)
                {
                    final long result = mine.publication().offer(PayloadPattern.bytes(i, 50_000));
                    assertTrue(result >= 0, "offer " + i + ": " + result);
                }

                final String[] otherAcked = { null };
                Await.until("the other sender's verdict", () -> null != otherAcked[0], () ->
                {
                    subscription.poll(holdMine, 10);
                    mine.publication().doWork();
                    if (other.transcript().contains("ALLACKED "))
                    {
                        otherAcked[0] = other.transcript().substring(other.transcript().indexOf("ALLACKED ") + 9).trim();
                    }
                });

                assertEquals("true", otherAcked[0], "the other sender got every ack meant for it");
                assertEquals(20, held.size());
                assertFalse(mine.awaitAllAcked(200, TimeUnit.MILLISECONDS), "my payloads are held, not acked");
                assertEquals(20, mine.publication().inFlight());
                assertEquals(0, other.process().waitFor());
            }

            held.forEach(Payload::release);
            Await.until("mine acked once released", mine.publication()::isAllAcked, () ->
            {
                subscription.poll(holdMine, 10);
                mine.publication().doWork();
            });
        }
    }

    @Test
    void shouldBackPressureAConsumerThatStopsReadingAndNeverDropIt() throws Exception
    {
        final long ring = 2 * 1024 * 1024;
        try (TestMedia media = new TestMedia();
            Freight freight = Freight.launch(media.context().ringLength(ring).maxStoreLength(ring + 4 * 1024 * 1024));
            FreightSender sender = freight.sender(STREAM_ID);
            ChildJvm consumer = ChildJvm.start(ReceiverMain.class, media.childArgs(STREAM_ID, "200", "stallAfter=20")))
        {
            final PayloadPublication publication = sender.publication();
            // Refusals count only once the consumer is attached: a child JVM slow to start (a loaded machine) would
            // otherwise end the loop before anything was sent.
            assertTrue(sender.awaitConnected(60, TimeUnit.SECONDS), "consumer attached");
            int sent = 0;
            int refused = 0;
            while (sent < 20 || refused < 3) // three refusals in a row once the consumer must have stalled
            {
                if (sender.offer(PayloadPattern.bytes(publication.nextSequence(), 300_000), 200, TimeUnit.MILLISECONDS))
                {
                    sent++;
                    refused = 0;
                }
                else
                {
                    refused++;
                }
                assertTrue(publication.store().storeLength() <= ring + 4 * 1024 * 1024);
            }
            consumer.awaitLine("STALLED ", 30, TimeUnit.SECONDS);

            // Alive but not reading: it is kept, for longer than a dead receiver would be, and nothing is reused.
            final long untilNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < untilNs)
            {
                publication.doWork();
                assertEquals(1, publication.receiverCount(), "a slow consumer is not a dead one");
                Thread.yield();
            }
            assertTrue(publication.inFlight() > 0);

            consumer.send("RESUME");
            while (sent < 200)
            {
                sender.put(PayloadPattern.bytes(publication.nextSequence(), 300_000));
                sent++;
            }
            assertTrue(sender.awaitAllAcked(60, TimeUnit.SECONDS));
            assertTrue(consumer.awaitLine("SUMMARY ", 60, TimeUnit.SECONDS).startsWith("received=200 corrupt=0 gaps=0"));
            assertEquals(0, consumer.process().waitFor());
        }
    }
    @Test
    void shouldIgnoreAcksAndDetachesThatAnotherProcessForgesForAReceiver() throws Exception
    {
        final long ring = 2 * 1024 * 1024;
        final int total = 40;
        try (TestMedia media = new TestMedia();
            Freight freight = Freight.launch(media.context().ringLength(ring).maxStoreLength(ring));
            FreightSender sender = freight.sender(STREAM_ID);
            ChildJvm consumer = ChildJvm.start(
                ReceiverMain.class, media.childArgs(STREAM_ID, Integer.toString(total), "stallAfter=10")))
        {
            final PayloadPublication publication = sender.publication();
            int sent = 0;
            while (sent < 10 || sender.offer(PayloadPattern.bytes(publication.nextSequence(), 300_000), 200,
                TimeUnit.MILLISECONDS))
            {
                if (sent < 10)
                {
                    sender.put(PayloadPattern.bytes(publication.nextSequence(), 300_000));
                }
                sent++;
            }
            consumer.awaitLine("STALLED ", 30, TimeUnit.SECONDS);
            final int inFlight = publication.inFlight();
            final int regions = publication.store().regionsInFlight();
            assertTrue(inFlight > 0, "the stalled receiver holds payloads");

            final long receiverId = receiverIdFromLockFile(media);
            try (ChildJvm forger = ChildJvm.start(ForgerMain.class, media.aeronDirectoryName,
                Integer.toString(freight.context().controlStreamId(STREAM_ID)), Long.toString(receiverId),
                Integer.toString(publication.sessionId()), Long.toString(publication.nextSequence() - 1), "100"))
            {
                assertEquals(0, forger.process().waitFor(), forger.transcript());
                assertTrue(forger.transcript().contains("FORGED 101"), forger.transcript());
                Await.until("the forged messages read", () -> publication.foreignControlMessages() == 101,
                    publication::doWork);
            }

            assertEquals(1, publication.receiverCount(), "a forged detach does not detach the receiver");
            assertEquals(inFlight, publication.inFlight(), "a forged ack releases nothing");
            assertEquals(regions, publication.store().regionsInFlight(), "no region is recycled early");
            assertEquals(0, publication.invalidControlMessages(), "well formed, so counted as foreign, not invalid");

            consumer.send("RESUME");
            while (sent < total)
            {
                sender.put(PayloadPattern.bytes(publication.nextSequence(), 300_000));
                sent++;
            }
            assertTrue(sender.awaitAllAcked(60, TimeUnit.SECONDS));
            final String summary = consumer.awaitLine("SUMMARY ", 60, TimeUnit.SECONDS);
            assertTrue(summary.startsWith("received=" + total + " corrupt=0 gaps=0") && summary.endsWith("rejected=0"),
                "every payload read, none recycled under the receiver: " + summary);
            assertEquals(0, consumer.process().waitFor());
        }
    }

    private static long receiverIdFromLockFile(final TestMedia media) throws java.io.IOException
    {
        try (java.util.stream.Stream<java.nio.file.Path> files =
            java.nio.file.Files.list(io.freight.store.StorePaths.userDirectory(media.storeRoot.path())))
        {
            final String name = files.map((f) -> f.getFileName().toString())
                .filter((n) -> n.startsWith("receiver-") && n.endsWith(".lock"))
                .findFirst().orElseThrow();
            return Long.parseUnsignedLong(name.substring("receiver-".length(), name.length() - ".lock".length()), 16);
        }
    }
}
