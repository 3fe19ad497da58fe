/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.interop;

import io.freight.codecs.MessageHeaderDecoder;
import io.freight.codecs.PayloadChunkDecoder;
import io.freight.codecs.SegmentKind;
import io.freight.schema.MessageValidator;
import io.freight.schema.ProtocolException;
import io.freight.store.InvalidRegionException;
import io.freight.store.PayloadStore;
import io.freight.store.PayloadView;
import io.freight.store.Region;
import io.freight.store.RegionHeader;
import io.freight.store.ShmRoot;
import io.freight.store.StoreMetaFile;
import io.freight.store.StorePaths;
import io.freight.store.StoreReader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The C++ consumer as a receiver of a live store that a Java sender wrote: a real {@link PayloadStore} under a private
 * root in /dev/shm, the sender's data stream (StoreAnnounce, SegmentAnnounce, PayloadDescriptor, InlinePayload)
 * encoded with the generated Java codecs and handed to the C++ process as a file. The C++ side follows
 * docs/PROTOCOL.md alone: it must read every payload byte-identical (CRC32C checked) and reject every hostile
 * message, announcement and descriptor the way the Java reader does, before reading, and go on with the stream.
 * <p>
 * Every rejection the C++ consumer reports is also put to the Java {@link StoreReader} or {@link MessageValidator},
 * which must reject it for the same reason.
 */
class StoreConsumerInteropTest
{
    private static final long RING_LENGTH = 1024 * 1024;
    private static final long MAX_STORE_LENGTH = 16 * 1024 * 1024;
    private static final long OVERSIZE_PAYLOAD_LENGTH = 3 * RING_LENGTH + 5;

    @TempDir
    Path scratch;

    private final SplittableRandom random = new SplittableRandom(6);
    private final Region region = new Region();
    private final MessageLog log = new MessageLog();
    private ShmRoot root;
    private PayloadStore store;
    private StoreReader javaReader;
    private long nextSequence;

    /**
     * A payload the sender stored and may publish.
     */
    private record Stored(
        long sequence, int segmentId, long regionOffset, long length, long generation, int crc32c, long segmentLength)
    {
    }

    @BeforeEach
    void createStore() throws IOException
    {
        root = ShmRoot.create();
        store = PayloadStore.create(new PayloadStore.Context()
            .root(root.path())
            .ringLength(RING_LENGTH)
            .maxStoreLength(MAX_STORE_LENGTH)
            .maxOversizeSegments(4)
            .preTouch(false));
    }

    @AfterEach
    void closeStore() throws IOException
    {
        if (null != javaReader)
        {
            javaReader.close();
        }
        store.close();
        assertTrue(root.isEmpty(), "left under the store root:" + root.listing());
        root.close();
    }

