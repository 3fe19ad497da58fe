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
 * each kind of send, then a wait until the consumer has released them all. Started by {@link QueueSample}.
 * <p>
 * Argument: the media driver's directory.
 */
public final class QueueProducer
{
    private QueueProducer()
    {
    }

    /**
     * Run the producer.
     *
     * @param args the media driver's directory.
     * @throws InterruptedException if interrupted while waiting.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final byte[] data = new byte[8 * 1024 * 1024];

        try (Freight freight = Freight.connect(args[0]);
            FreightSender sender = freight.sender(QueueSample.STREAM_ID))
        {
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
