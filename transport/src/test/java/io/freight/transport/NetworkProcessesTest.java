/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.ChildJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Network mode between real processes, each with its own embedded media driver and Aeron directory, over UDP on
 * 127.0.0.1: what two hosts would do, on one. Payloads are CRC-checked against the pattern of their sender's
 * session and sequence, and must arrive in order, exactly once.
 */
class NetworkProcessesTest
{
    private static final int STREAM_ID = 3001;
    private static final long MIB = 1024 * 1024;

    @Test
    void shouldMoveEveryLengthFromEmptyPastPlainAeronsLimitBetweenTwoDrivers() throws Exception
    {
        final int threshold = Freight.Context.INLINE_THRESHOLD_DEFAULT;
        final long[] lengths = { 0, 1, threshold - 1, threshold, threshold + 1, MIB, 64 * MIB, 3, 17 * MIB + 5 };
        try (Peers peers = new Peers())
        {
            final ChildJvm receiver = peers.receiver("count=" + lengths.length);
            final ChildJvm sender = peers.sender("lengths=" + join(lengths));
            assertDelivered(receiver, sender, lengths);
        }
    }

    @Test
    void shouldDeliverEveryPayloadIntactWhenFivePercentOfDataFramesAreLost() throws Exception
    {
        final long[] lengths = { 100, 3 * MIB, 5000, 16 * MIB + 1, 1, 64 * 1024, 8 * MIB };
        try (Peers peers = new Peers())
        {
            final ChildJvm receiver = peers.receiver(
                "count=" + lengths.length,
                "sys.aeron.ReceiveChannelEndpoint.supplier=io.aeron.driver.ext.DebugReceiveChannelEndpointSupplier",
                "sys.aeron.debug.receive.data.loss.rate=0.05",
                "sys.aeron.debug.receive.data.loss.seed=7");
            final ChildJvm sender = peers.sender("lengths=" + join(lengths), "claim=true");
            final String summary = assertDelivered(receiver, sender, lengths);
            final long naks = Long.parseLong(summary.substring(summary.indexOf("naks=") + 5).trim());
            assertTrue(naks > 0, "the loss generator dropped nothing: " + summary);
        }
    }

    @Test
    @Tag("large")
    void shouldMoveA1GiBPayloadWrittenInPlaceBetweenTwoDrivers() throws Exception
    {
        final long[] lengths = { 1024 * MIB + 123, 1 };
        try (Peers peers = new Peers())
        {
            final ChildJvm receiver = peers.receiver("count=" + lengths.length, "maxStore=" + 2048 * MIB);
            final ChildJvm sender = peers.sender("lengths=" + join(lengths), "claim=true", "maxStore=" + 2048 * MIB);
            assertDelivered(receiver, sender, lengths);
        }
    }

    @Test
    void shouldFanOutToTwoReceiversOneOfThemSlowOverMultiDestinationCast() throws Exception
    {
        final long[] lengths = { 5 * MIB, 10, 20_000, 12 * MIB, 4096, MIB, 1, 2 * MIB, 3000, 7 * MIB };
        try (Peers peers = new Peers())
        {
            final String mdcControl = "127.0.0.1:" + NetworkPorts.freeUdpPort();
            final String senderData = "aeron:udp?control=" + mdcControl + "|control-mode=dynamic";
            final ChildJvm fast = peers.start("receive",
                "aeron:udp?endpoint=127.0.0.1:" + NetworkPorts.freeUdpPort() + "|control=" + mdcControl,
                peers.controlChannel, "count=" + lengths.length);
            final ChildJvm slow = peers.start("receive",
                "aeron:udp?endpoint=127.0.0.1:" + NetworkPorts.freeUdpPort() + "|control=" + mdcControl,
                peers.controlChannel, "count=" + lengths.length, "delayMicros=200000");
            final ChildJvm sender = peers.start(
                "send", senderData, peers.controlChannel, "lengths=" + join(lengths), "receivers=2");
            final String sessionId = sender.awaitLine("SENDER ", 60, TimeUnit.SECONDS);
            try
            {
                assertFannedOut(fast, slow, sender, sessionId, lengths, peers);
            }
            catch (final AssertionError ex)
            {
                throw new AssertionError(ex.getMessage() + peers.transcripts(), ex);
            }
            peers.awaitExits();
        }
    }

