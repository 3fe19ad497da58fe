/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.samples;

import org.agrona.concurrent.ShutdownSignalBarrier;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static java.lang.ProcessBuilder.Redirect.INHERIT;
import static java.lang.ProcessBuilder.Redirect.PIPE;

/**
 * The queue sample, the way py-sharedmemory's usage example starts it, and the way the README's two terminals do:
 * {@link QueueProducer} as a process of its own, which launches the media driver in Aeron's default directory, then,
 * once it says its driver runs, {@link QueueConsumer} as another, which connects there. No directory name is passed
 * between them. Waits for both; exits 0 if both did.
 */
public final class QueueSample
{
    /**
     * Stream id the producer and the consumer share.
     */
    static final int STREAM_ID = 1002;

    private static final long TIMEOUT_SECONDS = 60;

    private QueueSample()
    {
    }

    /**
     * Run the sample.
     *
     * @param args none.
     * @throws Exception if a process cannot be started, or does not finish in time.
     */
    public static void main(final String[] args) throws Exception
    {
        final int exitCode;
        // Ctrl-C interrupts the wait; the try-with-resources then kills both processes and so their driver.
        final ShutdownSignalBarrier shutdown = new ShutdownSignalBarrier(Thread.currentThread()::interrupt);
        try (JavaProcess producer = JavaProcess.start(QueueProducer.class, PIPE))
        {
            final BufferedReader producerOutput = new BufferedReader(
                new InputStreamReader(producer.process().getInputStream(), StandardCharsets.UTF_8));
            awaitReady(producerOutput, producer);
            final Thread forwarder = new Thread(() -> forward(producerOutput), "producer-output");
            forwarder.setDaemon(true);
            forwarder.start();

            try (JavaProcess consumer = JavaProcess.start(QueueConsumer.class, INHERIT))
            {
                final int producerExitCode = producer.awaitExit(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                final int consumerExitCode = consumer.awaitExit(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                forwarder.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
                System.out.println("queue sample: producer exited with " + producerExitCode + ", consumer with " +
                    consumerExitCode);
                exitCode = 0 == producerExitCode && 0 == consumerExitCode ? 0 : 1;
            }
        }
        finally
        {
            shutdown.close();
        }
        System.exit(exitCode);
    }

    private static void awaitReady(final BufferedReader output, final JavaProcess producer) throws IOException
    {
        String line;
        while (null != (line = output.readLine()))
        {
            System.out.println(line);
            if (line.startsWith(QueueProducer.READY))
            {
                return;
            }
        }

        throw new IllegalStateException("the producer ended before its media driver ran: " + producer);
    }

    private static void forward(final BufferedReader output)
    {
        try
        {
            String line;
            while (null != (line = output.readLine()))
            {
                System.out.println(line);
            }
        }
        catch (final IOException ignore)
        {
            // The producer is gone: nothing more to show.
        }
    }
}
