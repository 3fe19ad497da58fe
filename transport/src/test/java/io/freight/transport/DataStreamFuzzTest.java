/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.freight.codecs.InlinePayloadDecoder;
import io.freight.codecs.MessageHeaderDecoder;
import io.freight.codecs.PayloadDescriptorDecoder;
import io.freight.codecs.PayloadDescriptorEncoder;
import io.freight.codecs.ReceiverAttachDecoder;
import io.freight.codecs.SegmentAnnounceDecoder;
import io.freight.codecs.SegmentKind;
import io.freight.codecs.StoreAnnounceDecoder;
import io.freight.schema.MessageValidator;
import io.freight.schema.ProtocolException;
import io.freight.store.MappedSegment;
import io.freight.store.PayloadView;
import io.freight.store.RegionHeader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever bytes arrive on the data stream, a receiver reads nothing outside its mapped segments, accounts for every
 * message, and goes on delivering.
 * <p>
 * Each fuzz input is a sequence of messages fed through the receiver's decode-and-validate path
 * ({@link ForgedStream}): the sender's real descriptors, re-sequenced and with fields pushed to boundaries; inline
 * payloads; announcements of the real store and ring, of the real oversize segment, and of paths and names that are
 * not; attach echoes; raw bytes; each maybe damaged further by {@link MessageMutator}, and sent in the attached
 * session or in others. After every message exactly the right counter moved, and a payload that was delivered was
 * read to its last byte, had the length its message said, lies where its descriptor says in the sender's own store,
 * and, if it is one the sender published, holds its bytes. Some payloads are retained and read again when released.
 * At the end the next payload of the stream, stored and inline, is still delivered intact.
 * <p>
 * In {@code mvn verify} it fuzzes for a bounded time (FUZZING.md says how to run it longer); run alone in an IDE it
 * replays the inputs under {@code DataStreamFuzzTestInputs}.
 */
class DataStreamFuzzTest
{
    private static final int STREAM_ID = 2411;
    private static final int MAX_MESSAGES = 24;
    private static final int MAX_RETAINED = 3;
    private static final int CAPACITY = 1024;
    private static final int BLOCK = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final String[] FILE_NAMES = {
        "segment-0", "segment-1", "segment-2", "../segment-0", "/dev/shm", "..", ".", "", "store.meta", "owner.lock",
        "segment-00", "segment-1/../segment-0", "../../../etc/passwd", "segment-0\u0000" };

    private static ForgedStream stream;
    private static String storeId;
    private static long oversizeSegmentLength;

    @BeforeAll
    static void launch() throws Exception
    {
        stream = ForgedStream.launch(STREAM_ID, 2_100, 20_000, 100_000, ForgedStream.RING_LENGTH + 40_000);
        storeId = stream.publication.store().storeId();
        oversizeSegmentLength = new SegmentAnnounceDecoder()
            .wrapAndApplyHeader(new UnsafeBuffer(stream.stored.get(3).segmentAnnounce), 0, new MessageHeaderDecoder())
            .segmentLength();
    }

    @AfterAll
    static void close()
    {
        stream.close();
    }

    @FuzzTest(maxDuration = "35s")
    void shouldAccountForEveryMessageReadOnlyInsideTheStoreAndKeepTheStreamGoing(final FuzzedDataProvider data)
    {
        new Input(data).run();
    }

    /**
     * What the receiver must do with one session's messages: delivered only once attached, in sequence.
     */
    private static final class SessionModel
    {
        boolean isAttached;
        boolean hasTaken;
        long lastTaken;
        boolean isStoreReplaced;

        long nextSequence()
        {
            return hasTaken ? lastTaken + 1 : 0;
        }
    }

    /**
     * A payload the fuzz input chose to keep past its handler, with the bytes it held then.
     */
    private static final class Retained
    {
        final Payload payload;
        final byte[] bytes;

        Retained(final Payload payload, final byte[] bytes)
        {
            this.payload = payload;
            this.bytes = bytes;
        }
    }

