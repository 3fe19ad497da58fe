/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.samples;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * What the demo's payloads hold, derived from a seed so that the consumer can check every byte without being sent any
 * of them. A payload of length {@code n} with sequence {@code s} is a stamp followed by a body:
 * <pre>
 *   0      8        16                                     n
 *   | s    | n      | base[offset(variant(s)), + n - 16)   |
 * </pre>
 * The base is a pseudo-random byte string, and a variant is one of {@link #VARIANTS} offsets into it, chosen by a
 * hash of the sequence. So the sender fills the base once and then only copies (no per-payload generation), and the
 * consumer precomputes the CRC32C of every (size, variant) body once and then only checksums what arrives. A payload
 * lost, duplicated or reordered breaks the sequence; a wrong byte anywhere breaks the stamp or the checksum; and since
 * consecutive payloads mostly differ in variant, a region reused before its reader was done shows too.
 */
final class DemoPayloads
{
    /**
     * Bytes of the stamp at the start of every payload.
     */
    static final int STAMP_LENGTH = 16;

    /**
     * Offset of the sequence in the stamp.
     */
    static final int SEQUENCE_OFFSET = 0;

    /**
     * Offset of the payload length in the stamp (for a row-end marker: the number of payloads in the row).
     */
    static final int LENGTH_OFFSET = 8;

    /**
     * Distinct bodies per size.
     */
    static final int VARIANTS = 4;

    private static final int VARIANT_STRIDE = 64;
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final int CHUNK_LENGTH = 1024 * 1024;

    private DemoPayloads()
    {
    }

    /**
     * Length of the base that bodies of payloads up to a length are cut from.
     *
     * @param maxPayloadLength longest payload, a multiple of 8.
     * @return bytes, a multiple of 8.
     */
    static long baseLength(final long maxPayloadLength)
    {
        return maxPayloadLength - STAMP_LENGTH + (long)(VARIANTS - 1) * VARIANT_STRIDE;
    }

    /**
     * The variant of the payload with a sequence.
     *
     * @param seed     of the run.
     * @param sequence of the payload.
     * @return 0 to {@link #VARIANTS} - 1.
     */
    static int variant(final long seed, final long sequence)
    {
        return (int)((mix(seed ^ (sequence * GOLDEN_GAMMA)) >>> 1) % VARIANTS);
    }

    /**
     * Where in the base a variant's body starts.
     *
     * @param variant 0 to {@link #VARIANTS} - 1.
     * @return offset in the base.
     */
    static int bodyOffset(final int variant)
    {
        return variant * VARIANT_STRIDE;
    }

    /**
     * Fill the base for a seed.
     *
     * @param seed of the run.
     * @param base to fill, all of its capacity (a multiple of 8).
     */
    static void fillBase(final long seed, final MutableDirectBuffer base)
    {
        for (int i = 0, capacity = base.capacity(); i < capacity; i += 8)
        {
            base.putLong(i, word(seed, i >>> 3), ByteOrder.LITTLE_ENDIAN);
        }
    }

    /**
     * CRC32C of every body: generates the base one chunk at a time and feeds each chunk to the checksum of every
     * (size, variant) body it overlaps, so the base is never held whole.
     *
     * @param seed  of the run.
     * @param sizes payload lengths, each a multiple of 8 and at least {@link #STAMP_LENGTH}.
     * @return checksums indexed by size index, then variant.
     */
    static int[][] bodyChecksums(final long seed, final long[] sizes)
    {
        long maxSize = STAMP_LENGTH;
        final CRC32C[][] crcs = new CRC32C[sizes.length][VARIANTS];
        for (int s = 0; s < sizes.length; s++)
        {
            maxSize = Math.max(maxSize, sizes[s]);
            for (int v = 0; v < VARIANTS; v++)
            {
                crcs[s][v] = new CRC32C();
            }
        }

        final long baseLength = baseLength(maxSize);
        final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        for (long chunkStart = 0; chunkStart < baseLength; chunkStart += CHUNK_LENGTH)
        {
            final int chunkLength = (int)Math.min(CHUNK_LENGTH, baseLength - chunkStart);
            final long firstWord = chunkStart >>> 3;
            for (int i = 0; i < chunkLength; i += 8)
            {
                chunk.putLong(i, word(seed, firstWord + (i >>> 3)));
            }

            for (int s = 0; s < sizes.length; s++)
            {
                final long bodyLength = sizes[s] - STAMP_LENGTH;
                for (int v = 0; v < VARIANTS; v++)
                {
                    final long from = Math.max(chunkStart, bodyOffset(v));
                    final long to = Math.min(chunkStart + chunkLength, bodyOffset(v) + bodyLength);
                    if (from < to)
                    {
                        chunk.limit((int)(to - chunkStart)).position((int)(from - chunkStart));
                        crcs[s][v].update(chunk);
                        chunk.clear();
                    }
                }
            }
        }

        final int[][] checksums = new int[sizes.length][VARIANTS];
        for (int s = 0; s < sizes.length; s++)
        {
            for (int v = 0; v < VARIANTS; v++)
            {
                checksums[s][v] = (int)crcs[s][v].getValue();
            }
        }

        return checksums;
    }

    private static long word(final long seed, final long wordIndex)
    {
        return mix(seed + wordIndex * GOLDEN_GAMMA);
    }

    // A 64-bit finalizer (xor-shift-multiply): every input bit affects every output bit.
    private static long mix(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
