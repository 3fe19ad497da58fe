/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.samples;

import io.freight.transport.Freight;
import org.agrona.concurrent.ShutdownSignalBarrier;

import java.util.concurrent.TimeUnit;

import static java.lang.ProcessBuilder.Redirect.INHERIT;

/**
 * The queue sample, the way py-sharedmemory's usage example starts it: this process runs the media driver, then
 * starts {@link QueueProducer} and {@link QueueConsumer} as two processes of their own, which find each other through
 * the driver's directory, and waits for both. Exits 0 if both did.
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
        // Ctrl-C interrupts the wait; the try-with-resources then kills both processes and deletes the driver's files.
        final ShutdownSignalBarrier shutdown = new ShutdownSignalBarrier(Thread.currentThread()::interrupt);
        try (Freight freight = Freight.launch(
                new Freight.Context().aeronDirectoryName(Samples.aeronDirectoryName("queue")));
            JavaProcess producer = JavaProcess.start(QueueProducer.class, INHERIT, freight.aeronDirectoryName());
            JavaProcess consumer = JavaProcess.start(QueueConsumer.class, INHERIT, freight.aeronDirectoryName()))
        {
            final int producerExitCode = producer.awaitExit(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            final int consumerExitCode = consumer.awaitExit(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            System.out.println("queue sample: producer exited with " + producerExitCode + ", consumer with " +
                consumerExitCode);
            exitCode = 0 == producerExitCode && 0 == consumerExitCode ? 0 : 1;
        }
        finally
        {
            shutdown.close();
        }
        System.exit(exitCode);
    }
}
