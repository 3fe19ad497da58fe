/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

/**
 * A file lock that says a process is alive: held exclusively by its process for as long as it lives, and dropped by
 * the kernel the moment that process dies, however it dies (kill -9 included), with no heartbeat to miss and no pid
 * to be reused. Another process learns whether the holder lives by trying a shared lock on the same file: refused
 * means alive, granted means dead.
 * <p>
 * Used for a store's {@code owner.lock} (its owner, the sender) and for each receiver's
 * {@code receiver-<id>.lock} in the per-user directory. Lock files are only ever opened here: POSIX drops all of a
 * process's locks on a file when any of its descriptors of that file is closed, so a probe from the holding JVM is
 * answered without opening the file. A probe from elsewhere costs an open, a fcntl and a close.
 */
public final class LivenessLock implements AutoCloseable
{
    /**
     * The holder is alive: the lock is held.
     */
    public static final int ALIVE = 1;

    /**
     * The holder is gone: the lock was free.
     */
    public static final int DEAD = 0;

    /**
     * There is no such file: nothing can be said.
     */
    public static final int UNKNOWN = -1;

    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private LivenessLock(final Path file, final FileChannel channel, final FileLock lock)
    {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Create a lock file (0600, must not exist) and hold it exclusively until {@link #close()} or death.
     *
     * @param file to create.
     * @return the held lock.
     * @throws UncheckedIOException if the file exists or cannot be created or locked.
     */
    public static LivenessLock create(final Path file)
    {
        FileChannel channel = null;
        try
        {
            channel = FileChannel.open(
                file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE),
                StorePaths.OWNER_ONLY_FILE);
            final FileLock lock = channel.tryLock();
            if (null == lock)
            {
                throw new IOException("liveness lock " + file + " is held by another process");
            }

            final Path key = file.toAbsolutePath().normalize();
            HELD.add(key);
            return new LivenessLock(key, channel, lock);
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot create liveness lock " + file, ex);
        }
    }

    /**
     * Is the process holding this file's lock alive? Allocation-free when this JVM holds the lock and the path is
     * given absolute and normalized, as {@link StorePaths} makes them; otherwise it opens the file.
     *
     * @param file to probe.
     * @return {@link #ALIVE}, {@link #DEAD} or {@link #UNKNOWN} if the file does not exist.
     */
    public static int probe(final Path file)
    {
        if (HELD.contains(file) || HELD.contains(file.toAbsolutePath().normalize()))
        {
            // Held by this JVM. Never open it here: closing any descriptor of a file drops every POSIX lock this
            // process holds on it.
            return ALIVE;
        }

        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, NOFOLLOW_LINKS))
        {
            try (FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true))
            {
                return null == lock ? ALIVE : DEAD;
            }
            catch (final OverlappingFileLockException ex)
            {
                return ALIVE;
            }
        }
        catch (final NoSuchFileException ex)
        {
            return UNKNOWN;
        }
        catch (final IOException ex)
        {
            return UNKNOWN;
        }
    }

    /**
     * The lock file.
     *
     * @return the file.
     */
    public Path file()
    {
        return file;
    }

    /**
     * Release the lock and close the file. The file itself stays; its owner deletes it.
     */
    public void close()
    {
        HELD.remove(file);
        try
        {
            lock.release();
        }
        catch (final IOException ignore)
        {
            // Closing the channel releases it anyway.
        }
        closeQuietly(channel);
    }

    /**
     * Release the lock and delete the file.
     */
    public void closeAndDelete()
    {
        close();
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ignore)
        {
            // The janitor removes lock files nobody holds.
        }
    }

    private static void closeQuietly(final FileChannel channel)
    {
        if (null != channel)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // Nothing more to do.
            }
        }
    }
}
