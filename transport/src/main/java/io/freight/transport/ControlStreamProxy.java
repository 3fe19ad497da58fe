/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.Publication;
import io.aeron.logbuffer.BufferClaim;
import io.freight.codecs.AckEncoder;
import io.freight.codecs.HeartbeatEncoder;
import io.freight.codecs.MessageHeaderEncoder;
import io.freight.codecs.ReceiverAttachEncoder;
import io.freight.codecs.ReceiverDetachEncoder;
import org.agrona.collections.LongArrayList;

/**
 * What a receiver sends its senders on the control stream, encoded in place in the publication's term: Ack,
 * ReceiverAttach and ReceiverDetach, each with this receiver's id.
 * <p>
 * Every message is small enough for {@link Publication#tryClaim}, so it is written once, in place, and never
 * fragmented. An {@link Publication#ADMIN_ACTION} (a term rotation) is retried at once, here and only here; any other
 * failure (back-pressured, not connected, closed) returns false and the caller tries again on a later duty cycle: a
 * receiver never blocks on its control stream.
 * <p>
 * Allocates nothing. Not thread-safe: the subscription's polling thread owns it.
 */
final class ControlStreamProxy
{
    /**
     * Most out-of-order releases one Ack lists; the rest go in the next one.
     */
    static final int MAX_RELEASED_PER_ACK = 128;

    private final Publication publication;
    private final long receiverId;
    private final BufferClaim bufferClaim = new BufferClaim();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final AckEncoder ackEncoder = new AckEncoder();
    private final ReceiverAttachEncoder attachEncoder = new ReceiverAttachEncoder();
    private final ReceiverDetachEncoder detachEncoder = new ReceiverDetachEncoder();
    private final HeartbeatEncoder heartbeatEncoder = new HeartbeatEncoder();

    /**
     * @param publication the control stream.
     * @param receiverId  the id every message carries.
     */
    ControlStreamProxy(final Publication publication, final long receiverId)
    {
        this.publication = publication;
        this.receiverId = receiverId;
    }

    /**
     * Ack to one sender: every payload up to {@code cumulative} is released, and so are the first {@code count}
     * sequences of {@code released}.
     *
     * @param sessionId  of the sender's data stream, so that only that sender takes the ack.
     * @param cumulative highest sequence such that every payload up to it was released.
     * @param released   sequences released out of order, above {@code cumulative}.
     * @param count      how many of {@code released} to list, at most {@link #MAX_RELEASED_PER_ACK}.
     * @return true if the ack was published.
     */
    boolean ack(final int sessionId, final long cumulative, final LongArrayList released, final int count)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + AckEncoder.BLOCK_LENGTH +
            AckEncoder.ReleasedEncoder.sbeHeaderSize() + count * AckEncoder.ReleasedEncoder.sbeBlockLength();
        if (!claim(length))
        {
            return false;
        }

        ackEncoder.wrapAndApplyHeader(bufferClaim.buffer(), bufferClaim.offset(), headerEncoder)
            .receiverId(receiverId)
            .sequence(cumulative)
            .sessionId(sessionId);
        final AckEncoder.ReleasedEncoder releasedEncoder = ackEncoder.releasedCount(count);
        for (int i = 0; i < count; i++)
        {
            releasedEncoder.next().sequence(released.getLong(i));
        }
        bufferClaim.commit();

        return true;
    }

    /**
     * Ask every sender on the stream to take this receiver on; a sender answers with the echo on its data stream.
     *
     * @return true if the attach was published.
     */
    boolean attach()
    {
        if (!claim(MessageHeaderEncoder.ENCODED_LENGTH + ReceiverAttachEncoder.BLOCK_LENGTH))
        {
            return false;
        }

        attachEncoder.wrapAndApplyHeader(bufferClaim.buffer(), bufferClaim.offset(), headerEncoder)
            .receiverId(receiverId);
        bufferClaim.commit();

        return true;
    }

    /**
     * Tell every sender on the stream to stop waiting for this receiver's acks.
     *
     * @return true if the detach was published.
     */
    boolean detach()
    {
        if (!claim(MessageHeaderEncoder.ENCODED_LENGTH + ReceiverDetachEncoder.BLOCK_LENGTH))
        {
            return false;
        }

        detachEncoder.wrapAndApplyHeader(bufferClaim.buffer(), bufferClaim.offset(), headerEncoder)
            .receiverId(receiverId);
        bufferClaim.commit();

        return true;
    }

    /**
     * Network mode: tell a sender this receiver lives.
     *
     * @param sessionId of the sender's data publication.
     * @return true if sent.
     */
    boolean heartbeat(final int sessionId)
    {
        if (!claim(MessageHeaderEncoder.ENCODED_LENGTH + HeartbeatEncoder.BLOCK_LENGTH))
        {
            return false;
        }

        heartbeatEncoder.wrapAndApplyHeader(bufferClaim.buffer(), bufferClaim.offset(), headerEncoder)
            .receiverId(receiverId)
            .sessionId(sessionId);
        bufferClaim.commit();

        return true;
    }

    private boolean claim(final int length)
    {
        long result;
        while ((result = publication.tryClaim(length, bufferClaim)) == Publication.ADMIN_ACTION)
        {
            Thread.onSpinWait();
        }

        return result > 0;
    }
}
