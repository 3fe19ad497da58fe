/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.PayloadStore;
import org.agrona.DirectBuffer;

/**
 * Network mode, receiver side: writes the {@code PayloadChunk}s of each sender straight into a region of the
 * receiver's own {@link PayloadStore}, and says when a payload is whole, so it can be handed out as the same
 * {@link Payload} view a payload in a sender's store on one host is.
 * <pre>
 *   chunk (seq 7, length 9 MiB, offset 0)   -&gt; claim a 9 MiB region in the local store, write [0, 64 KiB)
 *   chunk (seq 7, length 9 MiB, offset 64k) -&gt; write [64 KiB, 128 KiB)
 *   ...
 *   chunk (seq 7, ..., last)                -&gt; write the rest: COMPLETE, the region is the payload
 * </pre>
 * Hostile by default, as the data stream on one host is: a chunk is written only inside the region claimed for its
 * payload. A declared length beyond what the store can ever hold, a chunk that overruns its payload, or one that does
 * not follow the previous one (another offset, sequence or length while a payload is assembled) is rejected and
 * counted, its payload's region given back and its sequence taken, and the stream goes on. A chunk with no room for
 * its payload in the store is {@link #NO_ROOM}: nothing changed, the caller leaves it in the stream (Aeron's
 * controlled poll ABORT) and Aeron's flow control holds the sender until retained payloads are released.
 * <p>
 * Cost: one copy of each byte from the Aeron term into the store. No allocation. Not thread-safe: the polling thread.
 */
final class ChunkAssembler
{
    /** The chunk was written; more are to come. */
    static final int CONSUMED = 0;

    /** The chunk was the last of its payload: the image's chunk region holds the whole payload. */
    static final int COMPLETE = 1;

    /** No room in the store for the payload now: leave the chunk in the stream and try again later. */
    static final int NO_ROOM = 2;

    /** Not attached yet, or joined in the middle of a payload: the chunk is not this receiver's to read. */
    static final int SKIPPED = 3;

    /** The first chunk's sequence does not follow the sender's previous payload. */
    static final int SEQUENCE_GAP = -1;

    /** The declared payload length is negative or beyond what this receiver's store can ever hold. */
    static final int PAYLOAD_TOO_LONG = -2;

    /** The chunk's bytes run past the payload's declared length. */
    static final int CHUNK_OVERRUNS_PAYLOAD = -3;

    /** The chunk does not follow the previous one of the payload being assembled. */
    static final int CHUNK_OUT_OF_ORDER = -4;

    private final PayloadStore store;

    /**
     * @param store the receiver's own store, which the caller closes.
     */
    ChunkAssembler(final PayloadStore store)
    {
        this.store = store;
    }

    /**
     * Apply one chunk of a sender.
     *
     * @param image         the sender's image.
     * @param sequence      of the chunk's payload.
     * @param payloadLength declared length of the whole payload.
     * @param chunkOffset   offset in the payload of the chunk's first byte.
     * @param buffer        holding the chunk's bytes.
     * @param bytesOffset   of the chunk's bytes in {@code buffer}.
     * @param bytesLength   of the chunk's bytes, validated to lie within the fragment.
     * @return {@link #CONSUMED}, {@link #COMPLETE}, {@link #NO_ROOM}, {@link #SKIPPED}, or a negative rejection.
     */
    int onChunk(
        final SenderImage image,
        final long sequence,
        final long payloadLength,
        final long chunkOffset,
        final DirectBuffer buffer,
        final int bytesOffset,
        final int bytesLength)
    {
        if (!image.isAttached)
        {
            return SKIPPED;
        }

        if (image.isAssembling)
        {
            if (sequence != image.chunkSequence || chunkOffset != image.chunkNextOffset ||
                payloadLength != image.chunkRegion.payloadLength())
            {
                image.abandonChunks();
                return CHUNK_OUT_OF_ORDER;
            }
        }
        else
        {
            if (0 != chunkOffset)
            {
                // The rest of a payload whose first chunk came before the attach, or of one rejected: not ours.
                return sequence == image.discardSequence ? CONSUMED : SKIPPED;
            }
            if (image.hasDelivered && sequence != image.lastDelivered + 1)
            {
                image.discardSequence = sequence;
                return SEQUENCE_GAP;
            }
            if (payloadLength < 0 || payloadLength > store.maxPayloadLength())
            {
                image.onDelivered(sequence);
                image.onReleasedInOrder(sequence, true);
                image.discardSequence = sequence;
                return PAYLOAD_TOO_LONG;
            }
            if (store.tryClaim(payloadLength, image.chunkRegion) <= 0)
            {
                return NO_ROOM;
            }

            // The sequence is taken once the payload is whole (or abandoned), never before: an ack covers only what
            // was delivered, and a sender that saw every payload acked may close and take the rest of a stream with it.
            image.isAssembling = true;
            image.chunkSequence = sequence;
            image.chunkNextOffset = 0;
        }

        if (bytesLength > payloadLength - chunkOffset)
        {
            image.abandonChunks();
            return CHUNK_OVERRUNS_PAYLOAD;
        }

        image.chunkRegion.putBytes(chunkOffset, buffer, bytesOffset, bytesLength);
        image.chunkNextOffset = chunkOffset + bytesLength;
        if (image.chunkNextOffset == payloadLength)
        {
            image.isAssembling = false;
            image.onDelivered(sequence);
            return COMPLETE;
        }

        return CONSUMED;
    }
}
