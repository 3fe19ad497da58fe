/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.driver.status.SystemCounterDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One side of a network-mode test, as its own process with its own embedded media driver and Aeron directory, as a
 * second host would have: {@code send} or {@code receive} over the given UDP channels.
 * <p>
 * Arguments: {@code send|receive aeronDir storeRoot streamId dataChannel controlChannel [key=value ...]}.
 * <ul>
 *     <li>send: {@code lengths=0,1,...} payloads, each filled with {@link PayloadPattern} for id
 *     (sessionId &lt;&lt; 32 | sequence), written through a zero-copy claim when {@code claim=true}, else put;
 *     {@code receivers=N} waits for N receivers first; {@code linger=true} then runs its duty cycle until a line on
 *     stdin, printing {@code LOST <System.nanoTime()> inFlight=.. lost=..} when its last receiver is let go of. Prints
 *     {@code SENDER <sessionId>}, {@code SENT <n> acked=<true|false>}.</li>
 *     <li>receive: {@code count=N} payloads, each checked against the pattern; {@code delayMicros=D} after each.
 *     Prints {@code RECEIVER <id>}, {@code PAYLOAD <sessionId> <sequence> <length> ok|BAD} and
 *     {@code SUMMARY delivered=.. corrupt=.. gaps=.. invalid=.. gone=.. naks=..} (naks: NAKs its driver sent, the
 *     losses it repaired). With {@code untilGone=true} it then waits until its sender is gone and prints
 *     {@code GONE <System.nanoTime()> crashed=..}.</li>
 * </ul>
 * Common: {@code embedded=false} connects to the driver already in aeronDir; {@code pattern=sequence} fills and
 * checks payloads by sequence alone (for a stream that went through a bridge, whose session is another);
 * {@code livenessMs=L} sets {@code freight.network.liveness.timeout}; {@code maxStore=B} the store's maximum;
 * {@code sys.name=value} sets a system property before the driver launches (Aeron's debug loss generators).
 */
public final class NetworkPeerMain
{
    private static boolean isSequencePattern;

    private NetworkPeerMain()
    {
    }

    /**
     * Run one side.
     *
     * @param args see the class comment.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception
    {
        final String role = args[0];
        final Map<String, String> options = new HashMap<>();
        for (int i = 6; i < args.length; i++)
        {
            final int eq = args[i].indexOf('=');
            final String key = args[i].substring(0, eq);
            if (key.startsWith("sys."))
            {
                System.setProperty(key.substring(4), args[i].substring(eq + 1)); // e.g. Aeron's loss generators
            }
            else
            {
                options.put(key, args[i].substring(eq + 1));
            }
        }

        isSequencePattern = "sequence".equals(options.get("pattern"));
        final Freight.Context ctx = new Freight.Context()
            .embeddedDriver(Boolean.parseBoolean(options.getOrDefault("embedded", "true")))
            .aeronDirectoryName(args[1])
            .storeRoot(Path.of(args[2]))
            .channel(args[4])
            .controlChannel(args[5])
            .ringLength(16 * 1024 * 1024)
            .preTouch(false);
        if (options.containsKey("livenessMs"))
        {
            ctx.networkLivenessTimeoutNs(TimeUnit.MILLISECONDS.toNanos(Long.parseLong(options.get("livenessMs"))));
        }
        if (options.containsKey("maxStore"))
        {
            ctx.maxStoreLength(Long.parseLong(options.get("maxStore")));
        }

        final int streamId = Integer.parseInt(args[3]);
        try (Freight freight = Freight.launch(ctx))
        {
            if ("send".equals(role))
            {
                send(freight, streamId, options);
            }
            else
            {
                receive(freight, streamId, options);
            }
        }
    }

    private static void send(final Freight freight, final int streamId, final Map<String, String> options)
        throws Exception
    {
        final String[] lengths = options.getOrDefault("lengths", "").split(",");
        final boolean isClaim = Boolean.parseBoolean(options.getOrDefault("claim", "false"));
        final int receivers = Integer.parseInt(options.getOrDefault("receivers", "1"));
        try (FreightSender sender = freight.sender(streamId))
        {
            final PayloadPublication publication = sender.publication();
            System.out.println("SENDER " + publication.sessionId());
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (publication.receiverCount() < receivers && System.nanoTime() - deadlineNs < 0)
            {
                if (0 == publication.doWork())
                {
                    Thread.onSpinWait();
                }
            }

            final ByteBuffer scratch = ByteBuffer.allocateDirect(1024 * 1024);
            final UnsafeBuffer scratchBuffer = new UnsafeBuffer(scratch);
            final PayloadClaim claim = new PayloadClaim();
            int sent = 0;
            for (final String text : lengths)
            {
                if (text.isEmpty())
                {
                    continue;
                }
                final long length = Long.parseLong(text);
                final long id = id(publication.sessionId(), publication.nextSequence());
                if (isClaim || length > scratch.capacity())
                {
                    long result;
                    while ((result = publication.tryClaim(length, claim)) < 0)
                    {
                        if (PayloadPublication.CLOSED == result)
                        {
                            throw new IllegalStateException("closed");
                        }
                        publication.doWork();
                    }
                    for (long index = 0; index < length; index += scratch.capacity())
                    {
                        final int n = (int)Math.min(scratch.capacity(), length - index);
                        scratch.clear().limit(n);
                        PayloadPattern.fill(id, index, scratch);
                        claim.putBytes(index, scratchBuffer, 0, n);
                    }
                    claim.commit();
                }
                else
                {
                    PayloadPattern.fill(id, scratchBuffer, 0, (int)length);
                    sender.put(scratchBuffer, 0, (int)length);
                }
                sent++;
            }

            final boolean acked = sender.awaitAllAcked(120, TimeUnit.SECONDS);
            System.out.println("SENT " + sent + " acked=" + acked);
            if (Boolean.parseBoolean(options.getOrDefault("linger", "false")))
            {
                final BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                boolean isLost = false;
                while (!stdin.ready())
                {
                    if (!isLost && 0 == publication.receiverCount())
                    {
                        isLost = true;
                        System.out.println("LOST " + System.nanoTime() + " inFlight=" + publication.inFlight() +
                            " lost=" + publication.receiversLost());
                    }
                    if (0 == publication.doWork())
                    {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // an idle duty cycle: heartbeats
                    }
                }
            }
        }
    }

    private static void receive(final Freight freight, final int streamId, final Map<String, String> options)
        throws Exception
    {
        final long count = Long.parseLong(options.getOrDefault("count", "0"));
        final long delayNs = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(options.getOrDefault("delayMicros", "0")));
        final boolean untilGone = Boolean.parseBoolean(options.getOrDefault("untilGone", "false"));
        try (FreightReceiver receiver = freight.receiver(streamId))
        {
            final PayloadSubscription subscription = receiver.subscription();
            System.out.println("RECEIVER " + subscription.receiverId());
            long corrupt = 0;
            long delivered = 0;
            while (delivered < count)
            {
                final Payload payload = receiver.pollPayload(120, TimeUnit.SECONDS);
                if (null == payload)
                {
                    break;
                }
                try
                {
                    final long id = id(payload.sessionId(), payload.sequence());
                    final boolean isIntact = payload.computeChecksum() == PayloadPattern.checksum(id, payload.length());
                    corrupt += isIntact ? 0 : 1;
                    System.out.println("PAYLOAD " + payload.sessionId() + " " + payload.sequence() + " " +
                        payload.length() + " " + (isIntact ? "ok" : "BAD"));
                }
                finally
                {
                    payload.release();
                }
                delivered++;
                if (delayNs > 0)
                {
                    final long until = System.nanoTime() + delayNs;
                    while (System.nanoTime() - until < 0)
                    {
                        receiver.subscription().poll((p) -> { }, 0); // keep heartbeats going while "busy"
                        Thread.onSpinWait();
                    }
                }
            }

            System.out.println("SUMMARY delivered=" + delivered + " corrupt=" + corrupt +
                " gaps=" + subscription.sequenceGaps() + " invalid=" + subscription.invalidMessages() +
                " gone=" + subscription.sendersGone() + " naks=" + freight.aeron().countersReader()
                .getCounterValue(SystemCounterDescriptor.NAK_MESSAGES_SENT.id()));
            if (untilGone)
            {
                final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (0 == subscription.sendersGone() && System.nanoTime() - deadlineNs < 0)
                {
                    if (0 == subscription.poll((p) -> { }, 10))
                    {
                        Thread.onSpinWait();
                    }
                }
                System.out.println("GONE " + System.nanoTime() + " crashed=" + subscription.sendersCrashed());
            }
        }
    }

    static long id(final int sessionId, final long sequence)
    {
        return ((long)(isSequencePattern ? 0 : sessionId) << 32) ^ sequence;
    }
}