    @Test
    void shouldReadEveryPayloadAJavaSenderStoredWithTheCrc32cJavaComputed() throws Exception
    {
        announceStoreAndRing();
        final long[] lengths = { 0, 1, 7, 63, 64, 4109, 100_003, OVERSIZE_PAYLOAD_LENGTH, 65 };
        final List<Stored> published = new ArrayList<>();
        int oversizeDescriptorIndex = -1;
        for (final long length : lengths)
        {
            published.add(publish(storePayload(length)));
            oversizeDescriptorIndex = OVERSIZE_PAYLOAD_LENGTH == length ? log.count() - 1 : oversizeDescriptorIndex;
        }
        final byte[] inline = randomBytes(100);
        final long inlineSequence = nextSequence++;
        log.inlinePayload(inlineSequence, inline);

        final CppProgram.Result result = consume();

        assertEquals(CppProgram.EXIT_OK, result.exitCode(), result::describe);
        assertEquals(List.of(), result.lines("REJECT"), result::describe);
        final List<Map<String, String>> payloads = result.lines("PAYLOAD");
        assertEquals(published.size(), payloads.size(), result::describe);
        for (int i = 0; i < published.size(); i++)
        {
            final Stored expected = published.get(i);
            final Map<String, String> line = payloads.get(i);
            assertEquals(Long.toString(expected.sequence()), line.get("sequence"));
            assertEquals(Integer.toString(expected.segmentId()), line.get("segmentId"));
            assertEquals(Long.toString(expected.regionOffset()), line.get("regionOffset"));
            assertEquals(Long.toString(expected.length()), line.get("length"));
            assertEquals(Long.toString(expected.generation()), line.get("generation"));
            assertEquals(Long.toString(expected.sequence()), line.get("headerSequence"));
            assertEquals(Integer.toUnsignedString(expected.crc32c()), line.get("crc32c"), "sequence " + i);
            assertEquals("verified", line.get("checksum"));
            assertEquals(Integer.toUnsignedString(expected.crc32c()), line.get("headerChecksum"));
        }

        final Stored oversize = published.get(7);
        assertTrue(oversize.segmentId() > 0, "the largest payload must have taken an oversize segment");
        assertEquals(
            List.of(Map.of(
                "kind", "UNMAP",
                "index", Integer.toString(oversizeDescriptorIndex),
                "segmentId", Integer.toString(oversize.segmentId()))),
            result.lines("UNMAP"),
            result::describe);

        final Map<String, String> inlineLine = result.lines("INLINE").get(0);
        assertEquals(Long.toString(inlineSequence), inlineLine.get("sequence"));
        assertEquals(Integer.toUnsignedString(crc32c(inline)), inlineLine.get("crc32c"));
        assertEquals("10", result.lines("SUMMARY").get(0).get("payloads"));

        for (final Stored stored : published)
        {
            store.release(stored.segmentId(), stored.regionOffset(), stored.generation());
        }
        assertEquals(0, store.regionsInFlight());
    }

    @Test
    void shouldRejectDescriptorsOutsideTheSegmentWithoutReadingAndGoOn() throws Exception
    {
        announceStoreAndRing();
        final Stored stored = storePayload(1000);
        final long[][] hostile = {
            // regionOffset, payloadLength: each is refused before any byte is read; reading would fault or leak.
            { RING_LENGTH, 0 },
            { RING_LENGTH - RegionHeader.LENGTH, 1 },
            { stored.regionOffset(), RING_LENGTH },
            { Long.MAX_VALUE & -RegionHeader.ALIGNMENT, 0 },
            { RegionHeader.ALIGNMENT, Long.MAX_VALUE },
            { -RegionHeader.ALIGNMENT, 0 },
            { stored.regionOffset(), -1 },
            { stored.regionOffset() + 8, stored.length() },
        };
        for (final long[] descriptor : hostile)
        {
            log.descriptor(stored.sequence(), 0, descriptor[0], descriptor[1], stored.generation(), stored.crc32c());
        }
        publish(stored);

        final CppProgram.Result result = consume();

        assertEquals(CppProgram.EXIT_OK, result.exitCode(), result::describe);
        final List<String> expectedReasons = List.of(
            "OUT_OF_BOUNDS", "OUT_OF_BOUNDS", "OUT_OF_BOUNDS", "OUT_OF_BOUNDS", "OUT_OF_BOUNDS",
            "NEGATIVE", "NEGATIVE", "MISALIGNED");
        assertEquals(expectedReasons, reasons(result), result::describe);
        for (int i = 0; i < hostile.length; i++)
        {
            assertEquals(expectedReasons.get(i), javaReason(0, hostile[i][0], hostile[i][1], stored.generation()));
        }
        assertOnlyPayloadIs(result, stored);
    }

