/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.freight.codecs.InlinePayloadDecoder;
import io.freight.codecs.MessageHeaderDecoder;
import io.freight.codecs.PayloadDescriptorDecoder;
import io.freight.codecs.ReceiverAttachDecoder;
import io.freight.codecs.SegmentAnnounceDecoder;
import io.freight.codecs.SegmentKind;
import io.freight.codecs.StoreAnnounceDecoder;
import io.freight.schema.MessageValidator;
import io.freight.store.ProcessIdentity;
import io.freight.store.StoreMetaFile;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sender's data-stream proxy on a real IPC publication: every message it writes is read back by a subscription,
 * passes the validator receivers use, and decodes to what was written.
 */
class DataStreamProxyTest
{
    private static final int STREAM_ID = 2431;
    private static final String CHANNEL = "aeron:ipc?term-length=64k";

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final List<UnsafeBuffer> messages = new ArrayList<>();
    private TestMedia media;
    private Freight freight;
    private ExclusivePublication publication;
    private Subscription subscription;
    private FragmentAssembler assembler;
    private DataStreamProxy proxy;

    @BeforeEach
    void before() throws Exception
    {
        media = new TestMedia();
        freight = Freight.launch(media.context());
        subscription = freight.aeron().addSubscription(CHANNEL, STREAM_ID);
        publication = freight.aeron().addExclusivePublication(CHANNEL, STREAM_ID);
        Await.connectedWithWindow(publication, subscription::isConnected);
        proxy = new DataStreamProxy(publication);
        assembler = new FragmentAssembler((buffer, offset, length, header) ->
        {
            MessageValidator.validate(buffer, offset, length);
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            messages.add(new UnsafeBuffer(copy));
        });
    }

    @AfterEach
    void after() throws Exception
    {
        CloseHelper.closeAll(publication, subscription, freight, media);
    }

    @Test
    void shouldWriteADescriptorWithEveryField()
    {
        assertTrue(proxy.hasWindowForDescriptor());
        assertTrue(proxy.publishDescriptor(7, 3, 4096, 1_000_000, 5, true, 0xCAFE_BABE) > 0);
        assertTrue(proxy.publishDescriptor(8, 0, 64, 10, 6, false, 0) > 0);

        final PayloadDescriptorDecoder first = new PayloadDescriptorDecoder().wrapAndApplyHeader(
            receive(PayloadDescriptorDecoder.TEMPLATE_ID), 0, headerDecoder);
        assertEquals(7, first.sequence());
        assertEquals(3, first.segmentId());
        assertEquals(4096, first.regionOffset());
        assertEquals(1_000_000, first.payloadLength());
        assertEquals(5, first.generation());
        assertEquals(0xCAFE_BABEL, first.checksum());
        assertTrue(first.flags().checksumPresent());

        final PayloadDescriptorDecoder second = new PayloadDescriptorDecoder().wrapAndApplyHeader(
            receive(PayloadDescriptorDecoder.TEMPLATE_ID), 0, headerDecoder);
        assertEquals(8, second.sequence());
        assertFalse(second.flags().checksumPresent());
        assertEquals(0, second.checksum());
    }

    @Test
    void shouldWriteAnInlinePayloadThatFitsOneFrame()
    {
        final byte[] payload = PayloadPattern.bytes(11, 100);
        assertTrue(proxy.offerInline(11, new UnsafeBuffer(payload), 0, payload.length) > 0);

        assertInline(receive(InlinePayloadDecoder.TEMPLATE_ID), 11, payload);
    }

    @Test
    void shouldWriteAnInlinePayloadLongerThanAFrameInFragments()
    {
        final byte[] payload = PayloadPattern.bytes(12, 5_000);
        assertFalse(proxy.canClaimInline(payload.length), "longer than one frame at the IPC MTU");
        final UnsafeBuffer source = new UnsafeBuffer(new byte[payload.length + 10]);
        source.putBytes(10, payload);

        assertTrue(proxy.offerInline(12, source, 10, payload.length) > 0);

        assertInline(receive(InlinePayloadDecoder.TEMPLATE_ID), 12, payload);
    }

