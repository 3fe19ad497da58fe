/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.samples;

import io.freight.store.StoreJanitor;
import io.freight.transport.Freight;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A sample main running in a child JVM, started the way this JVM was: the same {@code java}, classpath and Agrona
 * flag, and the same {@code freight.*} and {@code aeron.*} system properties, so that the child uses the same store
 * root and settings. Its stderr goes to this JVM's stderr; its stdout is inherited or piped, as asked.
 * <p>
 * Closing it kills the child if it still runs, so a parent that fails never leaves one behind, nor anything the child
 * had under the store root.
 */
public final class JavaProcess implements AutoCloseable
{
    /**
     * Flags every JVM touching Agrona 2.x needs (without them the first UnsafeBuffer use fails).
     */
    public static final List<String> AGRONA_FLAGS = List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED");

    private static final long KILL_TIMEOUT_SECONDS = 10;

    private final Process process;
    private final String name;

    private JavaProcess(final Process process, final String name)
    {
        this.process = process;
        this.name = name;
    }

    /**
     * Start a main class in a new JVM.
     *
     * @param mainClass to run.
     * @param stdout    where the child's stdout goes: {@link ProcessBuilder.Redirect#INHERIT} or
     *                  {@link ProcessBuilder.Redirect#PIPE} to read it through {@link #process()}.
     * @param args      for its main.
     * @return the running child.
     * @throws IOException if the JVM cannot be started.
     */
    public static JavaProcess start(final Class<?> mainClass, final ProcessBuilder.Redirect stdout, final String... args)
        throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(AGRONA_FLAGS);
        for (final String key : System.getProperties().stringPropertyNames())
        {
            if (key.startsWith("freight.") || key.startsWith("aeron."))
            {
                command.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));

        final Process process = new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.INHERIT)
            .redirectOutput(stdout)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();

        return new JavaProcess(process, mainClass.getSimpleName());
    }

    /**
     * The child's process, for its pid, its piped stdout and whether it is alive.
     *
     * @return the process.
     */
    public Process process()
    {
        return process;
    }

    /**
     * Wait for the child to exit.
     *
     * @param timeout how long to wait.
     * @param unit    of the timeout.
     * @return its exit code.
     * @throws InterruptedException if interrupted while waiting.
     * @throws TimeoutException     if it still runs after the timeout.
     */
    public int awaitExit(final long timeout, final TimeUnit unit) throws InterruptedException, TimeoutException
    {
        if (!process.waitFor(timeout, unit))
        {
            throw new TimeoutException(name + " (pid " + process.pid() + ") still runs after " + timeout + " " + unit);
        }

        return process.exitValue();
    }

    /**
     * Throw if the child has exited: for callers waiting on something only a live child can do.
     *
     * @throws IllegalStateException naming the child and its exit code.
     */
    public void checkAlive()
    {
        if (!process.isAlive())
        {
            throw new IllegalStateException(
                name + " (pid " + process.pid() + ") exited with code " + process.exitValue() + ": see its output");
        }
    }

    /**
     * Kill the child (SIGKILL) if it still runs, wait for it to be reaped, and remove what it left in the store root.
     */
    public void close()
    {
        if (process.isAlive())
        {
            process.destroyForcibly();
            try
            {
                process.waitFor(KILL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }

        // A killed child cannot clean up after itself: its stores and receiver liveness locks would stay until the
        // next Freight launch under the same root sweeps them, so sweep now. Live stores are never touched.
        try
        {
            StoreJanitor.sweep(new Freight.Context().storeRoot());
        }
        catch (final UncheckedIOException ex)
        {
            System.err.println("could not sweep what " + this + " left behind: " + ex.getMessage());
        }
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return name + " (pid " + process.pid() + ")";
    }
}