    @Test
    void shouldRejectAStaleDescriptorOfARecycledRegionAndALengthTheHeaderDoesNotHold() throws Exception
    {
        announceStoreAndRing();
        final Stored recycled = storePayload(1000);
        store.release(0, recycled.regionOffset(), recycled.generation());
        final Stored current = storePayload(2000);
        assertEquals(recycled.regionOffset(), current.regionOffset(), "the empty ring starts again at offset 0");

        log.descriptor(recycled.sequence(), 0, recycled.regionOffset(), recycled.length(), recycled.generation(), null);
        log.descriptor(current.sequence(), 0, current.regionOffset(), current.length(), 0, null);
        log.descriptor(current.sequence(), 0, current.regionOffset(), current.length(), current.generation() + 1, null);
        log.descriptor(current.sequence(), 0, current.regionOffset(), current.length() - 1, current.generation(), null);
        publish(current);

        final CppProgram.Result result = consume();

        assertEquals(CppProgram.EXIT_OK, result.exitCode(), result::describe);
        assertEquals(List.of("STALE_GENERATION", "STALE_GENERATION", "STALE_GENERATION", "LENGTH_MISMATCH"),
            reasons(result), result::describe);
        assertEquals(
            "STALE_GENERATION", javaReason(0, recycled.regionOffset(), recycled.length(), recycled.generation()));
        assertEquals(
            "LENGTH_MISMATCH", javaReason(0, current.regionOffset(), current.length() - 1, current.generation()));
        assertOnlyPayloadIs(result, current);
    }

    @Test
    void shouldRejectDescriptorsNamingASegmentNotAnnouncedOrAlreadyReleased() throws Exception
    {
        announceStoreAndRing();
        final Stored oversize = storePayload(OVERSIZE_PAYLOAD_LENGTH);
        log.descriptor(0, 42, 0, 0, 1, null);
        log.descriptor(oversize.sequence(), oversize.segmentId(), 0, oversize.length(), oversize.generation(), null);
        publish(oversize);
        log.descriptor(oversize.sequence(), oversize.segmentId(), 0, oversize.length(), oversize.generation(), null);

        final CppProgram.Result result = consume();

        assertEquals(CppProgram.EXIT_OK, result.exitCode(), result::describe);
        assertEquals(List.of("UNKNOWN_SEGMENT", "UNKNOWN_SEGMENT", "UNKNOWN_SEGMENT"), reasons(result),
            result::describe);
        assertEquals("UNKNOWN_SEGMENT", javaReason(42, 0, 0, 1));
        assertEquals("UNKNOWN_SEGMENT", javaReason(oversize.segmentId(), 0, oversize.length(), oversize.generation()));
        assertOnlyPayloadIs(result, oversize);
    }

    @Test
    void shouldRefuseSegmentAnnouncementsWhoseFileNameIsNotTheSegmentsOwn() throws Exception
    {
        announceStoreAndRing();
        final Stored oversize = storePayload(OVERSIZE_PAYLOAD_LENGTH);
        final int id = oversize.segmentId();
        final long length = oversize.segmentLength();
        final String[] hostileNames = {
            "../" + StorePaths.segmentFileName(id),
            StorePaths.segmentFileName(id) + "/../" + StorePaths.segmentFileName(id),
            store.directory().resolve(StorePaths.segmentFileName(id)).toString(),
            StorePaths.segmentFileName(id + 1),
            "segment-0" + id,
            StorePaths.META_FILE_NAME,
            "",
        };
        for (final String name : hostileNames)
        {
            log.segmentAnnounce(id, SegmentKind.OVERSIZE, length, name);
        }
        log.descriptor(oversize.sequence(), id, 0, oversize.length(), oversize.generation(), oversize.crc32c());
        publish(oversize);

        final CppProgram.Result result = consume();

        assertEquals(CppProgram.EXIT_OK, result.exitCode(), result::describe);
        final List<String> expected = new ArrayList<>();
        for (final String name : hostileNames)
        {
            expected.add("BAD_SEGMENT");
            assertThrows(IllegalArgumentException.class,
                () -> javaReader().mapSegment(id, io.freight.store.StoreSegmentKind.OVERSIZE, length, name), name);
        }
        expected.add("UNKNOWN_SEGMENT");
        assertEquals(expected, reasons(result), result::describe);
        assertOnlyPayloadIs(result, oversize);
    }

