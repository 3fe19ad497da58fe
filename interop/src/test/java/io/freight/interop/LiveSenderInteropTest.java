/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.interop;

import io.freight.codecs.InlinePayloadDecoder;
import io.freight.codecs.PayloadDescriptorDecoder;
import io.freight.codecs.ReceiverAttachDecoder;
import io.freight.codecs.SegmentAnnounceDecoder;
import io.freight.codecs.StoreAnnounceDecoder;
import io.freight.store.ChildJvm;
import io.freight.store.RegionHeader;
import io.freight.store.ShmRoot;
import io.freight.store.StorePaths;
import io.freight.transport.Freight;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The C++ consumer reads a live store written by a real Java sender process, from the very bytes that sender
 * published. The sender is a {@link io.freight.transport.PayloadPublication} with checksums on in a child JVM
 * ({@link LiveSenderMain}), connected to this JVM's embedded media driver in a private Aeron directory, its store
 * under a private root in /dev/shm. This JVM is the receiver on the wire ({@link WireReceiver}: plain Aeron, the
 * generated codecs, PROTOCOL.md section 5): it attaches, waits for the echo, records the session's data stream
 * (StoreAnnounce, SegmentAnnounce, the echo, PayloadDescriptor, InlinePayload) byte for byte, and never acks, so the
 * sender keeps every region live while the C++ process maps the store and reads it. Then it detaches, the sender
 * closes, and nothing is left under /dev/shm.
 */
class LiveSenderInteropTest
{
    private static final int STREAM_ID = 6001;
    private static final long RING_LENGTH = 1024 * 1024;
    private static final long MAX_STORE_LENGTH = 16 * 1024 * 1024;
    private static final int OVERSIZE_LENGTH = (int)(3 * RING_LENGTH) + 5;
    // The sender's: its JVM gets no freight.* properties, so it runs with the defaults.
    private static final int INLINE_THRESHOLD = Freight.Context.INLINE_THRESHOLD_DEFAULT;

    // Inline (up to the 2 KiB threshold, both edges), ring, and one larger than the ring: an oversize segment.
    private static final int[] LENGTHS = { 0, 2049, 1, 100_003, OVERSIZE_LENGTH, 2048, 65, 4109, 700_000 };
    private static final long TIMEOUT_SECONDS = 30;

    @TempDir
    Path scratch;

    private ShmRoot root;
    private String aeronDirectoryName;
    private Freight.Context ctx;
    private Freight driver;
    private ChildJvm sender;
    private WireReceiver receiver;
    private Map<String, String> ready;
    private final List<Map<String, String>> sent = new ArrayList<>();

    @BeforeEach
    void startSenderAndReceiver() throws Exception
    {
        root = ShmRoot.create();
        aeronDirectoryName =
            "/dev/shm/aeron-freight-interop-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        ctx = new Freight.Context().aeronDirectoryName(aeronDirectoryName).storeRoot(root.path());
        driver = Freight.launch(ctx);

        final List<String> args = new ArrayList<>(List.of(
            aeronDirectoryName,
            root.path().toString(),
            Integer.toString(STREAM_ID),
            Long.toString(RING_LENGTH),
            Long.toString(MAX_STORE_LENGTH)));
        for (final int length : LENGTHS)
        {
            args.add(Integer.toString(length));
        }
        sender = ChildJvm.start(LiveSenderMain.class, args.toArray(new String[0]));
        receiver = new WireReceiver(
            driver.aeron(),
            ctx.channel(),
            STREAM_ID,
            ctx.controlStreamId(STREAM_ID),
            root.path(),
            ctx.attachIntervalNs());
    }

    @AfterEach
    void removeWhateverIsLeft() throws Exception
    {
        CloseHelper.quietCloseAll(receiver, sender, driver);
        try
        {
            CloseHelper.close(root);
        }
        finally
        {
            if (null != aeronDirectoryName)
            {
                StorePaths.deleteTree(Path.of(aeronDirectoryName));
            }
        }
    }

