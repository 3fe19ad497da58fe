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
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared-memory position through which a receiver on the same host acks: who creates it, who may open it, what
 * it reads before, while and after use, and that another process's stores reach its reader.
 */
class ReceiverPositionTest
{
    private static final long RECEIVER_ID = 0x5EED_0001L;

    private ShmRoot root;
    private Path storeDirectory;

    @BeforeEach
    void before() throws IOException
    {
        root = ShmRoot.create();
        storeDirectory = Files.createDirectory(root.path().resolve("store"));
    }

    @AfterEach
    void after() throws IOException
    {
        root.close();
    }

    @Test
    void shouldBeCreatedPrivateWithNoPositionYet() throws IOException
    {
        try (ReceiverPosition sender = ReceiverPosition.create(storeDirectory, RECEIVER_ID))
        {
            final Path file = ReceiverPosition.file(storeDirectory, RECEIVER_ID);
            assertEquals(file, sender.file());
            assertEquals("ack-000000005eed0001.pos", file.getFileName().toString());
            assertEquals(ReceiverPosition.LENGTH, Files.size(file));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals(ReceiverPosition.NO_POSITION, sender.position());
        }
    }

    @Test
    void shouldCarryTheReceiversStoresToTheSender() throws IOException
    {
        try (ReceiverPosition sender = ReceiverPosition.create(storeDirectory, RECEIVER_ID);
            ReceiverPosition receiver = ReceiverPosition.open(storeDirectory, RECEIVER_ID))
        {
            receiver.position(41);
            assertEquals(41, sender.position());
            receiver.position(42);
            assertEquals(42, sender.position());
        }
    }

    @Test
    void shouldRefuseToOpenAFileTheSenderDidNotMake() throws IOException
    {
        assertThrows(NoSuchFileException.class, () -> ReceiverPosition.open(storeDirectory, RECEIVER_ID));

        try (ReceiverPosition ignore = ReceiverPosition.create(storeDirectory, RECEIVER_ID))
        {
            // Another receiver's file under this one's name: not its position.
            Files.move(ReceiverPosition.file(storeDirectory, RECEIVER_ID), ReceiverPosition.file(storeDirectory, 7));
            final IOException ex = assertThrows(IOException.class, () -> ReceiverPosition.open(storeDirectory, 7));
            assertTrue(ex.getMessage().contains("is not receiver 7's"), ex.getMessage());
        }

        final Path wrongLength = ReceiverPosition.file(storeDirectory, 8);
        Files.write(wrongLength, new byte[ReceiverPosition.LENGTH - 1]);
        final IOException ex = assertThrows(IOException.class, () -> ReceiverPosition.open(storeDirectory, 8));
        assertTrue(ex.getMessage().contains("127 bytes, not 128"), ex.getMessage());

        final Path link = ReceiverPosition.file(storeDirectory, 9);
        Files.createSymbolicLink(link, wrongLength);
        assertThrows(IOException.class, () -> ReceiverPosition.open(storeDirectory, 9));
    }

    @Test
    void shouldNeitherReadNorWriteOnceClosed() throws IOException
    {
        final ReceiverPosition sender = ReceiverPosition.create(storeDirectory, RECEIVER_ID);
        final ReceiverPosition receiver = ReceiverPosition.open(storeDirectory, RECEIVER_ID);
        receiver.position(5);
        receiver.close();
        receiver.position(6); // unmapped: a store there would crash the JVM, so it is dropped
        assertEquals(ReceiverPosition.NO_POSITION, receiver.position());
        assertEquals(5, sender.position());

        sender.closeAndDelete();
        assertEquals(ReceiverPosition.NO_POSITION, sender.position());
        assertFalse(Files.exists(sender.file()));
        sender.closeAndDelete(); // idempotent
    }

    @Test
    void shouldLeaveAReceiverThatWasLetGoWritingWhereNobodyReads() throws IOException
    {
        final ReceiverPosition first = ReceiverPosition.create(storeDirectory, RECEIVER_ID);
        try (ReceiverPosition receiver = ReceiverPosition.open(storeDirectory, RECEIVER_ID))
        {
            first.closeAndDelete();
            try (ReceiverPosition second = ReceiverPosition.create(storeDirectory, RECEIVER_ID))
            {
                receiver.position(99); // into the unlinked first file
                assertEquals(ReceiverPosition.NO_POSITION, second.position(), "a new attach starts from nothing");
            }
        }
    }

    @Test
    void shouldShowAnotherProcesssStoresToTheSender() throws Exception
    {
        try (ReceiverPosition sender = ReceiverPosition.create(storeDirectory, RECEIVER_ID);
            ChildJvm child = ChildJvm.start(
                PositionWriterMain.class, storeDirectory.toString(), Long.toString(RECEIVER_ID), "100000"))
        {
            long last = ReceiverPosition.NO_POSITION;
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (last < 100_000 && System.nanoTime() - deadlineNs < 0)
            {
                final long position = sender.position();
                assertTrue(position >= last, "monotonic: " + position + " after " + last);
                last = position;
                Thread.onSpinWait();
            }

            assertEquals(100_000, last, child.transcript());
            assertEquals("100000", child.awaitLine("WRITTEN ", 60, TimeUnit.SECONDS));
        }
    }

    /**
     * Opens a receiver's position and stores 1 to N in it.
     */
    public static final class PositionWriterMain
    {
        /**
         * @param args store directory, receiver id, N.
         * @throws Exception on failure.
         */
        public static void main(final String[] args) throws Exception
        {
            try (ReceiverPosition position = ReceiverPosition.open(Path.of(args[0]), Long.parseLong(args[1])))
            {
                final long count = Long.parseLong(args[2]);
                for (long i = 1; i <= count; i++)
                {
                    position.position(i);
                }
                System.out.println("WRITTEN " + count);
            }
        }
    }
}