    private static void assertFannedOut(
        final ChildJvm fast,
        final ChildJvm slow,
        final ChildJvm sender,
        final String sessionId,
        final long[] lengths,
        final Peers peers) throws Exception
    {
        {
            for (final ChildJvm receiver : new ChildJvm[]{ fast, slow })
            {
                for (int i = 0; i < lengths.length; i++)
                {
                    assertEquals(sessionId + " " + i + " " + lengths[i] + " ok",
                        receiver.awaitLine("PAYLOAD ", 120, TimeUnit.SECONDS), peers.transcripts());
                }
                assertTrue(receiver.awaitLine("SUMMARY ", 60, TimeUnit.SECONDS).contains(" corrupt=0 gaps=0 invalid=0 "),
                    receiver.transcript());
            }
            assertEquals(lengths.length + " acked=true", sender.awaitLine("SENT ", 120, TimeUnit.SECONDS),
                sender.transcript());
        }
    }

    @Test
    void shouldFanInFromTwoSenderProcessesEachWithItsOwnDriver() throws Exception
    {
        final long[] lengths = { 3 * MIB, 100, 9 * MIB + 1, 2500, 64 * 1024 };
        try (Peers peers = new Peers())
        {
            // The receiver's control stream is multi-destination-cast: each sender's host subscribes to it.
            final String mdcControl = "127.0.0.1:" + NetworkPorts.freeUdpPort();
            final ChildJvm receiver = peers.start("receive", peers.dataChannel,
                "aeron:udp?control=" + mdcControl + "|control-mode=dynamic", "count=" + 2 * lengths.length);
            final ChildJvm[] senders = new ChildJvm[2];
            final String[] sessionIds = new String[2];
            for (int i = 0; i < senders.length; i++)
            {
                // Lingering: a sender that closed before the other was seen would leave the receiver with no
                // sender at all, and its queue face rightly says so (SenderGoneException) before the second comes.
                senders[i] = peers.start("send", peers.dataChannel,
                    "aeron:udp?endpoint=127.0.0.1:" + NetworkPorts.freeUdpPort() + "|control=" + mdcControl,
                    "lengths=" + join(lengths), "linger=true");
                sessionIds[i] = senders[i].awaitLine("SENDER ", 60, TimeUnit.SECONDS);
            }

            final long[] next = new long[2];
            for (int i = 0; i < 2 * lengths.length; i++)
            {
                final String[] fields = receiver.awaitLine("PAYLOAD ", 120, TimeUnit.SECONDS).split(" ");
                final int senderIndex = fields[0].equals(sessionIds[0]) ? 0 : 1;
                assertEquals(sessionIds[senderIndex], fields[0], receiver.transcript());
                final long sequence = next[senderIndex]++;
                assertEquals(Long.toString(sequence), fields[1], "in order per sender: " + receiver.transcript());
                assertEquals(Long.toString(lengths[(int)sequence]), fields[2], receiver.transcript());
                assertEquals("ok", fields[3], receiver.transcript());
            }
            assertTrue(receiver.awaitLine("SUMMARY ", 60, TimeUnit.SECONDS).contains(" corrupt=0 gaps=0 invalid=0 "),
                receiver.transcript());
            for (final ChildJvm sender : senders)
            {
                assertEquals(lengths.length + " acked=true", sender.awaitLine("SENT ", 120, TimeUnit.SECONDS),
                    sender.transcript());
                sender.send("done");
            }
            peers.awaitExits();
        }
    }

    @Test
    void shouldEndTheStreamWithinTwoSecondsOfASenderKilledWithSigkill() throws Exception
    {
        try (Peers peers = new Peers())
        {
            final ChildJvm receiver = peers.receiver("count=2", "untilGone=true", "livenessMs=1000");
            final ChildJvm sender = peers.sender("lengths=" + 3 * MIB + ",10", "linger=true", "livenessMs=1000");
            assertTrue(receiver.awaitLine("SUMMARY ", 60, TimeUnit.SECONDS).contains(" corrupt=0 gaps=0 invalid=0 "),
                receiver.transcript());
            assertTrue(sender.awaitLine("SENT ", 60, TimeUnit.SECONDS).endsWith("acked=true"), sender.transcript());

            final long killedNs = System.nanoTime();
            peers.kill9(sender);
            final String gone = receiver.awaitLine("GONE ", 30, TimeUnit.SECONDS);
            final long detectedMs = TimeUnit.NANOSECONDS.toMillis(Long.parseLong(gone.split(" ")[0]) - killedNs);
            assertTrue(detectedMs <= 2000, "sender gone after " + detectedMs + " ms: " + receiver.transcript());
            assertTrue(gone.endsWith("crashed=1"), gone);
            assertEquals(0, receiver.process().waitFor(), receiver.transcript());
        }
    }

