/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

/**
 * Removes stores whose owner process is gone, so that a crash or kill -9 leaves nothing in /dev/shm for long.
 * <p>
 * A store is stale when its owner's liveness lock ({@code owner.lock}, held by the owner while it lives and dropped
 * by the kernel when it dies) is free; without a lock file, when the process recorded in its meta file (pid and start
 * time, so a reused pid is not mistaken for the owner) is not running, or when its meta file never became ready and
 * the directory is older than a grace period (its creator died while creating it). A receiver's liveness lock file
 * that nobody holds is removed too. A live store is never touched, nor anything that is not a store
 * directory of the current user. Deleting a store does not hurt readers that still map it: their pages stay until
 * they unmap.
 * <p>
 * Run from the command line: {@code java -cp freight-payload-store.jar:agrona.jar io.freight.store.StoreJanitor
 * [root]}. Thread-safe: it holds no state.
 */
public final class StoreJanitor
{
    /**
     * How long a store whose meta file is not ready is left alone, in milliseconds: its creator may still be at work.
     */
    public static final long DEFAULT_INCOMPLETE_GRACE_MS = 30_000;

    private StoreJanitor()
    {
    }

    /**
     * Remove the current user's stale stores under a root.
     *
     * @param root of stores, /dev/shm by default.
     * @return the store directories removed.
     */
    public static List<Path> sweep(final Path root)
    {
        return sweep(root, DEFAULT_INCOMPLETE_GRACE_MS);
    }

    /**
     * Remove the current user's stale stores under a root.
     *
     * @param root              of stores.
     * @param incompleteGraceMs how old a store that never became ready must be before it is removed.
     * @return the store directories removed.
     * @throws UncheckedIOException if the per-user directory cannot be listed or a stale store cannot be deleted.
     */
    public static List<Path> sweep(final Path root, final long incompleteGraceMs)
    {
        final Path userDirectory = StorePaths.userDirectory(root);
        final List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(userDirectory, NOFOLLOW_LINKS))
        {
            return removed;
        }

        try (DirectoryStream<Path> stores = Files.newDirectoryStream(userDirectory))
        {
            for (final Path entry : stores)
            {
                if (isStale(entry, incompleteGraceMs))
                {
                    StorePaths.deleteTree(entry);
                    removed.add(entry);
                }
                else if (isAbandonedReceiverLock(entry))
                {
                    Files.deleteIfExists(entry);
                    removed.add(entry);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot sweep stale stores in " + userDirectory, ex);
        }

        StorePaths.deleteUserDirectoryIfEmpty(root);
        return removed;
    }

    /**
     * Is this a store directory whose owner is gone?
     *
     * @param store             directory to judge.
     * @param incompleteGraceMs how old a store that never became ready must be to count as stale.
     * @return true if it is a store directory of ours and its owner is not running.
     * @throws IOException if it cannot be inspected.
     */
    public static boolean isStale(final Path store, final long incompleteGraceMs) throws IOException
    {
        final BasicFileAttributes attributes;
        try
        {
            attributes = Files.readAttributes(store, BasicFileAttributes.class, NOFOLLOW_LINKS);
        }
        catch (final NoSuchFileException ex)
        {
            return false;
        }

        if (!attributes.isDirectory() || !isStoreName(store.getFileName().toString()))
        {
            return false;
        }

        final int lockState = LivenessLock.probe(store.resolve(StorePaths.OWNER_LOCK_FILE_NAME));
        if (LivenessLock.UNKNOWN != lockState)
        {
            return LivenessLock.DEAD == lockState;
        }

        final long[] owner;
        try
        {
            owner = StoreMetaFile.readOwner(store.resolve(StorePaths.META_FILE_NAME));
        }
        catch (final NoSuchFileException ex)
        {
            return isOlderThan(attributes, incompleteGraceMs);
        }

        if (null == owner)
        {
            return isOlderThan(attributes, incompleteGraceMs);
        }

        return !ProcessIdentity.isAlive(owner[0], owner[1]);
    }

    /**
     * Sweep a root given on the command line (default /dev/shm) and print what was removed.
     *
     * @param args optional root directory.
     */
    public static void main(final String[] args)
    {
        final Path root = Path.of(args.length > 0 ? args[0] : StorePaths.DEFAULT_ROOT);
        final List<Path> removed = sweep(root);
        for (final Path store : removed)
        {
            System.out.println("removed stale store " + store);
        }
        System.out.println(removed.size() + " stale store(s) removed under " + StorePaths.userDirectory(root));
    }

    private static boolean isAbandonedReceiverLock(final Path entry) throws IOException
    {
        return StorePaths.isReceiverLockFileName(entry.getFileName().toString()) &&
            Files.isRegularFile(entry, NOFOLLOW_LINKS) &&
            LivenessLock.DEAD == LivenessLock.probe(entry);
    }

    private static boolean isStoreName(final String name)
    {
        try
        {
            StorePaths.checkName(name, "store id");
            return true;
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
    }

    private static boolean isOlderThan(final BasicFileAttributes attributes, final long ageMs)
    {
        return System.currentTimeMillis() - attributes.lastModifiedTime().toMillis() > ageMs;
    }
}
