/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.samples;

import io.freight.store.ShmRoot;
import io.freight.store.StorePaths;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One run of a sample main in a JVM of its own, started as a user would start it but with a private store root and
 * media driver directory under /dev/shm. Closing it kills whatever still runs, asserts that the run left no store
 * file and no driver directory behind, then deletes anything it did leave, so one failing test does not pollute the
 * next.
 */
final class SampleRun implements AutoCloseable
{
    private final ShmRoot storeRoot;
    private final String aeronDirectoryName;
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread outputReader;

    private SampleRun(final ShmRoot storeRoot, final String aeronDirectoryName, final Process process)
    {
        this.storeRoot = storeRoot;
        this.aeronDirectoryName = aeronDirectoryName;
        this.process = process;
        outputReader = new Thread(this::readOutput, "sample-" + process.pid() + "-output");
        outputReader.setDaemon(true);
        outputReader.start();
    }

    /**
     * Start a sample main, its stdout and stderr collected together.
     */
    static SampleRun start(final Class<?> mainClass, final String... args) throws IOException
    {
        final ShmRoot storeRoot = ShmRoot.create();
        final String aeronDirectoryName =
            "/dev/shm/aeron-freight-samples-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);

        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JavaProcess.AGRONA_FLAGS);
        command.add("-Dfreight.store.root=" + storeRoot.path());
        command.add("-Daeron.dir=" + aeronDirectoryName);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));

        try
        {
            return new SampleRun(
                storeRoot, aeronDirectoryName, new ProcessBuilder(command).redirectErrorStream(true).start());
        }
        catch (final IOException | RuntimeException ex)
        {
            storeRoot.close();
            throw ex;
        }
    }

    /**
     * Wait for the sample to exit and for all of its output, failing the test if it runs past the timeout.
     */
    int awaitExit(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        if (!process.waitFor(timeout, unit))
        {
            fail("sample still runs after " + timeout + " " + unit + "; output so far:\n" + output);
        }
        outputReader.join(unit.toMillis(timeout));
        if (outputReader.isAlive())
        {
            fail("the sample's output is still open " + timeout + " " + unit + " after it exited (a child left " +
                "running?); output so far:\n" + output);
        }

        return process.exitValue();
    }

    /**
     * Everything the sample (and the processes it started) printed.
     */
    String output()
    {
        return output.toString();
    }

    /**
     * The output, line by line.
     */
    List<String> lines()
    {
        return List.of(output.toString().split("\n"));
    }

    public void close() throws IOException
    {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try
        {
            awaitDeath();
            assertTrue(storeRoot.isEmpty(), "store files left behind:" + storeRoot.listing());
            assertFalse(Files.exists(Path.of(aeronDirectoryName)), "media driver directory left: " + aeronDirectoryName);
        }
        finally
        {
            storeRoot.close();
            StorePaths.deleteTree(Path.of(aeronDirectoryName));
        }
    }

    private void awaitDeath()
    {
        try
        {
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "sample " + process.pid() + " survived SIGKILL for 10 s");
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for sample " + process.pid() + " to end", ex);
        }
    }

    private void readOutput()
    {
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = reader.readLine()))
            {
                output.append(line).append('\n');
            }
        }
        catch (final IOException ignore)
        {
            // The sample is gone.
        }
    }
}
