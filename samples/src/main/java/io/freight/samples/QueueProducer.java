/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.samples;

import io.freight.transport.Freight;
import io.freight.transport.FreightSender;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The producer of the queue sample, py-sharedmemory's {@code producer_sm} in Java: three 8 MiB payloads sent with
 * each kind of send, then a wait until the consumer has released them all. It launches the media driver, embedded,
 * in Aeron's default directory ({@code aeron.dir}, else {@code /dev/shm/aeron-<user>}), where
 * {@link QueueConsumer}'s {@code Freight.connect()} finds it: start this one first, then the consumer, in two
 * terminals as the README shows or both at once with {@link QueueSample}.
 * <p>
 * No arguments.
 */
public final class QueueProducer
{
    /**
     * What the producer prints once its driver runs and a consumer may start.
     */
    static final String READY = "producer: media driver running in ";

    private QueueProducer()
    {
    }

    /**
     * Run the producer.
     *
     * @param args none.
     * @throws InterruptedException if interrupted while waiting.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final byte[] data = new byte[8 * 1024 * 1024];

        try (Freight freight = Freight.launch();                       // an embedded driver in Aeron's default directory
            FreightSender sender = freight.sender(QueueSample.STREAM_ID))
        {
            System.out.println(READY + freight.aeronDirectoryName() + "; waiting for a consumer");
            label(data, "payload 1, put");
            sender.put(data);                                   // blocks until a consumer is there and space is free

            label(data, "payload 2, offer with a timeout");
            if (!sender.offer(data, 3, TimeUnit.SECONDS))       // false after 3 s without space
            {
                throw new IllegalStateException("no space for 3 s");
            }

            label(data, "payload 3, offer");
            if (!sender.offer(data))                            // false at once if there is no space now
            {
                System.out.println("producer: no space right now, so put it");
                sender.put(data);
            }

            // Wait until all data was received before closing the sender, which deletes its shared memory.
            final boolean allAcked = sender.awaitAllAcked(10, TimeUnit.SECONDS);
            System.out.println("producer: sent 3 payloads of " + data.length + " bytes, all released: " + allAcked);
        }
    }

    private static void label(final byte[] data, final String label)
    {
        final byte[] bytes = (label + '\0').getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, data, 0, bytes.length);
    }
}
