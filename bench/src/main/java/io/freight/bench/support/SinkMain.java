/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.support;

import io.freight.transport.Freight;
import org.agrona.CloseHelper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The receiving process of the throughput runners, started once per run by {@link ChildProcess} and driven through
 * stdin, one command a line, each answered on stdout:
 * <pre>
 *   FREIGHT &lt;name&gt; &lt;streamId&gt;                -&gt; OK &lt;name&gt;   once attached to the sender's payload publication
 *   QUEUE &lt;name&gt; &lt;streamId&gt;                  -&gt; OK &lt;name&gt;   the same, received through the queue face
 *   AERON &lt;name&gt; &lt;streamId&gt;                  -&gt; OK &lt;name&gt;   once the plain Aeron publication is connected
 *   UDPFREIGHT &lt;name&gt; &lt;streamId&gt; &lt;data&gt; &lt;control&gt; -&gt; OK &lt;name&gt;   network mode: attached over UDP
 *   UDPAERON &lt;name&gt; &lt;streamId&gt; &lt;channel&gt;      -&gt; OK &lt;name&gt;   plain Aeron over UDP, connected
 *   SOCKET &lt;name&gt; &lt;path&gt;                     -&gt; OK &lt;name&gt;   once connected to the sender's Unix socket
 *   RUN &lt;name&gt; &lt;copy|zerocopy&gt; &lt;length&gt; &lt;count&gt; -&gt; READY, then DONE &lt;endNanoTime&gt; &lt;mismatches&gt;
 *   EXIT                                      -&gt; closes everything and exits 0
 * </pre>
 * Between commands it keeps polling its Freight subscriptions, so acks are never left unsent. A failure is reported
 * as {@code ERROR <message>} and ends the process with 1. When stdin closes (the parent is gone) the process ends as
 * soon as its current run does, and within 30 s whatever it is doing.
 * <p>
 * Arguments: aeronDirectoryName storeRoot maxPayloadLength [ringLength maxStoreLength]. With three it connects to
 * the parent's media driver in that directory and reads the parent's stores (IPC). With five it is another "host":
 * it launches its own embedded media driver in that directory, and its network-mode receivers write payloads into
 * their own store under that root, with that ring and maximum; its UDP commands then name the channels. The idle
 * strategy of its loops follows {@link IdleStrategies#IDLE_PROP_NAME}.
 */
public final class SinkMain
{
    private static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    private SinkMain()
    {
    }

    /**
     * Run the receiving process.
     *
     * @param args aeronDirectoryName storeRoot maxPayloadLength.
     */
    public static void main(final String[] args)
    {
        final BlockingQueue<String> commands = CommandReader.start();
        final Map<String, Sink> sinks = new HashMap<>();
        final List<Freight> networkInstances = new ArrayList<>();
        final boolean isHost = args.length >= 5;
        Freight freight = null;
        int status = 0;
        try
        {
            freight = Freight.launch(new Freight.Context()
                .embeddedDriver(isHost)
                .aeronDirectoryName(args[0])
                .storeRoot(Path.of(args[1])));
            final HotBuffer destination = new HotBuffer(Long.parseLong(args[2]));

            String command;
            while (!CommandReader.EXIT.equals(command = nextCommand(commands, sinks)))
            {
                final String[] words = command.split(" ");
                switch (words[0])
                {
                    case "FREIGHT":
                    {
                        final FreightSink sink = new FreightSink(
                            freight.addSubscription(Integer.parseInt(words[2])),
                            destination,
                            IdleStrategies.fromSystemProperty());
                        sinks.put(words[1], sink);
                        require(sink.awaitConnected(CONNECT_TIMEOUT_NS), "no Freight sender attached on stream ", words[2]);
                        break;
                    }

                    case "QUEUE":
                    {
                        final QueueSink sink = new QueueSink(
                            freight.receiver(Integer.parseInt(words[2])),
                            destination,
                            IdleStrategies.fromSystemProperty());
                        sinks.put(words[1], sink);
                        require(sink.awaitConnected(CONNECT_TIMEOUT_NS), "no Freight sender attached on stream ", words[2]);
                        break;
                    }

                    case "AERON":
                    {
                        final AeronSink sink = new AeronSink(
                            freight.aeron().addSubscription("aeron:ipc", Integer.parseInt(words[2])),
                            destination,
                            IdleStrategies.fromSystemProperty());
                        sinks.put(words[1], sink);
                        require(sink.awaitConnected(CONNECT_TIMEOUT_NS), "no Aeron publication on stream ", words[2]);
                        break;
                    }

                    case "UDPFREIGHT":
                    {
                        final Freight network = Freight.launch(new Freight.Context()
                            .aeron(freight.aeron())
                            .storeRoot(Path.of(args[1]))
                            .ringLength(Long.parseLong(args[3]))
                            .maxStoreLength(Long.parseLong(args[4]))
                            .channel(words[3])
                            .controlChannel(words[4]));
                        networkInstances.add(network);
                        final FreightSink sink = new FreightSink(
                            network.addSubscription(Integer.parseInt(words[2])),
                            destination,
                            IdleStrategies.fromSystemProperty());
                        sinks.put(words[1], sink);
                        require(sink.awaitConnected(CONNECT_TIMEOUT_NS), "no Freight sender attached on stream ", words[2]);
                        break;
                    }

                    case "UDPAERON":
                    {
                        final AeronSink sink = new AeronSink(
                            freight.aeron().addSubscription(words[3], Integer.parseInt(words[2])),
                            destination,
                            IdleStrategies.fromSystemProperty());
                        sinks.put(words[1], sink);
                        require(sink.awaitConnected(CONNECT_TIMEOUT_NS), "no Aeron publication on stream ", words[2]);
                        break;
                    }

                    case "SOCKET":
                        sinks.put(words[1], new SocketSink(Path.of(words[2]), destination));
                        break;

                    case "RUN":
                    {
                        final Sink sink = sinks.get(words[1]);
                        final boolean isZeroCopy = "zerocopy".equals(words[2]);
                        System.out.println("READY");
                        final long endNs = sink.receive(isZeroCopy, Long.parseLong(words[3]), Long.parseLong(words[4]));
                        System.out.println("DONE " + endNs + " " + sink.mismatches());
                        continue;
                    }

                    default:
                        throw new IllegalArgumentException("unknown command: " + command);
                }
                System.out.println("OK " + words[1]);
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
            CloseHelper.quietCloseAll(sinks.values());
            CloseHelper.quietCloseAll(networkInstances);
            CloseHelper.quietClose(freight);
        }

        System.exit(status);
    }

    private static void require(final boolean isConnected, final String what, final String streamId)
    {
        if (!isConnected)
        {
            throw new IllegalStateException(what + streamId);
        }
    }

    // Between runs the receivers keep their duty cycles going, as a real receiver's agent would: an ack that found the
    // control stream back-pressured at the end of a run is only sent again by a later poll.
    private static String nextCommand(final BlockingQueue<String> commands, final Map<String, Sink> sinks)
        throws InterruptedException
    {
        String command;
        while (null == (command = commands.poll(1, TimeUnit.MILLISECONDS)))
        {
            for (final Sink sink : sinks.values())
            {
                sink.doWork();
            }
        }

        return command;
    }
}
