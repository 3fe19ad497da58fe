/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;

/**
 * Another local process of the same user speaking for a receiver it is not: plain Aeron, its own publication on a
 * sender's control stream, acks and a detach naming the real receiver's id (learnable from its lock file's name).
 * <p>
 * Arguments: aeronDir controlStreamId receiverId senderSessionId sequence count. Publishes {@code count} acks of
 * {@code sequence} (cumulative, plus every sequence up to it as released out of order, at most 128) and one detach,
 * prints {@code FORGED <messages>} and exits 0.
 */
public final class ForgerMain
{
    private ForgerMain()
    {
    }

    /**
     * Run the forger.
     *
     * @param args see the class comment.
     */
    public static void main(final String[] args)
    {
        final String aeronDir = args[0];
        final int controlStreamId = Integer.parseInt(args[1]);
        final long receiverId = Long.parseLong(args[2]);
        final int senderSessionId = Integer.parseInt(args[3]);
        final long sequence = Long.parseLong(args[4]);
        final int count = Integer.parseInt(args[5]);

        final long[] released = new long[(int)Math.min(128, sequence + 1)];
        for (int i = 0; i < released.length; i++)
        {
            released[i] = sequence - i;
        }
        final MessageForge forge = new MessageForge();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
            ExclusivePublication publication = aeron.addExclusivePublication("aeron:ipc", controlStreamId))
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int sent = 0;
            while (sent <= count)
            {
                final int length = sent < count ?
                    forge.ack(buffer, receiverId, sequence, senderSessionId, released) :
                    forge.detach(buffer, receiverId);
                if (publication.offer(buffer, 0, length) > 0)
                {
                    sent++;
                }
                else if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new IllegalStateException("could not publish forged message " + sent + ": " + publication);
                }
                else
                {
                    Thread.yield();
                }
            }
            System.out.println("FORGED " + sent);
            System.out.flush();
        }
    }
}
