/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.codecs.SegmentKind;
import io.freight.store.StorePaths;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Corrupt and forged data-stream messages, one kind per test, fed to a receiver attached to a real sender's store
 * (see {@link ForgedStream}): each is dropped and counted under the right counter, nothing is delivered for it, and
 * the next payload of the stream still arrives intact.
 */
class HostileInputTest
{
    private static final int STREAM_ID = 2401;
    private static final int SMALL = 3_000;
    private static final int MEDIUM = 20_000;
    private static final int LARGE = 100_000;
    private static final int OVERSIZE = ForgedStream.RING_LENGTH + 40_000;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
    private final MessageForge forge = new MessageForge();
    private ForgedStream stream;
    private int sessionId;

    @BeforeEach
    void before() throws IOException
    {
        stream = ForgedStream.launch(STREAM_ID, SMALL, MEDIUM, LARGE, OVERSIZE);
        sessionId = stream.publication.sessionId();
        stream.attach(sessionId);
        stream.assertDelivered(stream.stored.get(0), 0, sessionId);
        stream.deliveries.clear();
    }

    @AfterEach
    void after()
    {
        stream.close();
    }

    @Test
    void shouldRejectDescriptorWhoseRegionStartsPastTheSegmentEnd()
    {
        final ForgedStream.Stored medium = stream.stored.get(1);

        assertRejected(forge.descriptor(buffer, 1, 0, ForgedStream.RING_LENGTH, 1, medium.generation, 0, false),
            "{rejectedDescriptors=1}");

        stream.assertDelivered(medium, 2, sessionId);
    }

    @Test
    void shouldRejectDescriptorWhosePayloadRunsOnePastTheSegmentEnd()
    {
        final ForgedStream.Stored large = stream.stored.get(2);
        final long tooLong = ForgedStream.RING_LENGTH - large.regionOffset - 64 + 1;

        assertRejected(forge.descriptor(buffer, 1, 0, large.regionOffset, tooLong, large.generation, 0, false),
            "{rejectedDescriptors=1}");

        stream.assertDelivered(large, 2, sessionId);
    }

    @Test
    void shouldRejectDescriptorWhoseOffsetPlusLengthOverflowsInt64()
    {
        final ForgedStream.Stored medium = stream.stored.get(1);
        final long wrapsToNegative = Long.MAX_VALUE - medium.regionOffset - 64 + 1;
        assertTrue(medium.regionOffset + 64 + wrapsToNegative < 0, "the end of the payload overflows");

        assertRejected(forge.descriptor(buffer, 1, 0, medium.regionOffset, wrapsToNegative, medium.generation, 0, false),
            "{rejectedDescriptors=1}");

        stream.assertDelivered(medium, 2, sessionId);
    }

    @Test
    void shouldRejectDescriptorWithNegativeRegionOffset()
    {
        final ForgedStream.Stored medium = stream.stored.get(1);

        assertRejected(forge.descriptor(buffer, 1, 0, -64, MEDIUM, medium.generation, 0, false),
            "{rejectedDescriptors=1}");

        stream.assertDelivered(medium, 2, sessionId);
    }

    @Test
    void shouldRejectDescriptorWithNegativePayloadLength()
    {
        final ForgedStream.Stored medium = stream.stored.get(1);

        assertRejected(forge.descriptor(buffer, 1, 0, medium.regionOffset, -1, medium.generation, 0, false),
            "{rejectedDescriptors=1}");

        stream.assertDelivered(medium, 2, sessionId);
    }

    @Test
    void shouldRejectDescriptorNamingASegmentNeverAnnounced()
    {
        final ForgedStream.Stored medium = stream.stored.get(1);

        assertRejected(forge.descriptor(buffer, 1, 7, medium.regionOffset, MEDIUM, medium.generation, 0, false),
            "{rejectedDescriptors=1}");

        stream.assertDelivered(medium, 2, sessionId);
    }

    @Test
    void shouldRefuseAStoreAnnounceNamingAnotherStoreAndKeepTheSessionsStore()
    {
        try (PayloadPublication other = stream.freight.addPublication(STREAM_ID + 2))
        {
            final String otherStoreId = other.store().storeId();
            assertNotEquals(stream.publication.store().storeId(), otherStoreId);

            final byte[] storeId = MessageForge.ascii(otherStoreId);
            assertRejected(forge.storeAnnounce(buffer, ProcessHandle.current().pid(), 1, storeId), "{storeErrors=1}");
        }

        stream.assertDelivered(stream.stored.get(1), 1, sessionId);
        final UnsafeBuffer again = new UnsafeBuffer(stream.storeAnnounce);
        assertRejected(again, again.capacity(), "{}");
    }

