/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.freight.codecs.MessageHeaderDecoder;
import io.freight.codecs.ReceiverAttachDecoder;
import io.freight.codecs.SegmentAnnounceDecoder;
import io.freight.codecs.SegmentKind;
import io.freight.codecs.StoreAnnounceDecoder;
import io.freight.schema.MessageValidator;
import io.freight.store.PayloadStore;
import io.freight.store.Region;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sender's control-message handler on a real store, receiver table and IPC data stream: an attach is announced and
 * echoed before the receiver is registered, acks and releases reach the in-flight table only from the session that
 * attached the receiver and only for this sender, and a detach lets the receiver go.
 */
class ControlMessageHandlerTest
{
    private static final int STREAM_ID = 2443;
    private static final String CHANNEL = "aeron:ipc?term-length=64k";
    private static final int RING_LENGTH = 256 * 1024;
    private static final int SENDER_SESSION = 0x5678;
    private static final int CONTROL_SESSION = 0x1234;
    private static final long RECEIVER_ID = 42;

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final List<UnsafeBuffer> messages = new ArrayList<>();
    private final UnsafeBuffer controlBuffer = new UnsafeBuffer(new byte[1024]);
    private final MessageForge forge = new MessageForge();
    private TestMedia media;
    private Freight freight;
    private ExclusivePublication publication;
    private Subscription subscription;
    private FragmentAssembler assembler;
    private PayloadStore store;
    private InFlightTable inFlight;
    private ReceiverTable receivers;
    private ControlMessageHandler handler;
    private ControlStreamAdapter adapter;
    private long lastSequence = -1;

    @BeforeEach
    void before() throws Exception
    {
        media = new TestMedia();
        freight = Freight.launch(media.context());
        subscription = freight.aeron().addSubscription(CHANNEL, STREAM_ID);
        publication = freight.aeron().addExclusivePublication(CHANNEL, STREAM_ID);
        Await.connectedWithWindow(publication, subscription::isConnected);
        assembler = new FragmentAssembler((buffer, offset, length, header) ->
        {
            MessageValidator.validate(buffer, offset, length);
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            messages.add(new UnsafeBuffer(copy));
        });
        store = PayloadStore.create(new PayloadStore.Context().root(media.storeRoot.path()).ringLength(RING_LENGTH)
            .maxStoreLength(RING_LENGTH).preTouch(false));
        inFlight = new InFlightTable(store, 16);
        receivers = new ReceiverTable(inFlight, media.storeRoot.path(), (controlSessionId) -> true);
        handler = new ControlMessageHandler(
            SENDER_SESSION, store, receivers, new DataStreamProxy(publication), () -> lastSequence);
        adapter = new ControlStreamAdapter(null, handler);
    }

    @AfterEach
    void after() throws Exception
    {
        CloseHelper.closeAll(store, publication, subscription, freight, media);
    }

    @Test
    void shouldAnnounceTheStoreAndRingThenEchoBeforeRegisteringTheReceiver()
    {
        lastSequence = 6;

        assertTrue(handler.onAttach(CONTROL_SESSION, RECEIVER_ID));

        final StoreAnnounceDecoder storeAnnounce = new StoreAnnounceDecoder().wrapAndApplyHeader(
            receive(StoreAnnounceDecoder.TEMPLATE_ID), 0, headerDecoder);
        assertEquals(store.storeId(), storeAnnounce.storeId());
        final SegmentAnnounceDecoder ring = new SegmentAnnounceDecoder().wrapAndApplyHeader(
            receive(SegmentAnnounceDecoder.TEMPLATE_ID), 0, headerDecoder);
        assertEquals(PayloadStore.RING_SEGMENT_ID, ring.segmentId());
        assertEquals(SegmentKind.RING, ring.kind());
        assertEquals(store.ringSegment().length(), ring.segmentLength());
        assertEquals(RECEIVER_ID, echo());

        assertTrue(receivers.find(RECEIVER_ID, CONTROL_SESSION) >= 0);
        assertEquals(6, receivers.minCumulative(100), "it waits only for payloads after the echo");
    }

    @Test
    void shouldOnlyEchoAgainToAReceiverAttachedFromTheSameSession()
    {
        assertTrue(handler.onAttach(CONTROL_SESSION, RECEIVER_ID));
        drain(3);

        assertTrue(handler.onAttach(CONTROL_SESSION, RECEIVER_ID));

        assertEquals(RECEIVER_ID, echo(), "no announcements the second time");
        assertEquals(1, receivers.count());
        assertEquals(1, receivers.receiversAttached());
    }

