/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The senders a receiver knows, against a real embedded driver: found from their Aeron images, asked for an attach
 * until attached, found gone when their publication closes (the handler told once), and removed only once nothing is
 * retained from them.
 */
class SenderImagesTest
{
    private static final int STREAM_ID = 2511;
    private static final long IDLE_TIMEOUT_NS = 1_000_000_000L;

    private TestMedia media;
    private Freight freight;
    private Subscription subscription;
    private ExclusivePublication publication;
    private SenderImages senderImages;
    private final List<String> gone = new ArrayList<>();

    @BeforeEach
    void before() throws Exception
    {
        media = new TestMedia();
        freight = Freight.launch(media.context());
        final Aeron aeron = freight.aeron();
        subscription = aeron.addSubscription("aeron:ipc", STREAM_ID);
        publication = aeron.addExclusivePublication("aeron:ipc?term-length=64k", STREAM_ID);
        senderImages = new SenderImages(subscription);
        senderImages.senderGoneHandler((sessionId, isCrash, lastSequence) ->
            gone.add(sessionId + "/" + isCrash + "/" + lastSequence));
        Await.until("image of the publication", () -> 1 == subscription.imageCount(), () -> {});
    }

    @AfterEach
    void after() throws Exception
    {
        try
        {
            senderImages.closeAll();
            CloseHelper.closeAll(publication, subscription, freight);
        }
        finally
        {
            media.close();
        }
    }

    @Test
    void shouldKeepOneImagePerSessionAndFindItAgain()
    {
        final SenderImage first = senderImages.image(11);
        final SenderImage second = senderImages.image(12);

        assertNotSame(first, second);
        assertSame(first, senderImages.image(11));
        assertSame(second, senderImages.image(12));
        assertEquals(2, senderImages.size());
    }

    @Test
    void shouldFindASenderFromItsAeronImageAndAskForAnAttachUntilAttached()
    {
        assertEquals(0, senderImages.size());

        senderImages.scan(System.nanoTime(), IDLE_TIMEOUT_NS);

        assertEquals(1, senderImages.size());
        assertEquals(publication.sessionId(), senderImages.get(0).sessionId);
        assertTrue(senderImages.isAttachDue());
        assertFalse(senderImages.isConnected());

        senderImages.image(publication.sessionId()).isAttached = true;
        senderImages.scan(System.nanoTime(), IDLE_TIMEOUT_NS);

        assertFalse(senderImages.isAttachDue());
        assertTrue(senderImages.isConnected());
    }

    @Test
    void shouldTellTheHandlerOnceWhenAnAttachedSenderClosesAndThenRemoveIt()
    {
        final int sessionId = publication.sessionId();
        final SenderImage image = senderImages.image(sessionId);
        image.isAttached = true;
        image.onDelivered(41);

        publication.close();
        Await.until("sender gone", () -> 1 == senderImages.sendersGone(),
            () -> senderImages.scan(System.nanoTime(), IDLE_TIMEOUT_NS));
        senderImages.scan(System.nanoTime(), IDLE_TIMEOUT_NS);

        assertEquals(List.of(sessionId + "/false/41"), gone);
        assertEquals(0, senderImages.sendersCrashed());
        assertEquals(0, senderImages.size(), "nothing retained: removed");
        assertFalse(senderImages.isConnected());
    }

    @Test
    void shouldNotCountASenderGoneThatThisReceiverNeverAttachedTo()
    {
        senderImages.image(publication.sessionId());

        publication.close();
        Await.until("sender removed", () -> 0 == senderImages.size(),
            () -> senderImages.scan(System.nanoTime(), IDLE_TIMEOUT_NS));

        assertEquals(0, senderImages.sendersGone());
        assertEquals(List.of(), gone);
    }

    @Test
    void shouldKeepAGoneSenderUntilItsLastRetainedPayloadIsReleased()
    {
        final SenderImage image = senderImages.image(publication.sessionId());
        image.isAttached = true;
        image.onDelivered(0);
        final Payload payload = new Payload(null);
        payload.wrapInline(image, 0, new UnsafeBuffer(new byte[8]), 0, 8);
        image.onRetained(payload);

        publication.close();
        Await.until("sender gone", () -> 1 == senderImages.sendersGone(),
            () -> senderImages.scan(System.nanoTime(), IDLE_TIMEOUT_NS));
        senderImages.scan(System.nanoTime(), IDLE_TIMEOUT_NS);
        assertEquals(1, senderImages.size(), "a payload of it is still retained");

        image.onRetainedReleased(payload);
        senderImages.closeIfDone(image);

        assertEquals(0, senderImages.size());
    }
}
