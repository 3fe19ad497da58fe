/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.freight.codecs.MessageHeaderDecoder;
import io.freight.schema.MessageValidator;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Fuzzer-driven damage to a well-formed message, aimed at what a decoder trusts: the header's block length, template,
 * schema and version, the length prefixes of groups and var data, the message's own length, and any byte. The fuzz
 * input chooses every edit, so a finding replays exactly.
 */
final class MessageMutator
{
    private static final long[] INTERESTING_LONGS = {
        0, 1, -1, 63, 64, -64, 65, 4096, ForgedStream.RING_LENGTH - 64, ForgedStream.RING_LENGTH,
        ForgedStream.RING_LENGTH + 64, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, 0xFFFF_FFFFL, 1L << 32,
        Long.MAX_VALUE - 63, Long.MAX_VALUE - 64, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 64 };

    private MessageMutator()
    {
    }

    /**
     * A value likely to sit on a boundary a check gets wrong.
     */
    static long interestingLong(final FuzzedDataProvider data)
    {
        return INTERESTING_LONGS[data.consumeInt(0, INTERESTING_LONGS.length - 1)];
    }

    /**
     * A value for a field that held {@code current}: a boundary, a near miss, or anything.
     */
    static long nearOrInteresting(final FuzzedDataProvider data, final long current)
    {
        switch (data.consumeInt(0, 3))
        {
            case 0:
                return interestingLong(data);
            case 1:
                return current + data.consumeInt(-128, 128);
            case 2:
                return current + 64L * data.consumeInt(-8, 8);
            default:
                return data.consumeLong();
        }
    }

    /**
     * Apply one to three edits to the message in {@code buffer[0, length)}.
     *
     * @param capacity of the buffer: a message may grow up to it.
     * @return the message's new length.
     */
    static int mutate(final FuzzedDataProvider data, final MutableDirectBuffer buffer, final int length, final int capacity)
    {
        int newLength = length;
        for (int edits = data.consumeInt(1, 3); edits > 0; edits--)
        {
            newLength = mutateOnce(data, buffer, newLength, capacity);
        }

        return newLength;
    }

    private static int mutateOnce(
        final FuzzedDataProvider data, final MutableDirectBuffer buffer, final int length, final int capacity)
    {
        final int headerEnd = MessageHeaderDecoder.ENCODED_LENGTH;
        switch (data.consumeInt(0, 9))
        {
            case 0:
                if (length >= headerEnd)
                {
                    final int blockLength = MessageForge.blockLength(buffer);
                    MessageForge.blockLength(buffer, data.consumeBoolean() ?
                        blockLength + data.consumeInt(-9, 9) : data.consumeInt(0, 0xFFFF));
                }
                return length;

            case 1:
                if (length >= headerEnd)
                {
                    MessageForge.templateId(buffer, data.consumeBoolean() ? data.consumeInt(0, 8) : data.consumeInt(0, 0xFFFF));
                }
                return length;

            case 2:
                if (length >= headerEnd)
                {
                    MessageForge.schemaId(buffer, data.consumeBoolean() ?
                        MessageValidator.SCHEMA_ID + data.consumeInt(-1, 1) : data.consumeInt(0, 0xFFFF));
                }
                return length;

            case 3:
                if (length >= headerEnd)
                {
                    MessageForge.version(buffer, data.consumeBoolean() ? data.consumeInt(0, 3) : data.consumeInt(0, 0xFFFF));
                }
                return length;

            case 4:
                return data.consumeInt(0, length);

            case 5:
            {
                final byte[] more = data.consumeBytes(Math.min(64, capacity - length));
                buffer.putBytes(length, more);
                return length + more.length;
            }

            case 6:
                if (length > 0)
                {
                    buffer.putByte(data.consumeInt(0, length - 1), data.consumeByte());
                }
                return length;

            case 7:
                // A length prefix or group header right after the block: where var data and groups start.
                if (length >= headerEnd)
                {
                    final int at = headerEnd + MessageForge.blockLength(buffer);
                    if (at + 4 <= capacity)
                    {
                        if (data.consumeBoolean())
                        {
                            buffer.putShort(at, (short)data.consumeInt(0, 0xFFFF), ByteOrder.LITTLE_ENDIAN);
                        }
                        else
                        {
                            buffer.putInt(at, data.consumeInt(), ByteOrder.LITTLE_ENDIAN);
                        }
                    }
                }
                return length;

            case 8:
                if (length >= 8)
                {
                    final int at = data.consumeInt(0, length - 8);
                    buffer.putLong(at, nearOrInteresting(data, buffer.getLong(at, ByteOrder.LITTLE_ENDIAN)),
                        ByteOrder.LITTLE_ENDIAN);
                }
                return length;

            default:
                // A newer sender's longer block (maybe), with the version that goes with it.
                if (length >= headerEnd && headerEnd + MessageForge.blockLength(buffer) <= length &&
                    length + 16 <= capacity)
                {
                    return MessageForge.extendBlock(
                        buffer, length, data.consumeInt(0, 2), data.consumeInt(1, 16), data.consumeLong());
                }
                return length;
        }
    }
}
