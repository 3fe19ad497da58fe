/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A sender in its own process for the two-process tests: connects to the parent's media driver and sends
 * {@code count} payloads (or until killed, with count -1) whose bytes follow {@link PayloadPattern} with the sequence
 * as id, sizes drawn from a seed around {@code maxLength}. Prints {@code STORE <storeId>} once its publication exists,
 * {@code SENT <n>} every 100 payloads, and at the end {@code ALLACKED <true|false>} after awaitAllAcked.
 * <p>
 * Arguments: aeronDir storeRoot streamId count maxLength.
 */
public final class SenderMain
{
    private SenderMain()
    {
    }

    /**
     * Run the sender.
     *
     * @param args see the class comment.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception
    {
        final long count = Long.parseLong(args[3]);
        final int maxLength = Integer.parseInt(args[4]);
        final Freight.Context ctx = new Freight.Context()
            .embeddedDriver(false)
            .aeronDirectoryName(args[0])
            .storeRoot(Path.of(args[1]))
            .ringLength(8 * 1024 * 1024)
            .preTouch(false);
        final SplittableRandom random = new SplittableRandom(11);
        final UnsafeBuffer source = new UnsafeBuffer(ByteBuffer.allocateDirect(maxLength));

        try (Freight freight = Freight.launch(ctx); FreightSender sender = freight.sender(Integer.parseInt(args[2])))
        {
            System.out.println("STORE " + sender.publication().store().storeId());
            System.out.flush();
            for (long i = 0; count < 0 || i < count; i++)
            {
                final int length = random.nextInt(maxLength + 1);
                final long sequence = sender.publication().nextSequence();
                PayloadPattern.fill(sequence, source, 0, length);
                sender.put(source, 0, length);
                if (i % 100 == 99)
                {
                    System.out.println("SENT " + (i + 1));
                    System.out.flush();
                }
            }

            System.out.println("ALLACKED " + sender.awaitAllAcked(30, TimeUnit.SECONDS));
            System.out.flush();
        }
    }
}
