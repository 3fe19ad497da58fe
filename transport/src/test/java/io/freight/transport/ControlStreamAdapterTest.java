/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.codecs.AckDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sender's control-stream adapter on crafted messages: valid acks, attaches and detaches reach the listener with
 * every field and the session they came from; anything else reaches nobody and is counted.
 */
class ControlStreamAdapterTest
{
    private static final int CONTROL_SESSION = 0x1234;
    private static final int SENDER_SESSION = 0x5678;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
    private final MessageForge forge = new MessageForge();
    private final List<String> calls = new ArrayList<>();
    private boolean isAttachAccepted = true;
    private final ControlStreamAdapter adapter = new ControlStreamAdapter(null, new ControlStreamListener()
    {
        public void onAck(
            final int controlSessionId,
            final long receiverId,
            final int sessionId,
            final long sequence,
            final AckDecoder.ReleasedDecoder released)
        {
            final StringBuilder builder = new StringBuilder()
                .append("ack ").append(controlSessionId).append(' ').append(receiverId).append(' ')
                .append(sessionId).append(' ').append(sequence).append(" [");
            while (released.hasNext())
            {
                builder.append(' ').append(released.next().sequence());
            }
            calls.add(builder.append(" ]").toString());
        }

        public boolean onAttach(final int controlSessionId, final long receiverId)
        {
            calls.add("attach " + controlSessionId + " " + receiverId);
            return isAttachAccepted;
        }

        public void onDetach(final int controlSessionId, final long receiverId)
        {
            calls.add("detach " + controlSessionId + " " + receiverId);
        }
    });

    @Test
    void shouldDispatchAnAckWithItsReleasedGroupAndSession()
    {
        adapter.onMessage(buffer, 0, forge.ack(buffer, 42, 7, SENDER_SESSION, 9, 11), CONTROL_SESSION);

        assertEquals(List.of("ack " + CONTROL_SESSION + " 42 " + SENDER_SESSION + " 7 [ 9 11 ]"), calls);
        assertEquals(0, adapter.invalidMessages());
    }

    @Test
    void shouldDispatchAnAckForAnotherSenderUntouched()
    {
        adapter.onMessage(buffer, 0, forge.ack(buffer, 42, 7, SENDER_SESSION + 1), CONTROL_SESSION + 1);

        assertEquals(List.of("ack " + (CONTROL_SESSION + 1) + " 42 " + (SENDER_SESSION + 1) + " 7 [ ]"), calls,
            "whose ack it is, and whether its session may speak for the receiver, is the listener's call");
        assertEquals(0, adapter.invalidMessages());
    }

    @Test
    void shouldDispatchAttachAndDetach()
    {
        adapter.onMessage(buffer, 0, forge.attach(buffer, 42), CONTROL_SESSION);
        adapter.onMessage(buffer, 0, forge.detach(buffer, 42), CONTROL_SESSION);

        assertEquals(List.of("attach " + CONTROL_SESSION + " 42", "detach " + CONTROL_SESSION + " 42"), calls);
        assertEquals(0, adapter.invalidMessages());
    }

    @Test
    void shouldCountAnAttachTheListenerRefuses()
    {
        isAttachAccepted = false;

        adapter.onMessage(buffer, 0, forge.attach(buffer, 42), CONTROL_SESSION);

        assertEquals(1, calls.size());
        assertEquals(1, adapter.invalidMessages());
    }

    @Test
    void shouldCountAndDropAnAttachWithReceiverIdZero()
    {
        adapter.onMessage(buffer, 0, forge.attach(buffer, 0), CONTROL_SESSION);
        adapter.onMessage(buffer, 0, forge.attach(buffer, 42), CONTROL_SESSION);

        assertEquals(List.of("attach " + CONTROL_SESSION + " 42"), calls, "no receiver has id 0; the next attach is served");
        assertEquals(1, adapter.invalidMessages());
    }

