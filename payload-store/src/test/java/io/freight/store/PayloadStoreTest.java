/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PayloadStoreTest
{
    private static final long RING = 64 * 1024;

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

    private PayloadStore.Context context()
    {
        return new PayloadStore.Context().root(root.path()).ringLength(RING).maxStoreLength(1024 * 1024);
    }

    @Test
    void shouldCreateStoreDirectoryAndFilesForTheOwnerOnly() throws IOException
    {
        try (PayloadStore store = PayloadStore.create(context()))
        {
            assertEquals("rwx------", permissions(StorePaths.userDirectory(root.path())));
            assertEquals("rwx------", permissions(store.directory()));
            assertEquals("rw-------", permissions(store.directory().resolve(StorePaths.META_FILE_NAME)));
            assertEquals("rw-------", permissions(store.directory().resolve("segment-0")));

            final Region region = new Region();
            store.tryClaim(RING * 2, region);
            assertEquals("rw-------", permissions(store.directory().resolve("segment-1")));
        }
    }

    @Test
    void shouldLeaveNothingUnderTheRootAfterClose() throws IOException
    {
        final PayloadStore store = PayloadStore.create(context());
        final Region region = new Region();
        store.tryClaim(100, region);
        store.tryClaim(RING * 3, region);

        store.close();

        assertTrue(root.isEmpty(), root.listing());
    }

    @Test
    void shouldWriteTheRegionHeaderOnClaim()
    {
        try (PayloadStore store = PayloadStore.create(context()))
        {
            final Region region = new Region();
            final long generation = store.tryClaim(1000, region);

            assertTrue(generation > 0);
            assertEquals(PayloadStore.RING_SEGMENT_ID, region.segmentId());
            assertEquals(0, region.regionOffset() % RegionHeader.ALIGNMENT);
            final MappedSegment ring = store.ringSegment();
            assertEquals(1000, ring.getLong(region.regionOffset() + RegionHeader.PAYLOAD_LENGTH_OFFSET));
            assertEquals(generation, ring.getLong(region.regionOffset() + RegionHeader.GENERATION_OFFSET));
            assertEquals(RegionHeader.NO_SEQUENCE, region.sequence());
            assertFalse(region.hasChecksum());
        }
    }

    @Test
    void shouldRecordSequenceAndChecksumInTheHeader()
    {
        try (PayloadStore store = PayloadStore.create(context()))
        {
            final Region region = new Region();
            store.tryClaim(3, region);
            region.putBytes(0, new byte[]{ 1, 2, 3 }, 0, 3);

            region.sequence(42);
            region.checksum(region.computeChecksum());

            assertEquals(42, region.sequence());
            assertTrue(region.hasChecksum());
            final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(new byte[]{ 1, 2, 3 });
            assertEquals((int)crc.getValue(), region.headerChecksum());
        }
    }

    @Test
    void shouldIncreaseTheGenerationEveryTimeARegionIsReused()
    {
        try (PayloadStore store = PayloadStore.create(context()))
        {
            final Region region = new Region();
            long previous = 0;
            for (int i = 0; i < 10; i++)
            {
                final long generation = store.tryClaim(100, region);
                assertEquals(0, region.regionOffset(), "FIFO claim-release reuses the first region");
                assertTrue(generation > previous);
                store.release(region.segmentId(), region.regionOffset(), generation);
                previous = generation;
            }
        }
    }

    @Test
    void shouldPutPayloadsLongerThanTheRingInAnOversizeSegmentAndKeepItForTheNextThatFits()
    {
        final long[] nowMs = { 1_000 };
        try (PayloadStore store = PayloadStore.create(context().epochClock(() -> nowMs[0])))
        {
            final Region region = new Region();
            final long length = RING + 1;
            final long generation = store.tryClaim(length, region);

            assertTrue(generation > 0);
            assertEquals(1, region.segmentId());
            assertEquals(0, region.regionOffset());
            final Path file = store.directory().resolve("segment-1");
            assertTrue(Files.exists(file));
            final long segmentLength = SegmentPool.segmentLength(RegionHeader.regionLength(length), 1024 * 1024 - RING);
            assertEquals(segmentLength, region.segmentLength());
            assertEquals(RING + segmentLength, store.storeLength());

            store.release(region.segmentId(), region.regionOffset(), generation);
            assertTrue(Files.exists(file), "kept mapped, idle");
            assertEquals(0, store.regionsInFlight());
            assertEquals(0, store.bytesInFlight());
            assertEquals(1, store.idleOversizeSegments());

            final long reused = store.tryClaim(length + 1000, region);
            assertEquals(generation + 1, reused, "the same segment, a new generation");
            assertEquals(1, region.segmentId());
            assertEquals(reused, region.segment().getLong(RegionHeader.GENERATION_OFFSET), "in its region header");
            assertThrows(IllegalStateException.class, () -> store.release(1, 0, generation), "the old claim is gone");
            store.release(1, 0, reused);

            nowMs[0] += TimeUnit.NANOSECONDS.toMillis(store.context().oversizeIdleTimeoutNs()) - 1;
            store.heartbeat(nowMs[0]);
            assertTrue(Files.exists(file), "not idle long enough yet");
            nowMs[0]++;
            store.heartbeat(nowMs[0]);
            assertFalse(Files.exists(file), "given back once idle for the idle timeout");
            assertEquals(RING, store.storeLength());
            assertEquals(0, store.oversizeSegments());
        }
    }

    @Test
    void shouldUnlinkAnOversizeSegmentOnReleaseWhenTheIdleTimeoutIsZero()
    {
        try (PayloadStore store = PayloadStore.create(context().oversizeIdleTimeoutNs(0)))
        {
            final Region region = new Region();
            final long generation = store.tryClaim(RING + 1, region);
            final Path file = store.directory().resolve("segment-1");
            assertTrue(Files.exists(file));

            store.release(region.segmentId(), region.regionOffset(), generation);

            assertFalse(Files.exists(file));
            assertEquals(RING, store.storeLength());
            assertEquals(0, store.regionsInFlight());
        }
    }

    @Test
    void shouldGiveBackAnIdleSegmentOfAnotherSizeWhenRoomIsNeeded()
    {
        try (PayloadStore store = PayloadStore.create(context().maxStoreLength(RING + 300 * 1024)))
        {
            final Region small = new Region();
            final long first = store.tryClaim(100 * 1024, small);
            store.release(small.segmentId(), 0, first);
            assertEquals(1, store.idleOversizeSegments());

            final Region large = new Region();
            assertTrue(store.tryClaim(250 * 1024, large) > 0, "the idle 100 KiB segment makes room");
            assertEquals(2, large.segmentId(), "a new segment: the idle one was too short");
            assertFalse(Files.exists(store.directory().resolve("segment-1")));
            assertEquals(1, store.oversizeSegments());
            assertTrue(store.storeLength() <= store.context().maxStoreLength());
        }
    }

    @Test
    void shouldSayNoRoomWhenOversizeSegmentsWouldExceedTheStoreMaximum()
    {
        try (PayloadStore store = PayloadStore.create(context().maxStoreLength(RING + 300 * 1024)))
        {
            final Region region = new Region();
            final long first = store.tryClaim(200 * 1024, region);
            assertTrue(first > 0);

            assertEquals(PayloadStore.NO_ROOM, store.tryClaim(200 * 1024, new Region()));
            assertTrue(store.storeLength() <= store.context().maxStoreLength());

            store.release(region.segmentId(), 0, first);
            assertTrue(store.tryClaim(200 * 1024, region) > 0);
        }
    }

    @Test
    void shouldWaitForItsOwnSegmentInFlightRatherThanGiveBackOneOfAnotherSize()
    {
        try (PayloadStore store = PayloadStore.create(context().maxStoreLength(RING + 400 * 1024)))
        {
            final Region small = new Region();
            final long smallGeneration = store.tryClaim(100 * 1024, small);
            store.release(small.segmentId(), 0, smallGeneration);
            final Region large = new Region();
            assertTrue(store.tryClaim(250 * 1024, large) > 0);

            assertEquals(PayloadStore.NO_ROOM, store.tryClaim(250 * 1024, new Region()),
                "the large one in flight comes back: the idle small one is kept");
            assertEquals(2, store.oversizeSegments());
            assertTrue(Files.exists(store.directory().resolve("segment-" + small.segmentId())));
        }
    }

    @Test
    void shouldRefuseAPayloadLargerThanTheStoreCouldEverHold()
    {
        try (PayloadStore store = PayloadStore.create(context()))
        {
            final IllegalArgumentException ex = assertThrows(
                IllegalArgumentException.class, () -> store.tryClaim(2 * 1024 * 1024, new Region()));

            assertTrue(ex.getMessage().contains("2097152"), ex.getMessage());
            assertTrue(ex.getMessage().contains(PayloadStore.Context.MAX_STORE_LENGTH_PROP_NAME), ex.getMessage());
            assertThrows(IllegalArgumentException.class, () -> store.tryClaim(-1, new Region()));
            assertTrue(store.tryClaim(10, new Region()) > 0, "the store stays usable after a refused claim");
        }
    }

    @Test
    void shouldLimitOversizeSegmentsInFlight()
    {
        try (PayloadStore store = PayloadStore.create(context().maxOversizeSegments(1)))
        {
            assertTrue(store.tryClaim(RING * 2, new Region()) > 0);
            assertEquals(PayloadStore.TOO_MANY_REGIONS, store.tryClaim(RING * 2, new Region()));
        }
    }

    @Test
    void shouldRejectAReleaseOfARegionNotInFlight()
    {
        try (PayloadStore store = PayloadStore.create(context()))
        {
            final Region region = new Region();
            final long generation = store.tryClaim(100, region);
            store.release(0, region.regionOffset(), generation);

            assertThrows(IllegalStateException.class, () -> store.release(0, region.regionOffset(), generation));
            assertThrows(IllegalStateException.class, () -> store.release(7, 0, generation));
        }
    }

    @Test
    void shouldFailClearlyWhenUsedAfterClose()
    {
        final PayloadStore store = PayloadStore.create(context());
        store.close();

        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> store.tryClaim(10, new Region()));
        assertTrue(ex.getMessage().contains("closed"));
        store.close();
    }

    @Test
    void shouldWriteAndReadBackThroughEveryPayloadType()
    {
        try (PayloadStore store = PayloadStore.create(context()))
        {
            final Region region = new Region();
            store.tryClaim(12, region);

            region.putBytes(0, new byte[]{ 1, 2, 3, 4 }, 0, 4);
            region.putBytes(4, java.nio.ByteBuffer.wrap(new byte[]{ 5, 6, 7, 8 }).asReadOnlyBuffer(), 0, 4);
            region.putBytes(8, new UnsafeBuffer(new byte[]{ 9, 10, 11, 12 }), 0, 4);

            final byte[] out = new byte[12];
            region.getBytes(0, out, 0, 12);
            assertEquals("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]", java.util.Arrays.toString(out));
            assertEquals(12, region.buffer().getByte(11));
            assertThrows(IndexOutOfBoundsException.class, () -> region.putBytes(9, new byte[4], 0, 4));
        }
    }

    @Test
    void shouldRefuseARootThatOthersMayWriteWithoutTheStickyBit() throws IOException
    {
        final Path open = Files.createDirectory(root.path().resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> PayloadStore.create(context().root(open)));

        assertTrue(ex.getMessage().contains("sticky"), ex.getMessage());
    }

    @Test
    void shouldRefuseAUserDirectoryOpenToOthers() throws IOException
    {
        final Path userDirectory = Files.createDirectory(StorePaths.userDirectory(root.path()));
        Files.setPosixFilePermissions(userDirectory, PosixFilePermissions.fromString("rwxr-xr-x"));

        final Exception ex = assertThrows(Exception.class, () -> PayloadStore.create(context()));

        assertTrue(ex.getMessage().contains("cannot create store") && ex.getCause().getMessage().contains("0700"),
            ex.getMessage() + " / " + ex.getCause());
    }

    @Test
    void shouldRefuseAUserDirectoryThatIsASymbolicLink() throws IOException
    {
        final Path elsewhere = Files.createDirectory(root.path().resolve("elsewhere"));
        Files.createSymbolicLink(StorePaths.userDirectory(root.path()), elsewhere);

        assertThrows(Exception.class, () -> PayloadStore.create(context()));
        try (Stream<Path> files = Files.list(elsewhere))
        {
            assertEquals(0, files.count(), "nothing was created through the link");
        }
    }

    @Test
    void shouldNameThePropertyOfABadSetting()
    {
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> context().ringLength(100).conclude());
        assertTrue(ex.getMessage().contains(PayloadStore.Context.RING_LENGTH_PROP_NAME), ex.getMessage());

        final IllegalArgumentException regions = assertThrows(
            IllegalArgumentException.class, () -> context().maxRegionsInFlight(1000).conclude());
        assertTrue(regions.getMessage().contains(PayloadStore.Context.MAX_REGIONS_PROP_NAME), regions.getMessage());

        assertThrows(IllegalArgumentException.class, () -> context().storeId("../escape").conclude());
    }

    private static String permissions(final Path path) throws IOException
    {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, NOFOLLOW_LINKS));
    }
}
