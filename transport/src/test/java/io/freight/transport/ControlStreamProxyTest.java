/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.freight.codecs.AckDecoder;
import io.freight.codecs.MessageHeaderDecoder;
import io.freight.codecs.ReceiverAttachDecoder;
import io.freight.codecs.ReceiverDetachDecoder;
import io.freight.schema.MessageValidator;
import org.agrona.CloseHelper;
import org.agrona.collections.LongArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a receiver writes on its control stream, read back from a real embedded driver's term and decoded as a sender
 * decodes it: one valid message per call, carrying this receiver's id.
 */
class ControlStreamProxyTest
{
    private static final int STREAM_ID = 2611;
    private static final long RECEIVER_ID = 0x5EED_0000_0001L;

    private TestMedia media;
    private Freight freight;
    private Aeron aeron;
    private Subscription subscription;
    private ExclusivePublication publication;
    private ControlStreamProxy proxy;
    private final List<String> received = new ArrayList<>();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final AckDecoder ackDecoder = new AckDecoder();
    private final ReceiverAttachDecoder attachDecoder = new ReceiverAttachDecoder();
    private final ReceiverDetachDecoder detachDecoder = new ReceiverDetachDecoder();

    @BeforeEach
    void before() throws Exception
    {
        media = new TestMedia();
        freight = Freight.launch(media.context());
        aeron = freight.aeron();
        publication = aeron.addExclusivePublication("aeron:ipc?term-length=64k", STREAM_ID);
        proxy = new ControlStreamProxy(publication, RECEIVER_ID);
    }

    @AfterEach
    void after() throws Exception
    {
        try
        {
            CloseHelper.closeAll(publication, subscription, freight);
        }
        finally
        {
            media.close();
        }
    }

    @Test
    void shouldNotPublishWithoutASenderToReadIt()
    {
        assertFalse(proxy.attach());
        assertFalse(proxy.detach());
        assertFalse(proxy.ack(1, 0, new LongArrayList(), 0));
    }

    @Test
    void shouldWriteAttachAndDetachWithTheReceiverId()
    {
        connect();

        assertTrue(proxy.attach());
        assertTrue(proxy.detach());

        awaitReceived(2);
        assertEquals(List.of("attach " + RECEIVER_ID, "detach " + RECEIVER_ID), received);
    }

    @Test
    void shouldWriteAnAckListingOnlyTheCountedOutOfOrderReleases()
    {
        connect();
        final LongArrayList released = new LongArrayList();
        released.addLong(12);
        released.addLong(15);
        released.addLong(19);

        assertTrue(proxy.ack(77, 10, released, 2));
        assertTrue(proxy.ack(78, 3, released, 0));

        awaitReceived(2);
        assertEquals(List.of("ack " + RECEIVER_ID + " session=77 sequence=10 released=[12, 15]",
            "ack " + RECEIVER_ID + " session=78 sequence=3 released=[]"), received);
        assertEquals(3, released.size(), "the proxy only reads the list");
    }

    @Test
    void shouldWriteAnAckOfTheMostReleasesOneAckCarries()
    {
        connect();
        final LongArrayList released = new LongArrayList();
        for (int i = 0; i < ControlStreamProxy.MAX_RELEASED_PER_ACK; i++)
        {
            released.addLong(100 + 2L * i);
        }

        assertTrue(proxy.ack(5, 99, released, released.size()));

        awaitReceived(1);
        assertTrue(received.get(0).endsWith(", " + (100 + 2L * (ControlStreamProxy.MAX_RELEASED_PER_ACK - 1)) + "]"),
            received.get(0));
    }

    private void connect()
    {
        subscription = aeron.addSubscription("aeron:ipc", STREAM_ID);
        Await.connectedWithWindow(publication, publication::isConnected);
    }

    private void awaitReceived(final int count)
    {
        Await.until(count + " messages", () -> received.size() >= count,
            () -> subscription.poll((buffer, offset, length, header) ->
            {
                final int templateId = MessageValidator.validate(buffer, offset, length);
                switch (templateId)
                {
                    case AckDecoder.TEMPLATE_ID:
                    {
                        ackDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                        final StringBuilder text = new StringBuilder("ack ").append(ackDecoder.receiverId())
                            .append(" session=").append(ackDecoder.sessionId())
                            .append(" sequence=").append(ackDecoder.sequence()).append(" released=[");
                        String separator = "";
                        for (final AckDecoder.ReleasedDecoder released : ackDecoder.released())
                        {
                            text.append(separator).append(released.sequence());
                            separator = ", ";
                        }
                        received.add(text.append(']').toString());
                        break;
                    }

                    case ReceiverAttachDecoder.TEMPLATE_ID:
                        received.add("attach " + attachDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder)
                            .receiverId());
                        break;

                    case ReceiverDetachDecoder.TEMPLATE_ID:
                        received.add("detach " + detachDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder)
                            .receiverId());
                        break;

                    default:
                        received.add("template " + templateId);
                }
            }, 10));
    }
}
