/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.DirectBufferVector;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.freight.codecs.MessageHeaderDecoder;
import io.freight.codecs.PayloadDescriptorDecoder;
import io.freight.codecs.SegmentAnnounceDecoder;
import io.freight.codecs.SegmentKind;
import io.freight.schema.MessageValidator;
import io.freight.store.PayloadStore;
import io.freight.store.Region;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sender's stored-payload appender on a real store and a real IPC publication: a published payload is a descriptor
 * on the stream and a region held in the in-flight table; one that cannot be published is a region back in the store.
 */
class StoredPayloadAppenderTest
{
    private static final int STREAM_ID = 2441;
    private static final String CHANNEL = "aeron:ipc?term-length=64k";
    private static final int RING_LENGTH = 256 * 1024;
    private static final long RECEIVER_A = 1L;

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final List<UnsafeBuffer> messages = new ArrayList<>();
    private TestMedia media;
    private Freight freight;
    private ExclusivePublication publication;
    private Subscription subscription;
    private FragmentAssembler assembler;
    private PayloadStore store;
    private InFlightTable inFlight;
    private StoredPayloadAppender appender;
    private int dutyCycles;
    private Runnable dutyCycle = () -> { };

    @BeforeEach
    void before() throws Exception
    {
        media = new TestMedia();
        freight = Freight.launch(media.context());
        subscription = freight.aeron().addSubscription(CHANNEL, STREAM_ID);
        publication = freight.aeron().addExclusivePublication(CHANNEL, STREAM_ID);
        Await.until("subscription connected", subscription::isConnected, Thread::yield);
        assembler = new FragmentAssembler((buffer, offset, length, header) ->
        {
            MessageValidator.validate(buffer, offset, length);
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            messages.add(new UnsafeBuffer(copy));
        });
        store = PayloadStore.create(new PayloadStore.Context().root(media.storeRoot.path()).ringLength(RING_LENGTH)
            .maxStoreLength(4L * RING_LENGTH).preTouch(false));
        inFlight = new InFlightTable(store, 2);
        appender = new StoredPayloadAppender(store, inFlight, new DataStreamProxy(publication), true, () ->
        {
            dutyCycles++;
            dutyCycle.run();
        });
    }

    @AfterEach
    void after() throws Exception
    {
        CloseHelper.closeAll(store, publication, subscription, freight, media);
    }

    @Test
    void shouldPublishADescriptorOfTheRegionWithItsChecksumAndHoldTheRegion()
    {
        final byte[] payload = PayloadPattern.bytes(1, 10_000);
        assertTrue(appender.claim(payload.length) > 0);
        appender.putBytes(0, new UnsafeBuffer(payload), 0, payload.length);
        final Region region = appender.region();
        final long regionOffset = region.regionOffset();
        final long generation = region.generation();
        final int checksum = region.computeChecksum();

        assertEquals(5, appender.publish(5, RECEIVER_A));

        final PayloadDescriptorDecoder descriptor = new PayloadDescriptorDecoder().wrapAndApplyHeader(
            receive(PayloadDescriptorDecoder.TEMPLATE_ID), 0, headerDecoder);
        assertEquals(5, descriptor.sequence());
        assertEquals(PayloadStore.RING_SEGMENT_ID, descriptor.segmentId());
        assertEquals(regionOffset, descriptor.regionOffset());
        assertEquals(payload.length, descriptor.payloadLength());
        assertEquals(generation, descriptor.generation());
        assertTrue(descriptor.flags().checksumPresent());
        assertEquals(checksum & 0xFFFF_FFFFL, descriptor.checksum());
        assertEquals(1, inFlight.unreleased());
        assertEquals(1, store.regionsInFlight());

        inFlight.releaseAll(RECEIVER_A);
        assertEquals(0, store.regionsInFlight(), "released by its only holder: back in the store");
    }

