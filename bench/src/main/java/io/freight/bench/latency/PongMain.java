/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.latency;

import io.freight.bench.support.CommandReader;
import io.freight.transport.Freight;
import org.agrona.CloseHelper;

import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The echoing process of {@link LatencyBench}, started pinned to its own CPU and driven through stdin:
 * <pre>
 *   PONG &lt;AERON|FREIGHT_COPY|FREIGHT_CLAIM&gt; &lt;length&gt; &lt;count&gt; -&gt; READY, echoes count messages the same way, DONE
 *   EXIT                                                       -&gt; closes everything and exits 0
 * </pre>
 * On start it connects to the parent's media driver, opens its side of the streams, waits until both directions are
 * connected, and prints {@code CONNECTED} (or {@code ERROR <message>}). It busy-spins while it waits for a message.
 * <p>
 * Arguments: aeronDirectoryName storeRoot ringLength.
 */
public final class PongMain
{
    private PongMain()
    {
    }

    /**
     * Run the echoing process.
     *
     * @param args aeronDirectoryName storeRoot ringLength stamps.
     */
    public static void main(final String[] args)
    {
        int status = 0;
        Freight freight = null;
        LatencyEndpoint endpoint = null;
        final BlockingQueue<String> commands = CommandReader.start();
        try
        {
            freight = Freight.launch(new Freight.Context()
                .embeddedDriver(false)
                .aeronDirectoryName(args[0])
                .storeRoot(Path.of(args[1]))
                .ringLength(Long.parseLong(args[2])));
            endpoint = new LatencyEndpoint(
                freight,
                Integer.parseInt(args[3]),
                LatencyBench.PONG_PAYLOAD_STREAM_ID,
                LatencyBench.PING_PAYLOAD_STREAM_ID,
                LatencyBench.PONG_AERON_STREAM_ID,
                LatencyBench.PING_AERON_STREAM_ID);
            if (!endpoint.awaitConnected(TimeUnit.SECONDS.toNanos(30)))
            {
                throw new IllegalStateException("the pinging process never connected");
            }
            System.out.println("CONNECTED");

            String line;
            while (!CommandReader.EXIT.equals(line = commands.take()))
            {
                final String[] words = line.split(" ");
                if (!"PONG".equals(words[0]))
                {
                    throw new IllegalArgumentException("unknown command: " + line);
                }

                final LatencyEndpoint.Way way = LatencyEndpoint.Way.valueOf(words[1]);
                final long length = Long.parseLong(words[2]);
                final long count = Long.parseLong(words[3]);
                System.out.println("READY");
                for (long i = 0; i < count; i++)
                {
                    endpoint.send(way, length, endpoint.receive(way));
                }
                System.out.println("DONE");
            }
        }
        catch (final Throwable ex)
        {
            System.out.println("ERROR " + ex);
            ex.printStackTrace();
            status = 1;
        }
        finally
        {
            CloseHelper.quietCloseAll(endpoint, freight);
        }

        System.exit(status);
    }
}
