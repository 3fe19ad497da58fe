/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.freight.codecs.HeartbeatEncoder;
import io.freight.codecs.InlinePayloadEncoder;
import io.freight.codecs.MessageHeaderEncoder;
import io.freight.codecs.PayloadChunkEncoder;
import io.freight.codecs.PayloadDescriptorEncoder;
import io.freight.codecs.ReceiverAttachEncoder;
import io.freight.store.PayloadStore;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Network mode's chunk path, hostile by default: whatever chunks arrive, a receiver writes only inside the region it
 * claimed for their payload in its own store, delivers only whole payloads, in sequence, and goes on.
 * <p>
 * Each fuzz input is a sequence of messages fed through a real network-mode receiver's decode-and-validate path
 * ({@link DataStreamAdapter#onMessage}), in two sessions: chunks whose bytes are always the honest pattern bytes of
 * the (session, sequence, offset) they claim, but whose headers lie (sequences near the expected one, declared lengths
 * from 0 past the store's maximum, offsets in order, skipped, repeated or negative, bytes overrunning the declared
 * length), var-data lengths overrunning the fragment, inline payloads, heartbeats, attach echoes and store messages of
 * the other mode. Checked after every message: a delivered payload has its declared length and every one of its bytes
 * is the pattern byte of its session, sequence and index (so each chunk was written where it said and nowhere else);
 * each session's deliveries are in sequence; the store holds no more regions than retained payloads plus one payload
 * being assembled per session. At the end both sessions still deliver a well-formed payload whole, and once it and
 * the retained ones are released the store holds nothing.
 * <p>
 * In {@code mvn verify} it fuzzes for a bounded time (FUZZING.md says how to run it longer).
 */
class ChunkStreamFuzzTest
{
    private static final int STREAM_ID = 2511;
    private static final int MAX_MESSAGES = 32;
    private static final int CAPACITY = 8 * 1024;
    private static final int[] SESSIONS = { 101, 202 };

    private static TestMedia media;
    private static Freight freight;
    private static PayloadSubscription subscription;
    private static PayloadStore localStore;

    @BeforeAll
    static void launch() throws Exception
    {
        media = new TestMedia();
        freight = Freight.launch(NetworkModeTest.networkContext(media)
            .ringLength(1024 * 1024)
            .maxStoreLength(4 * 1024 * 1024)
            .maxRetained(4));
        subscription = freight.addSubscription(STREAM_ID);
        localStore = subscription.localStore();
        // One poll makes this thread the polling thread, so that a release is applied at once. Never again: a poll
        // scans for senders and would close the sessions fed here, which have no Aeron image.
        subscription.poll((p) -> { }, 0);
    }

    @AfterAll
    static void close() throws Exception
    {
        freight.close();
        media.close();
    }

    @FuzzTest(maxDuration = "20s")
    void shouldWriteOnlyInsideTheClaimedRegionDeliverOnlyWholePayloadsAndKeepTheStreamGoing(
        final FuzzedDataProvider data)
    {
        new Input(data).run();
    }

    private static final class Input
    {
        private final FuzzedDataProvider data;
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CAPACITY]);
        private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
        private final long[] lastDelivered = { Long.MIN_VALUE, Long.MIN_VALUE };
        private final long[] nextSequence = { 0, 0 };
        private final List<Payload> retained = new ArrayList<>();
        private final PayloadHandler handler = this::onPayload;
        private int fedSession;
        private boolean retainNext;

        Input(final FuzzedDataProvider data)
        {
            this.data = data;
        }

        void run()
        {
            // Start where the last input left off: each session's next sequence follows what it delivered.
            for (int s = 0; s < SESSIONS.length; s++)
            {
                final SenderImage image = subscription.senderImage(SESSIONS[s]);
                nextSequence[s] = image.hasDelivered ? image.lastDelivered + 1 : 0;
                lastDelivered[s] = image.hasDelivered ? image.lastDelivered : Long.MIN_VALUE;
            }

            for (int s = 0; s < SESSIONS.length; s++)
            {
                fedSession = s;
                new ReceiverAttachEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder).receiverId(subscription.receiverId());
                feed(MessageHeaderEncoder.ENCODED_LENGTH + ReceiverAttachEncoder.BLOCK_LENGTH);
            }

            final int messages = data.consumeInt(1, MAX_MESSAGES);
            for (int i = 0; i < messages && data.remainingBytes() > 0; i++)
            {
                fedSession = data.consumeInt(0, SESSIONS.length - 1);
                retainNext = data.consumeBoolean() && retained.size() < 3;
                final int length = nextMessage();
                subscription.dataStreamAdapter().onMessage(buffer, 0, length, SESSIONS[fedSession], handler);
                checkStore();
                if (!retained.isEmpty() && data.consumeBoolean())
                {
                    retained.remove(0).release();
                }
            }

            // The stream goes on: a well-formed payload of each session arrives whole, once what was half-sent is
            // abandoned and what was retained released (either may fill the store until then).
            retainNext = false;
            for (int s = 0; s < SESSIONS.length; s++)
            {
                fedSession = s;
                if (subscription.senderImage(SESSIONS[s]).isAssembling)
                {
                    feed(heartbeatThenInline(s));
                }
            }
            while (!retained.isEmpty())
            {
                retained.remove(0).release();
            }
            for (int s = 0; s < SESSIONS.length; s++)
            {
                fedSession = s;
                final SenderImage image = subscription.senderImage(SESSIONS[s]);
                final long sequence = image.hasDelivered ? image.lastDelivered + 1 : nextSequence[s];
                final long before = lastDelivered[s];
                final int chunk = 3000;
                final int payloadLength = 7000;
                for (int offset = 0; offset < payloadLength; offset += chunk)
                {
                    feed(chunk(s, sequence, payloadLength, offset, Math.min(chunk, payloadLength - offset), false));
                }
                assertTrue(lastDelivered[s] == sequence, "session " + s + " stuck: delivered " + before +
                    " then not " + sequence + "; store regions " + localStore.regionsInFlight() + ", invalid " +
                    subscription.invalidMessages() + ", skipped " + subscription.skippedBeforeAttach() + ", gaps " +
                    subscription.sequenceGaps() + ", image " + image.isAttached + "/" + image.hasDelivered + "/" +
                    image.lastDelivered + "/" + image.isAssembling);
            }

            assertEquals(0, localStore.regionsInFlight(), "regions left in the receiver's store");
        }

        private void feed(final int length)
        {
            subscription.dataStreamAdapter().onMessage(buffer, 0, length, SESSIONS[fedSession], handler);
            checkStore();
        }

        private int heartbeatThenInline(final int s)
        {
            // An inline payload between chunks breaks the one being assembled (PROTOCOL.md 5.8): it is abandoned.
            final long sequence = subscription.senderImage(SESSIONS[s]).chunkSequence + 1;
            return inline(sequence, 5);
        }

        private int nextMessage()
        {
            final int s = fedSession;
            switch (data.consumeInt(0, 9))
            {
                case 0:
                    return attach();
                case 1:
                    return inline(sequenceNear(s), data.consumeInt(0, 64));
                case 2:
                    return heartbeat();
                case 3:
                    return descriptor();
                case 4:
                {
                    final int length = chunkMessage(s);
                    // A var-data length that overruns the fragment: the validator's to refuse.
                    buffer.putInt(chunkLengthIndex(), data.consumeInt(), ByteOrder.LITTLE_ENDIAN);
                    return length;
                }
                default:
                    return chunkMessage(s);
            }
        }

        private int chunkMessage(final int s)
        {
            final SenderImage image = subscription.senderImage(SESSIONS[s]);
            final boolean isContinuation = image.isAssembling && data.consumeInt(0, 3) > 0;
            final long sequence = isContinuation && data.consumeBoolean() ? image.chunkSequence : sequenceNear(s);
            final long payloadLength = isContinuation && data.consumeBoolean() ?
                image.chunkRegion.payloadLength() : declaredLength();
            final long offset;
            switch (data.consumeInt(0, 3))
            {
                case 0:
                    offset = 0;
                    break;
                case 1:
                    offset = image.isAssembling ? image.chunkNextOffset : 0;
                    break;
                case 2:
                    offset = data.consumeLong(-2, 1L << 33);
                    break;
                default:
                    offset = image.isAssembling ? image.chunkNextOffset + data.consumeInt(-64, 64) : 0;
            }
            final int bytes = data.consumeInt(0, CAPACITY - 64);
            return chunk(s, sequence, payloadLength, offset, bytes, true);
        }

        private long declaredLength()
        {
            switch (data.consumeInt(0, 4))
            {
                case 0:
                    return data.consumeLong(Long.MIN_VALUE, -1);
                case 1:
                    return localStore.maxPayloadLength() + data.consumeInt(0, 2);
                case 2:
                    return data.consumeLong(0, Long.MAX_VALUE);
                default:
                    return data.consumeInt(0, 20_000);
            }
        }

        private long sequenceNear(final int s)
        {
            final SenderImage image = subscription.senderImage(SESSIONS[s]);
            final long expected = image.hasDelivered ? image.lastDelivered + 1 : nextSequence[s];
            return data.consumeBoolean() ? expected : expected + data.consumeInt(-2, 2);
        }

        private int chunk(
            final int s,
            final long sequence,
            final long payloadLength,
            final long offset,
            final int bytes,
            final boolean mayLie)
        {
            final PayloadChunkEncoder encoder = new PayloadChunkEncoder()
                .wrapAndApplyHeader(buffer, 0, headerEncoder)
                .sequence(sequence)
                .payloadLength(payloadLength)
                .chunkOffset(offset);
            final int lengthIndex = encoder.limit();
            buffer.putInt(lengthIndex, bytes, ByteOrder.LITTLE_ENDIAN);
            final long id = NetworkPeerMain.id(SESSIONS[s], sequence);
            for (int i = 0; i < bytes; i++)
            {
                // Honest bytes for the offset the header claims: a byte written anywhere else shows in the check.
                buffer.putByte(lengthIndex + 4 + i, PayloadPattern.byteAt(id, offset + i));
            }
            return lengthIndex + 4 + bytes;
        }

        private int chunkLengthIndex()
        {
            return MessageHeaderEncoder.ENCODED_LENGTH + PayloadChunkEncoder.BLOCK_LENGTH;
        }

        private int attach()
        {
            final long receiverId = data.consumeBoolean() ? subscription.receiverId() : data.consumeLong();
            return new ReceiverAttachEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
                .receiverId(receiverId).encodedLength() + MessageHeaderEncoder.ENCODED_LENGTH;
        }

        private int inline(final long sequence, final int length)
        {
            final long id = NetworkPeerMain.id(SESSIONS[fedSession], sequence);
            final byte[] bytes = PayloadPattern.bytes(id, length);
            final InlinePayloadEncoder encoder = new InlinePayloadEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
                .sequence(sequence)
                .putPayload(bytes, 0, bytes.length);
            return encoder.encodedLength() + MessageHeaderEncoder.ENCODED_LENGTH;
        }

        private int heartbeat()
        {
            return new HeartbeatEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
                .receiverId(0).sessionId(SESSIONS[fedSession]).encodedLength() + MessageHeaderEncoder.ENCODED_LENGTH;
        }

        private int descriptor()
        {
            return new PayloadDescriptorEncoder().wrapAndApplyHeader(buffer, 0, headerEncoder)
                .sequence(data.consumeLong()).regionOffset(data.consumeLong()).payloadLength(data.consumeLong())
                .generation(data.consumeLong()).segmentId(data.consumeInt())
                .encodedLength() + MessageHeaderEncoder.ENCODED_LENGTH;
        }

        private void onPayload(final Payload payload)
        {
            final int s = payload.sessionId() == SESSIONS[0] ? 0 : 1;
            assertEquals(SESSIONS[s], payload.sessionId());
            // In sequence: a rejected payload's sequence is taken without a delivery, so "after", not "next".
            assertTrue(Long.MIN_VALUE == lastDelivered[s] || payload.sequence() > lastDelivered[s],
                payload.sequence() + " after " + lastDelivered[s]);
            lastDelivered[s] = payload.sequence();

            final long id = NetworkPeerMain.id(SESSIONS[s], payload.sequence());
            for (long i = 0, length = payload.length(); i < length; i++)
            {
                if (PayloadPattern.byteAt(id, i) != payload.getByte(i))
                {
                    throw new AssertionError("byte " + i + " of payload " + payload.sequence() + " (" + length +
                        " bytes, session " + SESSIONS[s] + ") is not its own");
                }
            }
            if (retainNext)
            {
                retained.add(payload.retain());
            }
        }

        private void checkStore()
        {
            int assembling = 0;
            for (final int sessionId : SESSIONS)
            {
                assembling += subscription.senderImage(sessionId).isAssembling ? 1 : 0;
            }
            // Live regions: one released out of order (a retained payload released while a newer region is still
            // assembling) holds its ring space until the older ones go, but it is released, not leaked.
            assertTrue(localStore.liveRegions() <= retained.size() + assembling,
                "live regions " + localStore.liveRegions() + " > retained " + retained.size() + " + assembling " +
                assembling + " (in flight " + localStore.regionsInFlight() + ")");
        }
    }
}
