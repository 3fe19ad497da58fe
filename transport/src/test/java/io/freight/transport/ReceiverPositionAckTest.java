/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.PayloadStore;
import io.freight.store.ReceiverPosition;
import io.freight.store.StoreReader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acks on one host through the receiver's shared-memory position ({@link ReceiverPosition}): the sender makes the
 * file before it confirms the attach, the receiver stores its cumulative release there, the sender recycles regions
 * from it, and the file goes when the receiver does. Messages still carry what a position cannot (out-of-order
 * releases) and what an older sender needs (every ack, when it made no file).
 */
class ReceiverPositionAckTest
{
    private static final int STREAM_ID = 2301;
    private static final int RING_LENGTH = 4 * 1024 * 1024;
    private static final int LENGTH = 256 * 1024;

    private TestMedia media;
    private Freight freight;
    private long received;
    private long corrupt;
    private final PayloadHandler check = (payload) ->
    {
        final long length = payload.length();
        final long stamp = payload.buffer().getLong(0);
        if (LENGTH != length || stamp != received || payload.buffer().getLong((int)length - Long.BYTES) != received)
        {
            corrupt++;
        }
        received++;
    };

    @BeforeEach
    void before() throws Exception
    {
        media = new TestMedia();
        freight = Freight.launch(media.context().ringLength(RING_LENGTH));
    }

    @AfterEach
    void after() throws Exception
    {
        freight.close();
        media.close();
    }

    @Test
    void shouldRecycleTheRingFromTheReceiversPosition() throws Exception
    {
        final PayloadPublication publication = freight.addPublication(STREAM_ID);
        final PayloadSubscription subscription = freight.addSubscription(STREAM_ID);
        Await.until("receiver attached", () -> publication.isConnected() && subscription.isConnected(),
            () -> work(publication, subscription));

        final Path file = ReceiverPosition.file(publication.storeDirectory(), subscription.receiverId());
        assertTrue(Files.exists(file), "made before the attach was confirmed");

        // 20 rings' worth: every region is reused many times, so every release must have reached the sender.
        final int count = 20 * RING_LENGTH / LENGTH;
        final PayloadClaim claim = new PayloadClaim();
        for (long i = 0; i < count; i++)
        {
            final long sequence = i;
            Await.until("a region", () -> publication.tryClaim(LENGTH, claim) >= 0, () -> work(publication, subscription));
            claim.buffer().putLong(0, sequence);
            claim.buffer().putLong(LENGTH - Long.BYTES, sequence);
            assertEquals(sequence, claim.commit());
        }
        Await.until("all received", () -> received == count, () -> work(publication, subscription));
        Await.until("all released", () -> 0 == publication.inFlight(), () -> work(publication, subscription));

        assertEquals(0, corrupt);
        try (ReceiverPosition position = ReceiverPosition.open(publication.storeDirectory(), subscription.receiverId()))
        {
            assertEquals(count - 1, position.position(), "the receiver's cumulative release");
        }
        final ReceiverTable receivers = publication.receivers();
        assertTrue(receivers.positionAcks() > 0, "the position moved the sender on");
        assertTrue(receivers.hasPosition(Long.numberOfTrailingZeros(receivers.attachedMask())));
    }

    @Test
    void shouldDeleteTheFileWhenTheReceiverLeaves()
    {
        final PayloadPublication publication = freight.addPublication(STREAM_ID);
        final PayloadSubscription subscription = freight.addSubscription(STREAM_ID);
        Await.until("receiver attached", () -> publication.isConnected() && subscription.isConnected(),
            () -> work(publication, subscription));
        final Path file = ReceiverPosition.file(publication.storeDirectory(), subscription.receiverId());
        assertTrue(Files.exists(file));

        subscription.close();
        Await.until("receiver detached", () -> 0 == publication.receiverCount(), publication::doWork);

        assertFalse(Files.exists(file), "let go of: its position file is gone");
    }

    @Test
    void shouldCarryInOrderProgressByThePositionAloneAfterTheFirstAck() throws Exception
    {
        final Path directory = media.context().storeRoot().resolve("positions");
        Files.createDirectories(directory);
        final ReceiverPosition sender = ReceiverPosition.create(directory, 43);
        final SenderImage image = new SenderImage(8, null, 0);
        try
        {
            image.isAttached = true;
            image.position = ReceiverPosition.open(directory, 43);
            assertTrue(image.onDelivered(0));
            image.onReleasedInOrder(0, false);
            assertTrue(image.isAckDue(false, true, 0), "the first ack goes by message");
            image.onAckSent(0, 0, 0);

            // A batch and more of inline payloads, caught up long after: what went by message without a position.
            for (long sequence = 1; sequence <= 2 * SenderImage.INLINE_ACK_BATCH; sequence++)
            {
                assertTrue(image.onDelivered(sequence));
                image.onReleasedInOrder(sequence, false);
            }
            image.writePosition();
            assertEquals(2 * SenderImage.INLINE_ACK_BATCH, sender.position(), "the position has it all");
            assertFalse(image.isAckDue(true, true, 100 * SenderImage.INLINE_ACK_DELAY_NS), "and no message is owed");
        }
        finally
        {
            image.close();
            sender.closeAndDelete();
            Files.delete(directory);
        }
    }

