/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreJanitorTest
{
    private ShmRoot root;

    @BeforeEach
    void before() throws IOException
    {
        root = ShmRoot.create();
    }

    @AfterEach
    void after() throws IOException
    {
        root.close();
    }

    @Test
    void shouldSpareTheStoreOfALiveProcessAndRemoveItOnceThatProcessIsKilled() throws Exception
    {
        try (ChildJvm owner = ChildJvm.start(StoreOwnerMain.class, root.path().toString()))
        {
            final String storeId = owner.awaitLine("STORE ", 60, TimeUnit.SECONDS);
            final Path store = StorePaths.storeDirectory(root.path(), storeId);

            assertEquals(List.of(), StoreJanitor.sweep(root.path(), 0));
            assertTrue(Files.exists(store.resolve("segment-0")), "a live store is never touched");

            owner.kill9();
            assertTrue(Files.exists(store), "kill -9 left the store behind, as a crash does");

            assertEquals(List.of(store), StoreJanitor.sweep(root.path()));
            assertTrue(root.isEmpty(), root.listing());
        }
    }

    @Test
    void shouldJudgeAStoreWithoutALockFileByPidAndStartTimeSoAReusedPidDoesNotKeepItAlive() throws IOException
    {
        final PayloadStore store = PayloadStore.create(new PayloadStore.Context().root(root.path()).preTouch(false)
            .ringLength(4096));
        try
        {
            // A store directory without owner.lock, whose meta file names this live process: judged by pid.
            final Path copy = Files.createDirectory(store.directory().resolveSibling("4242-copy"));
            final Path meta = Files.copy(store.directory().resolve(StorePaths.META_FILE_NAME),
                copy.resolve(StorePaths.META_FILE_NAME));
            assertFalse(StoreJanitor.isStale(copy, 0), "pid and start time are those of a live process");

            // Same pid, other start time: the pid was reused by a new process after the owner died.
            overwriteLong(meta, StoreMetaFile.OWNER_START_TIME_OFFSET, ProcessIdentity.currentStartTime() - 60_000);

            assertTrue(StoreJanitor.isStale(copy, 0));
            assertEquals(List.of(copy), StoreJanitor.sweep(root.path()));
            assertTrue(Files.exists(store.directory()), "the live store is spared");
        }
        finally
        {
            store.close();
        }
        assertTrue(root.isEmpty(), root.listing());
    }

    @Test
    void shouldLeaveAnIncompleteStoreAloneDuringTheGracePeriod() throws IOException
    {
        final Path incomplete = Files.createDirectories(StorePaths.storeDirectory(root.path(), "123-abc"));

        assertEquals(List.of(), StoreJanitor.sweep(root.path(), 60_000));
        assertTrue(Files.exists(incomplete));

        assertEquals(List.of(incomplete), StoreJanitor.sweep(root.path(), -1));
        assertTrue(root.isEmpty(), root.listing());
    }

    @Test
    void shouldNeverTouchWhatIsNotAStoreDirectory() throws IOException
    {
        final Path userDirectory = StorePaths.ensureUserDirectory(root.path());
        final Path file = Files.write(userDirectory.resolve("notes"), new byte[]{ 1 });
        final Path target = Files.createDirectory(root.path().resolve("target"));
        final Path link = Files.createSymbolicLink(userDirectory.resolve("link"), target);

        assertEquals(List.of(), StoreJanitor.sweep(root.path(), -1));

        assertTrue(Files.exists(file));
        assertTrue(Files.exists(link));
        assertTrue(Files.exists(target));
    }

    private static void overwriteLong(final Path file, final int offset, final long value) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value), offset);
        }
    }
}
