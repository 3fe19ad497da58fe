/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

/**
 * How far one receiver has released a sender's payloads, in shared memory: the acks of one host without a message,
 * as Aeron's subscriber positions are a counter the publication reads rather than something sent to it.
 * <p>
 * The sender creates one such file in its store directory for each receiver it attaches
 * ({@code ack-<16 hex digits of the receiver id>.pos}, mode 0600), before it confirms the attach; the receiver maps it
 * read-write once it sees the confirmation and stores its cumulative release there, the sequence up to which it has
 * released everything, with release semantics after it is done reading; the sender reads it with acquire semantics
 * in its duty cycle and treats it as a cumulative {@code Ack}. The sender deletes the file when it lets the receiver
 * go, and with its store. Out-of-order releases, and every ack across hosts, still go as {@code Ack} messages.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  Magic "FRTACK01" (int64)                     |  0
 *  +---------------------------------------------------------------+
 *  |                  Receiver id (int64)                          |  8
 *  +---------------------------------------------------------------+
 *  |                  Reserved, zero (48 bytes)                   ... 16
 *  +---------------------------------------------------------------+
 *  |                  Position (int64, NO_POSITION until written)  | 64
 *  +---------------------------------------------------------------+
 *  |                  Reserved, zero (56 bytes)                   ... 72
 *  +---------------------------------------------------------------+
 * </pre>
 * The position has a cache line of its own: the receiver writes it, the sender reads it, nothing else shares it.
 * <p>
 * Trust is that of the store itself: a file of the sender's private directory, writable by the same user only. A
 * position beyond what was published is the receiver's own mistake and is clamped by the sender, as a cumulative
 * {@code Ack} is; it can only make that receiver's own reads unsafe, since a region is reused only when every holder
 * released it. As with the store's segments and Aeron's own log buffers, a process of the same user that truncates
 * the file under a mapping faults the process reading it; the directory's 0700 keeps everyone else out.
 * <p>
 * Cost: {@link #position()} is one acquire load, {@link #position(long)} one release store; no allocation after
 * {@link #create} or {@link #open}. Thread safety: one writer (the receiver's polling thread) and one reader (the
 * sender's duty-cycle thread), in two processes; {@link #close()} is not safe against concurrent use.
 */
public final class ReceiverPosition implements AutoCloseable
{
    /**
     * Value of the position before the receiver has written one: below every sequence.
     */
    public static final long NO_POSITION = Long.MIN_VALUE;

    /**
     * Length of the file.
     */
    public static final int LENGTH = 128;

    static final long MAGIC = 0x3130_4b43_4154_5246L; // "FRTACK01", little-endian
    static final int MAGIC_OFFSET = 0;
    static final int RECEIVER_ID_OFFSET = 8;
    static final int POSITION_OFFSET = 64;

    private static final String PREFIX = "ack-";
    private static final String SUFFIX = ".pos";

    private final Path file;
    private final MappedByteBuffer mapping;
    private final UnsafeBuffer buffer;
    private boolean isClosed;

    private ReceiverPosition(final Path file, final MappedByteBuffer mapping)
    {
        this.file = file;
        this.mapping = mapping;
        this.buffer = new UnsafeBuffer(mapping);
    }

    /**
     * The file of a receiver's position in a store directory.
     *
     * @param storeDirectory of the sender's store.
     * @param receiverId     of the receiver.
     * @return {@code <storeDirectory>/ack-<16 hex digits>.pos}.
     */
    public static Path file(final Path storeDirectory, final long receiverId)
    {
        return storeDirectory.resolve(PREFIX + String.format("%016x", receiverId) + SUFFIX);
    }

    /**
     * The sender's side: create the position file of a receiver it attaches, holding {@link #NO_POSITION}. A file
     * left by an earlier attach of the same receiver is replaced (a new file: a receiver still mapping the old one
     * writes where nobody reads any more).
     *
     * @param storeDirectory of the sender's store.
     * @param receiverId     of the receiver.
     * @return the position, mapped read-write.
     * @throws IOException if the file cannot be created.
     */
    public static ReceiverPosition create(final Path storeDirectory, final long receiverId) throws IOException
    {
        final Path file = file(storeDirectory, receiverId);
        Files.deleteIfExists(file);
        final MappedByteBuffer mapping;
        try (FileChannel channel = FileChannel.open(
            file,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE),
            StorePaths.OWNER_ONLY_FILE))
        {
            mapping = channel.map(FileChannel.MapMode.READ_WRITE, 0, LENGTH);
        }

        final ReceiverPosition position = new ReceiverPosition(file, mapping);
        position.buffer.putLong(RECEIVER_ID_OFFSET, receiverId);
        position.buffer.putLong(POSITION_OFFSET, NO_POSITION);
        position.buffer.putLongRelease(MAGIC_OFFSET, MAGIC);

        return position;
    }

    /**
     * The receiver's side: map the position file its sender created for it, after checking that it is a regular
     * file owned by this user, of the right length, magic and receiver id.
     *
     * @param storeDirectory of the sender's store.
     * @param receiverId     of this receiver.
     * @return the position, mapped read-write.
     * @throws IOException if the file is missing (a sender that keeps no positions: acks go as messages) or not one.
     */
    public static ReceiverPosition open(final Path storeDirectory, final long receiverId) throws IOException
    {
        final Path file = file(storeDirectory, receiverId);
        StorePaths.checkRegularFileOwnedByUs(file);
        final MappedByteBuffer mapping;
        try (FileChannel channel = FileChannel.open(
            file, StandardOpenOption.READ, StandardOpenOption.WRITE, NOFOLLOW_LINKS))
        {
            if (channel.size() != LENGTH)
            {
                throw new IOException("position file " + file + " is " + channel.size() + " bytes, not " + LENGTH);
            }
            mapping = channel.map(FileChannel.MapMode.READ_WRITE, 0, LENGTH);
        }

        final ReceiverPosition position = new ReceiverPosition(file, mapping);
        if (position.buffer.getLongAcquire(MAGIC_OFFSET) != MAGIC ||
            position.buffer.getLong(RECEIVER_ID_OFFSET) != receiverId)
        {
            position.close();
            throw new IOException("position file " + file + " is not receiver " + receiverId + "'s");
        }

        return position;
    }

    /**
     * The position as last stored by the receiver.
     *
     * @return the cumulative release, or {@link #NO_POSITION} (also once closed).
     */
    public long position()
    {
        return isClosed ? NO_POSITION : buffer.getLongAcquire(POSITION_OFFSET); // never a read of an unmapped page
    }

    /**
     * Store the receiver's cumulative release, after everything up to it has been read for the last time.
     *
     * @param sequence up to which every payload is released; ignored once closed.
     */
    public void position(final long sequence)
    {
        if (!isClosed)
        {
            buffer.putLongRelease(POSITION_OFFSET, sequence);
        }
    }

    /**
     * The file.
     *
     * @return its path.
     */
    public Path file()
    {
        return file;
    }

    /**
     * Unmap the file (it stays on disk). Idempotent.
     */
    public void close()
    {
        if (!isClosed)
        {
            isClosed = true;
            IoUtil.unmap(mapping);
        }
    }

    /**
     * The sender's side: unmap and delete the file, when the receiver is let go. Missing is fine.
     *
     * @throws IOException if it exists and cannot be deleted.
     */
    public void closeAndDelete() throws IOException
    {
        close();
        Files.deleteIfExists(file);
    }
}
