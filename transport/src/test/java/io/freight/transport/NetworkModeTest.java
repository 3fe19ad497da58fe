/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Network mode in one JVM and one media driver, over UDP on 127.0.0.1: the sender's chunks arrive in the receiver's
 * own store, whole and in order. What crosses processes (each with its own driver) is {@code NetworkProcessesTest}'s.
 */
class NetworkModeTest
{
    @Test
    void shouldMoveEveryLengthFromEmptyToPastTheRingThroughTheStream() throws Exception
    {
        final int threshold = Freight.Context.INLINE_THRESHOLD_DEFAULT;
        final int[] lengths = {
            0, 1, threshold - 1, threshold, threshold + 1, 65_000, 1024 * 1024, 8 * 1024 * 1024 + 17, 64 * 1024 * 1024 };

        try (TestMedia media = new TestMedia();
            Freight freight = Freight.launch(networkContext(media));
            FreightReceiver receiver = freight.receiver(1001);
            FreightSender sender = freight.sender(1001))
        {
            final Thread producer = new Thread(() ->
            {
                try
                {
                    for (int i = 0; i < lengths.length; i++)
                    {
                        sender.put(PayloadPattern.bytes(i, lengths[i]));
                    }
                    assertTrue(sender.awaitAllAcked(30, TimeUnit.SECONDS));
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            });
            producer.start();

            for (int i = 0; i < lengths.length; i++)
            {
                final byte[] received = receiver.poll(30, TimeUnit.SECONDS);
                assertArrayEquals(PayloadPattern.bytes(i, lengths[i]), received, "payload " + i);
            }
            producer.join(TimeUnit.SECONDS.toMillis(60));
            assertEquals(0, receiver.subscription().invalidMessages());
            assertEquals(0, sender.publication().inFlight());
        }
    }

    @Test
    void shouldRefuseANetworkChannelWithoutAControlChannel()
    {
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class,
            () -> new Freight.Context().channel(NetworkPorts.loopbackChannel()).conclude());
        assertTrue(ex.getMessage().contains(Freight.Context.CONTROL_CHANNEL_PROP_NAME), ex.getMessage());
    }

    static Freight.Context networkContext(final TestMedia media)
    {
        return media.context()
            .channel(NetworkPorts.loopbackChannel())
            .controlChannel(NetworkPorts.loopbackChannel());
    }
}
