/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * UDP ports for the network runners, picked free at run time on 127.0.0.1: other builds on this machine run tests
 * over UDP too, so no port is fixed.
 */
public final class UdpPorts
{
    private UdpPorts()
    {
    }

    /**
     * A UDP port free on 127.0.0.1 now: the one the kernel gives a socket bound to port 0, closed again. Another
     * process could take it before it is used; the window is short.
     *
     * @return the port.
     */
    public static int free()
    {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot bind a UDP socket on 127.0.0.1", ex);
        }
    }
}
