/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import org.agrona.MarkFile;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

/**
 * The {@code store.meta} file: who owns the store, whether it is alive, and which segments it has.
 * <p>
 * An Agrona {@link MarkFile}: the layout version is written last, with release semantics, once every other field
 * is in place, so a reader that sees a non-zero version sees a complete header. Little-endian:
 * <pre>
 *   0  int64 magic "FRGHTSTR"         8  int32 layout version (0 until ready)   12 int32 meta file length
 *  16  int64 heartbeat, epoch ms     24  int64 owner pid                       32 int64 owner start time, epoch ms
 *  40  int64 ring segment length     48  int64 maximum store length            56 int32 segment table capacity
 *  60  int32 reserved                64  segment table: capacity entries of 32 bytes
 *
 *  entry: 0 int32 state (0 free, 1 live, written last)  4 int32 segment id  8 int64 length  16 int32 kind  20 reserved
 * </pre>
 * Not thread-safe for writes: the owner thread alone adds and removes segments.
 */
public final class StoreMetaFile implements AutoCloseable
{
    /**
     * "FRGHTSTR" read as a little-endian long.
     */
    public static final long MAGIC = 0x5254535448475246L;

    /**
     * Layout version of this code; a store with another version is refused by readers.
     */
    public static final int LAYOUT_VERSION = 1;

    /**
     * Length of the fixed header before the segment table.
     */
    public static final int HEADER_LENGTH = 64;

    /**
     * Length of one segment table entry.
     */
    public static final int ENTRY_LENGTH = 32;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 8;
    static final int META_LENGTH_OFFSET = 12;
    static final int HEARTBEAT_OFFSET = 16;
    static final int OWNER_PID_OFFSET = 24;
    static final int OWNER_START_TIME_OFFSET = 32;
    static final int RING_LENGTH_OFFSET = 40;
    static final int MAX_STORE_LENGTH_OFFSET = 48;
    static final int TABLE_CAPACITY_OFFSET = 56;

    static final int ENTRY_STATE_OFFSET = 0;
    static final int ENTRY_SEGMENT_ID_OFFSET = 4;
    static final int ENTRY_LENGTH_OFFSET = 8;
    static final int ENTRY_KIND_OFFSET = 16;

    static final int ENTRY_FREE = 0;
    static final int ENTRY_LIVE = 1;

    private final Path file;
    private final MarkFile markFile;
    private final UnsafeBuffer buffer;
    private final int tableCapacity;

    private StoreMetaFile(final Path file, final MappedByteBuffer mapping)
    {
        this.file = file;
        this.markFile = new MarkFile(mapping, VERSION_OFFSET, HEARTBEAT_OFFSET);
        this.buffer = markFile.buffer();
        this.tableCapacity = buffer.getInt(TABLE_CAPACITY_OFFSET);
    }

    /**
     * Create the meta file of a new store (0600), filled in but not yet ready: call {@link #signalReady()} once the
     * store's segments exist.
     *
     * @param file           to create; must not exist.
     * @param tableCapacity  maximum segments the store will have at once.
     * @param ownerPid       of the creating process.
     * @param ownerStartTime of the creating process.
     * @param ringLength     of the ring segment.
     * @param maxStoreLength of the store.
     * @param nowMs          first heartbeat.
     * @return the meta file, mapped read-write.
     * @throws IOException if it cannot be created.
     */
    public static StoreMetaFile create(
        final Path file,
        final int tableCapacity,
        final long ownerPid,
        final long ownerStartTime,
        final long ringLength,
        final long maxStoreLength,
        final long nowMs) throws IOException
    {
        final int length = HEADER_LENGTH + tableCapacity * ENTRY_LENGTH;
        final MappedByteBuffer mapping;
        try (FileChannel channel = FileChannel.open(
            file,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE),
            StorePaths.OWNER_ONLY_FILE))
        {
            mapping = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
        }

