/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.freight.store.InvalidRegionException.Reason.LENGTH_MISMATCH;
import static io.freight.store.InvalidRegionException.Reason.MISALIGNED;
import static io.freight.store.InvalidRegionException.Reason.NEGATIVE;
import static io.freight.store.InvalidRegionException.Reason.OUT_OF_BOUNDS;
import static io.freight.store.InvalidRegionException.Reason.STALE_GENERATION;
import static io.freight.store.InvalidRegionException.Reason.UNKNOWN_SEGMENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreReaderTest
{
    private static final long RING = 64 * 1024;

    private ShmRoot root;
    private PayloadStore store;
    private StoreReader reader;
    private final Region region = new Region();
    private final PayloadView view = new PayloadView();

    @BeforeEach
    void before() throws IOException
    {
        root = ShmRoot.create();
        store = PayloadStore.create(
            new PayloadStore.Context().root(root.path()).ringLength(RING).maxStoreLength(1024 * 1024).preTouch(false));
        reader = StoreReader.open(root.path(), store.storeId());
        reader.mapSegment(0, StoreSegmentKind.RING, RING, "segment-0");
    }

    @AfterEach
    void after() throws IOException
    {
        reader.close();
        store.close();
        assertTrue(root.isEmpty(), root.listing());
        root.close();
    }

    @Test
    void shouldViewAPayloadTheOwnerWrote()
    {
        final long generation = store.tryClaim(5, region);
        region.putBytes(0, new byte[]{ 10, 20, 30, 40, 50 }, 0, 5);

        reader.view(0, region.regionOffset(), 5, generation, view);

        assertEquals(5, view.payloadLength());
        assertEquals(30, view.getByte(2));
        assertEquals(50, view.buffer().getByte(4));
        assertEquals(region.computeChecksum(), view.computeChecksum());
    }

    @Test
    void shouldRejectADescriptorNamingAnUnknownSegment()
    {
        final long generation = store.tryClaim(5, region);

        assertRejected(UNKNOWN_SEGMENT, 9, region.regionOffset(), 5, generation);
    }

    @Test
    void shouldRejectAnOffsetPastTheSegmentEnd()
    {
        assertRejected(OUT_OF_BOUNDS, 0, RING + RegionHeader.ALIGNMENT, 0, 1);
        assertRejected(OUT_OF_BOUNDS, 0, Long.MAX_VALUE & -RegionHeader.ALIGNMENT, 0, 1);
    }

    @Test
    void shouldRejectARegionHeaderTruncatedByTheSegmentEnd()
    {
        final InvalidRegionException ex = assertRejected(OUT_OF_BOUNDS, 0, RING, 0, 1);

        assertTrue(ex.getMessage().contains("header"), ex.getMessage());
    }

    @Test
    void shouldRejectAPayloadRunningPastTheSegmentEnd()
    {
        assertRejected(OUT_OF_BOUNDS, 0, RING - RegionHeader.LENGTH, 1, 1);
        assertRejected(OUT_OF_BOUNDS, 0, 0, RING - RegionHeader.LENGTH + 1, 1);
    }

    @Test
    void shouldRejectALengthThatOverflowsWhenAddedToTheOffset()
    {
        final long generation = store.tryClaim(5, region);

        assertRejected(OUT_OF_BOUNDS, 0, RegionHeader.ALIGNMENT, Long.MAX_VALUE, generation);
        assertRejected(OUT_OF_BOUNDS, 0, RING - RegionHeader.LENGTH, Long.MAX_VALUE - 1, generation);
    }

    @Test
    void shouldRejectNegativeOffsetsAndLengths()
    {
        assertRejected(NEGATIVE, 0, -RegionHeader.ALIGNMENT, 0, 1);
        assertRejected(NEGATIVE, 0, 0, -1, 1);
        assertRejected(NEGATIVE, 0, Long.MIN_VALUE, 0, 1);
    }

    @Test
    void shouldRejectAMisalignedOffset()
    {
        assertRejected(MISALIGNED, 0, 8, 0, 1);
    }

    @Test
    void shouldRejectAStaleGenerationOnceTheRegionIsRecycled()
    {
        final long first = store.tryClaim(5, region);
        final long offset = region.regionOffset();
        store.release(0, offset, first);
        final long second = store.tryClaim(5, region);
        assertEquals(offset, region.regionOffset());

        final InvalidRegionException ex = assertRejected(STALE_GENERATION, 0, offset, 5, first);

        assertTrue(ex.getMessage().contains(Long.toString(second)), ex.getMessage());
        reader.view(0, offset, 5, second, view);
    }

    @Test
    void shouldRejectAGenerationThatWasNeverClaimed()
    {
        assertRejected(STALE_GENERATION, 0, 0, 0, 0);
    }

    @Test
    void shouldRejectALengthOtherThanTheHeaderRecords()
    {
        final long generation = store.tryClaim(5, region);

        assertRejected(LENGTH_MISMATCH, 0, region.regionOffset(), 6, generation);
    }

    @Test
    void shouldKeepRejectingAfterARejection()
    {
        final long generation = store.tryClaim(5, region);
        assertRejected(MISALIGNED, 0, 1, 5, generation);

        reader.view(0, region.regionOffset(), 5, generation, view);
        assertEquals(5, view.payloadLength());
    }

    @Test
    void shouldRefuseAnnouncedFileNamesThatLeaveTheStoreDirectory()
    {
        for (final String name : new String[]{ "../segment-1", "/etc/passwd", "..", ".", "segment-1/../../x", "" })
        {
            assertThrows(IllegalArgumentException.class, () -> reader.mapSegment(1, StoreSegmentKind.OVERSIZE, 128, name),
                name);
        }
        assertThrows(IllegalArgumentException.class,
            () -> reader.mapSegment(1, StoreSegmentKind.OVERSIZE, 128, "store.meta"));
        assertFalse(reader.isMapped(1));
    }

    @Test
    void shouldRefuseASegmentMissingFromTheSegmentTable()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> reader.mapSegment(3, StoreSegmentKind.OVERSIZE, 1024, "segment-3"));

        assertTrue(ex.getMessage().contains("segment table"), ex.getMessage());
    }

    @Test
    void shouldRefuseASegmentAnnouncedWithAnotherLength()
    {
        final long generation = store.tryClaim(RING * 2, region);
        assertTrue(generation > 0);
        final long length = region.segmentLength();

        assertThrows(IllegalArgumentException.class,
            () -> reader.mapSegment(1, StoreSegmentKind.OVERSIZE, length + RegionHeader.ALIGNMENT, "segment-1"));
        assertThrows(IllegalArgumentException.class,
            () -> reader.mapSegment(1, StoreSegmentKind.RING, length, "segment-1"));
        assertThrows(IllegalArgumentException.class,
            () -> reader.mapSegment(1, StoreSegmentKind.OVERSIZE, length + 1, "segment-1"));

        reader.mapSegment(1, StoreSegmentKind.OVERSIZE, length, "segment-1");
        reader.view(1, 0, RING * 2, generation, view);
    }

    @Test
    void shouldRefuseASymbolicLinkPlantedInTheStoreDirectory() throws IOException
    {
        final long generation = store.tryClaim(RING * 2, region);
        final long length = region.segmentLength();
        final Path outside = root.path().resolve("outside");
        Files.write(outside, new byte[(int)length]);
        final Path segmentFile = store.directory().resolve("segment-1");
        Files.delete(segmentFile);
        Files.createSymbolicLink(segmentFile, outside);

        final UncheckedIOException ex = assertThrows(UncheckedIOException.class,
            () -> reader.mapSegment(1, StoreSegmentKind.OVERSIZE, length, "segment-1"));

        assertFalse(reader.isMapped(1), ex.getMessage());
        Files.delete(segmentFile);
        Files.delete(outside);
        store.release(1, 0, generation);
    }

    @Test
    void shouldRejectViewsOfAnUnmappedSegment()
    {
        final long generation = store.tryClaim(RING * 2, region);
        final long length = region.segmentLength();
        reader.mapSegment(1, StoreSegmentKind.OVERSIZE, length, "segment-1");
        reader.view(1, 0, RING * 2, generation, view);

        assertTrue(reader.unmapSegment(1));

        assertRejected(UNKNOWN_SEGMENT, 1, 0, RING * 2, generation);
        assertThrows(IllegalStateException.class, () -> view.getByte(0), "a view over an unmapped segment is dead");
    }

    @Test
    void shouldRejectViewsOfTheRingOnceUnmappedAndViewItAgainOnceMappedAgain()
    {
        // The ring is found without the segment map's lookup: unmapping it must reach that path too.
        final long generation = store.tryClaim(5, region);
        reader.view(0, region.regionOffset(), 5, generation, view);

        assertTrue(reader.unmapSegment(0));
        assertFalse(reader.isMapped(0));
        assertRejected(UNKNOWN_SEGMENT, 0, region.regionOffset(), 5, generation);
        assertThrows(IllegalStateException.class, () -> view.getByte(0), "a view over an unmapped ring is dead");

        reader.mapSegment(0, StoreSegmentKind.RING, RING, "segment-0");
        reader.view(0, region.regionOffset(), 5, generation, view);
        assertEquals(5, view.payloadLength());
    }

    @Test
    void shouldRefuseToOpenAStoreThatDoesNotExist()
    {
        final UncheckedIOException ex =
            assertThrows(UncheckedIOException.class, () -> StoreReader.open(root.path(), "no-such-store"));

        assertTrue(ex.getMessage().contains("no-such-store"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StoreReader.open(root.path(), "../x"));
    }

    @Test
    void shouldSeeTheOwnerAliveAndItsHeartbeat()
    {
        store.heartbeat(123456789L);

        assertTrue(reader.isOwnerAlive());
        assertEquals(ProcessIdentity.currentPid(), reader.ownerPid());
        assertEquals(123456789L, reader.ownerHeartbeat());
    }

    private InvalidRegionException assertRejected(
        final InvalidRegionException.Reason reason,
        final int segmentId,
        final long offset,
        final long length,
        final long generation)
    {
        final InvalidRegionException ex = assertThrows(
            InvalidRegionException.class, () -> reader.view(segmentId, offset, length, generation, view));
        assertEquals(reason, ex.reason(), ex.getMessage());
        return ex;
    }
}
