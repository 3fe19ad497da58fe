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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The store is the owner's alone: another user cannot list, read or write it (checked by really running commands as
 * user nobody), receivers map it read-only, and a root someone else could tamper with is refused.
 */
class StoreSecurityTest
{
    private static final int NOBODY = 65534;

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
    void shouldDenyAnotherUserAnyAccessToAStore() throws Exception
    {
        assumeTrue(0 == StorePaths.currentUid() && Files.isExecutable(Path.of("/usr/bin/setpriv")),
            "needs root and setpriv to run a command as another user");
        // A shared root like /dev/shm: everyone may enter it, only the store's own permissions protect the store.
        assertEquals(0, new ProcessBuilder("chmod", "1777", root.path().toString()).start().waitFor());

        try (PayloadStore store = PayloadStore.create(new PayloadStore.Context().root(root.path()).ringLength(4096)))
        {
            final Path segment = store.directory().resolve("segment-0");
            for (final String[] command : List.of(
                new String[]{ "cat", segment.toString() },
                new String[]{ "ls", store.directory().toString() },
                new String[]{ "ls", StorePaths.userDirectory(root.path()).toString() },
                new String[]{ "touch", store.directory().resolve("planted").toString() }))
            {
                final String output = runAsNobody(command);
                assertTrue(!output.startsWith("exit=0") && output.contains("Permission denied"),
                    String.join(" ", command) + " as nobody: " + output);
            }
            assertEquals("exit=0", runAsNobody("true").trim(), "the command itself works as nobody");
        }
    }

    @Test
    void shouldMapSegmentsReadOnlyForReaders() throws Exception
    {
        try (PayloadStore store = PayloadStore.create(new PayloadStore.Context().root(root.path()).ringLength(4096));
            StoreReader reader = StoreReader.open(root.path(), store.storeId()))
        {
            reader.mapSegment(0, StoreSegmentKind.RING, 4096, "segment-0");
            final String segment = store.directory().resolve("segment-0").toString();

            final List<String> mappings = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter((line) -> line.endsWith(segment)).toList();

            assertEquals(2, mappings.size(), "the owner's mapping and the reader's: " + mappings);
            assertEquals(1, mappings.stream().filter((line) -> line.split("\\s+")[1].equals("rw-s")).count());
            assertEquals(1, mappings.stream().filter((line) -> line.split("\\s+")[1].equals("r--s")).count(),
                "the reader's mapping is shared and read-only: " + mappings);
        }
    }

    @Test
    void shouldRefuseARootOwnedByAnotherUser() throws Exception
    {
        assumeTrue(0 == StorePaths.currentUid(), "needs root to give a directory to another user");
        final Path theirs = Files.createDirectory(root.path().resolve("theirs"));
        Files.setAttribute(theirs, "unix:uid", NOBODY);

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> PayloadStore.create(new PayloadStore.Context().root(theirs).ringLength(4096)));

        assertTrue(ex.getMessage().contains("owned by uid " + NOBODY), ex.getMessage());
    }

    @Test
    void shouldRefuseARootTheGroupMayWriteWithoutTheStickyBit() throws Exception
    {
        final Path shared = Files.createDirectory(root.path().resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwx---"));

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> PayloadStore.create(new PayloadStore.Context().root(shared).ringLength(4096)));

        assertTrue(ex.getMessage().contains("sticky"), ex.getMessage());
    }

    private static String runAsNobody(final String... command) throws Exception
    {
        final String[] full = new String[command.length + 5];
        full[0] = "/usr/bin/setpriv";
        full[1] = "--reuid=" + NOBODY;
        full[2] = "--regid=" + NOBODY;
        full[3] = "--clear-groups";
        full[4] = "--";
        System.arraycopy(command, 0, full, 5, command.length);
        final Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertNotEquals(-1, process.exitValue());
        return "exit=" + process.exitValue() + " " + output;
    }
}