    @Test
    void shouldAckStoredReleasesByMessageOnlyWithoutAPosition() throws Exception
    {
        // What a receiver of an older sender (no position file) does: every stored release goes as a message.
        final SenderImage image = new SenderImage(7, null, 0);
        image.isAttached = true;
        assertTrue(image.onDelivered(0));
        image.onReleasedInOrder(0, true);
        image.onAckSent(0, 0, 0);
        assertTrue(image.onDelivered(1));
        image.onReleasedInOrder(1, true);
        assertTrue(image.isAckDue(false, false, 0), "no position: the stored release is acked by message at once");

        // With a position the same release goes through the position alone, however long after the last ack.
        final Path directory = media.context().storeRoot().resolve("positions");
        Files.createDirectories(directory);
        final ReceiverPosition sender = ReceiverPosition.create(directory, 42);
        try
        {
            image.position = ReceiverPosition.open(directory, 42);
            assertFalse(image.isAckDue(false, false, 0), "a position: no message for a release in order");
            assertFalse(image.isAckDue(true, false, 0), "nor for an eager poll: the position carries it");
            image.writePosition();
            assertEquals(1, sender.position());
            assertFalse(image.isAckDue(false, true, SenderImage.INLINE_ACK_DELAY_NS), "nor caught up, after the delay");

            image.onAckSent(1, 0, SenderImage.INLINE_ACK_DELAY_NS);
            image.onRetained(retainedPayload(image, 2));
            assertTrue(image.onDelivered(3));
            image.onReleasedInOrder(3, true); // released while 2 is retained: only a message can say so
            image.writePosition();
            assertEquals(1, sender.position(), "the position stops below the retained payload");
            assertTrue(image.isAckDue(false, false, 0), "an out-of-order release goes by message");
        }
        finally
        {
            image.close();
            sender.closeAndDelete();
            Files.delete(directory);
        }
    }

    @Test
    void shouldWriteTheNewFileAfterEveryAttachEcho() throws Exception
    {
        // A live receiver let go of and registered again (PROTOCOL.md 3.6): the sender deletes its position file and
        // makes a new one before it echoes the attach again. The receiver must write the new file: the old one,
        // unlinked but still mapped, is read by nobody, and in-order progress goes by the position alone.
        final long receiverId = 44;
        final PayloadStore store = PayloadStore.create(new PayloadStore.Context().root(media.storeRoot.path())
            .ringLength(RING_LENGTH).maxStoreLength(4L * RING_LENGTH).preTouch(false));
        final SenderImage image = new SenderImage(9, null, 0);
        ReceiverPosition sender = null;
        try
        {
            image.reader = StoreReader.open(media.storeRoot.path(), store.storeId());
            sender = ReceiverPosition.create(store.directory(), receiverId);
            image.onAttachConfirmed(receiverId);
            for (long sequence = 0; sequence <= 5; sequence++)
            {
                assertTrue(image.onDelivered(sequence));
                image.onReleasedInOrder(sequence, true);
            }
            image.writePosition();
            assertEquals(5, sender.position(), "the first registration's file");
            assertTrue(image.isAckDue(false, false, 0), "the first ack goes by message");
            image.onAckSent(5, 0, 0);

            sender.closeAndDelete();
            sender = ReceiverPosition.create(store.directory(), receiverId);
            image.onAttachConfirmed(receiverId);
            image.writePosition();
            assertEquals(5, sender.position(), "the new file has the release so far at once");

            assertTrue(image.onDelivered(6));
            image.onReleasedInOrder(6, true);
            image.writePosition();
            assertEquals(6, sender.position(), "and what follows");
            assertFalse(image.isAckDue(false, false, 0), "which goes by the position alone");
        }
        finally
        {
            image.close();
            if (null != sender)
            {
                sender.closeAndDelete();
            }
            store.close();
        }
    }

    private static Payload retainedPayload(final SenderImage image, final long sequence)
    {
        assertTrue(image.onDelivered(sequence));
        final Payload payload = new Payload(null);
        payload.wrapInline(image, sequence, new UnsafeBuffer(new byte[1]), 0, 1);
        return payload;
    }

    private void work(final PayloadPublication publication, final PayloadSubscription subscription)
    {
        publication.doWork();
        subscription.poll(check, 16);
    }
}
