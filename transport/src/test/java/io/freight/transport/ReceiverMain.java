/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import org.agrona.DirectBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;

/**
 * A receiver in its own process for the two-process tests. It connects to the parent's media driver, takes
 * {@code count} payloads in place, checks each byte against {@link PayloadPattern} (the payload id being its
 * sequence) and that sequences are consecutive, and reports on stdout:
 * <pre>
 *   ATTACHED                                  once its subscription is connected to a sender
 *   PAYLOAD &lt;sequence&gt; &lt;length&gt; &lt;crc32c&gt; &lt;ok|CORRUPT&gt;   per payload, with "print"
 *   SUMMARY received=&lt;n&gt; corrupt=&lt;n&gt; gaps=&lt;n&gt; crcSum=&lt;sum of crc32c&gt; rejected=&lt;n&gt;
 * </pre>
 * Exits 0 if every payload was intact and in order, 1 otherwise.
 * <p>
 * Arguments: aeronDir storeRoot streamId count [print] [delayMicros=N] [stallAfter=N]; with stallAfter it stops
 * polling after that many payloads, prints {@code STALLED n}, and resumes when a line arrives on stdin.
 */
public final class ReceiverMain
{
    private ReceiverMain()
    {
    }

    /**
     * Run the receiver.
     *
     * @param args see the class comment.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception
    {
        final String aeronDir = args[0];
        final Path storeRoot = Path.of(args[1]);
        final int streamId = Integer.parseInt(args[2]);
        final long count = Long.parseLong(args[3]);
        boolean print = false;
        long delayNs = 0;
        long stallAfter = -1;
        for (int i = 4; i < args.length; i++)
        {
            if ("print".equals(args[i]))
            {
                print = true;
            }
            else if (args[i].startsWith("stallAfter="))
            {
                stallAfter = Long.parseLong(args[i].substring("stallAfter=".length()));
            }
            else if (args[i].startsWith("delayMicros="))
            {
                delayNs = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(args[i].substring("delayMicros=".length())));
            }
        }

        final Freight.Context ctx = new Freight.Context()
            .embeddedDriver(false)
            .aeronDirectoryName(aeronDir)
            .storeRoot(storeRoot);
        long corrupt = 0;
        long gaps = 0;
        long crcSum = 0;
        long received = 0;
        try (Freight freight = Freight.launch(ctx); FreightReceiver receiver = freight.receiver(streamId))
        {
            boolean announced = false;
            long expectedSequence = -1;
            final Verifier verifier = new Verifier();
            while (received < count)
            {
                final Payload payload = receiver.pollPayload(100, TimeUnit.MILLISECONDS);
                if (!announced && receiver.subscription().isConnected())
                {
                    System.out.println("ATTACHED");
                    announced = true;
                }
                if (null == payload)
                {
                    continue;
                }

                try (payload)
                {
                    final long sequence = payload.sequence();
                    if (expectedSequence >= 0 && sequence != expectedSequence)
                    {
                        gaps++;
                    }
                    expectedSequence = sequence + 1;
                    final boolean ok = verifier.verify(payload);
                    if (!ok)
                    {
                        corrupt++;
                    }
                    crcSum += verifier.crc & 0xFFFF_FFFFL;
                    received++;
                    if (print)
                    {
                        System.out.println("PAYLOAD " + sequence + " " + payload.length() + " " + verifier.crc + " " +
                            (ok ? "ok" : "CORRUPT"));
                    }
                }
                if (delayNs > 0)
                {
                    LockSupport.parkNanos(delayNs);
                }
                if (received == stallAfter)
                {
                    // Alive but not polling, like a consumer stuck in its own work, until the parent says so.
                    System.out.println("STALLED " + received);
                    System.out.flush();
                    new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
                    System.out.println("RESUMED");
                }
            }

            System.out.println("SUMMARY received=" + received + " corrupt=" + corrupt + " gaps=" + gaps +
                " crcSum=" + crcSum + " rejected=" + receiver.subscription().rejectedDescriptors());
            System.out.flush();
        }

        System.exit(0 == corrupt && 0 == gaps ? 0 : 1);
    }

    /**
     * Checks a payload against the pattern and computes its CRC32C, reading it in place chunk by chunk.
     */
    static final class Verifier
    {
        private final ByteBuffer chunk = ByteBuffer.allocateDirect(1024 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc32c = new CRC32C();
        int crc;

        boolean verify(final Payload payload)
        {
            final long id = payload.sequence();
            final long length = payload.length();
            boolean ok = true;
            crc32c.reset();
            if (payload.isContiguous())
            {
                final DirectBuffer buffer = payload.buffer();
                int i = 0;
                final int intLength = (int)length;
                for (; i + 8 <= intLength; i += 8)
                {
                    ok &= buffer.getLong(i, ByteOrder.LITTLE_ENDIAN) == PayloadPattern.word(id, i >>> 3);
                }
                for (; i < intLength; i++)
                {
                    ok &= buffer.getByte(i) == PayloadPattern.byteAt(id, i);
                }
            }

            long done = 0;
            while (done < length)
            {
                final int part = (int)Math.min(chunk.capacity(), length - done);
                payload.getBytes(done, chunk, 0, part);
                chunk.clear().limit(part);
                if (!payload.isContiguous())
                {
                    for (int i = 0; i + 8 <= part; i += 8)
                    {
                        ok &= chunk.getLong(i) == PayloadPattern.word(id, (done + i) >>> 3);
                    }
                    for (int i = part & ~7; i < part; i++)
                    {
                        ok &= chunk.get(i) == PayloadPattern.byteAt(id, done + i);
                    }
                }
                crc32c.update(chunk);
                done += part;
            }
            crc = (int)crc32c.getValue();

            return ok;
        }
    }
}
