/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.jmh;

import io.freight.codecs.InlinePayloadDecoder;
import io.freight.codecs.InlinePayloadEncoder;
import io.freight.codecs.MessageHeaderDecoder;
import io.freight.codecs.MessageHeaderEncoder;
import io.freight.codecs.PayloadDescriptorDecoder;
import io.freight.codecs.PayloadDescriptorEncoder;
import io.freight.schema.MessageValidator;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The descriptor's wire cost: encoding a {@code PayloadDescriptor} with its header as a sender does, decoding every
 * field as a receiver does, and the {@link MessageValidator} check every received fragment passes first. The same
 * for a 10-byte {@code InlinePayload}, the small-message path: {@link #checkInline()} is what a receiver runs (the
 * one-read check of the data path's messages), {@link #walkInline()} the full walk it replaced, in the same run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED" })
@State(Scope.Thread)
public class CodecBenchmark
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final PayloadDescriptorEncoder encoder = new PayloadDescriptorEncoder();
    private final PayloadDescriptorDecoder decoder = new PayloadDescriptorDecoder();
    private final UnsafeBuffer inline = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
    private final InlinePayloadDecoder inlineDecoder = new InlinePayloadDecoder();
    private int encodedLength;
    private int inlineLength;
    private long sequence;

    /**
     * Encode one descriptor for the decode and validate benchmarks to read.
     */
    @Setup
    public void setUp()
    {
        encodedLength = encode();
        final InlinePayloadEncoder inlineEncoder = new InlinePayloadEncoder();
        inlineEncoder.wrapAndApplyHeader(inline, 0, headerEncoder).sequence(7).putPayload(new byte[10], 0, 10);
        inlineLength = MessageHeaderEncoder.ENCODED_LENGTH + inlineEncoder.encodedLength();
    }

    /**
     * Encode a descriptor with its message header.
     *
     * @return the encoded length.
     */
    @Benchmark
    public int encode()
    {
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .sequence(++sequence)
            .regionOffset(4096)
            .payloadLength(1 << 20)
            .generation(sequence)
            .segmentId(0)
            .checksum(0)
            .flags().clear().checksumPresent(false);

        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    /**
     * Decode every field of a descriptor.
     *
     * @return a sum of the fields, so none is optimised away.
     */
    @Benchmark
    public long decode()
    {
        decoder.wrapAndApplyHeader(buffer, 0, headerDecoder);
        return decoder.sequence() + decoder.regionOffset() + decoder.payloadLength() + decoder.generation() +
            decoder.segmentId() + decoder.checksum() + (decoder.flags().checksumPresent() ? 1 : 0);
    }

    /**
     * Validate a descriptor as a received fragment.
     *
     * @return its template id.
     */
    @Benchmark
    public int validate()
    {
        return MessageValidator.validate(buffer, 0, encodedLength);
    }

    /**
     * Validate, then decode every field: what a receiver does with each descriptor before it looks at the store.
     *
     * @return a sum of the fields.
     */
    @Benchmark
    public long validateAndDecode()
    {
        return MessageValidator.validate(buffer, 0, encodedLength) + decode();
    }

    /**
     * Check a descriptor as a receiver does, without throwing: the one-read check of the data path.
     *
     * @return its template id.
     */
    @Benchmark
    public int check()
    {
        return MessageValidator.check(buffer, 0, encodedLength);
    }

    /**
     * Check a 10-byte inline payload as a receiver does.
     *
     * @return its template id.
     */
    @Benchmark
    public int checkInline()
    {
        return MessageValidator.check(inline, 0, inlineLength);
    }

    /**
     * The full walk of a 10-byte inline payload: what {@link #checkInline()} cost before the one-read check.
     *
     * @return its encoded length.
     */
    @Benchmark
    public int walkInline()
    {
        return MessageValidator.encodedLength(inline, 0, inlineLength);
    }

    /**
     * Decode a 10-byte inline payload's sequence and length, as the receiver does before delivering it.
     *
     * @return their sum.
     */
    @Benchmark
    public long decodeInline()
    {
        inlineDecoder.wrapAndApplyHeader(inline, 0, headerDecoder);
        return inlineDecoder.sequence() + inlineDecoder.payloadLength();
    }
}
