/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The other process of a two-process benchmark: a JVM on this JVM's classpath, started once and driven for the whole
 * run through its stdin (one command a line) and stdout (one reply a line), so no cell pays a JVM start. Its stderr
 * goes to this process's stderr.
 * <p>
 * It is killed on {@link #close()} and, should this JVM end first (Ctrl-C included), by a shutdown hook.
 * Not thread-safe: one thread drives a child.
 */
public final class ChildProcess implements AutoCloseable
{
    /**
     * The flag every JVM that touches Agrona 2.x needs.
     */
    private static final List<String> AGRONA_FLAGS = List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED");

    private static final long POLL_PARK_NS = TimeUnit.MICROSECONDS.toNanos(50);

    private final Process process;
    private final PrintStream stdin;
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final StringBuffer transcript = new StringBuffer();
    private final Thread killer;

    private ChildProcess(final Process process)
    {
        this.process = process;
        this.stdin = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.killer = new Thread(process::destroyForcibly, "kill-child-" + process.pid());
        Runtime.getRuntime().addShutdownHook(killer);

        final Thread reader = new Thread(this::pump, "child-" + process.pid() + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Start a JVM running {@code mainClass} with this JVM's classpath and the Agrona flags.
     *
     * @param cpus      CPU list to pin it to with {@code taskset -c}, or null to leave it unpinned.
     * @param jvmFlags  further JVM flags (heap and direct memory sizes).
     * @param mainClass to run.
     * @param args      for its main.
     * @return the running child.
     * @throws IOException if it cannot be started.
     */
    public static ChildProcess start(
        final String cpus, final List<String> jvmFlags, final Class<?> mainClass, final String... args)
        throws IOException
    {
        final List<String> command = new ArrayList<>();
        if (null != cpus)
        {
            command.add("taskset");
            command.add("-c");
            command.add(cpus);
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(AGRONA_FLAGS);
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(Arrays.asList(args));

        return new ChildProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /**
     * Process id of the child (of the JVM, even when started through taskset, which execs it).
     *
     * @return pid.
     */
    public long pid()
    {
        return process.pid();
    }

    /**
     * Send one command line.
     *
     * @param command to send.
     */
    public void send(final String command)
    {
        stdin.println(command);
        if (stdin.checkError())
        {
            throw failure("cannot write \"" + command + "\" to the child");
        }
    }

    /**
     * Wait for the next reply that starts with a prefix, skipping other lines.
     *
     * @param prefix  to look for.
     * @param timeout how long to wait.
     * @param unit    of the timeout.
     * @return the rest of the line after the prefix.
     * @throws IllegalStateException if the child exits first or no such line comes in time.
     */
    public String awaitLine(final String prefix, final long timeout, final TimeUnit unit)
    {
        return awaitLine(prefix, timeout, unit, null);
    }

    /**
     * Wait for the next reply that starts with a prefix, skipping other lines, running a duty cycle meanwhile (the
     * sender's, so that it answers the child's attach while the child waits for it).
     *
     * @param prefix    to look for.
     * @param timeout   how long to wait.
     * @param unit      of the timeout.
     * @param dutyCycle run while no line is there, or null.
     * @return the rest of the line after the prefix.
     * @throws IllegalStateException if the child exits first or no such line comes in time.
     */
    public String awaitLine(final String prefix, final long timeout, final TimeUnit unit, final Runnable dutyCycle)
    {
        final long deadlineNs = System.nanoTime() + unit.toNanos(timeout);
        while (true)
        {
            final String line = lines.poll();
            if (null != line)
            {
                if (line.startsWith(prefix))
                {
                    return line.substring(prefix.length());
                }
                if (line.startsWith("ERROR"))
                {
                    throw failure("child failed: " + line);
                }
                continue;
            }

            if (null != dutyCycle)
            {
                dutyCycle.run();
            }
            if (!process.isAlive() && lines.isEmpty())
            {
                throw failure("child exited with " + process.exitValue() + " before \"" + prefix + "\"");
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw failure("no \"" + prefix + "\" from the child within " + timeout + " " + unit);
            }
            LockSupport.parkNanos(POLL_PARK_NS);
        }
    }

    /**
     * Ask the child to exit, give it a few seconds to close what it holds, then kill it if it still runs.
     */
    public void close()
    {
        try
        {
            if (process.isAlive())
            {
                stdin.println("EXIT");
                if (!process.waitFor(10, TimeUnit.SECONDS))
                {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        finally
        {
            stdin.close();
            try
            {
                Runtime.getRuntime().removeShutdownHook(killer);
            }
            catch (final IllegalStateException ignore)
            {
                // Already shutting down: the hook runs anyway.
            }
        }
    }

    private IllegalStateException failure(final String message)
    {
        return new IllegalStateException(message + "; pid=" + process.pid() + ", output:\n" + transcript);
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
            // The child is gone; awaitLine reports it.
        }
    }
}
