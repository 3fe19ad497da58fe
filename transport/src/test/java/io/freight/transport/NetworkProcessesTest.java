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

        ChildJvm sender(final String... options) throws Exception
        {
            return start("send", options);
        }

        ChildJvm receiver(final String... options) throws Exception
        {
            return start("receive", options);
        }

        ChildJvm start(final String role, final String... options) throws Exception
        {
            final TestMedia host = new TestMedia();
            media.add(host);
            final List<String> args = new ArrayList<>(Arrays.asList(
                role, host.aeronDirectoryName, host.storeRoot.path().toString(), Integer.toString(STREAM_ID),
                dataChannel, controlChannel));
            args.addAll(Arrays.asList(options));
            final ChildJvm child = ChildJvm.start(NetworkPeerMain.class, args.toArray(new String[0]));
            children.add(child);
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
