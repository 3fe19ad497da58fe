/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.interop;

import io.freight.codecs.AckDecoder;
import io.freight.codecs.PayloadDescriptorDecoder;
import io.freight.schema.MessageValidator;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SBE's extension rules across languages: version 2 messages Java encoded, read by the C++ version 1 decoders and
 * version 1 ones by the C++ version 2 decoders; the same the other way round; and the C++ codecs against each other
 * in-process. The C++ side is the {@code evolution} mode of the interop program (VersionEvolution.cpp), whose values
 * for the cpp-*.bin files are the CPP_* constants here.
 */
class VersionEvolutionCppTest
{
    private static final long CPP_SEQUENCE = 11;
    private static final long CPP_REGION_OFFSET = 128;
    private static final long CPP_PAYLOAD_LENGTH = 4096;
    private static final long CPP_GENERATION = 5;
    private static final int CPP_SEGMENT_ID = 3;
    private static final long CPP_CHECKSUM = 0xCAFEF00DL;
    private static final long CPP_COMMITTED_NS = 1700000000123456789L;
    private static final long CPP_RECEIVER_ID = -77;
    private static final long CPP_ACK_SEQUENCE = 10;
    private static final int CPP_SESSION_ID = 1234;
    private static final long CPP_RELEASED_BYTES = 8192;
    private static final long[] CPP_RELEASED = { 12, 14 };

    private static final String NULL_INT64 = Long.toString(Long.MIN_VALUE);

    @TempDir
    Path scratch;

    private CppProgram.Result result;

    @BeforeEach
    void runCppWithJavaMessages() throws Exception
    {
        final Path exchange = Files.createDirectory(scratch.resolve("exchange"));
        write(exchange, "java-v1-descriptor", EvolutionMessages.v1Descriptor());
        write(exchange, "java-v2-descriptor", EvolutionMessages.v2Descriptor());
        write(exchange, "java-v1-ack", EvolutionMessages.v1Ack());
        write(exchange, "java-v2-ack", EvolutionMessages.v2Ack());

        result = CppProgram.run(scratch, "evolution", exchange.toString());
    }

    @Test
    void shouldPassEveryInProcessCheckOfTheCppCodecsOfBothVersions()
    {
        assertEquals(CppProgram.EXIT_OK, result.exitCode(), result::describe);
        assertEquals(
            List.of(
                "v2-descriptor-read-by-v1-decoder",
                "v1-descriptor-read-by-v2-decoder",
                "v2-descriptor-read-by-v2-decoder",
                "v2-ack-read-by-v1-decoder",
                "v1-ack-read-by-v2-decoder"),
            result.lines().stream()
                .filter((line) -> line.startsWith("CHECK ") && line.endsWith(" OK"))
                .map((line) -> line.split(" ")[1])
                .collect(Collectors.toList()),
            result::describe);
    }

    @Test
    void shouldReadJavaVersion2MessagesWithTheCppVersion1Decoders()
    {
        final Map<String, String> descriptor = decoded("java-v2-descriptor", "v1");
        assertEquals("2", descriptor.get("version"));
        assertEquals("49", descriptor.get("blockLength"));
        assertDescriptorFields(descriptor);
        assertEquals("57", descriptor.get("encodedLength"), "walks the whole version 2 block");

        final Map<String, String> ack = decoded("java-v2-ack", "v1");
        assertEquals("28", ack.get("blockLength"));
        assertAckFields(ack);
        assertEquals("22,23,25", ack.get("released"), "finds the group after the longer block");
    }

    @Test
    void shouldReadJavaVersion1MessagesWithTheCppVersion2DecodersAsNull()
    {
        final Map<String, String> descriptor = decoded("java-v1-descriptor", "v2");
        assertDescriptorFields(descriptor);
        assertEquals(NULL_INT64, descriptor.get("committedNs"));
        assertEquals("false", descriptor.get("committedNsInActingVersion"));

        final Map<String, String> ack = decoded("java-v1-ack", "v2");
        assertAckFields(ack);
        assertEquals(NULL_INT64, ack.get("releasedBytes"));
        assertEquals("false", ack.get("releasedBytesInActingVersion"));
        assertEquals("22,23,25", ack.get("released"));
    }

    @Test
    void shouldReadTheNewFieldsOfJavaVersion2MessagesWithTheCppVersion2Decoders()
    {
        assertEquals(Long.toString(EvolutionMessages.COMMITTED_NS),
            decoded("java-v2-descriptor", "v2").get("committedNs"));
        assertEquals(Long.toString(EvolutionMessages.RELEASED_BYTES),
            decoded("java-v2-ack", "v2").get("releasedBytes"));
    }

