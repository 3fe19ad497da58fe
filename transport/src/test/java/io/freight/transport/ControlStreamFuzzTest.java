/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.freight.codecs.AckDecoder;
import io.freight.codecs.MessageHeaderDecoder;
import io.freight.codecs.ReceiverAttachDecoder;
import io.freight.codecs.ReceiverDetachDecoder;
import io.freight.schema.MessageValidator;
import io.freight.schema.ProtocolException;
import org.agrona.CloseHelper;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever bytes arrive on the control stream, a sender never throws, never releases a region twice nor counts one
 * back that it did not hold, counts what it cannot read, and its real receiver's acks still release what it publishes
 * next.
 * <p>
 * Each fuzz input starts with four payloads in flight (three in the ring, one oversize) held by a real receiver
 * attached over Aeron, then feeds the sender's own {@link ControlStreamAdapter} a sequence of acks (the receiver's id or
 * others, this sender's session or others, cumulative sequences and released groups around and far from what is in
 * flight), attaches and detaches of the receiver and of receivers that do not exist, data-stream messages and raw
 * bytes, each maybe damaged by {@link MessageMutator}, each from the receiver's own control session or another.
 * After every message the sender's in-flight count and its store's never grew, never went negative, and the store
 * holds at least what the sender thinks it holds; an ack, attach or detach naming an attached receiver from a session
 * other than the one that attached it changed nothing and was counted foreign. At the end the forged receivers are
 * detached from their own sessions (and the real one re-attached if the input detached it, as it would itself), one
 * more payload is published, and the real receiver reads everything: what no forged ack let go of byte-identical,
 * and the new payload too, after which every region is back in the store.
 */
class ControlStreamFuzzTest
{
    private static final int STREAM_ID = 2421;
    private static final int MAX_MESSAGES = 96;
    private static final int CAPACITY = 1024;
    private static final int RING_LENGTH = 256 * 1024;
    private static final int[] LENGTHS = { 3_000, 20_000, 60_000, RING_LENGTH + 10_000 };

    private static TestMedia media;
    private static Freight freight;
    private static PayloadPublication publication;
    private static ControlStreamAdapter adapter;
    private static PayloadSubscription receiver;
    private static int receiverControlSessionId;

    @BeforeAll
    static void launch() throws Exception
    {
        media = new TestMedia();
        try
        {
            final Freight.Context ctx = media.context().ringLength(RING_LENGTH);
            freight = Freight.launch(ctx);
            publication = freight.addPublication(STREAM_ID);
            adapter = publication.controlStreamAdapter();
            try (StreamTap tap = new StreamTap(freight.aeron(), ctx.channel(), ctx.controlStreamId(STREAM_ID)))
            {
                receiver = freight.addSubscription(STREAM_ID);
                Await.until("receiver attached", () -> publication.isConnected() && receiver.isConnected(), () ->
                {
                    publication.doWork();
                    receiver.poll((payload) -> { }, 10);
                    tap.poll();
                });
                receiverControlSessionId = tap.messages(ReceiverAttachDecoder.TEMPLATE_ID).get(0).sessionId;
            }
        }
        catch (final Exception | Error ex)
        {
            CloseHelper.quietCloseAll(freight, media);
            throw ex;
        }
    }

    @AfterAll
    static void close()
    {
        CloseHelper.closeAll(freight, media);
    }

    @FuzzTest(maxDuration = "35s")
    void shouldNeverThrowNorReleaseTwiceAndKeepAcksWorking(final FuzzedDataProvider data)
    {
        new Input(data).run();
    }

