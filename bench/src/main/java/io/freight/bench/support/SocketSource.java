/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.support;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sends the Unix domain socket contender over a blocking {@link SocketChannel}: each message is an 8-byte
 * little-endian length and the bytes. Short messages are batched into a {@link #BATCH_LENGTH} buffer written in one
 * call; a longer one goes out with one gathering write of its length and its bytes, straight from the source.
 */
public final class SocketSource implements AutoCloseable
{
    /**
     * Batch (and the receiver's read chunk) length: 256 KiB.
     */
    static final int BATCH_LENGTH = 256 * 1024;

    /**
     * Requested SO_SNDBUF and SO_RCVBUF: 4 MiB (the kernel caps it at net.core.wmem_max and rmem_max).
     */
    static final int SOCKET_BUFFER_LENGTH = 4 * 1024 * 1024;

    private final Path path;
    private final ServerSocketChannel server;
    private final ByteBuffer batch = ByteBuffer.allocateDirect(BATCH_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    private final UnsafeBuffer batchBuffer = new UnsafeBuffer(batch);
    private final ByteBuffer header = ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer[] vectors = new ByteBuffer[2];
    private SocketChannel channel;

    public SocketSource(final Path path) throws IOException
    {
        this.path = path;
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        vectors[0] = header;
    }

    /**
     * Path of the listening socket.
     *
     * @return the path.
     */
    public Path path()
    {
        return path;
    }

    /**
     * Accept the receiver's connection (it must have connected already or be connecting).
     *
     * @throws IOException if accepting fails.
     */
    public void accept() throws IOException
    {
        channel = server.accept();
        channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_LENGTH);
    }

    /**
     * Send messages and flush the last batch.
     *
     * @param source to send each message from; its first word is overwritten with the message's index in the run.
     * @param length of each message.
     * @param count  of messages.
     * @return {@link System#nanoTime()} just before the first write.
     * @throws IOException if the socket fails.
     */
    public long send(final HotBuffer source, final long length, final long count) throws IOException
    {
        final UnsafeBuffer buffer = source.buffer();
        final ByteBuffer sourceView = buffer.byteBuffer().duplicate();
        final boolean isStamped = length >= Long.BYTES;
        final boolean isBatched = length + Long.BYTES <= BATCH_LENGTH;
        batch.clear();

        final long startNs = System.nanoTime();
        for (long i = 0; i < count; i++)
        {
            if (isStamped)
            {
                buffer.putLong(0, i);
            }

            if (isBatched)
            {
                if (batch.remaining() < length + Long.BYTES)
                {
                    flush();
                }
                final int at = batch.position();
                batch.putLong(length);
                batchBuffer.putBytes(at + Long.BYTES, buffer, 0, (int)length);
                batch.position(at + Long.BYTES + (int)length);
            }
            else
            {
                header.clear();
                header.putLong(0, length);
                sourceView.limit((int)Math.min(length, HotBuffer.CHUNK_LENGTH)).position(0);
                vectors[1] = sourceView;
                while (sourceView.hasRemaining())
                {
                    channel.write(vectors);
                }
                for (long done = sourceView.limit(); done < length; done += sourceView.limit())
                {
                    sourceView.limit((int)Math.min(length - done, HotBuffer.CHUNK_LENGTH)).position(0);
                    while (sourceView.hasRemaining())
                    {
                        channel.write(sourceView);
                    }
                }
            }
        }
        flush();

        return startNs;
    }

    /**
     * Close the connection and the listening socket, and delete the socket file.
     *
     * @throws IOException if closing fails.
     */
    public void close() throws IOException
    {
        try
        {
            if (null != channel)
            {
                channel.close();
            }
            server.close();
        }
        finally
        {
            Files.deleteIfExists(path);
        }
    }

    private void flush() throws IOException
    {
        batch.flip();
        while (batch.hasRemaining())
        {
            channel.write(batch);
        }
        batch.clear();
    }
}
