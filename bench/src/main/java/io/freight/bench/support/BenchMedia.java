/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.support;

import io.freight.store.StorePaths;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The shared memory one benchmark run uses: a private store root ({@code /dev/shm/freight-bench-*}, mode 0700) and
 * the name of the embedded media driver's directory ({@code /dev/shm/aeron-freight-bench-*}). {@link #close()}
 * deletes both whatever is left in them, and so does a shutdown hook should the JVM end first, so no run leaves
 * anything under /dev/shm.
 * <p>
 * Thread-safe.
 */
public final class BenchMedia implements AutoCloseable
{
    private final Path storeRoot;
    private final Path aeronDirectory;
    private final Thread cleaner;
    private boolean isClosed;

    private BenchMedia(final Path storeRoot, final Path aeronDirectory)
    {
        this.storeRoot = storeRoot;
        this.aeronDirectory = aeronDirectory;
        this.cleaner = new Thread(this::deleteAll, "bench-media-cleaner");
        Runtime.getRuntime().addShutdownHook(cleaner);
    }

    /**
     * Create a fresh store root and pick a fresh Aeron directory name under /dev/shm.
     *
     * @return the media.
     */
    public static BenchMedia create()
    {
        try
        {
            final Path storeRoot = Files.createTempDirectory(
                Path.of(StorePaths.DEFAULT_ROOT),
                "freight-bench-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            final Path aeronDirectory = Path.of(
                StorePaths.DEFAULT_ROOT,
                "aeron-freight-bench-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));

            return new BenchMedia(storeRoot, aeronDirectory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a store root under " + StorePaths.DEFAULT_ROOT, ex);
        }
    }

    /**
     * Root directory for the stores of this run.
     *
     * @return the store root.
     */
    public Path storeRoot()
    {
        return storeRoot;
    }

    /**
     * Directory for the embedded media driver of this run.
     *
     * @return the directory name.
     */
    public String aeronDirectoryName()
    {
        return aeronDirectory.toString();
    }

    /**
     * Bytes of /dev/shm that the stores and the media driver hold now: pages allocated to their files, as
     * {@code du -B1} counts them (a sparse file counts only what was written).
     *
     * @return {storeBytes, aeronDirectoryBytes}.
     */
    public long[] shmBytes()
    {
        return new long[]{ ProcStats.allocatedBytes(storeRoot), ProcStats.allocatedBytes(aeronDirectory) };
    }

    /**
     * Delete the store root and the Aeron directory with whatever is left in them. Idempotent.
     */
    public synchronized void close()
    {
        if (!isClosed)
        {
            isClosed = true;
            deleteAll();
            try
            {
                Runtime.getRuntime().removeShutdownHook(cleaner);
            }
            catch (final IllegalStateException ignore)
            {
                // Already shutting down: the hook runs anyway.
            }
        }
    }

    private void deleteAll()
    {
        try
        {
            StorePaths.deleteTree(storeRoot);
            StorePaths.deleteTree(aeronDirectory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete " + storeRoot + " or " + aeronDirectory, ex);
        }
    }
}
