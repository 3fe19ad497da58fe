/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.codecs.SegmentKind;
import io.freight.store.AllocationMeter;
import io.freight.store.StoreMetaFile;
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
 * The data stream's decode, validate and dispatch, fed crafted messages without Aeron: each message moves exactly the
 * counter of what it is, payloads reach the handler only once attached and in sequence, and a rejected descriptor is
 * released for the ack. What a real store's descriptors do is {@link HostileInputTest}'s and
 * {@link DataStreamFuzzTest}'s.
 */
class DataStreamAdapterTest
{
    private static final long RECEIVER_ID = 0x0DA7_A000_0001L;
    private static final int SESSION_ID = 31;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
    private final MessageForge forge = new MessageForge();
    private final List<byte[]> delivered = new ArrayList<>();
    private final PayloadHandler handler = (payload) -> delivered.add(payload.toByteArray());
    private final SenderImages senderImages = new SenderImages(null);
    private TestMedia media;
    private DataStreamAdapter adapter;

    @BeforeEach
    void before() throws Exception
    {
        media = new TestMedia();
        adapter = new DataStreamAdapter(media.context(), null, RECEIVER_ID, senderImages, new Payload(null));
    }

    @AfterEach
    void after() throws Exception
    {
        senderImages.closeAll();
        media.close();
    }

    @Test
    void shouldCountAMessageThatFailsValidationAndGoOn()
    {
        buffer.putLong(0, 0xBAD_BAD_BADL);

        assertEquals("{invalidMessages=1}", moved(8));
        attach();
        assertEquals("{delivered=1}", moved(forge.inline(buffer, 0, new byte[]{ 1 })));
    }

    @Test
    void shouldCountAControlStreamMessageOnTheDataStreamAsInvalid()
    {
        assertEquals("{invalidMessages=1}", moved(forge.ack(buffer, RECEIVER_ID, 5, SESSION_ID)));
        assertEquals("{invalidMessages=1}", moved(forge.detach(buffer, RECEIVER_ID)));
    }

    @Test
    void shouldSkipPayloadsOfASenderThatHasNotEchoedThisReceiversAttach()
    {
        assertEquals("{}", moved(forge.attach(buffer, RECEIVER_ID + 1)), "another receiver's echo");
        assertEquals("{skippedBeforeAttach=1}", moved(forge.inline(buffer, 0, new byte[]{ 1 })));
        assertEquals("{skippedBeforeAttach=1}", moved(forge.descriptor(buffer, 1, 0, 0, 8, 1, 0, false)));
        assertFalse(senderImages.image(SESSION_ID).isAttached);
        assertEquals(0, delivered.size());
    }

    @Test
    void shouldDeliverInlinePayloadsInSequenceAndCountAGap()
    {
        attach();

        assertEquals("{delivered=1}", moved(forge.inline(buffer, 7, new byte[]{ 1, 2, 3 })));
        assertEquals("{sequenceGaps=1}", moved(forge.inline(buffer, 9, new byte[]{ 9 })));
        assertEquals("{delivered=1}", moved(forge.inline(buffer, 8, new byte[]{ 4 })));

        assertEquals(2, delivered.size());
        assertArrayEquals(new byte[]{ 1, 2, 3 }, delivered.get(0));
        assertArrayEquals(new byte[]{ 4 }, delivered.get(1));
        assertEquals(8, senderImages.image(SESSION_ID).cumulative());
    }

    @Test
    void shouldRejectADescriptorOfASenderWithNoStoreAndReleaseItForTheAck()
    {
        attach();

        assertEquals("{rejectedDescriptors=1}", moved(forge.descriptor(buffer, 0, 0, 0, 100, 1, 0, false)));

        final SenderImage image = senderImages.image(SESSION_ID);
        assertEquals(0, image.cumulative());
        assertTrue(image.isAckDue(false, false, 0), "released: acked at once");
        assertEquals(0, delivered.size());
    }

    @Test
    void shouldCountAStoreAnnounceOfAnotherLayoutOrOfAStoreThatIsNotThere()
    {
        assertEquals("{storeErrors=1}", moved(forge.storeAnnounce(
            buffer, ProcessHandle.current().pid(), StoreMetaFile.LAYOUT_VERSION + 1, MessageForge.ascii("s1"))));
        assertEquals("{storeErrors=1}", moved(forge.storeAnnounce(
            buffer, ProcessHandle.current().pid(), StoreMetaFile.LAYOUT_VERSION, MessageForge.ascii("no-such-store"))));
        assertEquals("{storeErrors=1}", moved(forge.storeAnnounce(
            buffer, ProcessHandle.current().pid(), StoreMetaFile.LAYOUT_VERSION, MessageForge.ascii("../x"))));
    }

