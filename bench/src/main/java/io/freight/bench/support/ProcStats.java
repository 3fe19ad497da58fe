/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What Linux says about a process and about files: memory and context switches from {@code /proc/<pid>/status},
 * system I/O from {@code /proc/<pid>/io}, allocated bytes of a directory tree from {@code du}. Read outside anything
 * timed.
 */
public final class ProcStats
{
    /**
     * Fields of one reading; kB for memory as the kernel reports it, counts and bytes otherwise.
     */
    public static final class Sample
    {
        /**
         * Resident set size, kB ({@code VmRSS}).
         */
        public final long rssKb;

        /**
         * Resident anonymous memory, kB ({@code RssAnon}): heap, direct buffers, stacks.
         */
        public final long rssAnonKb;

        /**
         * Resident file-backed memory, kB ({@code RssFile}): code, jars.
         */
        public final long rssFileKb;

        /**
         * Resident shared memory, kB ({@code RssShmem}): the mapped /dev/shm pages this process touched.
         */
        public final long rssShmemKb;

        /**
         * Voluntary context switches (the process blocked), all threads.
         */
        public final long voluntarySwitches;

        /**
         * Involuntary context switches (the process was preempted), all threads.
         */
        public final long involuntarySwitches;

        /**
         * Bytes passed to read-like system calls ({@code rchar}).
         */
        public final long rchar;

        /**
         * Bytes passed to write-like system calls ({@code wchar}).
         */
        public final long wchar;

        /**
         * Read-like system calls ({@code syscr}).
         */
        public final long syscr;

        /**
         * Write-like system calls ({@code syscw}).
         */
        public final long syscw;

        Sample(final List<String> status, final long[] switches, final List<String> io)
        {
            rssKb = field(status, "VmRSS:");
            rssAnonKb = field(status, "RssAnon:");
            rssFileKb = field(status, "RssFile:");
            rssShmemKb = field(status, "RssShmem:");
            voluntarySwitches = switches[0];
            involuntarySwitches = switches[1];
            rchar = field(io, "rchar:");
            wchar = field(io, "wchar:");
            syscr = field(io, "syscr:");
            syscw = field(io, "syscw:");
        }
    }

    private ProcStats()
    {
    }

    /**
     * Read a process's status and I/O counters. {@code /proc/<pid>/status} counts the context switches of the
     * process's first thread only, which in a JVM is the launcher waiting for the VM to end, so they are summed here
     * over {@code /proc/<pid>/task/*}: live threads only, as a thread that ended takes its count with it. Compare
     * samples of long-lived processes. The I/O counters cover every thread, ended ones included.
     *
     * @param pid of the process.
     * @return the reading.
     */
    public static Sample sample(final long pid)
    {
        final Path proc = Path.of("/proc", Long.toString(pid));
        final long[] switches = new long[2];
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task")))
        {
            for (final Path task : tasks)
            {
                try
                {
                    final List<String> status = Files.readAllLines(task.resolve("status"), StandardCharsets.US_ASCII);
                    switches[0] += field(status, "voluntary_ctxt_switches:");
                    switches[1] += field(status, "nonvoluntary_ctxt_switches:");
                }
                catch (final NoSuchFileException ignore)
                {
                    // The thread ended while we looked.
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list the threads of " + pid, ex);
        }

        return new Sample(readLines(proc.resolve("status")), switches, readLines(proc.resolve("io")));
    }

    /**
     * Bytes allocated to the files under a directory (tmpfs pages written), as {@code du -s -B1} reports them.
     *
     * @param directory to measure; 0 if it does not exist.
     * @return bytes.
     */
    static long allocatedBytes(final Path directory)
    {
        if (!Files.exists(directory))
        {
            return 0;
        }

        try
        {
            final Process du = new ProcessBuilder("du", "-s", "-B1", directory.toString())
                .redirectErrorStream(true)
                .start();
            final String output = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (0 != du.waitFor())
            {
                throw new IllegalStateException("du failed on " + directory + ": " + output);
            }

            return Long.parseLong(output.split("\\s+")[0]);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring " + directory, ex);
        }
    }

    /**
     * Sum of the lengths of the regular files under a directory: what they would hold with every page written.
     *
     * @param directory to measure; 0 if it does not exist.
     * @return bytes.
     */
    public static long apparentBytes(final Path directory)
    {
        if (!Files.exists(directory))
        {
            return 0;
        }

        try (Stream<Path> files = Files.walk(directory))
        {
            long total = 0;
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                if (Files.isRegularFile(file))
                {
                    total += Files.size(file);
                }
            }
            return total;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot measure " + directory, ex);
        }
    }

    /**
     * Read one line of /proc that starts with a prefix, e.g. {@code Cpus_allowed_list:}.
     *
     * @param file   to read.
     * @param prefix of the line.
     * @return the rest of the line, trimmed.
     */
    public static String line(final Path file, final String prefix)
    {
        for (final String line : readLines(file))
        {
            if (line.startsWith(prefix))
            {
                return line.substring(prefix.length()).trim();
            }
        }

        throw new IllegalStateException("no " + prefix + " in " + file);
    }

    private static long field(final List<String> lines, final String prefix)
    {
        for (final String line : lines)
        {
            if (line.startsWith(prefix))
            {
                return Long.parseLong(line.substring(prefix.length()).trim().split("\\s+")[0]);
            }
        }

        throw new IllegalStateException("no " + prefix + " in /proc");
    }

    private static List<String> readLines(final Path file)
    {
        try
        {
            return Files.readAllLines(file, StandardCharsets.US_ASCII);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
    }
}
