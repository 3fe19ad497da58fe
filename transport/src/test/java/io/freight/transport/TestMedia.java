/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.ShmRoot;
import org.agrona.CloseHelper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A private store root and Aeron directory under /dev/shm for one test, and the contexts that use them. Closing it
 * asserts that Freight left nothing behind (every store file deleted, the embedded driver's directory removed), then
 * removes whatever is left so that a failing test does not pollute the next.
 */
final class TestMedia implements AutoCloseable
{
    final ShmRoot storeRoot;
    final String aeronDirectoryName;

    TestMedia() throws IOException
    {
        storeRoot = ShmRoot.create();
        aeronDirectoryName = "/dev/shm/aeron-freight-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    /**
     * A context with an embedded driver in this test's directory, stores under this test's root, and a small ring.
     */
    Freight.Context context()
    {
        return new Freight.Context()
            .aeronDirectoryName(aeronDirectoryName)
            .storeRoot(storeRoot.path())
            .ringLength(8 * 1024 * 1024)
            .maxStoreLength(512L * 1024 * 1024)
            .preTouch(false);
    }

    /**
     * Arguments that let a child JVM connect to this test's driver and store root.
     */
    String[] childArgs(final int streamId, final String... more)
    {
        final String[] args = new String[3 + more.length];
        args[0] = aeronDirectoryName;
        args[1] = storeRoot.path().toString();
        args[2] = Integer.toString(streamId);
        System.arraycopy(more, 0, args, 3, more.length);
        return args;
    }

    /**
     * Delete everything under the store root and the Aeron directory, as after a crash that left them; {@link #close()}
     * then finds them empty.
     */
    void deleteAll() throws IOException
    {
        io.freight.store.StorePaths.deleteTree(Path.of(aeronDirectoryName));
        try (java.util.stream.Stream<Path> files = Files.list(storeRoot.path()))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                io.freight.store.StorePaths.deleteTree(file);
            }
        }
    }

    public void close() throws IOException
    {
        try
        {
            assertTrue(storeRoot.isEmpty(), "store files left behind:" + storeRoot.listing());
            assertFalse(Files.exists(Path.of(aeronDirectoryName)), "Aeron directory left: " + aeronDirectoryName);
        }
        finally
        {
            CloseHelper.quietClose(storeRoot);
            io.freight.store.StorePaths.deleteTree(Path.of(aeronDirectoryName));
        }
    }
}