    /**
     * One fuzz input, from the attach of a fresh session to the check that the stream goes on.
     */
    private static final class Input
    {
        private final FuzzedDataProvider data;
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CAPACITY]);
        private final MessageForge forge = new MessageForge();
        private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
        private final PayloadDescriptorDecoder descriptorDecoder = new PayloadDescriptorDecoder();
        private final int[] sessionIds;
        private final SessionModel[] sessions = { new SessionModel(), new SessionModel(), new SessionModel() };
        private final List<Retained> retained = new ArrayList<>();
        private final PayloadHandler handler = this::onPayload;
        private final CRC32C crc = new CRC32C();

        private int fedSessionId;
        private int fedTemplateId;
        private long fedSequence;
        private long fedLength;
        private int fedInlineOffset;
        private boolean retainNext;
        private int delivered;

        Input(final FuzzedDataProvider data)
        {
            this.data = data;
            final int main = stream.publication.sessionId();
            sessionIds = new int[]{ main, main + 1, main + 2 };
        }

        void run()
        {
            try
            {
                stream.attach(sessionIds[0]);
                sessions[0].isAttached = true;

                for (int i = 0; i < MAX_MESSAGES && data.remainingBytes() > 0; i++)
                {
                    final int session = pickSession();
                    final int length = nextMessage(sessions[session]);
                    retainNext = 0 == data.consumeInt(0, 3);
                    feedAndCheck(session, length);
                    if (!retained.isEmpty() && 0 == data.consumeInt(0, 3))
                    {
                        release(retained.remove(data.consumeInt(0, retained.size() - 1)));
                    }
                }

                while (!retained.isEmpty())
                {
                    release(retained.remove(0));
                }
                assertStreamGoesOn();
            }
            finally
            {
                for (final Retained leftover : retained)
                {
                    leftover.payload.release();
                }
                stream.pollTarget();
                stream.deliveries.clear();
            }

            assertEquals(0, stream.target.retainedCount());
            assertFalse(stream.target.isConnected(), "every forged session closed");
            assertEquals(stream.stored.size(), stream.publication.inFlight(), "the target never acked the sender");
        }

        private int pickSession()
        {
            final int pick = data.consumeInt(0, 7);
            return pick <= 5 ? 0 : pick - 5;
        }

        private int nextMessage(final SessionModel session)
        {
            int length;
            switch (data.consumeInt(0, 9))
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
                    length = descriptor(session);
                    break;

                case 4:
                case 5:
                    length = forge.inline(buffer, sequence(session), data.consumeBytes(data.consumeInt(0, 512)));
                    break;

                case 6:
                    length = segmentAnnounce();
                    break;

                case 7:
                    length = storeAnnounce();
                    break;

                case 8:
                    length = forge.attach(buffer, data.consumeInt(0, 3) < 3 ? stream.target.receiverId() :
                        data.consumeBoolean() ? stream.holder.receiverId() : data.consumeLong());
                    break;

                default:
                    length = data.consumeBoolean() ?
                        forge.ack(buffer, stream.target.receiverId(), data.consumeLong(), sessionIds[0]) :
                        forge.detach(buffer, stream.target.receiverId());
            }

            if (0 == data.consumeInt(0, 3))
            {
                length = MessageMutator.mutate(data, buffer, length, CAPACITY);
            }

            return length;
        }

        private long sequence(final SessionModel session)
        {
            final long next = session.nextSequence();
            switch (data.consumeInt(0, 7))
            {
                case 5:
                    return next - 1;
                case 6:
                    return next + data.consumeInt(1, 1000);
                case 7:
                    return MessageMutator.interestingLong(data);
                default:
                    return next;
            }
        }

        private int descriptor(final SessionModel session)
        {
            final ForgedStream.Stored payload = stream.stored.get(data.consumeInt(0, stream.stored.size() - 1));
            buffer.putBytes(0, payload.descriptor);
            MessageForge.sequence(buffer, sequence(session));
            for (int edits = data.consumeInt(0, 2); edits > 0; edits--)
            {
                switch (data.consumeInt(0, 5))
                {
                    case 0:
                        mutateLong(BLOCK + PayloadDescriptorEncoder.regionOffsetEncodingOffset());
                        break;
                    case 1:
                        mutateLong(BLOCK + PayloadDescriptorEncoder.payloadLengthEncodingOffset());
                        break;
                    case 2:
                        mutateLong(BLOCK + PayloadDescriptorEncoder.generationEncodingOffset());
                        break;
                    case 3:
                        buffer.putInt(BLOCK + PayloadDescriptorEncoder.segmentIdEncodingOffset(),
                            data.consumeBoolean() ? data.consumeInt(-1, 3) : data.consumeInt(), ByteOrder.LITTLE_ENDIAN);
                        break;
                    case 4:
                        buffer.putInt(BLOCK + PayloadDescriptorEncoder.checksumEncodingOffset(), data.consumeInt(),
                            ByteOrder.LITTLE_ENDIAN);
                        break;
                    default:
                        buffer.putByte(BLOCK + PayloadDescriptorEncoder.flagsEncodingOffset(), data.consumeByte());
                }
            }

            return MessageForge.DESCRIPTOR_LENGTH;
        }

        private void mutateLong(final int at)
        {
            buffer.putLong(at, MessageMutator.nearOrInteresting(data, buffer.getLong(at, ByteOrder.LITTLE_ENDIAN)),
                ByteOrder.LITTLE_ENDIAN);
        }

        private int segmentAnnounce()
        {
            switch (data.consumeInt(0, 3))
            {
                case 0:
                    buffer.putBytes(0, stream.ringAnnounce);
                    return stream.ringAnnounce.length;

                case 1:
                    final byte[] oversize = stream.stored.get(3).segmentAnnounce;
                    buffer.putBytes(0, oversize);
                    return oversize.length;

                default:
                    final int segmentId = data.consumeBoolean() ? data.consumeInt(0, 2) : data.consumeInt();
                    final long length = data.consumeBoolean() ?
                        (data.consumeBoolean() ? ForgedStream.RING_LENGTH : oversizeSegmentLength) :
                        MessageMutator.interestingLong(data);
                    final SegmentKind kind = data.consumeBoolean() ? SegmentKind.RING : SegmentKind.OVERSIZE;
                    final String fileName;
                    switch (data.consumeInt(0, 2))
                    {
                        case 0:
                            fileName = FILE_NAMES[data.consumeInt(0, FILE_NAMES.length - 1)];
                            break;
                        case 1:
                            fileName = "segment-" + segmentId;
                            break;
                        default:
                            fileName = data.consumeAsciiString(40);
                    }
                    return forge.segmentAnnounce(buffer, length, segmentId, kind, fileName);
            }
        }

        private int storeAnnounce()
        {
            if (data.consumeBoolean())
            {
                buffer.putBytes(0, stream.storeAnnounce);
                return stream.storeAnnounce.length;
            }

            final String id;
            switch (data.consumeInt(0, 5))
            {
                case 0:
                    id = storeId;
                    break;
                case 1:
                    id = storeId + "0";
                    break;
                case 2:
                    id = "../" + storeId;
                    break;
                case 3:
                    id = "..";
                    break;
                case 4:
                    id = "";
                    break;
                default:
                    id = data.consumeAsciiString(24);
            }

            return forge.storeAnnounce(
                buffer, data.consumeLong(), data.consumeBoolean() ? 1 : data.consumeInt(), MessageForge.ascii(id));
        }

        private void feedAndCheck(final int session, final int length)
        {
            final SessionModel model = sessions[session];
            fedSessionId = sessionIds[session];
            fedTemplateId = templateId(length);
            delivered = 0;
            final ForgedStream.Counters before = stream.counters();

            ForgedStream.feed(stream.target, buffer, 0, length, fedSessionId, handler);

            final String moved = stream.counters().minus(before).toString();
            switch (fedTemplateId)
            {
                case -1:
                    assertEquals("{invalidMessages=1}", moved, "a malformed message is counted");
                    break;

                case PayloadDescriptorDecoder.TEMPLATE_ID:
                case InlinePayloadDecoder.TEMPLATE_ID:
                    if (!model.isAttached)
                    {
                        assertEquals("{skippedBeforeAttach=1}", moved, "a payload before the attach is skipped");
                    }
                    else if (model.hasTaken && fedSequence != model.lastTaken + 1)
                    {
                        assertEquals("{sequenceGaps=1}", moved, "after " + model.lastTaken + ", " + fedSequence);
                    }
                    else
                    {
                        model.hasTaken = true;
                        model.lastTaken = fedSequence;
                        if (InlinePayloadDecoder.TEMPLATE_ID == fedTemplateId)
                        {
                            assertEquals("{delivered=1}", moved, "an inline payload in sequence is delivered");
                        }
                        else
                        {
                            assertTrue(Set.of("{delivered=1}", "{rejectedDescriptors=1}",
                                "{rejectedDescriptors=1, checksumFailures=1}").contains(moved), moved);
                        }
                    }
                    break;

                case SegmentAnnounceDecoder.TEMPLATE_ID:
                    assertTrue(Set.of("{}", "{storeErrors=1}").contains(moved), moved);
                    break;

                case StoreAnnounceDecoder.TEMPLATE_ID:
                    assertTrue(Set.of("{}", "{storeErrors=1}").contains(moved), moved);
                    final String announced = new StoreAnnounceDecoder()
                        .wrapAndApplyHeader(buffer, 0, headerDecoder).storeId();
                    model.isStoreReplaced |= !storeId.equals(announced);
                    break;

                case ReceiverAttachDecoder.TEMPLATE_ID:
                    assertEquals("{}", moved, "an echo is taken as it is");
                    model.isAttached |= new ReceiverAttachDecoder().wrapAndApplyHeader(buffer, 0, headerDecoder)
                        .receiverId() == stream.target.receiverId();
                    break;

                default:
                    assertEquals("{invalidMessages=1}", moved, "a control message on the data stream is counted");
            }

            assertEquals("{delivered=1}".equals(moved) ? 1 : 0, delivered, "deliveries match the counter");
        }

        /**
         * The validator's verdict, and what the message says for the handler to check against.
         */
        private int templateId(final int length)
        {
            final int templateId;
            try
            {
                templateId = MessageValidator.validate(buffer, 0, length);
            }
            catch (final ProtocolException ex)
            {
                return -1;
            }

            final int blockEnd = BLOCK + MessageForge.blockLength(buffer);
            if (PayloadDescriptorDecoder.TEMPLATE_ID == templateId)
            {
                descriptorDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
                fedSequence = descriptorDecoder.sequence();
                fedLength = descriptorDecoder.payloadLength();
            }
            else if (InlinePayloadDecoder.TEMPLATE_ID == templateId)
            {
                fedSequence = buffer.getLong(BLOCK, ByteOrder.LITTLE_ENDIAN);
                fedLength = buffer.getInt(blockEnd, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
                fedInlineOffset = blockEnd + 4;
            }

            return templateId;
        }

        private void onPayload(final Payload payload)
        {
            delivered++;
            assertEquals(fedSessionId, payload.sessionId());
            assertEquals(fedSequence, payload.sequence());
            assertEquals(fedLength, payload.length(), "the length the message said");
            final byte[] bytes = readEveryByte(payload);

            if (InlinePayloadDecoder.TEMPLATE_ID == fedTemplateId)
            {
                assertTrue(payload.isInline());
                assertArrayEquals(
                    Arrays.copyOfRange(buffer.byteArray(), fedInlineOffset, fedInlineOffset + bytes.length), bytes);
            }
            else
            {
                assertFalse(payload.isInline());
                assertStoredAsDescribed(payload.view, bytes);
            }

            if (retainNext && retained.size() < MAX_RETAINED)
            {
                retained.add(new Retained(payload.retain(), bytes));
            }
        }

        /**
         * A delivered stored payload lies where the descriptor says, inside a segment of the sender's own store whose
         * region header agrees with it, and holds what the sender wrote.
         */
        private void assertStoredAsDescribed(final PayloadView view, final byte[] bytes)
        {
            descriptorDecoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
            final int segmentId = descriptorDecoder.segmentId();
            final long regionOffset = descriptorDecoder.regionOffset();
            final long generation = descriptorDecoder.generation();
            assertEquals(segmentId, view.segmentId());
            assertEquals(regionOffset, view.regionOffset());
            assertEquals(generation, view.generation());

            if (0 == segmentId)
            {
                final MappedSegment ring = stream.publication.store().ringSegment();
                assertTrue(regionOffset >= 0 && regionOffset + RegionHeader.LENGTH + bytes.length <= ring.length());
                assertEquals(generation, ring.getLong(regionOffset + RegionHeader.GENERATION_OFFSET));
                assertEquals(bytes.length, ring.getLong(regionOffset + RegionHeader.PAYLOAD_LENGTH_OFFSET));
            }

            boolean isKnown = false;
            for (final ForgedStream.Stored stored : stream.stored)
            {
                if (stored.segmentId == segmentId && stored.regionOffset == regionOffset &&
                    stored.generation == generation)
                {
                    assertArrayEquals(stored.bytes, bytes, "payload " + stored.sequence + " as the sender wrote it");
                    isKnown = true;
                }
            }
            assertTrue(isKnown || 0 == segmentId, "only a region of the ring can be forged from payload bytes");

            if (descriptorDecoder.flags().checksumPresent())
            {
                crc.reset();
                crc.update(bytes);
                assertEquals((int)descriptorDecoder.checksum(), (int)crc.getValue(), "the checksum was checked");
            }
        }

        private void release(final Retained kept)
        {
            try
            {
                assertArrayEquals(kept.bytes, readEveryByte(kept.payload), "a retained payload is intact until released");
            }
            finally
            {
                kept.payload.release();
            }
        }

        private void assertStreamGoesOn()
        {
            final SessionModel main = sessions[0];
            if (main.isStoreReplaced)
            {
                final ForgedStream.Counters before = stream.counters();
                stream.feed(new UnsafeBuffer(stream.storeAnnounce), stream.storeAnnounce.length, sessionIds[0]);
                stream.feed(new UnsafeBuffer(stream.ringAnnounce), stream.ringAnnounce.length, sessionIds[0]);
                assertEquals("{}", stream.counters().minus(before).toString(), "the sender's store is taken back");
            }

            final long next = main.nextSequence();
            stream.assertDelivered(stream.stored.get(1), next, sessionIds[0]);

            final byte[] inline = PayloadPattern.bytes(next + 1, 700);
            final int length = forge.inline(buffer, next + 1, inline);
            final int count = stream.deliveries.size();
            stream.feed(buffer, length, sessionIds[0]);
            assertEquals(count + 1, stream.deliveries.size(), "the inline payload after it is delivered");
            assertEquals(next + 1, stream.deliveries.get(count).sequence);
            assertArrayEquals(inline, stream.deliveries.get(count).bytes);
        }

        /**
         * Read a payload to its last byte the two ways a handler can: copied out, and through its buffer.
         */
        private static byte[] readEveryByte(final Payload payload)
        {
            final int length = (int)payload.length();
            final byte[] bytes = new byte[length];
            payload.getBytes(0, bytes, 0, length);
            if (payload.isContiguous())
            {
                final DirectBuffer view = payload.buffer();
                assertEquals(length, view.capacity());
                final byte[] again = new byte[length];
                view.getBytes(0, again);
                assertArrayEquals(bytes, again);
            }

            return bytes;
        }
    }
}
