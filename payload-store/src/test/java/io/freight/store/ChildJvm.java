/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real child JVM on this JVM's classpath and flags, for claims about processes: started with
 * {@link ProcessBuilder}, its stdout read line by line on a daemon thread, waited for with deadlines.
 */
public final class ChildJvm implements AutoCloseable
{
    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer transcript = new StringBuffer();

    private ChildJvm(final Process process)
    {
        this.process = process;
        final Thread reader = new Thread(this::pump, "child-" + process.pid() + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Start {@code mainClass} in a new JVM with this JVM's classpath and the Agrona flags.
     *
     * @param mainClass to run.
     * @param args      for its main.
     * @return the running child.
     * @throws IOException if it cannot be started.
     */
    public static ChildJvm start(final Class<?> mainClass, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty(
            "freight.test.jvmFlags", "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED").trim().split("\\s+")));
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(Arrays.asList(args));

        return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /**
     * The child's process.
     *
     * @return the process.
     */
    public Process process()
    {
        return process;
    }

    /**
     * Write a line to the child's stdin.
     *
     * @param line to write.
     * @throws IOException if the child is gone.
     */
    public void send(final String line) throws IOException
    {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /**
     * Resident set size of the child, from /proc/[pid]/status.
     *
     * @return VmRSS in bytes.
     * @throws IOException if it cannot be read.
     */
    public long rssBytes() throws IOException
    {
        return rssBytes(process.pid());
    }

    /**
     * Resident set size of a process, from /proc/[pid]/status.
     *
     * @param pid of the process.
     * @return VmRSS in bytes.
     * @throws IOException if it cannot be read.
     */
    public static long rssBytes(final long pid) throws IOException
    {
        return statusBytes(pid, "VmRSS");
    }

    /**
     * A size field of /proc/[pid]/status, e.g. {@code RssAnon} (heap, stacks, direct buffers) or {@code RssShmem}
     * (pages of shared memory mappings: the stores it maps).
     *
     * @param pid   of the process.
     * @param field name, without the colon.
     * @return the value in bytes.
     * @throws IOException if it cannot be read.
     */
    public static long statusBytes(final long pid, final String field) throws IOException
    {
        for (final String line : java.nio.file.Files.readAllLines(Path.of("/proc/" + pid + "/status")))
        {
            if (line.startsWith(field + ":"))
            {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no " + field + " for pid " + pid);
    }

    /**
     * Wait for the next line of output that starts with a prefix, skipping others.
     *
     * @param prefix  to look for.
     * @param timeout how long to wait.
     * @param unit    of the timeout.
     * @return the rest of the line after the prefix.
     * @throws AssertionError if no such line comes in time or the child exits first.
     */
    public String awaitLine(final String prefix, final long timeout, final TimeUnit unit) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + unit.toNanos(timeout);
        while (true)
        {
            final long remainingNs = deadlineNs - System.nanoTime();
            final String line = lines.poll(Math.max(0, remainingNs), TimeUnit.NANOSECONDS);
            if (null == line)
            {
                throw new AssertionError("no line starting with \"" + prefix + "\" from child " + process.pid() +
                    " within " + timeout + " " + unit + "; alive=" + process.isAlive() + "; output:\n" + transcript);
            }
            if (line.startsWith(prefix))
            {
                return line.substring(prefix.length());
            }
        }
    }

    /**
     * Kill the child with SIGKILL (no shutdown hooks, no cleanup: a crash) and wait for it to be reaped.
     *
     * @throws InterruptedException if interrupted while waiting.
     */
    public void kill9() throws InterruptedException
    {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS))
        {
            throw new AssertionError("child " + process.pid() + " survived SIGKILL for 30s");
        }
    }

    /**
     * Everything the child printed so far.
     *
     * @return its output.
     */
    public String transcript()
    {
        return transcript.toString();
    }

    /**
     * Kill the child if it still runs.
     */
    public void close() throws InterruptedException
    {
        if (process.isAlive())
        {
            kill9();
        }
    }

    private void pump()
    {
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = reader.readLine()))
            {
                transcript.append(line).append('\n');
                lines.add(line);
            }
        }
        catch (final IOException ignore)
        {
            // The child is gone.
        }
    }
}