        final UnsafeBuffer buffer = new UnsafeBuffer(mapping);
        buffer.putLong(MAGIC_OFFSET, MAGIC);
        buffer.putInt(META_LENGTH_OFFSET, length);
        buffer.putLong(HEARTBEAT_OFFSET, nowMs);
        buffer.putLong(OWNER_PID_OFFSET, ownerPid);
        buffer.putLong(OWNER_START_TIME_OFFSET, ownerStartTime);
        buffer.putLong(RING_LENGTH_OFFSET, ringLength);
        buffer.putLong(MAX_STORE_LENGTH_OFFSET, maxStoreLength);
        buffer.putInt(TABLE_CAPACITY_OFFSET, tableCapacity);

        return new StoreMetaFile(file, mapping);
    }

    /**
     * Map an existing, ready meta file read-only after checking its magic, version and length.
     *
     * @param file to map.
     * @return the meta file.
     * @throws IOException if it is missing, not ready, or not a Freight store of this layout version.
     */
    public static StoreMetaFile openReadOnly(final Path file) throws IOException
    {
        final MappedByteBuffer mapping;
        // Checked before opening: opening a FIFO planted in place of the meta file would block forever.
        StorePaths.checkRegularFileOwnedByUs(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, NOFOLLOW_LINKS))
        {
            final long size = channel.size();
            if (size < HEADER_LENGTH)
            {
                throw new IOException(file + " is " + size + " bytes, shorter than a store header");
            }

            final ByteBuffer header = readHeader(channel);
            checkHeader(file, header, size);
            mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, header.getInt(META_LENGTH_OFFSET));
        }

        return new StoreMetaFile(file, mapping);
    }

    /**
     * Read who owns a store, without mapping it: what the janitor needs.
     *
     * @param file the store's meta file.
     * @return {@code {pid, startTime}} of the owner, or null if the file is not (yet) a ready store meta file.
     * @throws IOException if it cannot be read.
     */
    public static long[] readOwner(final Path file) throws IOException
    {
        if (!java.nio.file.Files.isRegularFile(file, NOFOLLOW_LINKS))
        {
            if (!java.nio.file.Files.exists(file, NOFOLLOW_LINKS))
            {
                throw new java.nio.file.NoSuchFileException(file.toString());
            }
            return null;
        }

        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, NOFOLLOW_LINKS))
        {
            if (channel.size() < HEADER_LENGTH)
            {
                return null;
            }

            final ByteBuffer header = readHeader(channel);
            if (header.getLong(MAGIC_OFFSET) != MAGIC || header.getInt(VERSION_OFFSET) == 0)
            {
                return null;
            }

            return new long[]{ header.getLong(OWNER_PID_OFFSET), header.getLong(OWNER_START_TIME_OFFSET) };
        }
    }

    /**
     * The file.
     *
     * @return the file.
     */
    public Path file()
    {
        return file;
    }

    /**
     * Publish the file as complete: readers accept it from now on.
     */
    public void signalReady()
    {
        markFile.signalReady(LAYOUT_VERSION);
    }

    /**
     * Record that the owner is alive.
     *
     * @param nowMs epoch milliseconds.
     */
    public void heartbeat(final long nowMs)
    {
        markFile.timestampRelease(nowMs);
    }

    /**
     * Last heartbeat of the owner.
     *
     * @return epoch milliseconds.
     */
    public long heartbeat()
    {
        return markFile.timestampVolatile();
    }

    /**
     * Pid of the owner.
     *
     * @return pid of the owner.
     */
    public long ownerPid()
    {
        return buffer.getLong(OWNER_PID_OFFSET);
    }

    /**
     * Start time of the owner.
     *
     * @return epoch milliseconds, or {@link ProcessIdentity#UNKNOWN_START_TIME}.
     */
    public long ownerStartTime()
    {
        return buffer.getLong(OWNER_START_TIME_OFFSET);
    }

    /**
     * Length of the ring segment.
     *
     * @return bytes.
     */
    public long ringLength()
    {
        return buffer.getLong(RING_LENGTH_OFFSET);
    }

    /**
     * Maximum length of the store, all segments together.
     *
     * @return bytes.
     */
    public long maxStoreLength()
    {
        return buffer.getLong(MAX_STORE_LENGTH_OFFSET);
    }

    /**
     * Record a new segment in the table; do it before telling any reader about it.
     *
     * @param segmentId of the segment.
     * @param kind      {@link StoreSegmentKind#RING} or {@link StoreSegmentKind#OVERSIZE}.
     * @param length    of the segment file.
     * @throws IllegalStateException if the table is full.
     */
    public void addSegment(final int segmentId, final int kind, final long length)
    {
        for (int i = 0; i < tableCapacity; i++)
        {
            final int entry = HEADER_LENGTH + i * ENTRY_LENGTH;
            if (buffer.getInt(entry + ENTRY_STATE_OFFSET) == ENTRY_FREE)
            {
                buffer.putInt(entry + ENTRY_SEGMENT_ID_OFFSET, segmentId);
                buffer.putLong(entry + ENTRY_LENGTH_OFFSET, length);
                buffer.putInt(entry + ENTRY_KIND_OFFSET, kind);
                buffer.putIntRelease(entry + ENTRY_STATE_OFFSET, ENTRY_LIVE);
                return;
            }
        }

        throw new IllegalStateException("segment table of " + file + " is full (" + tableCapacity + " entries)");
    }

    /**
     * Remove a segment from the table.
     *
     * @param segmentId of the segment.
     */
    public void removeSegment(final int segmentId)
    {
        final int entry = findLiveEntry(segmentId);
        if (entry >= 0)
        {
            buffer.putIntRelease(entry + ENTRY_STATE_OFFSET, ENTRY_FREE);
        }
    }

    /**
     * Is this segment in the table with this kind and length?
     *
     * @param segmentId of the segment.
     * @param kind      expected.
     * @param length    expected.
     * @return true if the owner recorded exactly this segment and has not removed it.
     */
    public boolean hasSegment(final int segmentId, final int kind, final long length)
    {
        final int entry = findLiveEntry(segmentId);
        return entry >= 0 &&
            buffer.getInt(entry + ENTRY_KIND_OFFSET) == kind &&
            buffer.getLong(entry + ENTRY_LENGTH_OFFSET) == length;
    }

    /**
     * Unmap the file. The owner deletes it with the store directory.
     */
    public void close()
    {
        markFile.close();
    }

    private int findLiveEntry(final int segmentId)
    {
        for (int i = 0; i < tableCapacity; i++)
        {
            final int entry = HEADER_LENGTH + i * ENTRY_LENGTH;
            if (buffer.getIntAcquire(entry + ENTRY_STATE_OFFSET) == ENTRY_LIVE &&
                buffer.getInt(entry + ENTRY_SEGMENT_ID_OFFSET) == segmentId)
            {
                return entry;
            }
        }

        return -1;
    }

    private static ByteBuffer readHeader(final FileChannel channel) throws IOException
    {
        final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        while (header.hasRemaining())
        {
            if (channel.read(header, header.position()) < 0)
            {
                throw new IOException("unexpected end of store meta file");
            }
        }

        return header;
    }

    private static void checkHeader(final Path file, final ByteBuffer header, final long size) throws IOException
    {
        final long magic = header.getLong(MAGIC_OFFSET);
        if (magic != MAGIC)
        {
            throw new IOException(file + " is not a Freight store meta file: magic 0x" + Long.toHexString(magic));
        }

        final int version = header.getInt(VERSION_OFFSET);
        if (version == 0)
        {
            throw new IOException(file + " is not ready yet: its owner is still creating the store");
        }
        if (version != LAYOUT_VERSION)
        {
            throw new IOException(
                file + " has store layout version " + version + "; this Freight reads version " + LAYOUT_VERSION);
        }

        final int length = header.getInt(META_LENGTH_OFFSET);
        final int capacity = header.getInt(TABLE_CAPACITY_OFFSET);
        if (capacity < 0 || length != HEADER_LENGTH + (long)capacity * ENTRY_LENGTH || length > size)
        {
            throw new IOException(
                file + " is inconsistent: length " + length + ", table capacity " + capacity + ", file size " + size);
        }
    }
}