    /**
     * One fuzz input: payloads in flight, the forged control messages, then the real receiver reads on.
     */
    private static final class Input
    {
        private final FuzzedDataProvider data;
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CAPACITY]);
        private final MessageForge forge = new MessageForge();
        private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
        private final Long2ObjectHashMap<byte[]> unread = new Long2ObjectHashMap<>();
        private final Long2LongHashMap forgedReceivers = new Long2LongHashMap(Long.MIN_VALUE);
        private long firstSequence;
        private long lastSequence;
        private boolean isReceiverReleasedByForgery;
        private boolean isReceiverReattachNeeded;
        private boolean isReceiverAttached = true;
        private int receiverBoundSessionId = receiverControlSessionId;
        private long lastRead = -1;

        Input(final FuzzedDataProvider data)
        {
            this.data = data;
        }

        void run()
        {
            assertEquals(1, publication.receiverCount());
            assertEquals(0, publication.store().regionsInFlight());
            firstSequence = publication.nextSequence();
            for (final int length : LENGTHS)
            {
                publish(length);
            }
            lastSequence = publication.nextSequence() - 1;
            assertEquals(LENGTHS.length, publication.inFlight());

            for (int i = 0; i < MAX_MESSAGES && data.remainingBytes() > 0; i++)
            {
                final int controlSessionId = data.consumeInt(0, 3) < 3 ? receiverControlSessionId : data.consumeInt();
                feedAndCheck(nextMessage(), controlSessionId);
            }

            restoreReceivers();
            assertReceiverAcksStillRelease();
        }

        private void publish(final int length)
        {
            final long sequence = publication.nextSequence();
            final byte[] bytes = PayloadPattern.bytes(sequence, length);
            final long[] result = { 0 };
            Await.until("offer of payload " + sequence, () -> (result[0] = publication.offer(bytes)) >= 0, this::work);
            assertEquals(sequence, result[0]);
            unread.put(sequence, bytes);
        }

        private int nextMessage()
        {
            int length;
            switch (data.consumeInt(0, 7))
            {
                case 0:
                {
                    final byte[] raw = data.consumeBytes(data.consumeInt(0, 128));
                    buffer.putBytes(0, raw);
                    length = raw.length;
                    break;
                }

                case 1:
                case 2:
                case 3:
                {
                    final long[] released = new long[data.consumeInt(0, 4)];
                    for (int i = 0; i < released.length; i++)
                    {
                        released[i] = sequence();
                    }
                    final int sessionId = data.consumeInt(0, 4) < 4 ? publication.sessionId() : data.consumeInt();
                    length = forge.ack(buffer, receiverId(), sequence(), sessionId, released);
                    break;
                }

                case 4:
                    length = forge.attach(buffer, data.consumeBoolean() ? data.consumeLong() : receiverId());
                    break;

                case 5:
                    length = forge.detach(buffer, receiverId());
                    break;

                case 6:
                    length = forge.descriptor(buffer, sequence(), 0, 0, 3_000, 1, 0, false);
                    break;

                default:
                    length = forge.inline(buffer, sequence(), data.consumeBytes(data.consumeInt(0, 64)));
            }

            if (0 == data.consumeInt(0, 3))
            {
                length = MessageMutator.mutate(data, buffer, length, CAPACITY);
            }

            return length;
        }

        private long receiverId()
        {
            final int pick = data.consumeInt(0, 5);
            if (pick <= 2 || (pick <= 4 && forgedReceivers.isEmpty()))
            {
                return receiver.receiverId();
            }
            if (pick <= 4)
            {
                final long[] ids = toArray(forgedReceivers);
                return ids[data.consumeInt(0, ids.length - 1)];
            }

            return data.consumeLong();
        }

        private long sequence()
        {
            switch (data.consumeInt(0, 3))
            {
                case 0:
                case 1:
                    return data.consumeLong(firstSequence - 2, lastSequence + 2);
                case 2:
                    return MessageMutator.interestingLong(data);
                default:
                    return data.consumeLong();
            }
        }

        private void feedAndCheck(final int length, final int controlSessionId)
        {
            final int templateId = templateId(length);
            final int inFlight = publication.inFlight();
            final int regions = publication.store().regionsInFlight();
            final long invalid = publication.invalidControlMessages();
            final long foreign = publication.foreignControlMessages();
            final int receivers = publication.receiverCount();

            adapter.onMessage(buffer, 0, length, controlSessionId);

            assertTrue(publication.inFlight() >= 0 && publication.inFlight() <= inFlight,
                "in flight " + inFlight + " -> " + publication.inFlight());
            assertTrue(publication.store().regionsInFlight() <= regions,
                "store regions " + regions + " -> " + publication.store().regionsInFlight());
            assertTrue(publication.store().regionsInFlight() >= publication.inFlight(),
                "the store holds " + publication.store().regionsInFlight() + " regions, the sender thinks " +
                publication.inFlight() + " are held");
            assertTrue(publication.receiverCount() <= PayloadPublication.MAX_RECEIVERS);

            final long counted = publication.invalidControlMessages() - invalid;
            final long countedForeign = publication.foreignControlMessages() - foreign;
            assertTrue(countedForeign <= 1, "a message is counted foreign once at most");
            switch (templateId)
            {
                case AckDecoder.TEMPLATE_ID:
                {
                    assertEquals(0, counted);
                    final AckDecoder ack = new AckDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder);
                    // Acks for another sender's session are that sender's business: ignored, not counted.
                    if (ack.receiverId() == receiver.receiverId() && ack.sessionId() == publication.sessionId() &&
                        isReceiverAttached && controlSessionId != receiverBoundSessionId)
                    {
                        assertEquals(inFlight, publication.inFlight(), "an ack from another session releases nothing");
                        assertEquals(1, countedForeign, "an ack for the receiver from another session is counted");
                    }
                    // Only an ack that released something leaves the real receiver's payloads unread.
                    isReceiverReleasedByForgery |= publication.inFlight() < inFlight;
                    break;
                }

                case ReceiverAttachDecoder.TEMPLATE_ID:
                {
                    final long id = new ReceiverAttachDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder).receiverId();
                    // A full sender refuses a new id and counts it (HostileInputTest pins that); inputs never fill one.
                    // Receiver id 0 is no receiver's: always refused and counted.
                    if (ControlStreamAdapter.NULL_RECEIVER_ID == id)
                    {
                        assertEquals(1, counted, "an attach of receiver id 0 is refused and counted");
                        assertEquals(receivers, publication.receiverCount(), "receiver id 0 is never registered");
                    }
                    else if (receivers < PayloadPublication.MAX_RECEIVERS)
                    {
                        assertEquals(0, counted, "an attach is refused only when the sender is full or names id 0");
                    }
                    assertTrue(counted <= 1, "an attach is counted once at most");
                    if (id == receiver.receiverId() && isReceiverAttached)
                    {
                        assertEquals(receivers, publication.receiverCount(), "the real receiver is attached already");
                        assertEquals(controlSessionId != receiverBoundSessionId ? 1 : 0, countedForeign,
                            "an attach of the receiver's id from another session is refused and counted");
                    }
                    else if (id == receiver.receiverId())
                    {
                        if (publication.receiverCount() > receivers)
                        {
                            isReceiverAttached = true;
                            receiverBoundSessionId = controlSessionId;
                        }
                    }
                    else if (publication.receiverCount() > receivers)
                    {
                        forgedReceivers.put(id, controlSessionId);
                    }
                    break;
                }

                case ReceiverDetachDecoder.TEMPLATE_ID:
                {
                    assertEquals(0, counted);
                    final long id = new ReceiverDetachDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder).receiverId();
                    if (publication.receiverCount() < receivers)
                    {
                        if (id == receiver.receiverId())
                        {
                            assertEquals(receiverBoundSessionId, controlSessionId, "detached only by its own session");
                            isReceiverAttached = false;
                            isReceiverReleasedByForgery = true;
                            isReceiverReattachNeeded = true;
                        }
                        else
                        {
                            assertEquals(forgedReceivers.remove(id), controlSessionId, "detached by its own session");
                        }
                    }
                    else if (id == receiver.receiverId() && isReceiverAttached)
                    {
                        assertEquals(1, countedForeign, "a detach of the receiver from another session is counted");
                    }
                    break;
                }

                default:
                    assertEquals(1, counted, "a message the sender cannot use is counted");
            }
        }

        private int templateId(final int length)
        {
            try
            {
                return MessageValidator.validate(buffer, 0, length);
            }
            catch (final ProtocolException ex)
            {
                return -1;
            }
        }

        /**
         * Undo what the input did to the sender's receiver table, through the protocol: forged receivers detach, and
         * the real one, if the input detached it or attached it from another session, attaches again as it would.
         */
        private void restoreReceivers()
        {
            final Long2LongHashMap.EntryIterator forged = forgedReceivers.entrySet().iterator();
            while (forged.hasNext())
            {
                forged.next();
                adapter.onMessage(
                    buffer, 0, forge.detach(buffer, forged.getLongKey()), (int)forged.getLongValue());
            }
            if (isReceiverReattachNeeded)
            {
                isReceiverReleasedByForgery = true;
                final long id = receiver.receiverId();
                if (isReceiverAttached)
                {
                    adapter.onMessage(buffer, 0, forge.detach(buffer, id), receiverBoundSessionId);
                }
                adapter.onMessage(buffer, 0, forge.attach(buffer, id), receiverControlSessionId);
            }

            assertEquals(1, publication.receiverCount(), "only the real receiver is left");
        }

        private void assertReceiverAcksStillRelease()
        {
            final long rejectedBefore = receiver.rejectedDescriptors();
            final long gapsBefore = receiver.sequenceGaps();
            final long invalidBefore = receiver.invalidMessages();
            final long next = publication.nextSequence();
            publish(5_000);

            Await.until("receiver read payload " + next + " and the sender released every region",
                () -> lastRead >= next && publication.isAllAcked() && 0 == publication.inFlight() &&
                    0 == publication.store().regionsInFlight(),
                this::work);

            assertTrue(unread.isEmpty() || isReceiverReleasedByForgery,
                "payloads neither read nor released by a forged ack: " + unread.keySet());
            assertEquals(unread.size(), receiver.rejectedDescriptors() - rejectedBefore,
                "a payload the sender recycled early is rejected, not read");
            assertEquals(gapsBefore, receiver.sequenceGaps());
            assertEquals(invalidBefore, receiver.invalidMessages());
        }

        private void work()
        {
            publication.doWork();
            receiver.poll(this::onPayload, 10);
        }

        private void onPayload(final Payload payload)
        {
            final long sequence = payload.sequence();
            final byte[] expected = unread.remove(sequence);
            assertNotNull(expected, "payload " + sequence + " delivered once");
            final byte[] bytes = payload.toByteArray();
            assertEquals(expected.length, bytes.length);
            if (sequence > lastSequence || !isReceiverReleasedByForgery)
            {
                assertArrayEquals(expected, bytes, "payload " + sequence + " intact");
            }
            lastRead = sequence;
        }

        private static long[] toArray(final Long2LongHashMap map)
        {
            final long[] values = new long[map.size()];
            int i = 0;
            final Long2LongHashMap.KeyIterator iterator = map.keySet().iterator();
            while (iterator.hasNext())
            {
                values[i++] = iterator.nextValue();
            }

            return values;
        }
    }
}
