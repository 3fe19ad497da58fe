/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 3 GiB payload through the store: past Agrona's and FileChannel.map's 2 GiB limits, across 1 GiB mapped chunks.
 * Tagged "large" (3 GiB of /dev/shm for a few seconds); it runs in the default build and in CI.
 */
@Tag("large")
class LargePayloadTest
{
    private static final long GIB = 1024L * 1024 * 1024;
    private static final long LENGTH = 3 * GIB + 4096 + 8;

    private ShmRoot root;

    @BeforeEach
    void before() throws IOException
    {
        root = ShmRoot.create();
    }

    @AfterEach
    void after() throws IOException
    {
        root.close();
    }

    @Test
    void shouldRoundTripA3GiBPayloadThroughAnOversizeSegment() throws IOException
    {
        try (PayloadStore store = PayloadStore.create(new PayloadStore.Context()
            .root(root.path()).ringLength(1024 * 1024).maxStoreLength(4 * GIB).preTouch(false)))
        {
            final Region region = new Region();
            final long generation = store.tryClaim(LENGTH, region);
            assertTrue(generation > 0);
            assertFalse(region.isContiguous(), "3 GiB cannot be one buffer");
            assertThrows(IllegalStateException.class, region::buffer);

            final PatternChannel source = new PatternChannel(LENGTH);
            assertEquals(LENGTH, region.transferFrom(source, 0, LENGTH));
            final int writtenChecksum = source.checksum();
            assertEquals(writtenChecksum, region.computeChecksum());
            region.checksum(writtenChecksum);

            try (StoreReader reader = StoreReader.open(root.path(), store.storeId()))
            {
                final long segmentLength = region.segmentLength();
                reader.mapSegment(region.segmentId(), StoreSegmentKind.OVERSIZE, segmentLength, "segment-1");
                final PayloadView view = reader.view(region.segmentId(), 0, LENGTH, generation, new PayloadView());

                assertEquals(LENGTH, view.payloadLength());
                assertEquals(writtenChecksum, view.headerChecksum());
                assertEquals(writtenChecksum, view.computeChecksum());

                final ChecksumChannel sink = new ChecksumChannel();
                assertEquals(LENGTH, view.transferTo(0, LENGTH, sink));
                assertEquals(writtenChecksum, sink.checksum());

                // Byte-exact reads straddling each 1 GiB chunk boundary of the mapping (payload starts 64 bytes in).
                for (long boundary = GIB; boundary < segmentLength; boundary += GIB)
                {
                    final long index = boundary - RegionHeader.LENGTH - 100;
                    final byte[] bytes = new byte[200];
                    view.getBytes(index, bytes, 0, bytes.length);
                    for (int i = 0; i < bytes.length; i++)
                    {
                        assertEquals(PatternChannel.byteAt(index + i), bytes[i], "byte " + (index + i));
                    }
                }
                assertEquals(PatternChannel.byteAt(LENGTH - 1), view.getByte(LENGTH - 1));
            }

            final Path segmentFile = store.directory().resolve("segment-1");
            store.release(region.segmentId(), 0, generation);
            assertTrue(Files.exists(segmentFile), "kept, idle, for the next payload that fits");
            assertEquals(generation + 1, store.tryClaim(LENGTH - GIB, region), "a shorter payload reuses it");
            assertEquals(1, region.segmentId());
            store.release(region.segmentId(), 0, generation + 1);
            store.reclaimIdle(System.currentTimeMillis() +
                java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(store.context().oversizeIdleTimeoutNs()));
            assertFalse(Files.exists(segmentFile), "the idle oversize segment is unlinked after its idle time");
        }

        assertTrue(root.isEmpty(), root.listing());
    }