    @Test
    void shouldReadEveryPayloadOfALiveJavaSenderFromTheBytesItPublishedAfterTheEchoWithTheSendersCrc32c()
        throws Exception
    {
        attachAndRecord();
        final Map<String, String> holding = Map.of(
            "receivers", "1",
            "inFlight", Long.toString(storedCount()),
            "unacked", Integer.toString(LENGTHS.length),
            "abandoned", "0");
        assertEquals(holding, status(), "unacked, the sender holds every region for us");

        final CppProgram.Result result = consume(receiver.receiverId());

        assertEquals(CppProgram.EXIT_OK, result.exitCode(), result::describe);
        assertEquals(List.of(), result.lines("REJECT"), result::describe);
        assertEquals(List.of(), result.lines("SKIP"), result::describe);
        final Map<String, String> store = result.lines("STORE").get(0);
        assertEquals(ready.get("storeId"), store.get("storeId"));
        assertEquals(ready.get("pid"), store.get("ownerPid"));
        assertEquals(List.of(Map.of(
            "kind", "ECHO",
            "index", Integer.toString(receiver.echoIndex()),
            "receiverId", Long.toString(receiver.receiverId()),
            "own", "true")), result.lines("ECHO").subList(0, 1), result::describe);

        final List<Map<String, String>> payloads = result.all().stream()
            .filter((line) -> "PAYLOAD".equals(line.get("kind")) || "INLINE".equals(line.get("kind")))
            .collect(Collectors.toList());
        assertEquals(LENGTHS.length, payloads.size(), result::describe);
        String oversizeSegmentId = null;
        for (int i = 0; i < LENGTHS.length; i++)
        {
            final Map<String, String> expected = sent.get(i);
            final Map<String, String> line = payloads.get(i);
            final String what = "payload " + i + ": " + line;
            assertTrue(Integer.parseInt(line.get("index")) > receiver.echoIndex(), what);
            assertEquals(LENGTHS[i] <= INLINE_THRESHOLD ? "INLINE" : "PAYLOAD", line.get("kind"), what);
            assertEquals(expected.get("sequence"), line.get("sequence"), what);
            assertEquals(expected.get("length"), line.get("length"), what);
            assertEquals(expected.get("crc32c"), line.get("crc32c"), what);
            if ("PAYLOAD".equals(line.get("kind")))
            {
                assertEquals("verified", line.get("checksum"), what);
                assertEquals(expected.get("crc32c"), line.get("headerChecksum"), what);
                assertEquals(expected.get("sequence"), line.get("headerSequence"), what);
            }
            if (OVERSIZE_LENGTH == LENGTHS[i])
            {
                oversizeSegmentId = line.get("segmentId");
            }
        }
        assertNotEquals("0", oversizeSegmentId, "the payload longer than the ring must take an oversize segment");
        final List<String> segments = segments(result);
        assertEquals(2, segments.size(), result::describe);
        assertEquals("0 RING " + RING_LENGTH, segments.get(0), result::describe);
        final String[] oversize = segments.get(1).split(" ");
        assertEquals(List.of(oversizeSegmentId, "OVERSIZE"), List.of(oversize[0], oversize[1]), result::describe);
        // The sender rounds a new oversize segment up to an eighth of its power of two (PROTOCOL.md 3.3).
        final long regionLength = RegionHeader.regionLength(OVERSIZE_LENGTH);
        final long segmentLength = Long.parseLong(oversize[2]);
        assertTrue(segmentLength >= regionLength && segmentLength <= regionLength + regionLength / 8 + 4096,
            segments.get(1) + " for a region of " + regionLength + " bytes");
        assertEquals(oversizeSegmentId, result.lines("UNMAP").get(0).get("segmentId"), result::describe);
        assertEquals(Integer.toString(LENGTHS.length), result.lines("SUMMARY").get(0).get("payloads"));

        assertEquals(holding, status(), "still attached and held: the C++ process read a live store");
        detachAndCloseEverything();
    }

    @Test
    void shouldTakeNoPayloadOfALiveSessionWhoseOnlyEchoIsAnotherReceiversAttach() throws Exception
    {
        attachAndRecord();

        final CppProgram.Result result = consume(~receiver.receiverId());

        assertEquals(CppProgram.EXIT_OK, result.exitCode(), result::describe);
        assertEquals(List.of(), result.lines("REJECT"), result::describe);
        assertEquals(List.of(), result.lines("PAYLOAD"), result::describe);
        assertEquals(List.of(), result.lines("INLINE"), result::describe);
        assertEquals("false", result.lines("ECHO").get(0).get("own"), result::describe);
        assertEquals(List.of("0 RING " + RING_LENGTH), segments(result), "the oversize segment is not ours to map");
        final Map<String, String> summary = result.lines("SUMMARY").get(0);
        assertEquals("0", summary.get("payloads"));
        assertEquals(Integer.toString(LENGTHS.length + 1), summary.get("skipped"), result::describe);
        assertEquals("false", summary.get("attached"));

        detachAndCloseEverything();
    }

