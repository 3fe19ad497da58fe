/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import java.util.Optional;

/**
 * Identifies a process across pid reuse: its pid plus its start time. Two processes may share a pid over the life of
 * a machine, never a pid and a start time, so a store whose owner pid is alive but started at another time belongs
 * to a dead process.
 * <p>
 * Start times come from {@link ProcessHandle.Info#startInstant()} (on Linux, /proc/[pid]/stat's start ticks plus the
 * boot time), in epoch milliseconds; every JVM on the machine computes the same value for the same process.
 */
public final class ProcessIdentity
{
    /**
     * Start time recorded when the platform cannot tell one.
     */
    public static final long UNKNOWN_START_TIME = -1;

    private ProcessIdentity()
    {
    }

    /**
     * Pid of this process.
     *
     * @return pid of this process.
     */
    public static long currentPid()
    {
        return ProcessHandle.current().pid();
    }

    /**
     * Start time of this process.
     *
     * @return start time in epoch milliseconds, or {@link #UNKNOWN_START_TIME}.
     */
    public static long currentStartTime()
    {
        return startTime(ProcessHandle.current());
    }

    /**
     * Is the process that had this pid and start time still running?
     * <p>
     * When the pid is alive but its start time cannot be read (a process of another user on a hardened /proc), the
     * answer is yes: a store is never removed on a guess.
     *
     * @param pid       recorded by the process.
     * @param startTime recorded by the process, or {@link #UNKNOWN_START_TIME}.
     * @return true if that very process is alive.
     */
    public static boolean isAlive(final long pid, final long startTime)
    {
        final Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive())
        {
            return false;
        }

        final long actualStartTime = startTime(handle.get());
        return UNKNOWN_START_TIME == startTime || UNKNOWN_START_TIME == actualStartTime || actualStartTime == startTime;
    }

    private static long startTime(final ProcessHandle handle)
    {
        return handle.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(UNKNOWN_START_TIME);
    }
}
