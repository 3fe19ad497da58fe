/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;

/**
 * Loopback UDP channels for network-mode tests: ports the kernel just handed out, so that tests running side by side
 * (and a CI machine's other work) do not collide.
 */
final class NetworkPorts
{
    private NetworkPorts()
    {
    }

    /**
     * A UDP port free on 127.0.0.1 a moment ago.
     *
     * @return the port.
     */
    static int freeUdpPort()
    {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * A unicast UDP channel to a fresh port on 127.0.0.1.
     *
     * @return e.g. {@code aeron:udp?endpoint=127.0.0.1:40123}.
     */
    static String loopbackChannel()
    {
        return "aeron:udp?endpoint=127.0.0.1:" + freeUdpPort();
    }
}
