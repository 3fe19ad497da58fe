/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A {@link FreightBridge} as its own process, the one host's end of a link: it launches that host's embedded media
 * driver, receives one stream and republishes it into another, until a line on stdin.
 * <p>
 * Arguments: {@code aeronDir storeRoot fromChannel fromControlChannel fromStreamId toChannel toControlChannel
 * toStreamId}. Prints {@code BRIDGE ready}, then {@code FORWARDED <payloads> <bytes>} when told to stop.
 */
public final class BridgeMain
{
    private BridgeMain()
    {
    }

    /**
     * Run the bridge.
     *
     * @param args see the class comment.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception
    {
        final Path storeRoot = Path.of(args[1]);
        final Freight.Context from = new Freight.Context()
            .aeronDirectoryName(args[0]).storeRoot(storeRoot).channel(args[2]).controlChannel(args[3])
            .ringLength(16 * 1024 * 1024).preTouch(false);
        final Freight.Context to = new Freight.Context()
            .embeddedDriver(false)
            .aeronDirectoryName(args[0]).storeRoot(storeRoot).channel(args[5]).controlChannel(args[6])
            .ringLength(16 * 1024 * 1024).preTouch(false);
        try (Freight source = Freight.launch(from);
            Freight target = Freight.launch(to);
            PayloadSubscription subscription = source.addSubscription(Integer.parseInt(args[4]));
            PayloadPublication publication = target.addPublication(Integer.parseInt(args[7])))
        {
            final FreightBridge bridge = new FreightBridge(subscription, publication, 16);
            final BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            final IdleStrategy idle = new BackoffIdleStrategy();
            System.out.println("BRIDGE ready");
            while (!stdin.ready())
            {
                idle.idle(bridge.doWork());
            }
            System.out.println("FORWARDED " + bridge.payloadsForwarded() + " " + bridge.bytesForwarded());
        }
    }
}