    @Test
    void shouldRejectReplayedDescriptorOfARecycledRegion()
    {
        final ForgedStream.Stored old = stream.stored.get(0);
        stream.releaseAll();
        ForgedStream.Stored reuse = stream.publish(LARGE);
        for (int i = 0; i < 8 && !(0 == reuse.segmentId && old.regionOffset == reuse.regionOffset); i++)
        {
            stream.releaseAll();
            reuse = stream.publish(LARGE);
        }
        assertEquals(old.regionOffset, reuse.regionOffset, "the sender recycled the old payload's region");
        assertNotEquals(old.generation, reuse.generation);

        final UnsafeBuffer replayed = old.descriptor(1);
        assertRejected(replayed, replayed.capacity(), "{rejectedDescriptors=1}");

        stream.assertDelivered(reuse, 2, sessionId);
    }

    @Test
    void shouldRefuseAndCountAnAttachBeyondTheMaximumOfReceivers()
    {
        final PayloadPublication publication = stream.publication;
        final ControlStreamAdapter adapter = publication.controlStreamAdapter();
        final int controlSessionId = sessionId + 1;
        final long[] forged = new long[PayloadPublication.MAX_RECEIVERS - publication.receiverCount()];
        try
        {
            for (int i = 0; i < forged.length; i++)
            {
                forged[i] = 0x5EED_0000L + i;
                adapter.onMessage(buffer, 0, forge.attach(buffer, forged[i]), controlSessionId);
            }
            assertEquals(PayloadPublication.MAX_RECEIVERS, publication.receiverCount());
            final long invalid = publication.invalidControlMessages();

            adapter.onMessage(buffer, 0, forge.attach(buffer, 0x5EED_FFFFL), controlSessionId);

            assertEquals(invalid + 1, publication.invalidControlMessages(), "the refused attach is counted");
            assertEquals(PayloadPublication.MAX_RECEIVERS, publication.receiverCount());
        }
        finally
        {
            for (final long id : forged)
            {
                adapter.onMessage(buffer, 0, forge.detach(buffer, id), controlSessionId);
            }
        }
        assertEquals(1, publication.receiverCount(), "only the real receiver is left");
    }

    @Test
    void shouldRefuseAndCountAnAttachWithReceiverIdZeroAndServeTheStreamOn()
    {
        final PayloadPublication publication = stream.publication;
        final long invalid = publication.invalidControlMessages();
        final long attached = publication.receiversAttached();

        publication.controlStreamAdapter().onMessage(buffer, 0, forge.attach(buffer, 0), sessionId + 1);

        assertEquals(invalid + 1, publication.invalidControlMessages(), "the attach is counted invalid");
        assertEquals(attached, publication.receiversAttached(), "no phantom receiver 0 was registered");
        assertEquals(1, publication.receiverCount(), "only the real receiver is attached");
        final ForgedStream.Stored next = stream.publish(MEDIUM);
        stream.releaseAll(); // a phantom receiver 0 would never ack: this would wait out its deadline
        assertTrue(publication.isAllAcked());
        stream.assertDelivered(next, 1, sessionId);
    }

    @Test
    void shouldRejectMessageOfAnotherSchemaId()
    {
        final ForgedStream.Stored medium = stream.stored.get(1);
        final UnsafeBuffer foreign = medium.descriptor(1);
        MessageForge.schemaId(foreign, 18003);

        assertRejected(foreign, foreign.capacity(), "{invalidMessages=1}");

        stream.assertDelivered(medium, 1, sessionId);
    }

    @Test
    void shouldAcceptAndDecodeDescriptorOfANewerSchemaVersionWithALongerBlock()
    {
        final ForgedStream.Stored large = stream.stored.get(2);
        final UnsafeBuffer newer = new UnsafeBuffer(new byte[MessageForge.DESCRIPTOR_LENGTH + 8]);
        newer.putBytes(0, large.descriptor(1), 0, MessageForge.DESCRIPTOR_LENGTH);
        final int length = MessageForge.extendBlock(newer, MessageForge.DESCRIPTOR_LENGTH, 1, 8, System.nanoTime());
        final ForgedStream.Counters before = stream.counters();

        stream.feed(newer, length, sessionId);

        assertEquals("{delivered=1}", stream.counters().minus(before).toString());
        assertEquals(1, stream.deliveries.get(0).sequence);
        assertArrayEquals(large.bytes, stream.deliveries.get(0).bytes);
        stream.assertDelivered(stream.stored.get(1), 2, sessionId);
    }

