/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package com.example;

import io.freight.transport.Freight;
import io.freight.transport.FreightReceiver;
import io.freight.transport.FreightSender;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A user's program against the installed Freight: one payload of 100 MiB through the store and back, compared.
 * Exits 0 if it arrived intact.
 */
public final class UsesFreight
{
    private UsesFreight()
    {
    }

    /**
     * Run it.
     *
     * @param args none.
     * @throws InterruptedException if interrupted while waiting.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final byte[] payload = new byte[100 * 1024 * 1024];
        ThreadLocalRandom.current().nextBytes(payload);

        // Its own driver directory, so that it never meets a driver already running in Aeron's default one.
        final String aeronDir = "/dev/shm/aeron-uses-freight-" + ProcessHandle.current().pid();
        final byte[][] received = new byte[1][];
        try (Freight freight = Freight.launch(new Freight.Context().aeronDirectoryName(aeronDir));
            FreightReceiver receiver = freight.receiver(7);
            FreightSender sender = freight.sender(7))
        {
            final Thread consumer = new Thread(() ->
            {
                try
                {
                    received[0] = receiver.poll(30, TimeUnit.SECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            });
            consumer.start();
            final boolean sent = sender.offer(payload, 30, TimeUnit.SECONDS);
            consumer.join(TimeUnit.SECONDS.toMillis(60));
            System.out.println("uses-freight: sent " + sent + ", received " + (null == received[0] ? "nothing" :
                received[0].length + " bytes, " + (Arrays.equals(payload, received[0]) ? "intact" : "CORRUPT")));
        }

        System.exit(null != received[0] && Arrays.equals(payload, received[0]) ? 0 : 1);
    }
}
