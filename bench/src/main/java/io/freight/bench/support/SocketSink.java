/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.support;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Receives the Unix domain socket contender: a blocking {@link SocketChannel} read in large chunks; each
 * length-prefixed message is copied out to the child's own buffer (bytes already read from the chunk), and the rest
 * of a long message is read straight into that buffer.
 */
final class SocketSink implements Sink
{
    private final SocketChannel channel;
    private final ByteBuffer chunk =
        ByteBuffer.allocateDirect(SocketSource.BATCH_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    private final UnsafeBuffer chunkBuffer = new UnsafeBuffer(chunk);
    private final HotBuffer destination;
    private final ByteBuffer destinationView;
    private long mismatches;

    SocketSink(final Path path, final HotBuffer destination) throws IOException
    {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(path));
        channel.setOption(StandardSocketOptions.SO_RCVBUF, SocketSource.SOCKET_BUFFER_LENGTH);
        this.destination = destination;
        this.destinationView = destination.buffer().byteBuffer().duplicate();
        chunk.limit(0);
    }

    /**
     * {@inheritDoc}
     */
    public long receive(final boolean isZeroCopy, final long length, final long count) throws IOException
    {
        final UnsafeBuffer destinationBuffer = destination.buffer();
        mismatches = 0;
        for (long received = 0; received < count; received++)
        {
            fill(Long.BYTES);
            final long messageLength = chunk.getLong();

            final int buffered = (int)Math.min(chunk.remaining(), messageLength);
            destinationBuffer.putBytes(0, chunkBuffer, chunk.position(), buffered);
            chunk.position(chunk.position() + buffered);
            for (long done = buffered; done < messageLength; )
            {
                final int at = (int)(done % HotBuffer.CHUNK_LENGTH);
                destinationView.limit((int)Math.min(HotBuffer.CHUNK_LENGTH, at + messageLength - done)).position(at);
                final int read = channel.read(destinationView);
                if (read < 0)
                {
                    throw new EOFException("socket closed in the middle of a message");
                }
                done += read;
            }

            if (messageLength != length ||
                (messageLength >= Long.BYTES && destinationBuffer.getLong(0) != received))
            {
                mismatches++;
            }
        }

        return System.nanoTime();
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        return 0;
    }

    /**
     * {@inheritDoc}
     */
    public long mismatches()
    {
        return mismatches;
    }

    /**
     * Close the socket.
     *
     * @throws IOException if it fails.
     */
    public void close() throws IOException
    {
        channel.close();
    }

    private void fill(final int required) throws IOException
    {
        if (chunk.remaining() >= required)
        {
            return;
        }

        chunk.compact();
        while (chunk.position() < required)
        {
            if (channel.read(chunk) < 0)
            {
                throw new EOFException("socket closed");
            }
        }
        chunk.flip();
    }
}