    @Test
    void shouldAcceptAndDecodeInlinePayloadOfANewerSchemaVersionWithMoreAfterIt()
    {
        final byte[] payload = PayloadPattern.bytes(42, 300);
        int length = forge.inline(buffer, 1, payload);
        length = MessageForge.extendBlock(buffer, length, 3, 16, -1L);
        buffer.putLong(length, 0x0123_4567_89AB_CDEFL, ByteOrder.LITTLE_ENDIAN);
        final ForgedStream.Counters before = stream.counters();

        stream.feed(buffer, length + 8, sessionId);

        assertEquals("{delivered=1}", stream.counters().minus(before).toString());
        assertArrayEquals(payload, stream.deliveries.get(0).bytes, "var data found after the longer block");
        stream.assertDelivered(stream.stored.get(1), 2, sessionId);
    }

    @Test
    void shouldRejectMessageOfAnUnknownTemplate()
    {
        final ForgedStream.Stored medium = stream.stored.get(1);
        final UnsafeBuffer unknown = medium.descriptor(1);
        MessageForge.templateId(unknown, 99);

        assertRejected(unknown, unknown.capacity(), "{invalidMessages=1}");

        stream.assertDelivered(medium, 1, sessionId);
    }

    @Test
    void shouldRejectTruncatedDescriptor()
    {
        final ForgedStream.Stored medium = stream.stored.get(1);
        final UnsafeBuffer descriptor = medium.descriptor(1);

        assertRejected(descriptor, MessageForge.DESCRIPTOR_LENGTH - 1, "{invalidMessages=1}");

        stream.assertDelivered(medium, 1, sessionId);
    }

    @Test
    void shouldRejectInlinePayloadWhoseLengthRunsPastTheMessage()
    {
        final int length = forge.inline(buffer, 1, PayloadPattern.bytes(1, 200));

        assertRejected(buffer, length - 1, "{invalidMessages=1}");

        stream.assertDelivered(stream.stored.get(1), 1, sessionId);
    }

    @Test
    void shouldCountAnInlinePayloadLongerThanTheReceiversInlineThresholdAsInvalidAndGoOn()
    {
        final int threshold = stream.freight.context().inlineThreshold();
        final UnsafeBuffer message = new UnsafeBuffer(new byte[threshold + 64]);
        final int length = forge.inline(message, 1, PayloadPattern.bytes(1, threshold + 1));
        final PayloadHandler retaining = (payload) -> payload.retain().release();
        final ForgedStream.Counters before = stream.counters();

        ForgedStream.feed(stream.target, message, 0, length, sessionId, retaining);

        assertEquals("{invalidMessages=1}", stream.counters().minus(before).toString());
        stream.assertDelivered(stream.stored.get(2), 2, sessionId);
    }

    @Test
    void shouldRefuseSegmentAnnounceNamingAFileOutsideTheStoreDirectory() throws IOException
    {
        final ForgedStream.Stored medium = stream.stored.get(1);
        final Path outside = stream.publication.store().directory().resolveSibling("x");
        plantSegment(outside, medium.generation, PayloadPattern.bytes(666, MEDIUM));
        try
        {
            assertRejected(forge.segmentAnnounce(buffer, ForgedStream.RING_LENGTH, 5, SegmentKind.OVERSIZE, "../x"),
                "{storeErrors=1}");
            assertRejected(forge.descriptor(buffer, 1, 5, 0, MEDIUM, medium.generation, 0, false),
                "{rejectedDescriptors=1}");
        }
        finally
        {
            Files.delete(outside);
        }

        stream.assertDelivered(medium, 2, sessionId);
    }

    @Test
    void shouldRefuseSegmentAnnounceNamingAnAbsolutePath() throws IOException
    {
        final ForgedStream.Stored medium = stream.stored.get(1);
        final Path outside = stream.media.storeRoot.path().resolve("segment-5");
        plantSegment(outside, medium.generation, PayloadPattern.bytes(666, MEDIUM));
        try
        {
            assertRejected(forge.segmentAnnounce(
                buffer, ForgedStream.RING_LENGTH, 5, SegmentKind.OVERSIZE, outside.toAbsolutePath().toString()),
                "{storeErrors=1}");
            assertRejected(forge.descriptor(buffer, 1, 5, 0, MEDIUM, medium.generation, 0, false),
                "{rejectedDescriptors=1}");
        }
        finally
        {
            Files.delete(outside);
        }

        stream.assertDelivered(medium, 2, sessionId);
    }