    // PROTOCOL.md 5.3 from the receiver's side: see the session, attach until the echo, then take the payloads.
    private void attachAndRecord() throws Exception
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        ready = fields(sender.awaitLine("READY ", TIMEOUT_SECONDS, TimeUnit.SECONDS));
        receiver.awaitSession(Integer.parseInt(ready.get("sessionId")), deadlineNs);
        receiver.attach(deadlineNs);
        assertTrue(Files.exists(StorePaths.receiverLockFile(root.path(), receiver.receiverId())),
            "the lock file named from PROTOCOL.md 5.6 is where the transport looks for it");
        for (int i = 0; i < LENGTHS.length; i++)
        {
            sent.add(fields(sender.awaitLine("SENT ", TIMEOUT_SECONDS, TimeUnit.SECONDS)));
        }
        receiver.recordPayloads(LENGTHS.length, deadlineNs);

        assertEquals(0, receiver.payloadsBeforeEcho(), "the sender published nothing before it registered us");
        assertEquals(
            List.of(
                StoreAnnounceDecoder.TEMPLATE_ID,
                SegmentAnnounceDecoder.TEMPLATE_ID,
                ReceiverAttachDecoder.TEMPLATE_ID),
            receiver.templateIds().subList(0, 3),
            "an attach is answered with the store, the ring, then the echo");
        assertEquals(2, receiver.echoIndex());
        assertEquals(LENGTHS.length, receiver.templateIds().stream()
            .filter((id) -> PayloadDescriptorDecoder.TEMPLATE_ID == id || InlinePayloadDecoder.TEMPLATE_ID == id)
            .count());
        for (int i = 0; i < LENGTHS.length; i++)
        {
            assertEquals(Long.toString(i), sent.get(i).get("sequence"));
            assertEquals(Integer.toString(LENGTHS[i]), sent.get(i).get("length"));
        }
    }

    private CppProgram.Result consume(final long receiverId) throws Exception
    {
        final Path stream = receiver.log().writeTo(scratch.resolve("data-stream.bin"));
        return CppProgram.run(
            scratch,
            "consume",
            root.path().toString(),
            ready.get("storeId"),
            stream.toString(),
            Long.toString(receiverId));
    }

    // PROTOCOL.md 5.7: detach, then the sender lets go of us and, closed, deletes its store; nothing may be left.
    private void detachAndCloseEverything() throws Exception
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        receiver.detach(deadlineNs);
        Map<String, String> status = status();
        while (!"0".equals(status.get("receivers")))
        {
            assertTrue(System.nanoTime() - deadlineNs < 0, "the sender still counts us after our detach: " + status);
            status = status();
        }
        assertEquals(Integer.toString(LENGTHS.length), status.get("abandoned"), "we acked none: all were abandoned");
        assertEquals("0", status.get("inFlight"), "every region is free again");

        receiver.close();
        sender.send("CLOSE");
        sender.awaitLine("CLOSED", TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertTrue(sender.process().waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the sender exits once closed");
        assertEquals(0, sender.process().exitValue(), sender::transcript);
        driver.close();

        assertTrue(root.isEmpty(), "left under the store root:" + root.listing());
        assertFalse(Files.exists(Path.of(aeronDirectoryName)), "Aeron directory left: " + aeronDirectoryName);
    }

    private Map<String, String> status() throws Exception
    {
        sender.send("STATUS");
        return fields(sender.awaitLine("STATUS ", TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }

    private static long storedCount()
    {
        return Arrays.stream(LENGTHS).filter((length) -> length > INLINE_THRESHOLD).count();
    }

    private static List<String> segments(final CppProgram.Result result)
    {
        return result.lines("SEGMENT").stream()
            .map((line) -> line.get("segmentId") + " " + line.get("kind") + " " + line.get("length"))
            .collect(Collectors.toList());
    }

    // "key=value key=value" after a line's prefix.
    private static Map<String, String> fields(final String text)
    {
        final Map<String, String> fields = new LinkedHashMap<>();
        for (final String token : text.trim().split(" "))
        {
            final int equals = token.indexOf('=');
            fields.put(token.substring(0, equals), token.substring(equals + 1));
        }

        return fields;
    }
}
