/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.codecs.MessageHeaderDecoder;
import io.freight.codecs.PayloadDescriptorDecoder;
import io.freight.codecs.SegmentAnnounceDecoder;
import io.freight.codecs.StoreAnnounceDecoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A real sender with real payloads in its store, and a receiver that gets its data stream only through its
 * {@link DataStreamAdapter}: the decode-and-validate path of every fragment, fed whatever a test forges.
 * <p>
 * The sender publishes to a real receiver, the holder, which attaches over Aeron and then stops polling, so every
 * payload stays in flight, its region untouched, for as long as the forging goes on. A tap on the data stream keeps
 * the sender's real messages: the store and ring announcements and each payload's descriptor, to replay or mutate.
 * The target subscribes to a stream nobody publishes on, so its own {@code poll} only does housekeeping: it sends its
 * acks nowhere and, finding no Aeron image behind the sessions it was fed, closes them and unmaps their stores.
 */
final class ForgedStream implements AutoCloseable
{
    static final int RING_LENGTH = 256 * 1024;

    /**
     * A payload the sender published: what it holds and the descriptor the sender sent for it.
     */
    static final class Stored
    {
        final long sequence;
        final byte[] bytes;
        final byte[] descriptor;
        final byte[] segmentAnnounce;
        final int segmentId;
        final long regionOffset;
        final long generation;

        Stored(final long sequence, final byte[] bytes, final byte[] descriptor, final byte[] segmentAnnounce)
        {
            final PayloadDescriptorDecoder decoder = new PayloadDescriptorDecoder()
                .wrapAndApplyHeader(new UnsafeBuffer(descriptor), 0, new MessageHeaderDecoder());
            this.sequence = sequence;
            this.bytes = bytes;
            this.descriptor = descriptor;
            this.segmentAnnounce = segmentAnnounce;
            this.segmentId = decoder.segmentId();
            this.regionOffset = decoder.regionOffset();
            this.generation = decoder.generation();
            assertEquals(sequence, decoder.sequence());
            assertEquals(bytes.length, decoder.payloadLength());
        }