    @Test
    void shouldPublishAClaimedInlinePayloadOnCommitAndNothingOnAbort()
    {
        final byte[] payload = PayloadPattern.bytes(13, 200);
        assertTrue(proxy.canClaimInline(payload.length));

        assertTrue(proxy.tryClaimInline(13, 50) > 0);
        proxy.abortInlineClaim();
        assertTrue(proxy.tryClaimInline(14, payload.length) > 0);
        proxy.inlineClaimBuffer().putBytes(proxy.inlineClaimPayloadOffset(), payload);
        proxy.commitInlineClaim();

        assertInline(receive(InlinePayloadDecoder.TEMPLATE_ID), 14, payload);
        poll();
        assertTrue(messages.isEmpty(), "the aborted claim is never delivered");
    }

    @Test
    void shouldWriteStoreAndSegmentAnnouncementsAndTheAttachEcho()
    {
        assertTrue(proxy.publishStoreAnnounce("store-0123"));
        assertTrue(proxy.publishSegmentAnnounce(0, SegmentKind.RING, 8 * 1024 * 1024, "segment-0"));
        assertTrue(proxy.publishSegmentAnnounce(9, SegmentKind.OVERSIZE, 100_000, "segment-9"));
        assertTrue(proxy.publishAttachEcho(0x42L));

        final StoreAnnounceDecoder store = new StoreAnnounceDecoder().wrapAndApplyHeader(
            receive(StoreAnnounceDecoder.TEMPLATE_ID), 0, headerDecoder);
        assertEquals(ProcessIdentity.currentPid(), store.ownerPid());
        assertEquals(StoreMetaFile.LAYOUT_VERSION, store.layoutVersion());
        assertEquals("store-0123", store.storeId());

        final SegmentAnnounceDecoder ring = new SegmentAnnounceDecoder().wrapAndApplyHeader(
            receive(SegmentAnnounceDecoder.TEMPLATE_ID), 0, headerDecoder);
        assertEquals(0, ring.segmentId());
        assertEquals(SegmentKind.RING, ring.kind());
        assertEquals(8 * 1024 * 1024, ring.segmentLength());
        assertEquals("segment-0", ring.fileName());

        final SegmentAnnounceDecoder oversize = new SegmentAnnounceDecoder().wrapAndApplyHeader(
            receive(SegmentAnnounceDecoder.TEMPLATE_ID), 0, headerDecoder);
        assertEquals(9, oversize.segmentId());
        assertEquals(SegmentKind.OVERSIZE, oversize.kind());
        assertEquals(100_000, oversize.segmentLength());
        assertEquals("segment-9", oversize.fileName());

        final ReceiverAttachDecoder echo = new ReceiverAttachDecoder().wrapAndApplyHeader(
            receive(ReceiverAttachDecoder.TEMPLATE_ID), 0, headerDecoder);
        assertEquals(0x42L, echo.receiverId());
    }

    @Test
    void shouldReportClosedOnceThePublicationIsClosed()
    {
        publication.close();

        assertEquals(ExclusivePublication.CLOSED, proxy.publishDescriptor(1, 0, 0, 1, 1, false, 0));
        assertEquals(ExclusivePublication.CLOSED, proxy.offerInline(1, new UnsafeBuffer(new byte[8]), 0, 8));
        assertFalse(proxy.publishStoreAnnounce("store-0123"));
        assertFalse(proxy.publishSegmentAnnounce(0, SegmentKind.RING, 1024, "segment-0"));
        assertFalse(proxy.publishAttachEcho(1));
    }

    private void assertInline(final UnsafeBuffer message, final long sequence, final byte[] payload)
    {
        final InlinePayloadDecoder decoder = new InlinePayloadDecoder().wrapAndApplyHeader(message, 0, headerDecoder);
        assertEquals(sequence, decoder.sequence());
        assertEquals(payload.length, decoder.payloadLength());
        final UnsafeBuffer bytes = new UnsafeBuffer(new byte[payload.length]);
        decoder.getPayload(bytes, 0, payload.length);
        assertArrayEquals(payload, bytes.byteArray());
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
