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
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LivenessLockTest
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
    void shouldSeeAHolderProcessAliveUntilItIsKilled() throws Exception
    {
        final Path file = root.path().resolve("child.lock");
        try (ChildJvm holder = ChildJvm.start(LockHolderMain.class, file.toString()))
        {
            holder.awaitLine("LOCKED", 60, TimeUnit.SECONDS);
            assertEquals(LivenessLock.ALIVE, LivenessLock.probe(file));

            holder.kill9();

            assertEquals(LivenessLock.DEAD, LivenessLock.probe(file),
                "the kernel dropped the lock of the dead process");
        }
    }

    @Test
    void shouldAnswerUnknownForAMissingFile()
    {
        assertEquals(LivenessLock.UNKNOWN, LivenessLock.probe(root.path().resolve("missing.lock")));
    }

    @Test
    void shouldNotDropItsOwnLockWhenProbedFromTheSameProcess() throws Exception
    {
        final Path file = root.path().resolve("own.lock");
        try (LivenessLock lock = LivenessLock.create(file))
        {
            assertEquals(LivenessLock.ALIVE, LivenessLock.probe(file));
            assertEquals(LivenessLock.ALIVE, LivenessLock.probe(root.path().resolve(".").resolve("own.lock")));

            // POSIX drops all of a process's locks on a file when any descriptor of it is closed: another process must
            // still see it held after the probes above.
            try (ChildJvm prober = ChildJvm.start(LockProbeMain.class, file.toString()))
            {
                assertEquals("ALIVE", prober.awaitLine("STATE ", 60, TimeUnit.SECONDS));
            }
        }

        try (ChildJvm prober = ChildJvm.start(LockProbeMain.class, file.toString()))
        {
            assertEquals("DEAD", prober.awaitLine("STATE ", 60, TimeUnit.SECONDS), "released on close");
        }
    }

    /**
     * Holds a lock until killed.
     */
    public static final class LockHolderMain
    {
        /**
         * @param args the lock file.
         * @throws Exception on failure.
         */
        public static void main(final String[] args) throws Exception
        {
            final LivenessLock lock = LivenessLock.create(Path.of(args[0]));
            System.out.println("LOCKED " + lock.file());
            while (System.in.read() >= 0)
            {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Probes a lock and prints what it found.
     */
    public static final class LockProbeMain
    {
        /**
         * @param args the lock file.
         */
        public static void main(final String[] args)
        {
            final int state = LivenessLock.probe(Path.of(args[0]));
            System.out.println(
                "STATE " + (LivenessLock.ALIVE == state ? "ALIVE" : LivenessLock.DEAD == state ? "DEAD" : "UNKNOWN"));
        }
    }
}
