/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

/**
 * Layout of the header at the start of every region of a segment, and region length arithmetic.
 * <p>
 * A region starts at a 64-byte aligned offset with a {@link #LENGTH 64-byte} header; the payload follows, so payloads
 * are 64-byte aligned as well (a cache line, and what vectorised copies and tensor libraries like). All fields are
 * little-endian, the platform order on every machine Freight runs on:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  Payload Length (int64)                       |  0
 *  +---------------------------------------------------------------+
 *  |                  Generation (int64)                           |  8
 *  +---------------------------------------------------------------+
 *  |                  Sequence (int64, -1 until committed)         | 16
 *  +---------------------------------------------------------------+
 *  |                  Checksum CRC32C (int32)                      | 24
 *  +---------------------------------------------------------------+
 *  |                  Flags (int32, bit 0: checksum present)       | 28
 *  +---------------------------------------------------------------+
 *  |                  Reserved, zero (32 bytes)                   ... 32
 *  +---------------------------------------------------------------+
 * </pre>
 * The generation is written last, with release semantics, when a region is claimed: a reader that finds the
 * generation it was told about also finds the length that goes with it.
 */
public final class RegionHeader
{
    /**
     * Alignment of every region start, and so of every payload.
     */
    public static final int ALIGNMENT = 64;

    /**
     * Length of the header; the payload starts this many bytes after the region start.
     */
    public static final int LENGTH = 64;

    /**
     * Offset of the payload length field.
     */
    public static final int PAYLOAD_LENGTH_OFFSET = 0;

    /**
     * Offset of the generation field.
     */
    public static final int GENERATION_OFFSET = 8;

    /**
     * Offset of the sequence field.
     */
    public static final int SEQUENCE_OFFSET = 16;

    /**
     * Offset of the checksum field.
     */
    public static final int CHECKSUM_OFFSET = 24;

    /**
     * Offset of the flags field.
     */
    public static final int FLAGS_OFFSET = 28;

    /**
     * Flag bit: the checksum field holds the CRC32C of the payload.
     */
    public static final int FLAG_CHECKSUM_PRESENT = 1;

    /**
     * Sequence value of a region that is claimed but not yet committed.
     */
    public static final long NO_SEQUENCE = -1;

    private RegionHeader()
    {
    }

    /**
     * Length of a region holding a payload: header plus payload, rounded up to {@link #ALIGNMENT}.
     *
     * @param payloadLength in bytes, at most {@link #maxPayloadLength()}.
     * @return region length in bytes.
     */
    public static long regionLength(final long payloadLength)
    {
        return (LENGTH + payloadLength + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /**
     * Largest payload whose region length does not overflow a {@code long}.
     *
     * @return the largest payload length the layout can express.
     */
    public static long maxPayloadLength()
    {
        return (Long.MAX_VALUE & -ALIGNMENT) - LENGTH;
    }

    /**
     * Write the header of a freshly claimed region: length, no sequence, no checksum, then the generation with release
     * semantics.
     *
     * @param segment       holding the region.
     * @param regionOffset  of the region start.
     * @param payloadLength of the payload.
     * @param generation    of the claim.
     */
    public static void writeClaimed(
        final MappedSegment segment, final long regionOffset, final long payloadLength, final long generation)
    {
        segment.putLong(regionOffset + PAYLOAD_LENGTH_OFFSET, payloadLength);
        segment.putLong(regionOffset + SEQUENCE_OFFSET, NO_SEQUENCE);
        segment.putInt(regionOffset + CHECKSUM_OFFSET, 0);
        segment.putInt(regionOffset + FLAGS_OFFSET, 0);
        segment.putLongRelease(regionOffset + GENERATION_OFFSET, generation);
    }
}
