/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.samples;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.freight.transport.Freight;
import io.freight.transport.PayloadPublication;
import io.freight.transport.PayloadSubscription;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.ShutdownSignalBarrier;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Aeron-Agent sample, for code that already runs Aeron: the caller's own media driver and {@link Aeron} client,
 * handed to Freight with {@link Freight.Context#aeron(Aeron)}; a {@link SenderAgent} and a {@link ReceiverAgent},
 * each run by an {@link AgentRunner} on its own thread with an idle strategy, as Aeron's own duty cycles are. Nothing
 * blocks and Freight starts no thread of its own.
 */
public final class AgentSample
{
    private static final int STREAM_ID = 1004;
    private static final int PAYLOAD_LENGTH = 1024 * 1024;
    private static final long PAYLOADS = 2000;
    private static final long TIMEOUT_SECONDS = 30;

    private AgentSample()
    {
    }

    /**
     * Run the sample.
     *
     * @param args none.
     * @throws InterruptedException if interrupted while waiting.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final AtomicLong errors = new AtomicLong();
        final boolean isDone;
        final SenderAgent sender;
        final ReceiverAgent receiver;
        final long startNs;
        final long elapsedNs;

        // Ctrl-C interrupts the wait; the try-with-resources then stops the agents and closes everything.
        final ShutdownSignalBarrier shutdown = new ShutdownSignalBarrier(Thread.currentThread()::interrupt);
        try (MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(Samples.aeronDirectoryName("agent"))
                .threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnStart(false) // never delete a directory a live driver may be using (aeron.dir)
                .dirDeleteOnShutdown(true));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            Freight freight = Freight.launch(new Freight.Context().aeron(aeron));
            PayloadPublication publication = freight.addPublication(STREAM_ID);
            PayloadSubscription subscription = freight.addSubscription(STREAM_ID))
        {
            sender = new SenderAgent(publication, PAYLOAD_LENGTH, PAYLOADS);
            receiver = new ReceiverAgent(subscription, PAYLOAD_LENGTH, PAYLOADS);

            startNs = System.nanoTime();
            try (AgentRunner receiverRunner = new AgentRunner(
                    new BackoffIdleStrategy(), (ex) -> onError(errors, ex), null, receiver);
                AgentRunner senderRunner = new AgentRunner(
                    new YieldingIdleStrategy(), (ex) -> onError(errors, ex), null, sender))
            {
                AgentRunner.startOnThread(receiverRunner);
                AgentRunner.startOnThread(senderRunner);

                isDone = receiver.awaitAllReceived(TIMEOUT_SECONDS, TimeUnit.SECONDS) &&
                    sender.awaitAllReleased(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                elapsedNs = System.nanoTime() - startNs;
            }
        }
        finally
        {
            shutdown.close();
        }

        if (!isDone)
        {
            System.out.println("agent sample: timed out after " + TIMEOUT_SECONDS + " s");
            System.exit(1);
        }

        System.out.println("sender agent: offered " + sender.sent() + " payloads of " + PAYLOAD_LENGTH + " bytes, " +
            sender.backPressured() + " offers back-pressured and retried");
        System.out.println("receiver agent: received " + receiver.received() + " payloads, " + receiver.inOrder() +
            " in order with their length");
        System.out.printf("%.2f GB/s%n", (double)(PAYLOADS * PAYLOAD_LENGTH) / elapsedNs);
        System.exit(0 == errors.get() && PAYLOADS == receiver.inOrder() ? 0 : 1);
    }

    private static void onError(final AtomicLong errors, final Throwable ex)
    {
        errors.incrementAndGet();
        ex.printStackTrace();
    }
}