    @Test
    void shouldLetGoOfAReceiverKilledWithSigkillWithinTwoSeconds() throws Exception
    {
        try (Peers peers = new Peers())
        {
            final ChildJvm receiver = peers.receiver("count=2", "untilGone=true", "livenessMs=1000");
            final ChildJvm sender = peers.sender("lengths=" + 3 * MIB + ",10", "linger=true", "livenessMs=1000");
            assertTrue(sender.awaitLine("SENT ", 60, TimeUnit.SECONDS).endsWith("acked=true"), sender.transcript());

            final long killedNs = System.nanoTime();
            peers.kill9(receiver);
            final String lost = sender.awaitLine("LOST ", 30, TimeUnit.SECONDS);
            final long detectedMs = TimeUnit.NANOSECONDS.toMillis(Long.parseLong(lost.split(" ")[0]) - killedNs);
            assertTrue(detectedMs <= 2000, "receiver let go of after " + detectedMs + " ms: " + sender.transcript());
            assertTrue(lost.endsWith("inFlight=0 lost=1"), lost);
            sender.send("quit");
            assertEquals(0, sender.process().waitFor(), sender.transcript());
        }
    }

    @Test
    void shouldBridgeAnIpcStreamOverUdpIntoAnotherHostsIpcStore() throws Exception
    {
        final long[] lengths = { 1, 4 * MIB, 100, 20 * MIB + 3, 3000, 64 * 1024, 0, 9 * MIB };
        try (Peers peers = new Peers())
        {
            final TestMedia hostA = peers.host();
            final TestMedia hostB = peers.host();
            final ChildJvm bridgeOut = peers.start(hostA, BridgeMain.class, hostA.aeronDirectoryName,
                hostA.storeRoot.path().toString(), "aeron:ipc", "aeron:ipc", "10",
                peers.dataChannel, peers.controlChannel, "11");
            final ChildJvm bridgeIn = peers.start(hostB, BridgeMain.class, hostB.aeronDirectoryName,
                hostB.storeRoot.path().toString(), peers.dataChannel, peers.controlChannel, "11",
                "aeron:ipc", "aeron:ipc", "12");
            assertEquals("ready", bridgeOut.awaitLine("BRIDGE ", 60, TimeUnit.SECONDS));
            assertEquals("ready", bridgeIn.awaitLine("BRIDGE ", 60, TimeUnit.SECONDS));

            final ChildJvm consumer = peers.start(hostB, NetworkPeerMain.class, "receive", hostB.aeronDirectoryName,
                hostB.storeRoot.path().toString(), "12", "aeron:ipc", "aeron:ipc", "embedded=false", "pattern=sequence",
                "count=" + lengths.length);
            final ChildJvm producer = peers.start(hostA, NetworkPeerMain.class, "send", hostA.aeronDirectoryName,
                hostA.storeRoot.path().toString(), "10", "aeron:ipc", "aeron:ipc", "embedded=false", "pattern=sequence",
                "lengths=" + join(lengths));
            try
            {
                for (int i = 0; i < lengths.length; i++)
                {
                    final String[] fields = consumer.awaitLine("PAYLOAD ", 120, TimeUnit.SECONDS).split(" ");
                    assertEquals(i + " " + lengths[i] + " ok", fields[1] + " " + fields[2] + " " + fields[3]);
                }
                assertTrue(consumer.awaitLine("SUMMARY ", 60, TimeUnit.SECONDS).contains(" corrupt=0 gaps=0 invalid=0 "));
                assertTrue(producer.awaitLine("SENT ", 120, TimeUnit.SECONDS).endsWith("acked=true"));
                assertEquals(0, consumer.process().waitFor());
                assertEquals(0, producer.process().waitFor());
                bridgeIn.send("stop");
                bridgeOut.send("stop");
                assertTrue(bridgeOut.awaitLine("FORWARDED ", 60, TimeUnit.SECONDS).startsWith(lengths.length + " "));
                assertTrue(bridgeIn.awaitLine("FORWARDED ", 60, TimeUnit.SECONDS).startsWith(lengths.length + " "));
            }
            catch (final AssertionError ex)
            {
                throw new AssertionError(ex.getMessage() + peers.transcripts(), ex);
            }
            peers.awaitExits();
        }
    }

