/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.PayloadStore;
import io.freight.store.Region;
import io.freight.store.ShmRoot;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The receiver's side of network mode, one rule per test, on a real store under /dev/shm.
 */
class ChunkAssemblerTest
{
    private static final int RING_LENGTH = 1024 * 1024;

    private ShmRoot root;
    private PayloadStore store;
    private ChunkAssembler assembler;
    private SenderImage image;
    private final UnsafeBuffer bytes = new UnsafeBuffer(new byte[64 * 1024]);

    @BeforeEach
    void before() throws Exception
    {
        root = ShmRoot.create();
        store = PayloadStore.create(new PayloadStore.Context().root(root.path()).ringLength(RING_LENGTH)
            .maxStoreLength(RING_LENGTH).preTouch(false));
        assembler = new ChunkAssembler(store);
        image = new SenderImage(7, store, 0);
        image.isAttached = true;
        for (int i = 0; i < bytes.capacity(); i++)
        {
            bytes.putByte(i, (byte)i);
        }
    }

    @AfterEach
    void after() throws Exception
    {
        store.close();
        root.close();
    }

    @Test
    void shouldWriteChunksInOrderAndCompleteAtTheLastByte()
    {
        assertEquals(ChunkAssembler.CONSUMED, chunk(0, 10_000, 0, 4000));
        assertEquals(ChunkAssembler.CONSUMED, chunk(0, 10_000, 4000, 4000));
        assertEquals(ChunkAssembler.COMPLETE, chunk(0, 10_000, 8000, 2000));

        final Region region = image.chunkRegion;
        assertEquals(10_000, region.payloadLength());
        for (int i = 0; i < 10_000; i++)
        {
            assertEquals((byte)(i % 4000), region.getByte(i), "byte " + i); // each chunk was bytes[0, length)
        }
        assertEquals(0, image.lastDelivered);
    }

    @Test
    void shouldNotCountAPayloadAsDeliveredWhileItsChunksAreStillComing()
    {
        // An ack covers what the receiver has: acking a half-arrived payload let a sender close under it.
        assertEquals(ChunkAssembler.CONSUMED, chunk(0, 10_000, 0, 4000));

        assertFalse(image.hasDelivered, "taken at its first chunk");
        assertEquals(-1, image.cumulative());
    }

    @Test
    void shouldRejectADeclaredLengthTheStoreCanNeverHoldAndTakeItsSequence()
    {
        assertEquals(ChunkAssembler.PAYLOAD_TOO_LONG, chunk(0, store.maxPayloadLength() + 1, 0, 100));
        assertEquals(ChunkAssembler.PAYLOAD_TOO_LONG, chunk(1, -1, 0, 0));

        assertEquals(0, store.regionsInFlight());
        assertEquals(1, image.lastDelivered, "both sequences taken, so the stream goes on");
        assertEquals(ChunkAssembler.CONSUMED, chunk(1, 500, 100, 100), "the rest of a rejected payload is dropped");
        assertEquals(ChunkAssembler.COMPLETE, chunk(2, 100, 0, 100));
    }

    @Test
    void shouldRejectAChunkThatOverrunsItsPayloadAndGiveTheRegionBack()
    {
        assertEquals(ChunkAssembler.CONSUMED, chunk(0, 5000, 0, 4000));
        assertEquals(ChunkAssembler.CHUNK_OVERRUNS_PAYLOAD, chunk(0, 5000, 4000, 1001));

        assertFalse(image.isAssembling);
        assertEquals(0, store.regionsInFlight(), "region given back");
        assertEquals(0, image.lastDelivered, "sequence taken");
    }

    @Test
    void shouldRejectAChunkThatDoesNotFollowThePreviousOne()
    {
        assertEquals(ChunkAssembler.CONSUMED, chunk(0, 9000, 0, 3000));
        assertEquals(ChunkAssembler.CHUNK_OUT_OF_ORDER, chunk(0, 9000, 6000, 3000), "a chunk skipped");
        assertEquals(0, store.regionsInFlight());

        assertEquals(ChunkAssembler.CONSUMED, chunk(1, 9000, 0, 3000));
        assertEquals(ChunkAssembler.CHUNK_OUT_OF_ORDER, chunk(1, 9001, 3000, 3000), "another declared length");
        assertEquals(ChunkAssembler.CONSUMED, chunk(2, 9000, 0, 3000));
        assertEquals(ChunkAssembler.CHUNK_OUT_OF_ORDER, chunk(3, 9000, 3000, 3000), "another sequence");
        assertEquals(0, store.regionsInFlight());
        assertEquals(2, image.lastDelivered);
    }

    @Test
    void shouldLeaveAChunkInTheStreamWhenTheStoreHasNoRoomAndChangeNothing()
    {
        final Region held = new Region();
        assertTrue(store.tryClaim(RING_LENGTH - 64, held) > 0);

        assertEquals(ChunkAssembler.NO_ROOM, chunk(0, 10_000, 0, 4000));
        assertFalse(image.isAssembling);
        assertFalse(image.hasDelivered);

        store.release(held.segmentId(), held.regionOffset(), held.generation());
        assertEquals(ChunkAssembler.CONSUMED, chunk(0, 10_000, 0, 4000), "the same chunk, read again");
    }

    @Test
    void shouldSkipChunksBeforeTheAttachAndTheRestOfAPayloadJoinedHalfway()
    {
        image.isAttached = false;
        assertEquals(ChunkAssembler.SKIPPED, chunk(0, 9000, 0, 3000));
        image.isAttached = true;
        assertEquals(ChunkAssembler.SKIPPED, chunk(0, 9000, 3000, 3000));
        assertEquals(0, store.regionsInFlight());
        assertEquals(ChunkAssembler.COMPLETE, chunk(1, 10, 0, 10), "the next whole payload is delivered");
    }

    @Test
    void shouldCountAFirstChunkThatSkipsASequenceAsAGap()
    {
        assertEquals(ChunkAssembler.COMPLETE, chunk(0, 10, 0, 10));
        assertEquals(ChunkAssembler.SEQUENCE_GAP, chunk(2, 10, 0, 10));
        assertEquals(0, image.lastDelivered);
        assertEquals(ChunkAssembler.COMPLETE, chunk(1, 10, 0, 10));
    }

    private int chunk(final long sequence, final long payloadLength, final long offset, final int length)
    {
        return assembler.onChunk(image, sequence, payloadLength, offset, bytes, 0, length);
    }
}
