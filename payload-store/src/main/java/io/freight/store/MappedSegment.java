/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

/**
 * A segment file mapped into memory, addressed with {@code long} indexes so segments larger than 2 GiB are
 * first-class.
 * <p>
 * {@link FileChannel#map} and Agrona's buffers are capped at 2 GiB, so a segment of up to {@link #MAX_SINGLE_MAPPING}
 * bytes is one mapping and a larger one is mapped as consecutive chunks of {@link #LARGE_CHUNK_LENGTH} bytes, the way
 * Aeron's {@code LogBuffers} maps a large log. A range that lies inside one chunk can be wrapped as one
 * {@link UnsafeBuffer} ({@link #isContiguous(long, long)}); every other operation crosses chunks transparently.
 * <p>
 * Every access is checked against the segment's length before memory is touched: an index outside the segment
 * throws {@link IndexOutOfBoundsException}, it never reads or writes foreign memory.
 * <p>
 * Not thread-safe for the channel and checksum operations (they share per-chunk {@link ByteBuffer} cursors); byte
 * access from several threads is as safe as the caller's own ordering makes it. Using a segment after
 * {@link #close()} throws {@link IllegalStateException}; a buffer previously wrapped by {@link #wrap} must not be
 * used after close, as its memory is gone.
 */
public final class MappedSegment implements AutoCloseable
{
    /**
     * Largest segment mapped as a single chunk: the largest 64-byte multiple an {@link UnsafeBuffer} can span.
     */
    public static final int MAX_SINGLE_MAPPING = Integer.MAX_VALUE & ~(RegionHeader.ALIGNMENT - 1);

    /**
     * Chunk length for segments longer than {@link #MAX_SINGLE_MAPPING}: 1 GiB, a power of two so that finding the
     * chunk of an index is a shift.
     */
    public static final int LARGE_CHUNK_LENGTH = 1 << 30;

    private static final int SINGLE_CHUNK_SHIFT = 31;
    private static final int LARGE_CHUNK_SHIFT = 30;
    private static final int PAGE_SIZE = 4096;

    private static final int PUT_FROM_DIRECT_BUFFER = 0;
    private static final int PUT_FROM_ARRAY = 1;
    private static final int PUT_FROM_BYTE_BUFFER = 2;
    private static final int GET_TO_DIRECT_BUFFER = 3;
    private static final int GET_TO_ARRAY = 4;
    private static final int GET_TO_BYTE_BUFFER = 5;

    private final int segmentId;
    private final Path file;
    private final long length;
    private final int chunkShift;
    private final long chunkMask;
    private final MappedByteBuffer[] mappings;
    private final UnsafeBuffer[] chunks;
    private final ByteBuffer[] cursors;
    private final CRC32C crc = new CRC32C();
    private boolean isClosed;

