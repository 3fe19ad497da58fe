/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * A private store root under /dev/shm for one test: real tmpfs, isolated from other tests and from real stores.
 * {@link #close()} deletes it whatever is left, so a failing test leaves nothing behind; tests assert emptiness
 * first with {@link #isEmpty()} to catch leaks.
 */
public final class ShmRoot implements AutoCloseable
{
    private final Path path;

    private ShmRoot(final Path path)
    {
        this.path = path;
    }

    /**
     * Create a fresh root.
     *
     * @return the root.
     * @throws IOException if /dev/shm is not writable.
     */
    public static ShmRoot create() throws IOException
    {
        return new ShmRoot(Files.createTempDirectory(
            Path.of(StorePaths.DEFAULT_ROOT),
            "freight-test-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
    }

    /**
     * The root directory.
     *
     * @return the root directory.
     */
    public Path path()
    {
        return path;
    }

    /**
     * Is nothing left in the root?
     *
     * @return true if the root holds no file or directory.
     * @throws IOException if it cannot be listed.
     */
    public boolean isEmpty() throws IOException
    {
        try (Stream<Path> entries = Files.list(path))
        {
            return entries.findAny().isEmpty();
        }
    }

    /**
     * Everything under the root, for failure messages.
     *
     * @return the paths under the root.
     * @throws IOException if it cannot be walked.
     */
    public String listing() throws IOException
    {
        try (Stream<Path> entries = Files.walk(path))
        {
            return entries.map(Path::toString).reduce("", (a, b) -> a + "\n" + b);
        }
    }

    /**
     * Delete the root and everything in it.
     *
     * @throws IOException if something cannot be deleted.
     */
    public void close() throws IOException
    {
        StorePaths.deleteTree(path);
    }
}
