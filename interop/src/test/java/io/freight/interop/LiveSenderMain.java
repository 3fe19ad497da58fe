/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.interop;

import io.freight.transport.Freight;
import io.freight.transport.PayloadPublication;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * A real Freight sender in its own process for {@link LiveSenderInteropTest}: a {@link PayloadPublication} with
 * checksums on, connected to the parent's media driver by directory, its store under the parent's root. It offers
 * one payload of each given length (random bytes) as soon as a receiver is attached, then runs its duty cycle, acks
 * and liveness included, until told to close, so that its store stays live for as long as the parent needs it.
 * <p>
 * Prints, one line each: {@code READY storeId=<id> sessionId=<id> pid=<pid>} once the publication exists;
 * {@code SENT sequence=<n> length=<bytes> crc32c=<unsigned>} per payload, with the CRC32C of the bytes it offered,
 * computed here; {@code STATUS receivers=<n> inFlight=<n> unacked=<n> abandoned=<n>} for each {@code STATUS} line read
 * from stdin; {@code CLOSED} once a {@code CLOSE} line (or the end of stdin) closed the publication and Freight, which
 * deletes the store. {@code FAILED detail=...} and exit status 1 if the payloads cannot be sent within 30 s.
 * <p>
 * Arguments: aeronDir storeRoot streamId ringLength maxStoreLength length...
 */
public final class LiveSenderMain
{
    private static final long OFFER_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final String END_OF_INPUT = "CLOSE";

    private LiveSenderMain()
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
        final Freight.Context ctx = new Freight.Context()
            .embeddedDriver(false)
            .aeronDirectoryName(args[0])
            .storeRoot(Path.of(args[1]))
            .ringLength(Long.parseLong(args[3]))
            .maxStoreLength(Long.parseLong(args[4]))
            .checksums(true)
            .preTouch(false);
        final int streamId = Integer.parseInt(args[2]);
        final LinkedBlockingQueue<String> commands = readCommands();
        final IdleStrategy idle = new BackoffIdleStrategy();
        final SplittableRandom random = new SplittableRandom(streamId);

        boolean isSent = true;
        try (Freight freight = Freight.launch(ctx); PayloadPublication publication = freight.addPublication(streamId))
        {
            print("READY storeId=" + publication.storeId() + " sessionId=" + publication.sessionId() +
                " pid=" + ProcessHandle.current().pid());

            for (int i = 5; isSent && i < args.length; i++)
            {
                final byte[] payload = new byte[Integer.parseInt(args[i])];
                random.nextBytes(payload);
                final long sequence = offer(publication, payload, idle);
                if (sequence < 0)
                {
                    print("FAILED detail=offer of " + payload.length + " bytes returned " + sequence);
                    isSent = false;
                }
                else
                {
                    print("SENT sequence=" + sequence + " length=" + payload.length + " crc32c=" + crc32c(payload));
                }
            }

            String command;
            while (isSent && !END_OF_INPUT.equals(command = commands.poll()))
            {
                if ("STATUS".equals(command))
                {
                    print("STATUS receivers=" + publication.receiverCount() + " inFlight=" + publication.inFlight() +
                        " unacked=" + publication.unacked() + " abandoned=" + publication.payloadsAbandoned());
                }
                idle.idle(publication.doWork());
            }
        }

        print("CLOSED");
        if (!isSent)
        {
            System.exit(1);
        }
    }

    // NOT_CONNECTED until a receiver's attach has been answered; offer runs the duty cycle that answers it.
    private static long offer(final PayloadPublication publication, final byte[] payload, final IdleStrategy idle)
    {
        final long deadlineNs = System.nanoTime() + OFFER_TIMEOUT_NS;
        long result;
        while ((result = publication.offer(payload)) < 0 && System.nanoTime() - deadlineNs < 0)
        {
            idle.idle();
        }
        idle.reset();

        return result;
    }

    private static LinkedBlockingQueue<String> readCommands()
    {
        final LinkedBlockingQueue<String> commands = new LinkedBlockingQueue<>();
        final Thread reader = new Thread(
            () ->
            {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))
                {
                    String line;
                    while (null != (line = in.readLine()))
                    {
                        commands.add(line.trim());
                    }
                }
                catch (final IOException ignore)
                {
                    // The parent is gone: close as at the end of input.
                }
                commands.add(END_OF_INPUT);
            },
            "commands");
        reader.setDaemon(true);
        reader.start();

        return commands;
    }

    private static long crc32c(final byte[] payload)
    {
        final CRC32C crc = new CRC32C();
        crc.update(payload);
        return crc.getValue();
    }

    private static void print(final String line)
    {
        System.out.println(line);
        System.out.flush();
    }
}