    @Test
    void shouldKeepPayloadsLongerThanAChunkInARingMappedInChunks() throws IOException
    {
        final long ringLength = 3 * GIB;
        final long payloadLength = GIB;
        try (PayloadStore store = PayloadStore.create(new PayloadStore.Context()
            .root(root.path()).ringLength(ringLength).maxStoreLength(ringLength).preTouch(false)))
        {
            assertEquals(ringLength - RegionHeader.LENGTH, store.maxRingPayloadLength());

            final Region first = new Region();
            final Region second = new Region();
            final long firstGeneration = store.tryClaim(payloadLength, first);
            final long secondGeneration = store.tryClaim(payloadLength, second);
            assertTrue(firstGeneration > 0 && secondGeneration > 0, "two 1 GiB payloads in flight in a 3 GiB ring");
            assertEquals(PayloadStore.RING_SEGMENT_ID, first.segmentId());
            assertEquals(PayloadStore.RING_SEGMENT_ID, second.segmentId());
            assertEquals(0, first.regionOffset());
            assertEquals(
                RegionHeader.regionLength(payloadLength), second.regionOffset(), "no skip to a chunk boundary");
            assertFalse(second.isContiguous(), "the second one crosses the chunk boundary at 2 GiB");
            assertThrows(IllegalStateException.class, second::buffer);

            // Only a window around each chunk boundary inside the payload is written, so the sparse ring stays small.
            final long boundaryIndex = 2 * GIB - second.regionOffset() - RegionHeader.LENGTH;
            final byte[] window = new byte[256];
            final long windowStart = boundaryIndex - window.length / 2;
            for (int i = 0; i < window.length; i++)
            {
                window[i] = PatternChannel.byteAt(windowStart + i);
            }
            second.putBytes(windowStart, window, 0, window.length);
            second.putByte(payloadLength - 1, PatternChannel.byteAt(payloadLength - 1));

            try (StoreReader reader = StoreReader.open(root.path(), store.storeId()))
            {
                reader.mapSegment(PayloadStore.RING_SEGMENT_ID, StoreSegmentKind.RING, ringLength, "segment-0");
                final PayloadView view = reader.view(
                    PayloadStore.RING_SEGMENT_ID, second.regionOffset(), payloadLength, secondGeneration,
                    new PayloadView());
                assertFalse(view.isContiguous());
                final byte[] read = new byte[window.length];
                view.getBytes(windowStart, read, 0, read.length);
                for (int i = 0; i < read.length; i++)
                {
                    assertEquals(PatternChannel.byteAt(windowStart + i), read[i], "byte " + (windowStart + i));
                }
                assertEquals(PatternChannel.byteAt(payloadLength - 1), view.getByte(payloadLength - 1));
            }

            store.release(PayloadStore.RING_SEGMENT_ID, first.regionOffset(), firstGeneration);
            store.release(PayloadStore.RING_SEGMENT_ID, second.regionOffset(), secondGeneration);
            assertEquals(0, store.regionsInFlight());
        }

        assertTrue(root.isEmpty(), root.listing());
    }

    /**
     * An endless-looking source of bytes where byte i is a pure function of i, so any range can be checked later.
     */
    static final class PatternChannel implements ReadableByteChannel
    {
        private final long length;
        private final CRC32C crc = new CRC32C();
        private long position;

        PatternChannel(final long length)
        {
            this.length = length;
        }

        static byte byteAt(final long index)
        {
            return (byte)(word(index >>> 3) >>> ((index & 7) * 8));
        }

        static long word(final long wordIndex)
        {
            long z = wordIndex * 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            return z ^ (z >>> 31);
        }

        int checksum()
        {
            return (int)crc.getValue();
        }

        public int read(final ByteBuffer dst)
        {
            if (position == length)
            {
                return -1;
            }

            final int start = dst.position();
            dst.order(ByteOrder.LITTLE_ENDIAN);
            while (dst.hasRemaining() && position < length)
            {
                if ((position & 7) == 0 && dst.remaining() >= 8 && length - position >= 8)
                {
                    dst.putLong(word(position >>> 3));
                    position += 8;
                }
                else
                {
                    dst.put(byteAt(position++));
                }
            }

            final int count = dst.position() - start;
            crc.update(dst.duplicate().position(start).limit(start + count));
            return count;
        }

        public boolean isOpen()
        {
            return true;
        }

        public void close()
        {
        }
    }

    /**
     * A sink that only checksums what it is given.
     */
    static final class ChecksumChannel implements WritableByteChannel
    {
        private final CRC32C crc = new CRC32C();

        int checksum()
        {
            return (int)crc.getValue();
        }

        public int write(final ByteBuffer src)
        {
            final int count = src.remaining();
            crc.update(src);
            return count;
        }

        public boolean isOpen()
        {
            return true;
        }

        public void close()
        {
        }
    }
}
