/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.cli;

import io.aeron.CommonContext;
import io.freight.transport.Freight;
import io.freight.transport.FreightBridge;
import io.freight.transport.PayloadPublication;
import io.freight.transport.PayloadSubscription;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.io.File;

/**
 * {@code freight bridge}: receive one Freight stream and republish it into another, e.g. a local IPC stream over UDP
 * to another host, or on that host the UDP stream into its own IPC store. It uses the media driver in the Aeron
 * directory if one runs there, else launches one embedded; it runs until interrupted (Ctrl-C).
 */
final class BridgeCommand
{
    static final String USAGE =
        "  bridge <from-channel> <from-stream> <to-channel> <to-stream> [--from-control <channel>]\n" +
        "         [--to-control <channel>] [--dir <aeronDir>]\n" +
        "                             republish a stream into another (IPC -> UDP on one host, UDP -> IPC on the\n" +
        "                             other); a UDP side needs its control channel, the sender host's endpoint";

    private BridgeCommand()
    {
    }

    static int run(final String[] args)
    {
        if (args.length < 4)
        {
            System.err.println("usage:\n" + USAGE);
            return 2;
        }

        String fromControl = null;
        String toControl = null;
        String aeronDir = CommonContext.getAeronDirectoryName();
        for (int i = 4; i + 1 < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--from-control":
                    fromControl = args[i + 1];
                    break;
                case "--to-control":
                    toControl = args[i + 1];
                    break;
                case "--dir":
                    aeronDir = args[i + 1];
                    break;
                default:
                    System.err.println("unknown option \"" + args[i] + "\"\nusage:\n" + USAGE);
                    return 2;
            }
        }

        final boolean isDriverRunning = new File(aeronDir, "cnc.dat").exists();
        final Freight.Context from = new Freight.Context()
            .embeddedDriver(!isDriverRunning).aeronDirectoryName(aeronDir).channel(args[0]).controlChannel(fromControl);
        final Freight.Context to = new Freight.Context()
            .embeddedDriver(false).aeronDirectoryName(aeronDir).channel(args[2]).controlChannel(toControl);
        try (Freight source = Freight.launch(from);
            Freight target = Freight.launch(to);
            PayloadSubscription subscription = source.addSubscription(Integer.parseInt(args[1]));
            PayloadPublication publication = target.addPublication(Integer.parseInt(args[3])))
        {
            final FreightBridge bridge = new FreightBridge(subscription, publication, 16);
            final IdleStrategy idle = new BackoffIdleStrategy();
            System.out.println("bridging stream " + args[1] + " of " + args[0] + " into stream " + args[3] + " of " +
                args[2] + " (driver in " + aeronDir + "); Ctrl-C to stop");
            while (!subscription.isClosed() && !publication.isClosed() && !Thread.currentThread().isInterrupted())
            {
                idle.idle(bridge.doWork());
            }
            System.out.println("forwarded " + bridge.payloadsForwarded() + " payloads, " + bridge.bytesForwarded() +
                " bytes");
        }
        catch (final IllegalStateException ex)
        {
            // Closed by the shutdown hook on Ctrl-C while a duty cycle ran.
            return 0;
        }

        return 0;
    }
}