    @Test
    void shouldRefuseToMapASegmentFileReplacedBySymlinkPointingOutOfTheStore() throws IOException
    {
        final ForgedStream.Stored oversize = stream.stored.get(3);
        assertEquals(1, oversize.segmentId);
        final Path segmentFile = stream.publication.store().directory().resolve(StorePaths.segmentFileName(1));
        final Path aside = stream.media.storeRoot.path().resolve("segment-1.aside");
        final Path outside = stream.media.storeRoot.path().resolve("forged-segment");
        final byte[] forged = PayloadPattern.bytes(666, OVERSIZE);
        plantSegment(outside, oversize.generation, forged);
        Files.move(segmentFile, aside);
        Files.createSymbolicLink(segmentFile, outside);
        try
        {
            final UnsafeBuffer announce = new UnsafeBuffer(oversize.segmentAnnounce);
            assertRejected(announce, announce.capacity(), "{storeErrors=1}");
            final UnsafeBuffer descriptor = oversize.descriptor(1);
            assertRejected(descriptor, descriptor.capacity(), "{rejectedDescriptors=1}");
        }
        finally
        {
            Files.delete(segmentFile);
            Files.move(aside, segmentFile);
            Files.delete(outside);
        }

        final ForgedStream.Counters before = stream.counters();
        stream.feed(new UnsafeBuffer(oversize.segmentAnnounce), oversize.segmentAnnounce.length, sessionId);
        assertEquals("{}", stream.counters().minus(before).toString(), "the real file is mapped");
        stream.assertDelivered(oversize, 2, sessionId);
    }

    @Test
    void shouldDropDescriptorWhoseSequenceSkipsAheadWithoutReleasingTheSendersRegions()
    {
        final PayloadPublication publication = stream.publication;
        final PayloadSubscription holder = stream.holder;
        Await.until("holder read payload 0", () -> stream.holderDeliveries() == 1, () -> stream.pollHolder(1));
        Await.until("payload 0 released", () -> 3 == publication.inFlight(), publication::doWork);
        final long gapsBefore = holder.sequenceGaps();
        final long deliveredBefore = holder.payloadsDelivered();

        final UnsafeBuffer skipsAhead = stream.stored.get(2).descriptor(3);
        ForgedStream.feed(holder, skipsAhead, 0, skipsAhead.capacity(), sessionId, (payload) -> stream.deliveries.add(
            new ForgedStream.Delivery(payload.sessionId(), payload.sequence(), payload.toByteArray())));
        // A poll that reads nothing still sends the acks that are due: one for the forged descriptor would go now.
        holder.poll((payload) -> stream.deliveries.add(null), 0);

        assertEquals(gapsBefore + 1, holder.sequenceGaps(), "the descriptor that skips ahead is counted as a gap");
        assertEquals(deliveredBefore, holder.payloadsDelivered(), "and not delivered");
        assertTrue(stream.deliveries.isEmpty());

        // Acks travel in order on the holder's control stream: once the ack for payload 1 is applied, an ack the
        // forged descriptor caused would have been applied too, and released payloads 2 and 3 with it.
        Await.until("holder read payload 1", () -> stream.holderDeliveries() == 2, () -> stream.pollHolder(1));
        Await.until("payload 1 released", () -> publication.inFlight() < 3, publication::doWork);
        assertEquals(2, publication.inFlight());
        assertEquals(2, publication.store().regionsInFlight());

        stream.releaseAll();
    }

    private void assertRejected(final int length, final String moved)
    {
        assertRejected(buffer, length, moved);
    }

    private void assertRejected(final UnsafeBuffer message, final int length, final String moved)
    {
        final ForgedStream.Counters before = stream.counters();
        final int deliveries = stream.deliveries.size();

        stream.feed(message, length, sessionId);

        assertEquals(moved, stream.counters().minus(before).toString());
        assertEquals(deliveries, stream.deliveries.size(), "nothing delivered");
    }

    /**
     * A file laid out as a segment whose region at offset 0 holds {@code payload} under {@code generation}: what a
     * receiver tricked into mapping it would deliver.
     */
    private static void plantSegment(final Path file, final long generation, final byte[] payload) throws IOException
    {
        final int length = (64 + payload.length + 63) & ~63;
        final ByteBuffer bytes = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(0, payload.length).putLong(8, generation).put(64, payload, 0, payload.length);
        try (FileChannel channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))))
        {
            channel.write(bytes);
        }
    }
}
