/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Deterministic payload contents: byte {@code i} of payload {@code id} is a pure function of both, so a receiver in
 * another process can check every byte, and any payload lost, duplicated or reordered shows as a mismatch.
 */
public final class PayloadPattern
{
    private PayloadPattern()
    {
    }

    /**
     * Byte at an index of a payload.
     *
     * @param id    of the payload.
     * @param index in the payload.
     * @return the byte.
     */
    public static byte byteAt(final long id, final long index)
    {
        return (byte)(word(id, index >>> 3) >>> ((index & 7) * 8));
    }

    /**
     * Eight little-endian bytes at word index {@code wordIndex}.
     *
     * @param id        of the payload.
     * @param wordIndex index / 8.
     * @return the word.
     */
    public static long word(final long id, final long wordIndex)
    {
        long z = (id * 0x9E3779B97F4A7C15L) ^ (wordIndex * 0xD1B54A32D192ED03L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A new array holding a payload.
     *
     * @param id     of the payload.
     * @param length of the payload.
     * @return the bytes.
     */
    public static byte[] bytes(final long id, final int length)
    {
        final byte[] bytes = new byte[length];
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        fill(id, 0, buffer);
        return bytes;
    }

    /**
     * Fill a buffer with a payload's bytes from {@code fromIndex} on, between the buffer's position and limit.
     *
     * @param id        of the payload.
     * @param fromIndex payload index of the buffer's first byte.
     * @param buffer    to fill; its position ends at its limit.
     */
    public static void fill(final long id, final long fromIndex, final ByteBuffer buffer)
    {
        buffer.order(ByteOrder.LITTLE_ENDIAN);
        long index = fromIndex;
        while (buffer.hasRemaining())
        {
            if ((index & 7) == 0 && buffer.remaining() >= 8)
            {
                buffer.putLong(word(id, index >>> 3));
                index += 8;
            }
            else
            {
                buffer.put(byteAt(id, index++));
            }
        }
    }

    /**
     * Fill a buffer range with a payload's bytes.
     *
     * @param id     of the payload.
     * @param buffer to fill.
     * @param offset in the buffer of payload byte 0.
     * @param length of the payload.
     */
    public static void fill(final long id, final MutableDirectBuffer buffer, final int offset, final int length)
    {
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            buffer.putLong(offset + i, word(id, i >>> 3), ByteOrder.LITTLE_ENDIAN);
        }
        for (; i < length; i++)
        {
            buffer.putByte(offset + i, byteAt(id, i));
        }
    }

    /**
     * CRC32C of a payload's bytes, computed in chunks without holding the payload.
     *
     * @param id     of the payload.
     * @param length of the payload.
     * @return the checksum.
     */
    public static int checksum(final long id, final long length)
    {
        final CRC32C crc = new CRC32C();
        final ByteBuffer chunk = ByteBuffer.allocateDirect(1024 * 1024);
        long done = 0;
        while (done < length)
        {
            chunk.clear().limit((int)Math.min(chunk.capacity(), length - done));
            fill(id, done, chunk);
            chunk.flip();
            crc.update(chunk);
            done += chunk.limit();
        }

        return (int)crc.getValue();
    }
}