    @Test
    void shouldDropAnAttachNamingAReceiverAttachedFromAnotherSession()
    {
        assertTrue(handler.onAttach(CONTROL_SESSION, RECEIVER_ID));
        drain(3);

        assertTrue(handler.onAttach(CONTROL_SESSION + 1, RECEIVER_ID), "dropped, not invalid");

        assertEquals(1, receivers.foreignMessages());
        assertEquals(1, receivers.count());
        assertNothingPublished();
    }

    @Test
    void shouldRefuseAnAttachWhenEverySlotIsTaken()
    {
        for (int i = 1; i <= ReceiverTable.MAX_RECEIVERS; i++)
        {
            receivers.attach(1000 + i, CONTROL_SESSION, -1);
        }

        assertFalse(handler.onAttach(CONTROL_SESSION, RECEIVER_ID));

        assertNothingPublished();
    }

    @Test
    void shouldNotRegisterAReceiverWhoseEchoCouldNotBePublished()
    {
        publication.close();

        assertTrue(handler.onAttach(CONTROL_SESSION, RECEIVER_ID), "its next attach retries");

        assertEquals(0, receivers.count());
    }

    @Test
    void shouldApplyAnAckAndItsReleasesClampedToTheLastSequence()
    {
        assertTrue(handler.onAttach(CONTROL_SESSION, RECEIVER_ID));
        final long holder = receivers.attachedMask();
        final Region region = new Region();
        assertTrue(store.tryClaim(1_000, region) > 0);
        inFlight.add(9, region.segmentId(), region.regionOffset(), region.generation(), holder);
        lastSequence = 9;

        adapter.onMessage(controlBuffer, 0, forge.ack(controlBuffer, RECEIVER_ID, 5, SENDER_SESSION, 9), CONTROL_SESSION);

        assertEquals(5, receivers.minCumulative(lastSequence));
        assertEquals(0, inFlight.unreleased(), "released out of order");
        assertEquals(0, store.regionsInFlight());

        adapter.onMessage(
            controlBuffer, 0, forge.ack(controlBuffer, RECEIVER_ID, 1_000, SENDER_SESSION), CONTROL_SESSION);
        assertEquals(9, receivers.minCumulative(1_000), "never past what was published");
    }

    @Test
    void shouldIgnoreAnAckForAnotherSenderOrFromAnotherSession()
    {
        assertTrue(handler.onAttach(CONTROL_SESSION, RECEIVER_ID));
        lastSequence = 9;

        adapter.onMessage(
            controlBuffer, 0, forge.ack(controlBuffer, RECEIVER_ID, 5, SENDER_SESSION + 1), CONTROL_SESSION);
        adapter.onMessage(
            controlBuffer, 0, forge.ack(controlBuffer, RECEIVER_ID, 5, SENDER_SESSION), CONTROL_SESSION + 1);

        assertEquals(-1, receivers.minCumulative(lastSequence));
        assertEquals(1, receivers.foreignMessages(), "only the one naming this sender is foreign");
    }

    @Test
    void shouldLetADetachingReceiverGoCountingWhatItAbandoned()
    {
        assertTrue(handler.onAttach(CONTROL_SESSION, RECEIVER_ID));
        lastSequence = 9;

        handler.onDetach(CONTROL_SESSION + 1, RECEIVER_ID);
        assertEquals(1, receivers.count(), "another session cannot detach it");

        handler.onDetach(CONTROL_SESSION, RECEIVER_ID);
        assertEquals(0, receivers.count());
        assertEquals(10, receivers.payloadsAbandoned());
    }

    private long echo()
    {
        return new ReceiverAttachDecoder().wrapAndApplyHeader(
            receive(ReceiverAttachDecoder.TEMPLATE_ID), 0, headerDecoder).receiverId();
    }

    private void drain(final int count)
    {
        Await.until(count + " messages on the data stream", () -> messages.size() >= count, this::poll);
        messages.clear();
    }

    private void assertNothingPublished()
    {
        poll();
        assertTrue(messages.isEmpty(), "nothing is published for it");
    }

    private UnsafeBuffer receive(final int templateId)
    {
        Await.until("a message on the data stream", () -> !messages.isEmpty(), this::poll);
        final UnsafeBuffer message = messages.remove(0);
        assertEquals(templateId, headerDecoder.wrap(message, 0).templateId());
        return message;
    }

    private void poll()
    {
        subscription.poll(assembler, 10);
    }
}