    private MappedSegment(
        final int segmentId, final Path file, final long length, final FileChannel channel, final boolean writable)
        throws IOException
    {
        this.segmentId = segmentId;
        this.file = file;
        this.length = length;
        this.chunkShift = length <= MAX_SINGLE_MAPPING ? SINGLE_CHUNK_SHIFT : LARGE_CHUNK_SHIFT;
        this.chunkMask = (1L << chunkShift) - 1;

        final int chunkCount = length == 0 ? 0 : (int)(((length - 1) >>> chunkShift) + 1);
        mappings = new MappedByteBuffer[chunkCount];
        chunks = new UnsafeBuffer[chunkCount];
        cursors = new ByteBuffer[chunkCount];

        final FileChannel.MapMode mode = writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY;
        try
        {
            for (int i = 0; i < chunkCount; i++)
            {
                final long position = (long)i << chunkShift;
                final long chunkLength = Math.min(1L << chunkShift, length - position);
                final MappedByteBuffer mapping = channel.map(mode, position, chunkLength);
                mappings[i] = mapping;
                chunks[i] = new UnsafeBuffer(BufferUtil.address(mapping), (int)chunkLength);
                cursors[i] = mapping.duplicate();
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            unmapAll();
            throw ex;
        }
    }

    /**
     * Create a new segment file of the given length, readable and writable by its owner only (0600), and map it.
     * The file is sparse until written; see {@link #preTouch()}.
     *
     * @param file      to create; must not exist. A symbolic link in its place is refused.
     * @param segmentId of the segment within its store.
     * @param length    of the file in bytes, a multiple of {@link RegionHeader#ALIGNMENT}.
     * @return the mapped segment.
     * @throws IOException if the file exists or cannot be created or mapped.
     */
    public static MappedSegment create(final Path file, final int segmentId, final long length) throws IOException
    {
        if (length <= 0 || (length & (RegionHeader.ALIGNMENT - 1)) != 0)
        {
            throw new IllegalArgumentException(
                "segment length must be a positive multiple of " + RegionHeader.ALIGNMENT + ": " + length);
        }

        try (FileChannel channel = FileChannel.open(
            file,
            java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE),
            StorePaths.OWNER_ONLY_FILE))
        {
            try
            {
                // Map extends the file to the requested length with ftruncate: sparse, no pages committed yet.
                return new MappedSegment(segmentId, file, length, channel, true);
            }
            catch (final IOException | RuntimeException ex)
            {
                java.nio.file.Files.deleteIfExists(file);
                throw ex;
            }
        }
    }