    @Test
    void shouldCountAndDropADataStreamMessage()
    {
        adapter.onMessage(buffer, 0, forge.descriptor(buffer, 0, 0, 0, 3_000, 1, 0, false), CONTROL_SESSION);
        adapter.onMessage(buffer, 0, forge.inline(buffer, 1, new byte[10]), CONTROL_SESSION);

        assertEquals(List.of(), calls);
        assertEquals(2, adapter.invalidMessages());
    }

    @Test
    void shouldCountAndDropAMessageOfAnotherSchema()
    {
        final int length = forge.ack(buffer, 42, 7, SENDER_SESSION);
        MessageForge.schemaId(buffer, 18003);

        adapter.onMessage(buffer, 0, length, CONTROL_SESSION);

        assertEquals(List.of(), calls);
        assertEquals(1, adapter.invalidMessages());
    }

    @Test
    void shouldCountAndDropATruncatedMessage()
    {
        final int length = forge.ack(buffer, 42, 7, SENDER_SESSION, 9, 11);

        adapter.onMessage(buffer, 0, length - 1, CONTROL_SESSION);
        adapter.onMessage(buffer, 0, 3, CONTROL_SESSION);
        adapter.onMessage(buffer, 0, 0, CONTROL_SESSION);

        assertEquals(List.of(), calls);
        assertEquals(3, adapter.invalidMessages());
    }

    @Test
    void shouldCountAndDropBytesThatAreNoMessage()
    {
        for (int i = 0; i < 64; i++)
        {
            buffer.putByte(i, (byte)(0xA5 ^ i));
        }

        adapter.onMessage(buffer, 0, 64, CONTROL_SESSION);

        assertEquals(List.of(), calls);
        assertEquals(1, adapter.invalidMessages());
    }

    @Test
    void shouldReportAFloodOfRejectionsOncePerReasonAndAllocateNothingPerRejection()
    {
        final List<String> reports = new ArrayList<>();
        final ControlStreamAdapter flooded = new ControlStreamAdapter(
            null, new ControlStreamListener()
            {
                public void onAck(
                    final int controlSessionId,
                    final long receiverId,
                    final int sessionId,
                    final long sequence,
                    final AckDecoder.ReleasedDecoder released)
                {
                }

                public boolean onAttach(final int controlSessionId, final long receiverId)
                {
                    return true;
                }

                public void onDetach(final int controlSessionId, final long receiverId)
                {
                }
            },
            (ex) -> reports.add(ex.getMessage()),
            "control stream 1 of sender session 2 (stream 3)");
        final UnsafeBuffer[] messages = new UnsafeBuffer[4];
        final int[] lengths = new int[messages.length];
        for (int i = 0; i < messages.length; i++)
        {
            messages[i] = new UnsafeBuffer(new byte[8 * 1024]);
        }
        messages[0].putLong(0, 0xBAD_BAD_BADL);
        lengths[0] = 8; // a foreign schema id
        lengths[1] = forge.ack(messages[1], 42, 7, SENDER_SESSION, 9, 11) - 1; // bytes short of its group
        lengths[2] = forge.inline(messages[2], 0, new byte[16]); // a data-stream message
        lengths[3] = forge.attach(messages[3], ControlStreamAdapter.NULL_RECEIVER_ID); // no receiver has id 0
        final long[] fed = { 0 };
        final java.util.function.IntConsumer flood = (count) ->
        {
            for (int i = 0; i < count; i++)
            {
                final int m = i & 3;
                flooded.onMessage(messages[m], 0, lengths[m], CONTROL_SESSION);
            }
            fed[0] += count;
        };

        flood.accept(100_000);
        io.freight.store.AllocationMeter.assertNoSteadyStateAllocation(flood, 100_000);

        assertEquals(4, reports.size(), "one report per distinct reason within the interval: " + reports);
        assertEquals(fed[0], flooded.invalidMessages(), "every message fed was invalid and counted");
        assertEquals(true, reports.stream().allMatch((r) -> r.startsWith("control stream 1 of sender session 2")), "" +
            reports);
        assertEquals(true, reports.stream().anyMatch((r) -> r.contains("receiver id 0")), "" + reports);
    }
}