    @Test
    void shouldIgnoreASegmentAnnounceOfASenderWithNoStore()
    {
        assertEquals("{}", moved(forge.segmentAnnounce(buffer, 1 << 20, 0, SegmentKind.RING, "segment-0")));
        assertEquals("{}", moved(forge.segmentAnnounce(buffer, 1 << 20, 1, SegmentKind.OVERSIZE, "../segment-1")));
    }

    @Test
    void shouldKeepSendersApartBySession()
    {
        attach();

        adapter.onMessage(buffer, 0, forge.inline(buffer, 0, new byte[]{ 5 }), SESSION_ID + 1, handler);

        assertEquals(1, adapter.skippedBeforeAttach(), "the other session was never attached");
        assertEquals(2, senderImages.size());
    }

    @Test
    void shouldReportAFloodOfRejectionsOncePerReasonAndAllocateNothingPerRejection()
    {
        final long[] errors = { 0 };
        final DataStreamAdapter flooded = new DataStreamAdapter(
            media.context().errorHandler((ex) -> errors[0]++), null, RECEIVER_ID, senderImages, new Payload(null));
        final UnsafeBuffer[] messages = new UnsafeBuffer[4];
        final int[] lengths = new int[messages.length];
        for (int i = 0; i < messages.length; i++)
        {
            messages[i] = new UnsafeBuffer(new byte[8 * 1024]);
        }
        messages[0].putLong(0, 0xBAD_BAD_BADL);
        lengths[0] = 8; // a foreign schema id
        lengths[1] = forge.ack(messages[1], RECEIVER_ID, 5, SESSION_ID) - 1; // bytes short of its group
        lengths[2] = forge.detach(messages[2], RECEIVER_ID); // not a data-stream message
        lengths[3] = forge.inline(messages[3], 0, new byte[media.context().inlineThreshold() + 1]); // too long
        flooded.onMessage(buffer, 0, forge.attach(buffer, RECEIVER_ID), SESSION_ID, handler);
        final long[] fed = { 0 };
        final java.util.function.IntConsumer flood = (count) ->
        {
            for (int i = 0; i < count; i++)
            {
                final int m = i & 3;
                flooded.onMessage(messages[m], 0, lengths[m], SESSION_ID, handler);
            }
            fed[0] += count;
        };

        flood.accept(100_000);
        AllocationMeter.assertNoSteadyStateAllocation(flood, 100_000);

        // Five reasons: the inline payload is too long the first time, and a sequence gap every later time.
        assertEquals(5, errors[0], "one report per distinct reason, the clock never having moved");
        // The meter runs as many windows as it takes to see one free of allocation: count what was fed.
        assertEquals(3 * fed[0] / 4 + 1, flooded.invalidMessages(), "three of four invalid, and the first inline payload");
        assertEquals(fed[0] / 4 - 1, flooded.sequenceGaps(), "each later inline payload repeats sequence 0");
        assertEquals(0, delivered.size());
    }

    private void attach()
    {
        assertEquals("{}", moved(forge.attach(buffer, RECEIVER_ID)));
        assertTrue(senderImages.image(SESSION_ID).isAttached);
    }

    /**
     * Feed the message at the start of the buffer and say which counters moved, e.g. {@code {sequenceGaps=1}}.
     */
    private String moved(final int length)
    {
        final long[] before = counters();
        adapter.onMessage(buffer, 0, length, SESSION_ID, handler);
        final long[] after = counters();

        final String[] names = {
            "delivered", "invalidMessages", "rejectedDescriptors", "storeErrors", "skippedBeforeAttach", "sequenceGaps",
            "checksumFailures" };
        final StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < names.length; i++)
        {
            if (after[i] != before[i])
            {
                text.append(text.length() > 1 ? ", " : "").append(names[i]).append('=').append(after[i] - before[i]);
            }
        }

        return text.append('}').toString();
    }

    private long[] counters()
    {
        return new long[]{
            adapter.payloadsDelivered(),
            adapter.invalidMessages(),
            adapter.rejectedDescriptors(),
            adapter.storeErrors(),
            adapter.skippedBeforeAttach(),
            adapter.sequenceGaps(),
            adapter.checksumFailures() };
    }
}
