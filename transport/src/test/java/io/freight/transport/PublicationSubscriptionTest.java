/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.DirectBufferVector;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Aeron face in one process and one thread: offers, claims, retained payloads, late attach, several senders,
 * bad use. The claims about processes are in the two-process tests.
 */
class PublicationSubscriptionTest
{
    private static final int STREAM_ID = 2201;

    private TestMedia media;
    private Freight freight;
    private final List<byte[]> received = new ArrayList<>();
    private final List<Long> sequences = new ArrayList<>();
    private final PayloadHandler collect = (payload) ->
    {
        final byte[] bytes = payload.toByteArray();
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes);
        assertEquals((int)crc.getValue(), payload.computeChecksum(), "checksum in place, inline or stored");
        received.add(bytes);
        sequences.add(payload.sequence());
    };

    @BeforeEach
    void before() throws Exception
    {
        media = new TestMedia();
        freight = Freight.launch(media.context().ringLength(1024 * 1024));
    }

    @AfterEach
    void after() throws Exception
    {
        freight.close();
        media.close();
    }

    @Test
    void shouldSayNotConnectedUntilAReceiverIsAttached()
    {
        final PayloadPublication publication = freight.addPublication(STREAM_ID);

        assertEquals(PayloadPublication.NOT_CONNECTED, publication.offer(new byte[10]));
        assertEquals(PayloadPublication.NOT_CONNECTED, publication.offer(new byte[100_000]));
        assertEquals(0, publication.nextSequence(), "a refused offer takes no sequence");

        final PayloadSubscription subscription = freight.addSubscription(STREAM_ID);
        attach(publication, subscription);

        assertEquals(0, publication.offer(new byte[10]));
    }

    @Test
    void shouldDeliverEveryPayloadTypeInOrder()
    {
        final PayloadPublication publication = freight.addPublication(STREAM_ID);
        final PayloadSubscription subscription = freight.addSubscription(STREAM_ID);
        attach(publication, subscription);
        final byte[] small = PayloadPattern.bytes(1, 100);
        final byte[] large = PayloadPattern.bytes(2, 200_000);

        assertEquals(0, publication.offer(small));
        assertEquals(1, publication.offer(new UnsafeBuffer(large), 0, large.length));
        assertEquals(2, publication.offer(ByteBuffer.wrap(large, 1000, 50_000)));
        assertEquals(3, publication.offer(ByteBuffer.allocateDirect(0)));
        assertEquals(4, publication.offer(new DirectBufferVector[]{
            new DirectBufferVector(new UnsafeBuffer(small), 0, 10),
            new DirectBufferVector(new UnsafeBuffer(large), 0, 100_000) }));
        receive(publication, subscription, 5);

        assertArrayEquals(small, received.get(0));
        assertArrayEquals(large, received.get(1));
        assertArrayEquals(java.util.Arrays.copyOfRange(large, 1000, 51_000), received.get(2));
        assertEquals(0, received.get(3).length);
        final byte[] gathered = received.get(4);
        assertArrayEquals(java.util.Arrays.copyOf(small, 10), java.util.Arrays.copyOf(gathered, 10));
        assertArrayEquals(java.util.Arrays.copyOf(large, 100_000), java.util.Arrays.copyOfRange(gathered, 10, 100_010));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), sequences);
        Await.until("all acked", publication::isAllAcked, () -> work(publication, subscription));
    }

    @Test
    void shouldPublishAClaimedPayloadWrittenInPlaceAndDropAnAbortedOne()
    {
        final PayloadPublication publication = freight.addPublication(STREAM_ID);
        final PayloadSubscription subscription = freight.addSubscription(STREAM_ID);
        attach(publication, subscription);
        final PayloadClaim claim = new PayloadClaim();

        assertEquals(0, publication.tryClaim(64, claim));
        assertTrue(claim.isInline());
        claim.buffer().putLong(0, 7L);
        assertThrows(IllegalStateException.class, () -> publication.offer(new byte[1]), "a claim is open");
        assertThrows(IllegalStateException.class, () -> publication.tryClaim(1, new PayloadClaim()));
        assertEquals(0, claim.commit());

        assertEquals(1, publication.tryClaim(500_000, claim));
        assertFalse(claim.isInline());
        claim.buffer().putLong(0, 8L);
        claim.abort();
        assertEquals(0, publication.store().regionsInFlight(), "an aborted region is given back at once");

        assertEquals(1, publication.tryClaim(500_000, claim), "an aborted claim takes no sequence");
        claim.putBytes(499_992, new byte[]{ 1, 2, 3, 4, 5, 6, 7, 8 }, 0, 8);
        assertEquals(1, claim.commit());
        assertThrows(IllegalStateException.class, claim::commit, "committed once only");

        receive(publication, subscription, 2);
        assertEquals(7L, java.nio.ByteBuffer.wrap(received.get(0)).order(java.nio.ByteOrder.nativeOrder()).getLong());
        assertEquals(500_000, received.get(1).length);
        assertEquals(8, received.get(1)[499_999]);
    }

    @Test
    void shouldRefuseAClaimCommittedAfterTheLastReceiverLeftAndGiveItsRegionBack()
    {
        final PayloadPublication publication = freight.addPublication(STREAM_ID);
        final PayloadSubscription subscription = freight.addSubscription(STREAM_ID);
        attach(publication, subscription);
        final PayloadClaim claim = new PayloadClaim();
        assertEquals(0, publication.tryClaim(100_000, claim));

        subscription.close();
        Await.until("receiver detached", () -> !publication.isConnected(), publication::doWork);

        assertEquals(PayloadPublication.NOT_CONNECTED, claim.commit(), "nobody would ever release it");
        assertEquals(0, publication.nextSequence(), "a refused commit takes no sequence");
        assertEquals(0, publication.inFlight());
        assertEquals(0, publication.store().regionsInFlight(), "the region is given back");
        assertEquals(0, publication.store().bytesInFlight());
    }

    @Test
    void shouldKeepARetainedPayloadIntactWhileMoreFlowAndReleaseOutOfOrder()
    {
        final PayloadPublication publication = freight.addPublication(STREAM_ID);
        final PayloadSubscription subscription = freight.addSubscription(STREAM_ID);
        attach(publication, subscription);
        final List<Payload> retained = new ArrayList<>();
        final int length = 100_000;

        for (int i = 0; i < 3; i++)
        {
            assertEquals(i, publication.offer(PayloadPattern.bytes(i, length)));
        }
        Await.until("three retained", () -> retained.size() == 3,
            () -> subscription.poll((payload) -> retained.add(payload.retain()), 10));
        publication.doWork();
        assertEquals(3, publication.inFlight());

        // Release the middle one first: its region must stay until the first is released too, and the first
        // and last must stay readable while many more payloads cycle through the 1 MiB ring.
        retained.get(1).release();
        final int receivedBefore = received.size();
        for (int i = 3; i < 200; i++)
        {
            final byte[] bytes = PayloadPattern.bytes(i, length);
            final long[] result = { 0 };
            Await.until("room for payload " + i, () -> (result[0] = publication.offer(bytes)) >= 0,
                () -> work(publication, subscription));
        }
        Await.until("197 more payloads", () -> received.size() == receivedBefore + 197,
            () -> work(publication, subscription));
        Await.until("releases applied", () -> publication.inFlight() == 2, () -> work(publication, subscription));

        assertArrayEquals(PayloadPattern.bytes(0, length), retained.get(0).toByteArray());
        assertArrayEquals(PayloadPattern.bytes(2, length), retained.get(2).toByteArray());
        assertThrows(IllegalStateException.class, () -> retained.get(1).toByteArray(), "released payloads are dead");
        assertFalse(publication.isAllAcked());

        retained.get(2).release();
        retained.get(0).close();
        Await.until("all acked", publication::isAllAcked, () -> work(publication, subscription));
        assertEquals(0, publication.store().regionsInFlight());
    }

    @Test
    void shouldGiveALateReceiverOnlyWhatIsPublishedAfterItAttached()
    {
        final PayloadPublication publication = freight.addPublication(STREAM_ID);
        final PayloadSubscription early = freight.addSubscription(STREAM_ID);
        attach(publication, early);
        for (int i = 0; i < 50; i++)
        {
            assertEquals(i, publication.offer(PayloadPattern.bytes(i, 20_000 + i)));
        }
        receive(publication, early, 50);

        final PayloadSubscription late = freight.addSubscription(STREAM_ID);
        final List<Long> lateSequences = new ArrayList<>();
        Await.until("late receiver attached", () -> publication.receiverCount() == 2, () ->
        {
            work(publication, early);
            late.poll((payload) -> lateSequences.add(payload.sequence()), 10);
        });
        for (int i = 50; i < 100; i++)
        {
            assertEquals(i, publication.offer(PayloadPattern.bytes(i, 20_000 + i)));
        }
        Await.until("late receiver has all after attach", () -> lateSequences.size() == 50, () ->
        {
            work(publication, early);
            late.poll((payload) ->
            {
                assertArrayEquals(PayloadPattern.bytes(payload.sequence(), (int)(20_000 + payload.sequence())),
                    payload.toByteArray());
                lateSequences.add(payload.sequence());
            }, 10);
        });

        assertEquals(50L, lateSequences.get(0));
        assertEquals(99L, lateSequences.get(49));
        Await.until("all acked by both", publication::isAllAcked, () ->
        {
            work(publication, early);
            late.poll(collect, 10);
        });
    }

    @Test
    void shouldKeepSeveralSendersOnOneStreamApart()
    {
        final PayloadPublication first = freight.addPublication(STREAM_ID);
        final PayloadPublication second = freight.addPublication(STREAM_ID);
        final PayloadSubscription subscription = freight.addSubscription(STREAM_ID);
        Await.until("both attached", () -> first.isConnected() && second.isConnected(), () ->
        {
            first.doWork();
            second.doWork();
            subscription.poll(collect, 10);
        });
        final List<String> seen = new ArrayList<>();

        for (int i = 0; i < 20; i++)
        {
            assertEquals(i, first.offer(PayloadPattern.bytes(i, 30_000)));
            assertEquals(i, second.offer(PayloadPattern.bytes(1000 + i, 30_000)));
        }
        Await.until("40 payloads", () -> seen.size() == 40, () ->
        {
            first.doWork();
            second.doWork();
            subscription.poll((payload) ->
            {
                final long id = payload.sessionId() == first.sessionId() ? payload.sequence() : 1000 + payload.sequence();
                assertArrayEquals(PayloadPattern.bytes(id, 30_000), payload.toByteArray());
                seen.add(payload.sessionId() + ":" + payload.sequence());
            }, 10);
        });

        Await.until("each sender has its own acks", () -> first.isAllAcked() && second.isAllAcked(), () ->
        {
            first.doWork();
            second.doWork();
            subscription.poll(collect, 10);
        });
        assertFalse(first.store().storeId().equals(second.store().storeId()), "one store per sender");
    }

    @Test
    void shouldFailOnlyTheBadCallAndStayUsable()
    {
        final PayloadPublication publication = freight.addPublication(STREAM_ID);
        final PayloadSubscription subscription = freight.addSubscription(STREAM_ID);
        attach(publication, subscription);

        final IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class,
            () -> publication.tryClaim(publication.store().maxPayloadLength() + 1, new PayloadClaim()));
        assertTrue(tooLarge.getMessage().contains("freight.store.max.length"), tooLarge.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> publication.offer(new byte[10], 5, 10));
        assertThrows(IndexOutOfBoundsException.class, () -> publication.offer(new UnsafeBuffer(new byte[10]), -1, 2));

        assertEquals(0, publication.offer(new byte[]{ 42 }));
        receive(publication, subscription, 1);
        assertEquals(42, received.get(0)[0]);

        publication.close();
        assertEquals(PayloadPublication.CLOSED, publication.offer(new byte[1]));
        assertEquals(PayloadPublication.CLOSED, publication.tryClaim(1, new PayloadClaim()));
    }

    private void attach(final PayloadPublication publication, final PayloadSubscription subscription)
    {
        Await.until("receiver attached", publication::isConnected, () -> work(publication, subscription));
    }

    private void work(final PayloadPublication publication, final PayloadSubscription subscription)
    {
        publication.doWork();
        subscription.poll(collect, 10);
    }

    private void receive(final PayloadPublication publication, final PayloadSubscription subscription, final int count)
    {
        final int target = received.size() + count;
        Await.until(count + " payloads", () -> received.size() >= target, () -> work(publication, subscription));
    }
}