    @Test
    void shouldRefuseASegmentAnnouncedWithAKindOrLengthTheSegmentTableDoesNotList() throws Exception
    {
        final SegmentKind[] kinds = { SegmentKind.OVERSIZE, SegmentKind.RING, SegmentKind.RING, SegmentKind.RING };
        final long[] lengths = { RING_LENGTH, RING_LENGTH * 2, RING_LENGTH - RegionHeader.ALIGNMENT, RING_LENGTH + 1 };
        log.storeAnnounce(ProcessHandle.current().pid(), StoreMetaFile.LAYOUT_VERSION, store.storeId());
        for (int i = 0; i < kinds.length; i++)
        {
            log.segmentAnnounce(0, kinds[i], lengths[i], "segment-0");
        }
        log.segmentAnnounce(0, SegmentKind.RING, RING_LENGTH, "segment-0");
        final Stored stored = publish(storePayload(10));

        final CppProgram.Result result = consume();

        assertEquals(CppProgram.EXIT_OK, result.exitCode(), result::describe);
        assertEquals(Collections.nCopies(kinds.length, "BAD_SEGMENT"), reasons(result), result::describe);
        try (StoreReader reader = StoreReader.open(root.path(), store.storeId()))
        {
            for (int i = 0; i < kinds.length; i++)
            {
                final int kind = kinds[i].value();
                final long length = lengths[i];
                assertThrows(IllegalArgumentException.class, () -> reader.mapSegment(0, kind, length, "segment-0"));
            }
        }
        assertOnlyPayloadIs(result, stored);
    }

