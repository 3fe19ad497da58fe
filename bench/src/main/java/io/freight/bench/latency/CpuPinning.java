/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.latency;

import io.freight.bench.support.ProcStats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;

/**
 * Pins processes to CPUs with {@code taskset} (util-linux) and reads back where their threads may run
 * ({@code Cpus_allowed_list} in {@code /proc/<pid>/task/<tid>/status}).
 * <p>
 * A process pins itself with {@code taskset -a -c -p <cpus> <pid>}: every thread it has, and every thread they start
 * later, which inherits its creator's affinity. A child is started under {@code taskset -c <cpus> java ...}.
 */
final class CpuPinning
{
    private CpuPinning()
    {
    }

    /**
     * Pin every thread of this process, and so every thread it starts later, to a CPU list.
     *
     * @param cpus CPU list, e.g. {@code 0}.
     * @throws IllegalStateException if taskset fails.
     */
    static void pinThisProcess(final String cpus)
    {
        final long pid = ProcessHandle.current().pid();
        try
        {
            final Process taskset = new ProcessBuilder("taskset", "-a", "-c", "-p", cpus, Long.toString(pid))
                .redirectErrorStream(true)
                .start();
            final String output = new String(taskset.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (0 != taskset.waitFor())
            {
                throw new IllegalStateException("taskset -a -c -p " + cpus + " " + pid + " failed: " + output);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot run taskset", ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pinning", ex);
        }
    }

    /**
     * The CPU lists the threads of a process may run on, distinct values joined by {@code |}.
     *
     * @param pid of the process.
     * @return e.g. {@code 0} when every thread is pinned to CPU 0.
     */
    static String allowedCpus(final long pid)
    {
        final TreeSet<String> lists = new TreeSet<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task")))
        {
            for (final Path task : tasks)
            {
                try
                {
                    lists.add(ProcStats.line(task.resolve("status"), "Cpus_allowed_list:"));
                }
                catch (final UncheckedIOException ignore)
                {
                    // The thread ended while we looked.
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list the threads of " + pid, ex);
        }

        return String.join("|", lists);
    }

    /**
     * Threads a process has now.
     *
     * @param pid of the process.
     * @return count.
     */
    static int threadCount(final long pid)
    {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task")))
        {
            int count = 0;
            for (final Path ignore : tasks)
            {
                count++;
            }
            return count;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list the threads of " + pid, ex);
        }
    }
}