    /**
     * Map an existing segment file read-only, after checking that it is a regular file (not a symbolic link) at
     * least as long as expected. Mapping less than the file is fine; mapping past its end is refused, since touching
     * such pages would kill the process with SIGBUS.
     *
     * @param file      to map.
     * @param segmentId of the segment within its store.
     * @param length    expected length in bytes.
     * @return the mapped segment.
     * @throws IOException if the file is missing, a link, shorter than {@code length} or cannot be mapped.
     */
    public static MappedSegment openReadOnly(final Path file, final int segmentId, final long length)
        throws IOException
    {
        if (length < 0)
        {
            throw new IllegalArgumentException("segment length must not be negative: " + length);
        }

        // Checked before opening: opening a FIFO planted in place of a segment would block forever.
        StorePaths.checkRegularFileOwnedByUs(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, NOFOLLOW_LINKS))
        {
            final long size = channel.size();
            if (size < length)
            {
                throw new IOException(
                    "segment file " + file + " is " + size + " bytes, shorter than the " + length + " announced");
            }

            return new MappedSegment(segmentId, file, length, channel, false);
        }
    }

    /**
     * Id of this segment within its store.
     *
     * @return id of this segment within its store.
     */
    public int segmentId()
    {
        return segmentId;
    }

    /**
     * The mapped file.
     *
     * @return the mapped file.
     */
    public Path file()
    {
        return file;
    }

    /**
     * Length of the segment in bytes.
     *
     * @return length of the segment in bytes.
     */
    public long length()
    {
        return length;
    }

    /**
     * Distance between chunk boundaries: a range that does not cross a multiple of it is contiguous in memory.
     *
     * @return distance between chunk boundaries in bytes.
     */
    public long chunkBoundary()
    {
        return 1L << chunkShift;
    }

    /**
     * Is the range inside the segment and inside one chunk, so that {@link #wrap} can view it as one buffer?
     *
     * @param index  of the first byte.
     * @param length of the range.
     * @return true if the range can be wrapped by a single buffer.
     */
    public boolean isContiguous(final long index, final long length)
    {
        return isInside(index, length) &&
            length <= Integer.MAX_VALUE &&
            (length == 0 || (index >>> chunkShift) == ((index + length - 1) >>> chunkShift));
    }

    /**
     * Point a buffer at a range of this segment without copying. The buffer is valid until this segment is closed.
     *
     * @param buffer to point at the range.
     * @param index  of the first byte in the segment.
     * @param length of the range.
     * @throws IllegalArgumentException if the range is not {@link #isContiguous(long, long) contiguous}.
     */
    public void wrap(final UnsafeBuffer buffer, final long index, final int length)
    {
        checkOpen();
        if (!isContiguous(index, length))
        {
            throw new IllegalArgumentException(
                "range [" + index + ", +" + length + ") of segment " + segmentId + " (length " + this.length +
                ") is not inside one mapped chunk of " + chunkBoundary() + " bytes; use the long-indexed accessors");
        }

        if (length == 0)
        {
            buffer.wrap(chunks.length == 0 ? 0 : chunks[0].addressOffset(), 0);
        }
        else
        {
            buffer.wrap(chunks[chunkIndex(index)].addressOffset() + (index & chunkMask), length);
        }
    }

    /**
     * Read a long with plain memory semantics.
     *
     * @param index of the first byte, 8 bytes that do not cross a chunk boundary (8-aligned indexes never do).
     * @return the value.
     */
    public long getLong(final long index)
    {
        checkWord(index, Long.BYTES);
        return chunks[chunkIndex(index)].getLong((int)(index & chunkMask));
    }

    /**
     * Read a long with acquire semantics.
     *
     * @param index of the first byte, 8-aligned.
     * @return the value.
     */
    public long getLongAcquire(final long index)
    {
        checkWord(index, Long.BYTES);
        return chunks[chunkIndex(index)].getLongAcquire((int)(index & chunkMask));
    }

    /**
     * Write a long with plain memory semantics.
     *
     * @param index of the first byte, 8-aligned.
     * @param value to write.
     */
    public void putLong(final long index, final long value)
    {
        checkWord(index, Long.BYTES);
        chunks[chunkIndex(index)].putLong((int)(index & chunkMask), value);
    }

    /**
     * Write a long with release semantics: every earlier write is visible before it.
     *
     * @param index of the first byte, 8-aligned.
     * @param value to write.
     */
    public void putLongRelease(final long index, final long value)
    {
        checkWord(index, Long.BYTES);
        chunks[chunkIndex(index)].putLongRelease((int)(index & chunkMask), value);
    }

    /**
     * Read an int with plain memory semantics.
     *
     * @param index of the first byte, 4-aligned.
     * @return the value.
     */
    public int getInt(final long index)
    {
        checkWord(index, Integer.BYTES);
        return chunks[chunkIndex(index)].getInt((int)(index & chunkMask));
    }

    /**
     * Write an int with plain memory semantics.
     *
     * @param index of the first byte, 4-aligned.
     * @param value to write.
     */
    public void putInt(final long index, final int value)
    {
        checkWord(index, Integer.BYTES);
        chunks[chunkIndex(index)].putInt((int)(index & chunkMask), value);
    }

    /**
     * Read one byte.
     *
     * @param index of the byte.
     * @return the value.
     */
    public byte getByte(final long index)
    {
        checkRange(index, 1);
        return chunks[chunkIndex(index)].getByte((int)(index & chunkMask));
    }

    /**
     * Write one byte.
     *
     * @param index of the byte.
     * @param value to write.
     */
    public void putByte(final long index, final byte value)
    {
        checkRange(index, 1);
        chunks[chunkIndex(index)].putByte((int)(index & chunkMask), value);
    }

    /**
     * Copy bytes from a buffer into the segment.
     *
     * @param index    in the segment of the first byte written.
     * @param src      to copy from.
     * @param srcIndex of the first byte in {@code src}.
     * @param length   of the copy.
     */
    public void putBytes(final long index, final DirectBuffer src, final int srcIndex, final int length)
    {
        copy(PUT_FROM_DIRECT_BUFFER, index, src, srcIndex, length);
    }

    /**
     * Copy bytes from an array into the segment.
     *
     * @param index    in the segment of the first byte written.
     * @param src      to copy from.
     * @param srcIndex of the first byte in {@code src}.
     * @param length   of the copy.
     */
    public void putBytes(final long index, final byte[] src, final int srcIndex, final int length)
    {
        copy(PUT_FROM_ARRAY, index, src, srcIndex, length);
    }

    /**
     * Copy bytes from a {@link ByteBuffer} into the segment; the source's position and limit are not changed.
     *
     * @param index    in the segment of the first byte written.
     * @param src      to copy from, heap or direct.
     * @param srcIndex absolute index of the first byte in {@code src}.
     * @param length   of the copy.
     */
    public void putBytes(final long index, final ByteBuffer src, final int srcIndex, final int length)
    {
        copy(PUT_FROM_BYTE_BUFFER, index, src, srcIndex, length);
    }

    /**
     * Copy bytes from the segment into a buffer.
     *
     * @param index    in the segment of the first byte read.
     * @param dst      to copy into.
     * @param dstIndex of the first byte in {@code dst}.
     * @param length   of the copy.
     */
    public void getBytes(final long index, final MutableDirectBuffer dst, final int dstIndex, final int length)
    {
        copy(GET_TO_DIRECT_BUFFER, index, dst, dstIndex, length);
    }

    /**
     * Copy bytes from the segment into an array.
     *
     * @param index    in the segment of the first byte read.
     * @param dst      to copy into.
     * @param dstIndex of the first byte in {@code dst}.
     * @param length   of the copy.
     */
    public void getBytes(final long index, final byte[] dst, final int dstIndex, final int length)
    {
        copy(GET_TO_ARRAY, index, dst, dstIndex, length);
    }

    /**
     * Copy bytes from the segment into a {@link ByteBuffer}; the destination's position and limit are not changed.
     *
     * @param index    in the segment of the first byte read.
     * @param dst      to copy into, heap or direct.
     * @param dstIndex absolute index of the first byte in {@code dst}.
     * @param length   of the copy.
     */
    public void getBytes(final long index, final ByteBuffer dst, final int dstIndex, final int length)
    {
        copy(GET_TO_BYTE_BUFFER, index, dst, dstIndex, length);
    }

    /**
     * Write a range of the segment to a channel, straight from the mapping.
     *
     * @param index   in the segment of the first byte.
     * @param length  of the range.
     * @param channel to write to; a blocking channel is written until done.
     * @return bytes written, less than {@code length} only if a non-blocking channel accepted no more.
     * @throws IOException from the channel.
     */
    public long transferTo(final long index, final long length, final WritableByteChannel channel) throws IOException
    {
        checkRange(index, length);
        long position = index;
        final long end = index + length;
        while (position < end)
        {
            final ByteBuffer cursor = cursor(position, end);
            final int written = channel.write(cursor);
            if (written == 0)
            {
                break;
            }
            position += written;
        }

        return position - index;
    }

    /**
     * Fill a range of the segment from a channel, straight into the mapping.
     *
     * @param channel to read from.
     * @param index   in the segment of the first byte.
     * @param length  of the range.
     * @return bytes read, less than {@code length} if the channel reached its end (or a non-blocking one had none).
     * @throws IOException from the channel.
     */
    public long transferFrom(final ReadableByteChannel channel, final long index, final long length)
        throws IOException
    {
        checkRange(index, length);
        long position = index;
        final long end = index + length;
        while (position < end)
        {
            final int read = channel.read(cursor(position, end));
            if (read <= 0)
            {
                break;
            }
            position += read;
        }

        return position - index;
    }

    /**
     * CRC32C (Castagnoli, as {@link CRC32C}) of a range, computed from the mapping with the JDK's intrinsic.
     *
     * @param index  in the segment of the first byte.
     * @param length of the range.
     * @return the checksum.
     */
    public int checksum(final long index, final long length)
    {
        checkRange(index, length);
        crc.reset();
        long position = index;
        final long end = index + length;
        while (position < end)
        {
            final ByteBuffer cursor = cursor(position, end);
            position += cursor.remaining();
            crc.update(cursor);
        }

        return (int)crc.getValue();
    }

    /**
     * Touch every page of the segment with a write so that later writes hit committed, mapped pages rather than
     * paying a first-touch fault each (on tmpfs ~1.5 GB/s for fresh pages versus 11–45 GB/s for resident ones).
     * Commits {@link #length()} bytes of memory.
     */
    public void preTouch()
    {
        preTouch(length());
    }

    /**
     * Touch every page of the first {@code length} bytes with a write (see {@link #preTouch()}).
     *
     * @param length bytes from the start of the segment, at most {@link #length()}.
     */
    public void preTouch(final long length)
    {
        checkOpen();
        long remaining = Math.min(length, length());
        for (final UnsafeBuffer chunk : chunks)
        {
            final int capacity = (int)Math.min(chunk.capacity(), remaining);
            for (long i = 0; i < capacity; i += PAGE_SIZE)
            {
                chunk.putByte((int)i, (byte)0);
            }
            remaining -= capacity;
            if (remaining <= 0)
            {
                break;
            }
        }
    }

    /**
     * Has this segment been closed?
     *
     * @return true once {@link #close()} has run.
     */
    public boolean isClosed()
    {
        return isClosed;
    }

    /**
     * Unmap the segment. The file itself is left alone: the owner of the store deletes it. Idempotent.
     */
    public void close()
    {
        if (!isClosed)
        {
            isClosed = true;
            unmapAll();
        }
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "MappedSegment{segmentId=" + segmentId + ", length=" + length + ", file=" + file + '}';
    }

    private void copy(final int op, final long index, final Object other, final int otherIndex, final int length)
    {
        checkRange(index, length);
        long position = index;
        int copied = 0;
        while (copied < length)
        {
            final int offset = (int)(position & chunkMask);
            final UnsafeBuffer chunk = chunks[chunkIndex(position)];
            final int count = Math.min(length - copied, chunk.capacity() - offset);
            final int at = otherIndex + copied;
            switch (op)
            {
                case PUT_FROM_DIRECT_BUFFER:
                    chunk.putBytes(offset, (DirectBuffer)other, at, count);
                    break;
                case PUT_FROM_ARRAY:
                    chunk.putBytes(offset, (byte[])other, at, count);
                    break;
                case PUT_FROM_BYTE_BUFFER:
                    chunk.putBytes(offset, (ByteBuffer)other, at, count);
                    break;
                case GET_TO_DIRECT_BUFFER:
                    chunk.getBytes(offset, (MutableDirectBuffer)other, at, count);
                    break;
                case GET_TO_ARRAY:
                    chunk.getBytes(offset, (byte[])other, at, count);
                    break;
                default:
                    chunk.getBytes(offset, (ByteBuffer)other, at, count);
                    break;
            }
            copied += count;
            position += count;
        }
    }

    private ByteBuffer cursor(final long position, final long end)
    {
        final int chunkIndex = chunkIndex(position);
        final int offset = (int)(position & chunkMask);
        final ByteBuffer cursor = cursors[chunkIndex];
        final long chunkRemaining = chunks[chunkIndex].capacity() - offset;
        cursor.limit(offset + (int)Math.min(chunkRemaining, end - position)).position(offset);

        return cursor;
    }

    private int chunkIndex(final long index)
    {
        return (int)(index >>> chunkShift);
    }

    private boolean isInside(final long index, final long length)
    {
        return index >= 0 && length >= 0 && index <= this.length && length <= this.length - index;
    }

    private void checkRange(final long index, final long length)
    {
        checkOpen();
        if (!isInside(index, length))
        {
            throw new IndexOutOfBoundsException(
                "range [" + index + ", +" + length + ") is outside segment " + segmentId + " of " + this.length +
                " bytes");
        }
    }

    private void checkWord(final long index, final int size)
    {
        checkRange(index, size);
        if ((index & (size - 1)) != 0)
        {
            throw new IllegalArgumentException("index " + index + " is not aligned to " + size + " bytes");
        }
    }

    private void checkOpen()
    {
        if (isClosed)
        {
            throw new IllegalStateException("segment " + segmentId + " is closed: " + file);
        }
    }

    private void unmapAll()
    {
        for (int i = 0; i < mappings.length; i++)
        {
            if (null != mappings[i])
            {
                if (null != chunks[i])
                {
                    chunks[i].wrap(0, 0);
                }
                IoUtil.unmap(mappings[i]);
                mappings[i] = null;
            }
        }
    }
}