    @Test
    void shouldRefuseSegmentFilesThatAreLinksDirectoriesFifosOrShorterThanAnnounced() throws Exception
    {
        final String forgedId = "forged-store";
        final Path directory = Files.createDirectory(
            StorePaths.storeDirectory(root.path(), forgedId),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        final StoreMetaFile meta = StoreMetaFile.create(
            directory.resolve(StorePaths.META_FILE_NAME), 8, ProcessHandle.current().pid(), 0, 4096, 1 << 20, 0);
        try
        {
            final Path segment0 = Files.write(directory.resolve("segment-0"), new byte[4096]);
            Files.setPosixFilePermissions(segment0, PosixFilePermissions.fromString("rw-------"));
            Files.createSymbolicLink(directory.resolve("segment-1"), store.ringSegment().file());
            Files.write(directory.resolve("segment-2"), new byte[4096]);
            Files.createDirectory(directory.resolve("segment-3"));
            mkfifo(directory.resolve("segment-4"));
            meta.addSegment(0, io.freight.store.StoreSegmentKind.RING, 4096);
            meta.addSegment(1, io.freight.store.StoreSegmentKind.OVERSIZE, 4096);
            meta.addSegment(2, io.freight.store.StoreSegmentKind.OVERSIZE, 8192);
            meta.addSegment(3, io.freight.store.StoreSegmentKind.OVERSIZE, 4096);
            meta.addSegment(4, io.freight.store.StoreSegmentKind.OVERSIZE, 4096);
            meta.signalReady();

            log.storeAnnounce(ProcessHandle.current().pid(), StoreMetaFile.LAYOUT_VERSION, forgedId)
                .segmentAnnounce(1, SegmentKind.OVERSIZE, 4096, "segment-1")
                .segmentAnnounce(2, SegmentKind.OVERSIZE, 8192, "segment-2")
                .segmentAnnounce(3, SegmentKind.OVERSIZE, 4096, "segment-3")
                .segmentAnnounce(4, SegmentKind.OVERSIZE, 4096, "segment-4")
                .segmentAnnounce(0, SegmentKind.RING, 4096, "segment-0");

            final Path stream = log.writeTo(scratch.resolve("stream"));
            final CppProgram.Result result =
                CppProgram.run(scratch, "consume", root.path().toString(), forgedId, stream.toString());

            assertEquals(CppProgram.EXIT_OK, result.exitCode(), result::describe);
            assertEquals(List.of("BAD_SEGMENT", "BAD_SEGMENT", "BAD_SEGMENT", "BAD_SEGMENT"), reasons(result),
                result::describe);
            assertEquals(List.of("0"), segmentIds(result), "only the regular file of the right size is mapped");

            // Java's reader refuses the same files; the FIFO is left out, as its FileChannel.open would block.
            try (StoreReader reader = StoreReader.open(root.path(), forgedId))
            {
                for (int id = 1; id <= 3; id++)
                {
                    final int segmentId = id;
                    final long length = 2 == id ? 8192 : 4096;
                    assertThrows(RuntimeException.class, () -> reader.mapSegment(
                        segmentId, io.freight.store.StoreSegmentKind.OVERSIZE, length, "segment-" + segmentId));
                }
            }
        }
        finally
        {
            meta.close();
            StorePaths.deleteTree(directory);
        }
    }

    @Test
    void shouldRejectMalformedMessagesBeforeDecodingThemAndGoOn() throws Exception
    {
        announceStoreAndRing();
        final Stored stored = storePayload(500);
        final byte[] valid = new MessageLog()
            .descriptor(stored.sequence(), 0, stored.regionOffset(), stored.length(), stored.generation(), null)
            .message(0);
        final byte[] announce =
            new MessageLog().segmentAnnounce(0, SegmentKind.RING, RING_LENGTH, "segment-0").message(0);
        final byte[] inline = new MessageLog().inlinePayload(0, new byte[10]).message(0);

        final List<byte[]> malformed = new ArrayList<>();
        malformed.add(Arrays.copyOf(valid, 30));
        malformed.add(withUint16(valid, MessageHeaderDecoder.schemaIdEncodingOffset(), 18003));
        malformed.add(withUint16(valid, MessageHeaderDecoder.templateIdEncodingOffset(), 99));
        malformed.add(withUint16(valid, MessageHeaderDecoder.blockLengthEncodingOffset(), 40));
        malformed.add(Arrays.copyOf(valid, valid.length + 1));
        malformed.add(withByte(announce, MessageHeaderDecoder.ENCODED_LENGTH + 12, 7));
        malformed.add(withByte(inline, MessageHeaderDecoder.ENCODED_LENGTH + 8, 11));
        for (final byte[] message : malformed)
        {
            log.raw(message);
            assertThrows(ProtocolException.class,
                () -> MessageValidator.validate(new UnsafeBuffer(message), 0, message.length));
        }
        publish(stored);

        final CppProgram.Result result = consume();

        assertEquals(CppProgram.EXIT_OK, result.exitCode(), result::describe);
        assertEquals(Collections.nCopies(malformed.size(), "PROTOCOL"), reasons(result), result::describe);
        assertOnlyPayloadIs(result, stored);
    }

    @Test
    void shouldRejectMalformedNetworkModeMessagesAsJavaDoesAndGoOn() throws Exception
    {
        announceStoreAndRing();
        final Stored stored = storePayload(500);
        final byte[] chunk = golden("chunk-first");
        final byte[] heartbeat = golden("heartbeat-receiver");
        final int chunkLengthPrefix = MessageHeaderDecoder.ENCODED_LENGTH + PayloadChunkDecoder.BLOCK_LENGTH;

        final List<byte[]> malformed = new ArrayList<>();
        malformed.add(withUint16(chunk, chunkLengthPrefix, chunk.length - chunkLengthPrefix - 4 + 1));
        malformed.add(withByte(chunk, chunkLengthPrefix + 3, 0x80));
        malformed.add(Arrays.copyOf(chunk, chunkLengthPrefix + 2));
        malformed.add(withUint16(chunk, MessageHeaderDecoder.blockLengthEncodingOffset(), 16));
        malformed.add(Arrays.copyOf(chunk, chunk.length + 1));
        malformed.add(Arrays.copyOf(heartbeat, heartbeat.length - 1));
        malformed.add(withUint16(heartbeat, MessageHeaderDecoder.blockLengthEncodingOffset(), 8));
        malformed.add(Arrays.copyOf(heartbeat, heartbeat.length + 4));
        for (final byte[] message : malformed)
        {
            log.raw(message);
            assertThrows(ProtocolException.class,
                () -> MessageValidator.validate(new UnsafeBuffer(message), 0, message.length));
        }
        publish(stored);

        final CppProgram.Result result = consume();

        assertEquals(CppProgram.EXIT_OK, result.exitCode(), result::describe);
        assertEquals(Collections.nCopies(malformed.size(), "PROTOCOL"), reasons(result), result::describe);
        assertOnlyPayloadIs(result, stored);
    }

    @Test
    void shouldRejectAPayloadWhoseCrc32cDiffersFromTheDescriptorsChecksum() throws Exception
    {
        announceStoreAndRing();
        final Stored stored = storePayload(4096);
        log.descriptor(
            stored.sequence(), 0, stored.regionOffset(), stored.length(), stored.generation(), stored.crc32c() ^ 1);
        publish(stored);

        final CppProgram.Result result = consume();

        assertEquals(CppProgram.EXIT_OK, result.exitCode(), result::describe);
        assertEquals(List.of("CHECKSUM_MISMATCH"), reasons(result), result::describe);
        assertEquals(Long.toString(stored.sequence()), result.lines("REJECT").get(0).get("sequence"));
        assertOnlyPayloadIs(result, stored);
    }

    @Test
    void shouldRefuseAStoreAnnouncedWithAnotherLayoutVersionOrOwnerAndAcceptTheRightOneAfter() throws Exception
    {
        final long pid = ProcessHandle.current().pid();
        log.storeAnnounce(pid, StoreMetaFile.LAYOUT_VERSION + 1, store.storeId());
        log.storeAnnounce(pid + 1, StoreMetaFile.LAYOUT_VERSION, store.storeId());
        log.storeAnnounce(pid, StoreMetaFile.LAYOUT_VERSION, "another-store");
        announceStoreAndRing();
        final Stored stored = publish(storePayload(64));

        final CppProgram.Result result = consume();

        assertEquals(CppProgram.EXIT_OK, result.exitCode(), result::describe);
        assertEquals(List.of("BAD_STORE", "BAD_STORE", "BAD_STORE"), reasons(result), result::describe);
        assertEquals(1, result.lines("STORE").size(), result::describe);
        assertOnlyPayloadIs(result, stored);
    }

    @ParameterizedTest
    @ValueSource(strings = { "..", ".", "../freight-interop", "a/b", ".hidden", "-dash" })
    void shouldRefuseAStoreIdThatIsNotOnePlainPathComponent(final String storeId) throws Exception
    {
        log.storeAnnounce(ProcessHandle.current().pid(), StoreMetaFile.LAYOUT_VERSION, storeId);

        final CppProgram.Result result = CppProgram.run(
            scratch, "consume", root.path().toString(), storeId, log.writeTo(scratch.resolve("stream")).toString());

        assertEquals(CppProgram.EXIT_OK, result.exitCode(), result::describe);
        assertEquals(List.of("BAD_STORE"), reasons(result), result::describe);
        assertTrue(result.lines("REJECT").get(0).get("detail").contains("not one plain path component"),
            result::describe);
        assertThrows(IllegalArgumentException.class, () -> StoreReader.open(root.path(), storeId));
    }

    private void announceStoreAndRing()
    {
        log.storeAnnounce(ProcessHandle.current().pid(), StoreMetaFile.LAYOUT_VERSION, store.storeId())
            .segmentAnnounce(
                PayloadStore.RING_SEGMENT_ID,
                SegmentKind.RING,
                store.ringSegment().length(),
                StorePaths.segmentFileName(PayloadStore.RING_SEGMENT_ID));
    }

    // What a sender does before publishing: claim, write, record sequence and CRC32C in the region header.
    private Stored storePayload(final long length)
    {
        final byte[] payload = randomBytes(Math.toIntExact(length));
        final long generation = store.tryClaim(length, region);
        assertTrue(generation > 0, "claim of " + length + " bytes failed: " + generation);
        region.putBytes(0, payload, 0, payload.length);
        final long sequence = nextSequence++;
        region.sequence(sequence);
        final int crc32c = crc32c(payload);
        region.checksum(crc32c);

        return new Stored(
            sequence, region.segmentId(), region.regionOffset(), length, generation, crc32c, region.segmentLength());
    }

    // An oversize segment is announced just before the first descriptor that names it.
    private Stored publish(final Stored stored)
    {
        if (PayloadStore.RING_SEGMENT_ID != stored.segmentId())
        {
            log.segmentAnnounce(
                stored.segmentId(),
                SegmentKind.OVERSIZE,
                stored.segmentLength(),
                StorePaths.segmentFileName(stored.segmentId()));
        }
        log.descriptor(
            stored.sequence(),
            stored.segmentId(),
            stored.regionOffset(),
            stored.length(),
            stored.generation(),
            stored.crc32c());

        return stored;
    }

    private CppProgram.Result consume() throws Exception
    {
        final Path stream = log.writeTo(scratch.resolve("data-stream.bin"));
        return CppProgram.run(scratch, "consume", root.path().toString(), store.storeId(), stream.toString());
    }

    private StoreReader javaReader()
    {
        if (null == javaReader)
        {
            javaReader = StoreReader.open(root.path(), store.storeId());
            javaReader.mapSegment(0, io.freight.store.StoreSegmentKind.RING, RING_LENGTH, "segment-0");
        }

        return javaReader;
    }

    private String javaReason(final int segmentId, final long regionOffset, final long length, final long generation)
    {
        try
        {
            javaReader().view(segmentId, regionOffset, length, generation, new PayloadView());
            return "ACCEPTED";
        }
        catch (final InvalidRegionException ex)
        {
            return ex.reason().name();
        }
    }

    private static void assertOnlyPayloadIs(final CppProgram.Result result, final Stored stored)
    {
        final List<Map<String, String>> payloads = result.lines("PAYLOAD");
        assertEquals(1, payloads.size(), result::describe);
        assertEquals(Long.toString(stored.sequence()), payloads.get(0).get("sequence"));
        assertEquals(Long.toString(stored.generation()), payloads.get(0).get("generation"));
        assertEquals(Integer.toUnsignedString(stored.crc32c()), payloads.get(0).get("crc32c"));
        assertEquals("verified", payloads.get(0).get("checksum"));
    }

    private static List<String> reasons(final CppProgram.Result result)
    {
        final List<String> reasons = new ArrayList<>();
        result.lines("REJECT").forEach((line) -> reasons.add(line.get("reason")));
        return reasons;
    }

    private static List<String> segmentIds(final CppProgram.Result result)
    {
        final List<String> ids = new ArrayList<>();
        result.lines("SEGMENT").forEach((line) -> ids.add(line.get("segmentId")));
        return ids;
    }

    private byte[] randomBytes(final int length)
    {
        final byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static int crc32c(final byte[] bytes)
    {
        final CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int)crc.getValue();
    }

    private static byte[] withUint16(final byte[] message, final int index, final int value)
    {
        final byte[] copy = message.clone();
        copy[index] = (byte)value;
        copy[index + 1] = (byte)(value >>> 8);
        return copy;
    }

    private static byte[] golden(final String name) throws IOException
    {
        return Files.readAllBytes(VectorManifest.goldenDirectory().resolve(name + ".bin"));
    }

    private static byte[] withByte(final byte[] message, final int index, final int value)
    {
        final byte[] copy = message.clone();
        copy[index] = (byte)value;
        return copy;
    }

    private static void mkfifo(final Path path) throws Exception
    {
        final Process process = new ProcessBuilder("mkfifo", "-m", "600", path.toString()).inheritIO().start();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "mkfifo " + path + " did not finish");
        assertEquals(0, process.exitValue(), "mkfifo " + path);
    }
}