        /**
         * The sender's descriptor with another sequence: the same region, as the next payload of a forged stream.
         */
        UnsafeBuffer descriptor(final long sequence)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(descriptor.clone());
            MessageForge.sequence(buffer, sequence);
            return buffer;
        }
    }

    /**
     * What a receiver's counters say, to compare before and after a message.
     */
    static final class Counters
    {
        private static final String[] NAMES = {
            "delivered", "invalidMessages", "rejectedDescriptors", "storeErrors", "skippedBeforeAttach", "sequenceGaps",
            "checksumFailures" };

        private final long[] values;

        Counters(final PayloadSubscription subscription)
        {
            this(new long[]{
                subscription.payloadsDelivered(),
                subscription.invalidMessages(),
                subscription.rejectedDescriptors(),
                subscription.storeErrors(),
                subscription.skippedBeforeAttach(),
                subscription.sequenceGaps(),
                subscription.checksumFailures() });
        }

        private Counters(final long[] values)
        {
            this.values = values;
        }

        Counters minus(final Counters before)
        {
            final long[] difference = new long[values.length];
            for (int i = 0; i < values.length; i++)
            {
                difference[i] = values[i] - before.values[i];
            }

            return new Counters(difference);
        }

        /**
         * The counters that are not zero, e.g. {@code {rejectedDescriptors=1}}: a difference reads as what moved.
         */
        public String toString()
        {
            final StringBuilder builder = new StringBuilder("{");
            for (int i = 0; i < values.length; i++)
            {
                if (0 != values[i])
                {
                    builder.append(builder.length() > 1 ? ", " : "").append(NAMES[i]).append('=').append(values[i]);
                }
            }

            return builder.append('}').toString();
        }
    }

    /**
     * A payload the target delivered, copied while its handler ran.
     */
    static final class Delivery
    {
        final int sessionId;
        final long sequence;
        final byte[] bytes;

        Delivery(final int sessionId, final long sequence, final byte[] bytes)
        {
            this.sessionId = sessionId;
            this.sequence = sequence;
            this.bytes = bytes;
        }
    }

    final TestMedia media;
    final Freight freight;
    final PayloadPublication publication;
    final PayloadSubscription holder;
    final PayloadSubscription target;
    final byte[] storeAnnounce;
    final byte[] ringAnnounce;
    final List<Stored> stored = new ArrayList<>();
    final List<Delivery> deliveries = new ArrayList<>();
    private final StreamTap tap;
    private final MessageForge forge = new MessageForge();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[64]);
    private final PayloadHandler collect = (payload) -> deliveries.add(
        new Delivery(payload.sessionId(), payload.sequence(), payload.toByteArray()));
    private int holderDeliveries;

    private ForgedStream(final TestMedia media, final Freight.Context ctx, final int streamId)
    {
        this.media = media;
        freight = Freight.launch(ctx);
        try
        {
            publication = freight.addPublication(streamId);
            tap = new StreamTap(freight.aeron(), ctx.channel(), streamId);
            holder = freight.addSubscription(streamId);
            target = freight.addSubscription(streamId + 1);

            Await.until("tap connected", tap::isConnected, tap::poll);
            Await.until("holder attached", () -> publication.isConnected() && holder.isConnected(), this::workHolder);
            storeAnnounce = tap.messages(StoreAnnounceDecoder.TEMPLATE_ID).get(0).bytes;
            ringAnnounce = tap.messages(SegmentAnnounceDecoder.TEMPLATE_ID).get(0).bytes;
        }
        catch (final RuntimeException | Error ex)
        {
            CloseHelper.quietClose(freight);
            throw ex;
        }
    }

    /**
     * Launch a sender with checksums on and a 256 KiB ring, attach the holder, and publish one payload of each length
     * (sequence i holds {@link PayloadPattern} i); a length past the ring goes to an oversize segment.
     */
    static ForgedStream launch(final int streamId, final int... lengths) throws IOException
    {
        final TestMedia media = new TestMedia();
        ForgedStream stream = null;
        try
        {
            final Freight.Context ctx = media.context()
                .ringLength(RING_LENGTH)
                .checksums(true)
                .attachIntervalNs(1);
            stream = new ForgedStream(media, ctx, streamId);
            for (final int length : lengths)
            {
                stream.publish(length);
            }

            return stream;
        }
        catch (final RuntimeException | Error ex)
        {
            CloseHelper.quietCloseAll(null == stream ? null : stream.freight, media);
            throw ex;
        }
    }

    /**
     * Publish a payload through the real sender and keep its descriptor; the holder does not read it, so its region
     * stays in flight.
     */
    Stored publish(final int length)
    {
        final long sequence = publication.nextSequence();
        final byte[] bytes = PayloadPattern.bytes(sequence, length);
        final long[] result = { 0 };
        Await.until("offer of " + length + " bytes", () -> (result[0] = publication.offer(bytes)) >= 0,
            publication::doWork);
        assertEquals(sequence, result[0]);

        final int seen = tap.messages().size();
        Await.until("descriptor " + sequence + " on the tap",
            () -> !tap.messages(PayloadDescriptorDecoder.TEMPLATE_ID).isEmpty() &&
                sequenceOf(last(tap.messages(PayloadDescriptorDecoder.TEMPLATE_ID))) == sequence,
            tap::poll);

        byte[] segmentAnnounce = null;
        for (int i = seen; i < tap.messages().size(); i++)
        {
            if (tap.messages().get(i).templateId == SegmentAnnounceDecoder.TEMPLATE_ID)
            {
                segmentAnnounce = tap.messages().get(i).bytes;
            }
        }

        final Stored payload = new Stored(
            sequence, bytes, last(tap.messages(PayloadDescriptorDecoder.TEMPLATE_ID)).bytes, segmentAnnounce);
        stored.add(payload);
        return payload;
    }

    /**
     * Let the holder read and ack everything published so far, so that the sender releases every region.
     */
    void releaseAll()
    {
        final int expected = stored.size();
        Await.until("holder has read everything", () -> holderDeliveries >= expected, this::workHolder);
        Await.until("sender released everything",
            () -> publication.isAllAcked() && 0 == publication.store().regionsInFlight(), this::workHolder);
    }

    /**
     * Put the target into an attached session with the sender's store, as the sender does for a receiver that
     * attaches: its StoreAnnounce, the ring's SegmentAnnounce, then the echo of the target's own receiver id.
     */
    void attach(final int sessionId)
    {
        final Counters before = counters();
        feed(new UnsafeBuffer(storeAnnounce), storeAnnounce.length, sessionId);
        feed(new UnsafeBuffer(ringAnnounce), ringAnnounce.length, sessionId);
        feed(scratch, forge.attach(scratch, target.receiverId()), sessionId);
        assertEquals("{}", counters().minus(before).toString(), "the sender's own announcements are accepted");
    }

    /**
     * One message on the target's data stream, delivered to a handler that copies each payload into
     * {@link #deliveries}.
     */
    void feed(final DirectBuffer buffer, final int length, final int sessionId)
    {
        feed(target, buffer, 0, length, sessionId, collect);
    }

    /**
     * One message through a receiver's decode-and-validate path, its {@link DataStreamAdapter}, with the handler its
     * {@code poll} would install.
     */
    static void feed(
        final PayloadSubscription subscription,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int sessionId,
        final PayloadHandler handler)
    {
        subscription.dataStreamAdapter().onMessage(buffer, offset, length, sessionId, handler);
    }

    /**
     * Feed the sender's descriptor of a payload as the next one of a forged stream, and check it is delivered
     * intact: the stream goes on.
     */
    void assertDelivered(final Stored payload, final long sequence, final int sessionId)
    {
        final Counters before = counters();
        final int count = deliveries.size();
        final UnsafeBuffer descriptor = payload.descriptor(sequence);
        feed(descriptor, descriptor.capacity(), sessionId);

        assertEquals("{delivered=1}", counters().minus(before).toString());
        assertEquals(count + 1, deliveries.size());
        final Delivery delivery = deliveries.get(count);
        assertEquals(sequence, delivery.sequence);
        assertEquals(sessionId, delivery.sessionId);
        assertArrayEquals(payload.bytes, delivery.bytes, "payload " + payload.sequence + " intact");
    }

    Counters counters()
    {
        return new Counters(target);
    }

    /**
     * Run the target's housekeeping: with no image behind them, the sessions it was fed are closed.
     */
    void pollTarget()
    {
        for (int i = 0; i < PayloadSubscription.POLLS_PER_CLOCK_READ; i++) // the scan runs on polls that read the clock
        {
            target.poll(collect, 10);
        }
    }

    public void close()
    {
        try
        {
            CloseHelper.close(target);
            releaseAll();
        }
        finally
        {
            CloseHelper.closeAll(tap, freight, media);
        }
    }

    /**
     * Let the holder read up to {@code fragmentLimit} messages, checking every payload, and ack what it read.
     */
    int pollHolder(final int fragmentLimit)
    {
        return holder.poll((payload) ->
        {
            final byte[] expected = stored.get((int)payload.sequence()).bytes;
            assertArrayEquals(expected, payload.toByteArray(), "holder reads payload " + payload.sequence());
            holderDeliveries++;
        }, fragmentLimit);
    }

    int holderDeliveries()
    {
        return holderDeliveries;
    }

    private void workHolder()
    {
        publication.doWork();
        pollHolder(10);
        tap.poll();
    }

    private static long sequenceOf(final StreamTap.Message message)
    {
        return new PayloadDescriptorDecoder()
            .wrapAndApplyHeader(new UnsafeBuffer(message.bytes), 0, new MessageHeaderDecoder())
            .sequence();
    }

    private static <T> T last(final List<T> list)
    {
        return list.get(list.size() - 1);
    }
}
