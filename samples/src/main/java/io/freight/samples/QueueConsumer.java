/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.samples;

import io.freight.transport.Freight;
import io.freight.transport.FreightReceiver;
import io.freight.transport.SenderGoneException;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The consumer of the queue sample, py-sharedmemory's {@code consumer_sm} in Java: one payload with each kind of
 * receive, then the end of the producer's stream, which a take or poll reports once with a {@link SenderGoneException}
 * after the last payload. It connects to the media driver in Aeron's default directory, the one
 * {@link QueueProducer} launched: start the producer first (this fails at once, saying so, if no driver runs there).
 * <p>
 * No arguments.
 */
public final class QueueConsumer
{
    private QueueConsumer()
    {
    }

    /**
     * Run the consumer.
     *
     * @param args none.
     * @throws InterruptedException if interrupted while waiting.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        // On one host the producer launched the driver; across hosts (-Dfreight.channel=aeron:udp?...) this host
        // has none: launch its own.
        final boolean isNetwork = new Freight.Context().isNetwork();
        try (Freight freight = isNetwork ? Freight.launch() : Freight.connect();
            FreightReceiver receiver = freight.receiver(QueueSample.STREAM_ID))
        {
            byte[] data = receiver.take();                      // blocks until a payload arrives
            print("take()", data);

            data = receiver.poll(3, TimeUnit.SECONDS);          // null after 3 s without one
            print("poll(3, SECONDS)", data);

            data = receiver.poll();                             // null at once if none has arrived
            while (null == data)
            {
                Thread.yield();                                 // a real program would do other work here
                data = receiver.poll();
            }
            print("poll()", data);

            try
            {
                receiver.take();
            }
            catch (final SenderGoneException ex)                // the producer closed and all it sent was received
            {
                System.out.println("consumer: take() says the producer is gone, after payload " + ex.lastSequence());
            }
        }
    }

    private static void print(final String call, final byte[] data)
    {
        if (null == data)
        {
            System.out.println("consumer: " + call + " returned null");
            return;
        }

        int end = 0;
        while (end < data.length && 0 != data[end])
        {
            end++;
        }
        System.out.println("consumer: " + call + " returned " + data.length + " bytes, \"" +
            new String(data, 0, end, StandardCharsets.US_ASCII) + "\"");
    }
}