    @Test
    void shouldAnnounceAnOversizeSegmentBeforeEveryDescriptorThatUsesIt()
    {
        final long length = RING_LENGTH + 1_000;
        for (int sequence = 0; sequence < 2; sequence++)
        {
            assertTrue(appender.claim(length) > 0);
            final int segmentId = appender.region().segmentId();
            assertEquals(sequence, appender.publish(sequence, RECEIVER_A));

            final SegmentAnnounceDecoder announce = new SegmentAnnounceDecoder().wrapAndApplyHeader(
                receive(SegmentAnnounceDecoder.TEMPLATE_ID), 0, headerDecoder);
            assertEquals(segmentId, announce.segmentId());
            assertEquals(SegmentKind.OVERSIZE, announce.kind());
            final PayloadDescriptorDecoder descriptor = new PayloadDescriptorDecoder().wrapAndApplyHeader(
                receive(PayloadDescriptorDecoder.TEMPLATE_ID), 0, headerDecoder);
            assertEquals(segmentId, descriptor.segmentId());
            assertEquals(length, descriptor.payloadLength());

            inFlight.releaseAll(RECEIVER_A);
        }
    }

    @Test
    void shouldGatherVectorsInOrder()
    {
        final byte[] payload = PayloadPattern.bytes(2, 9_000);
        final UnsafeBuffer source = new UnsafeBuffer(payload);
        assertTrue(appender.claim(payload.length) > 0);

        appender.putBytes(new DirectBufferVector[] {
            new DirectBufferVector(source, 0, 1_000), new DirectBufferVector(source, 1_000, 8_000) });

        final byte[] stored = new byte[payload.length];
        appender.region().getBytes(0, stored, 0, stored.length);
        assertArrayEquals(payload, stored);
        appender.release();
        assertEquals(0, store.regionsInFlight());
    }

    @Test
    void shouldReleaseTheRegionAndRefuseWhenNobodyWouldHoldIt()
    {
        assertTrue(appender.claim(10_000) > 0);

        assertEquals(PayloadPublication.NOT_CONNECTED, appender.publish(0, 0));

        assertEquals(0, store.regionsInFlight());
        assertEquals(0, inFlight.unreleased());
        poll();
        assertTrue(messages.isEmpty(), "nothing is published for it");
    }

    @Test
    void shouldRunTheDutyCycleOnceWhenShortOfRoomAndClaimWhatItFreed()
    {
        publishHeldByA(0);
        publishHeldByA(1);
        assertTrue(inFlight.isFull());
        dutyCycle = () -> inFlight.releaseAll(RECEIVER_A);

        assertTrue(appender.claim(10_000) > 0, "the duty cycle's acks made room");

        assertEquals(1, dutyCycles);
        appender.release();
    }

    @Test
    void shouldReportBackPressureWhenTheDutyCycleFreesNothing()
    {
        publishHeldByA(0);
        publishHeldByA(1);

        assertEquals(PayloadPublication.BACK_PRESSURED, appender.claim(10_000));

        assertEquals(1, dutyCycles);
        assertEquals(2, store.regionsInFlight(), "nothing more was claimed");
    }

    @Test
    void shouldReleaseTheRegionWhenTheChannelEndsEarly()
    {
        assertTrue(appender.claim(10_000) > 0);

        final IOException ex = assertThrows(IOException.class,
            () -> appender.transferFrom(Channels.newChannel(new ByteArrayInputStream(new byte[4_000]))));

        assertTrue(ex.getMessage().contains("4000 of 10000"), ex.getMessage());
        assertEquals(0, store.regionsInFlight());
    }

    @Test
    void shouldReportClosedOnceTheDataStreamIsClosed()
    {
        publication.close();

        assertEquals(PayloadPublication.CLOSED, appender.claim(10_000));
        assertEquals(0, dutyCycles, "a closed stream gets no duty cycle");
    }

    private void publishHeldByA(final long sequence)
    {
        assertTrue(appender.claim(10_000) > 0);
        assertEquals(sequence, appender.publish(sequence, RECEIVER_A));
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
