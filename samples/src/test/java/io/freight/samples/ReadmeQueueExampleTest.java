/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.samples;

import io.aeron.CommonContext;
import io.freight.store.StorePaths;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's queue example, followed as written in two terminals: the producer started with no arguments and no
 * settings, then, once it prints that its driver runs, the consumer the same way. Nothing is passed between them:
 * they meet in Aeron's default directory. Also: a consumer started with no producer says so at once.
 */
class ReadmeQueueExampleTest
{
    private static final long TIMEOUT_SECONDS = 60;

    @Test
    void shouldRunTheProducerAndTheConsumerInTwoProcessesAsTheReadmeSays() throws Exception
    {
        try (DefaultDirectories defaults = new DefaultDirectories();
            Terminal producer = Terminal.start(QueueProducer.class))
        {
            producer.awaitLine(QueueProducer.READY + defaults.aeronDirectory);
            try (Terminal consumer = Terminal.start(QueueConsumer.class))
            {
                assertEquals(0, consumer.awaitExit(), consumer.output());
                assertEquals(0, producer.awaitExit(), producer.output());

                for (final String expected : List.of(
                    "consumer: take() returned 8388608 bytes, \"payload 1, put\"",
                    "consumer: poll(3, SECONDS) returned 8388608 bytes, \"payload 2, offer with a timeout\"",
                    "consumer: poll() returned 8388608 bytes, \"payload 3, offer\"",
                    "consumer: take() says the producer is gone, after payload 2"))
                {
                    assertTrue(consumer.lines().contains(expected), "missing \"" + expected + "\":\n" + consumer.output());
                }
                assertTrue(producer.lines().contains("producer: sent 3 payloads of 8388608 bytes, all released: true"),
                    producer.output());
            }
        }
    }

    @Test
    void shouldSayAtOnceWhatToDoWhenTheConsumerFindsNoDriver() throws Exception
    {
        try (DefaultDirectories defaults = new DefaultDirectories();
            Terminal consumer = Terminal.start(QueueConsumer.class))
        {
            final long startNs = System.nanoTime();
            assertEquals(1, consumer.awaitExit(), consumer.output());
            final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);

            assertTrue(consumer.output().contains("no media driver runs in " + defaults.aeronDirectory),
                consumer.output());
            assertTrue(consumer.output().contains("start the process that launches the driver first"),
                consumer.output());
            assertTrue(elapsedMs < 5_000, "told after " + elapsedMs + " ms, not after Aeron's 10 s driver timeout");
        }
    }

    /**
     * Aeron's default directory and the default store root's user directory, which the example uses: no live driver
     * may be there already, and what the test made there is removed afterwards (the producer's embedded driver
     * removes its directory itself; that it did is asserted).
     */
    private static final class DefaultDirectories implements AutoCloseable
    {
        final String aeronDirectory = CommonContext.getAeronDirectoryName();
        private final Path userDirectory = StorePaths.userDirectory(Path.of("/dev/shm"));
        private final boolean userDirectoryExisted = Files.exists(userDirectory);

        DefaultDirectories() throws IOException
        {
            assertFalse(CommonContext.isDriverActive(new File(aeronDirectory), 1_000, (message) -> { }),
                "a live media driver already runs in Aeron's default directory " + aeronDirectory +
                ": this test follows the README with the defaults, so stop that driver first");
            StorePaths.deleteTree(Path.of(aeronDirectory)); // a dead driver's directory, if any
        }

        public void close() throws IOException
        {
            try
            {
                assertFalse(Files.exists(Path.of(aeronDirectory)), "the producer's driver left " + aeronDirectory);
            }
            finally
            {
                StorePaths.deleteTree(Path.of(aeronDirectory));
                if (!userDirectoryExisted)
                {
                    StorePaths.deleteTree(userDirectory);
                }
            }
        }
    }

    /**
     * A program started as the README starts it: the JVM flag Agrona needs, the classpath, the main class, nothing
     * else (no Freight or Aeron property: the test JVM's own are not passed on).
     */
    private static final class Terminal implements AutoCloseable
    {
        private final Process process;
        private final StringBuffer output = new StringBuffer();
        private final Thread reader;

        private Terminal(final Process process)
        {
            this.process = process;
            reader = new Thread(this::read, "terminal-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        static Terminal start(final Class<?> mainClass) throws IOException
        {
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(JavaProcess.AGRONA_FLAGS);
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(mainClass.getName());

            return new Terminal(new ProcessBuilder(command).redirectErrorStream(true).start());
        }

        void awaitLine(final String prefix) throws InterruptedException
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (lines().stream().noneMatch((line) -> line.startsWith(prefix)))
            {
                assertTrue(process.isAlive(), "ended before printing \"" + prefix + "\":\n" + output);
                assertTrue(System.nanoTime() - deadlineNs < 0, "no \"" + prefix + "\" in:\n" + output);
                Thread.sleep(10); // polling the collected output, with a deadline
            }
        }

        int awaitExit() throws InterruptedException
        {
            assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "still runs:\n" + output);
            reader.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            return process.exitValue();
        }

        String output()
        {
            return output.toString();
        }

        List<String> lines()
        {
            return List.of(output.toString().split("\n"));
        }

        public void close() throws InterruptedException
        {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }

        private void read()
        {
            try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while (null != (line = in.readLine()))
                {
                    output.append(line).append('\n');
                }
            }
            catch (final IOException ignore)
            {
                // The program is gone.
            }
        }
    }
}