    private static String assertDelivered(
        final ChildJvm receiver, final ChildJvm sender, final long[] lengths) throws Exception
    {
        final String sessionId = sender.awaitLine("SENDER ", 60, TimeUnit.SECONDS);
        for (int i = 0; i < lengths.length; i++)
        {
            final String line = receiver.awaitLine("PAYLOAD ", 120, TimeUnit.SECONDS);
            assertEquals(sessionId + " " + i + " " + lengths[i] + " ok", line, receiver.transcript());
        }
        final String summary = receiver.awaitLine("SUMMARY ", 60, TimeUnit.SECONDS);
        assertTrue(summary.contains(" corrupt=0 gaps=0 invalid=0 "), receiver.transcript());
        assertEquals(lengths.length + " acked=true", sender.awaitLine("SENT ", 120, TimeUnit.SECONDS),
            sender.transcript());
        assertEquals(0, receiver.process().waitFor(), receiver.transcript());
        assertEquals(0, sender.process().waitFor(), sender.transcript());
        return summary;
    }

    private static String join(final long[] lengths)
    {
        final StringBuilder text = new StringBuilder();
        for (final long length : lengths)
        {
            text.append(0 == text.length() ? "" : ",").append(length);
        }
        return text.toString();
    }

    /**
     * Child processes for one test, each with its own Aeron directory (its own "host"), sharing one pair of channels;
     * closes them and checks that nothing was left under /dev/shm.
     */
    static final class Peers implements AutoCloseable
    {
        final String dataChannel = NetworkPorts.loopbackChannel();
        final String controlChannel = NetworkPorts.loopbackChannel();
        private final List<TestMedia> media = new ArrayList<>();
        private final List<ChildJvm> children = new ArrayList<>();
        private final List<TestMedia> crashed = new ArrayList<>();
        private final List<TestMedia> hosts = new ArrayList<>();

        /**
         * SIGKILL a child: what it leaves under /dev/shm (its Aeron directory, its store, its lock) is deleted at
         * close instead of being asserted absent, as the next Freight's janitor on that host would.
         */
        /**
         * Wait for every child not killed to exit by itself, with status 0.
         */
        void awaitExits() throws InterruptedException
        {
            for (final ChildJvm child : children)
            {
                if (!crashed.contains(hosts.get(children.indexOf(child))))
                {
                    assertTrue(child.process().waitFor(60, TimeUnit.SECONDS), "still running: " + child.transcript());
                    assertEquals(0, child.process().exitValue(), child.transcript());
                }
            }
        }

        String transcripts()
        {
            final StringBuilder text = new StringBuilder();
            for (final ChildJvm child : children)
            {
                text.append("\n--- child ").append(child.process().pid()).append(":\n").append(child.transcript());
            }
            return text.toString();
        }

        void kill9(final ChildJvm child) throws InterruptedException
        {
            child.kill9();
            crashed.add(hosts.get(children.indexOf(child)));
        }

        ChildJvm sender(final String... options) throws Exception
        {
            return start("send", dataChannel, controlChannel, options);
        }

        ChildJvm receiver(final String... options) throws Exception
        {
            return start("receive", dataChannel, controlChannel, options);
        }

        ChildJvm start(final String role, final String dataChannel, final String controlChannel, final String... options)
            throws Exception
        {
            final TestMedia host = host();
            final List<String> args = new ArrayList<>(Arrays.asList(
                role, host.aeronDirectoryName, host.storeRoot.path().toString(), Integer.toString(STREAM_ID),
                dataChannel, controlChannel));
            args.addAll(Arrays.asList(options));
            return start(host, NetworkPeerMain.class, args.toArray(new String[0]));
        }

        /**
         * A new "host": an Aeron directory and a store root of its own.
         */
        TestMedia host() throws Exception
        {
            final TestMedia host = new TestMedia();
            media.add(host);
            return host;
        }

        ChildJvm start(final TestMedia host, final Class<?> mainClass, final String... args) throws Exception
        {
            final ChildJvm child = ChildJvm.start(mainClass, args);
            children.add(child);
            hosts.add(host);
            return child;
        }

        public void close() throws Exception
        {
            Exception failure = null;
            for (final ChildJvm child : children)
            {
                try
                {
                    child.close();
                }
                catch (final Exception ex)
                {
                    failure = ex;
                }
            }
            for (final TestMedia host : media)
            {
                try
                {
                    if (crashed.contains(host))
                    {
                        host.deleteAll();
                    }
                    host.close();
                }
                catch (final Exception | AssertionError ex)
                {
                    failure = null == failure ? new Exception(ex) : failure;
                }
            }
            if (null != failure)
            {
                throw failure;
            }
        }
    }
}