    @Test
    void shouldReadCppVersion2MessagesWithTheJavaVersion1DecodersAndAcceptThemInTheValidator() throws Exception
    {
        final UnsafeBuffer descriptorMessage = written("cpp-v2-descriptor");
        assertEquals(descriptorMessage.capacity(),
            MessageValidator.encodedLength(descriptorMessage, 0, descriptorMessage.capacity()));
        final PayloadDescriptorDecoder descriptor = VersionEvolutionTest.v1DescriptorDecoder(descriptorMessage);
        assertEquals(CPP_SEQUENCE, descriptor.sequence());
        assertEquals(CPP_REGION_OFFSET, descriptor.regionOffset());
        assertEquals(CPP_PAYLOAD_LENGTH, descriptor.payloadLength());
        assertEquals(CPP_GENERATION, descriptor.generation());
        assertEquals(CPP_SEGMENT_ID, descriptor.segmentId());
        assertEquals(CPP_CHECKSUM, descriptor.checksum());
        assertTrue(descriptor.flags().checksumPresent());

        final UnsafeBuffer ackMessage = written("cpp-v2-ack");
        assertEquals(ackMessage.capacity(), MessageValidator.encodedLength(ackMessage, 0, ackMessage.capacity()));
        final AckDecoder ack = VersionEvolutionTest.v1AckDecoder(ackMessage);
        assertEquals(CPP_RECEIVER_ID, ack.receiverId());
        assertEquals(CPP_ACK_SEQUENCE, ack.sequence());
        assertEquals(CPP_SESSION_ID, ack.sessionId());
        assertArrayEquals(CPP_RELEASED, VersionEvolutionTest.released(ack));
    }

    @Test
    void shouldReadCppVersion1MessagesWithTheJavaVersion2DecodersAsNull() throws Exception
    {
        final io.freight.codecs.v2.PayloadDescriptorDecoder descriptor =
            VersionEvolutionTest.v2DescriptorDecoder(written("cpp-v1-descriptor"));
        assertEquals(CPP_SEQUENCE, descriptor.sequence());
        assertEquals(CPP_CHECKSUM, descriptor.checksum());
        assertEquals(io.freight.codecs.v2.PayloadDescriptorDecoder.committedNsNullValue(), descriptor.committedNs());

        final io.freight.codecs.v2.AckDecoder ack = VersionEvolutionTest.v2AckDecoder(written("cpp-v1-ack"));
        assertEquals(CPP_RECEIVER_ID, ack.receiverId());
        assertEquals(io.freight.codecs.v2.AckDecoder.releasedBytesNullValue(), ack.releasedBytes());
        assertArrayEquals(CPP_RELEASED, VersionEvolutionTest.released(ack));
    }

    @Test
    void shouldReadTheNewFieldsOfCppVersion2MessagesWithTheJavaVersion2Decoders() throws Exception
    {
        assertEquals(
            CPP_COMMITTED_NS, VersionEvolutionTest.v2DescriptorDecoder(written("cpp-v2-descriptor")).committedNs());
        assertEquals(CPP_RELEASED_BYTES, VersionEvolutionTest.v2AckDecoder(written("cpp-v2-ack")).releasedBytes());
    }

    private static void write(final Path directory, final String name, final UnsafeBuffer message) throws Exception
    {
        Files.write(directory.resolve(name + ".bin"), EvolutionMessages.bytes(message));
    }

    private Map<String, String> decoded(final String file, final String decoder)
    {
        return result.lines("DECODED").stream()
            .filter((line) -> file.equals(line.get("file")) && decoder.equals(line.get("decoder")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no DECODED line for " + file + " by " + decoder + "\n" +
                result.describe()));
    }

    private UnsafeBuffer written(final String name) throws Exception
    {
        assertEquals(CppProgram.EXIT_OK, result.exitCode(), result::describe);
        return new UnsafeBuffer(Files.readAllBytes(scratch.resolve("exchange").resolve(name + ".bin")));
    }

    private static void assertDescriptorFields(final Map<String, String> line)
    {
        assertEquals(Long.toString(EvolutionMessages.SEQUENCE), line.get("sequence"));
        assertEquals(Long.toString(EvolutionMessages.REGION_OFFSET), line.get("regionOffset"));
        assertEquals(Long.toString(EvolutionMessages.PAYLOAD_LENGTH), line.get("payloadLength"));
        assertEquals(Long.toString(EvolutionMessages.GENERATION), line.get("generation"));
        assertEquals(Integer.toString(EvolutionMessages.SEGMENT_ID), line.get("segmentId"));
        assertEquals(Long.toString(EvolutionMessages.CHECKSUM), line.get("checksum"));
        assertEquals("checksumPresent", line.get("flags"));
    }

    private static void assertAckFields(final Map<String, String> line)
    {
        assertEquals(Long.toString(EvolutionMessages.RECEIVER_ID), line.get("receiverId"));
        assertEquals(Long.toString(EvolutionMessages.ACK_SEQUENCE), line.get("sequence"));
        assertEquals(Integer.toString(EvolutionMessages.SESSION_ID), line.get("sessionId"));
    }
}
