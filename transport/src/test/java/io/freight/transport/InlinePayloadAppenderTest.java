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
import io.freight.codecs.InlinePayloadDecoder;
import io.freight.codecs.MessageHeaderDecoder;
import io.freight.schema.MessageValidator;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sender's inline-payload appender on a real IPC publication: a payload from a buffer, from vectors, from a
 * channel or written in place through a claim is one {@code InlinePayload} message with its sequence; one that cannot
 * be published or read whole is nothing on the stream.
 */
class InlinePayloadAppenderTest
{
    private static final int STREAM_ID = 2445;
    private static final String CHANNEL = "aeron:ipc?term-length=64k";
    private static final int INLINE_THRESHOLD = 8 * 1024;

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final List<UnsafeBuffer> messages = new ArrayList<>();
    private TestMedia media;
    private Freight freight;
    private ExclusivePublication publication;
    private Subscription subscription;
    private FragmentAssembler assembler;
    private InlinePayloadAppender appender;

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
        appender = new InlinePayloadAppender(new DataStreamProxy(publication), INLINE_THRESHOLD);
    }

    @AfterEach
    void after() throws Exception
    {
        CloseHelper.closeAll(publication, subscription, freight, media);
    }

    @Test
    void shouldSendUpToTheThresholdInlineAndClaimOnlyWhatFitsOneFrame()
    {
        assertTrue(appender.isInline(INLINE_THRESHOLD));
        assertFalse(appender.isInline(INLINE_THRESHOLD + 1));
        assertTrue(appender.canClaim(200));
        assertFalse(appender.canClaim(INLINE_THRESHOLD), "longer than one frame at the IPC MTU");
    }

    @Test
    void shouldOfferAPayloadFromABufferWithItsSequence()
    {
        final byte[] payload = PayloadPattern.bytes(1, 300);
        final UnsafeBuffer source = new UnsafeBuffer(new byte[payload.length + 10]);
        source.putBytes(10, payload);

        assertEquals(3, appender.offer(3, source, 10, payload.length));

        assertInline(receive(), 3, payload);
    }

    @Test
    void shouldGatherVectorsInOrderIntoOnePayload()
    {
        final byte[] payload = PayloadPattern.bytes(2, 5_000);
        final UnsafeBuffer source = new UnsafeBuffer(payload);

        assertEquals(4, appender.offer(4, new DirectBufferVector[] {
            new DirectBufferVector(source, 0, 1_000), new DirectBufferVector(source, 1_000, 4_000) }, payload.length));

        assertInline(receive(), 4, payload);
    }

    @Test
    void shouldReadExactlyTheLengthFromAChannel() throws IOException
    {
        final byte[] payload = PayloadPattern.bytes(3, 2_000);
        final byte[] longer = new byte[payload.length + 100];
        System.arraycopy(payload, 0, longer, 0, payload.length);

        assertEquals(5, appender.offer(5, Channels.newChannel(new ByteArrayInputStream(longer)), payload.length));

        assertInline(receive(), 5, payload);
    }

    @Test
    void shouldPublishNothingWhenTheChannelEndsEarly()
    {
        final IOException ex = assertThrows(IOException.class,
            () -> appender.offer(6, Channels.newChannel(new ByteArrayInputStream(new byte[400])), 1_000));

        assertTrue(ex.getMessage().contains("400 of 1000"), ex.getMessage());
        assertNothingPublished();
    }

    @Test
    void shouldPublishAClaimWrittenInPlaceOnCommitAndNothingOnAbort()
    {
        final byte[] payload = PayloadPattern.bytes(4, 200);

        assertEquals(7, appender.claim(7, payload.length));
        appender.abort();
        assertEquals(8, appender.claim(8, payload.length));
        appender.claimBuffer().putBytes(appender.claimPayloadOffset(), payload);
        appender.commit();

        assertInline(receive(), 8, payload);
        assertNothingPublished();
    }

    @Test
    void shouldReportClosedOnceTheDataStreamIsClosed()
    {
        publication.close();

        assertEquals(PayloadPublication.CLOSED, appender.offer(9, new UnsafeBuffer(new byte[10]), 0, 10));
        assertEquals(PayloadPublication.CLOSED, appender.claim(9, 10));
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

    private void assertNothingPublished()
    {
        poll();
        assertTrue(messages.isEmpty(), "nothing is published for it");
    }

    private UnsafeBuffer receive()
    {
        Await.until("a message on the data stream", () -> !messages.isEmpty(), this::poll);
        final UnsafeBuffer message = messages.remove(0);
        assertEquals(InlinePayloadDecoder.TEMPLATE_ID, headerDecoder.wrap(message, 0).templateId());
        return message;
    }

    private void poll()
    {
        subscription.poll(assembler, 10);
    }

    @Test
    void shouldReadNothingFromAChannelWhileTheStreamIsBackPressured() throws IOException
    {
        final int length = 4 * 1024; // the term's largest message is 8 KiB
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[length]);
        long sequence = 0;
        while (appender.offer(sequence, payload, 0, length) >= 0)
        {
            sequence++; // nobody polls: the window fills
        }

        final ByteArrayInputStream source = new ByteArrayInputStream(new byte[length]);
        final long result = appender.offer(sequence, Channels.newChannel(source), length);

        assertEquals(ExclusivePublication.BACK_PRESSURED, result);
        assertEquals(length, source.available(), "not a byte read: the caller can offer the channel again");
        while (messages.size() < sequence)
        {
            subscription.poll(assembler, 10);
        }
        // The driver's conductor moves the publication's limit after the subscriber's position, in its own time.
        Await.until("window moved", () -> publication.availableWindow() >= 2 * length, Thread::yield);
        assertEquals(sequence, appender.offer(sequence, Channels.newChannel(source), length),
            "accepted once the window moved");
        assertEquals(0, source.available());
    }
}
