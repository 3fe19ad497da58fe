/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.jmh;

import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.freight.bench.support.BenchMedia;
import io.freight.bench.sweep.ThroughputSweep;
import io.freight.transport.Freight;
import io.freight.transport.Payload;
import io.freight.transport.PayloadClaim;
import io.freight.transport.PayloadHandler;
import io.freight.transport.PayloadPublication;
import io.freight.transport.PayloadSubscription;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * A payload from a {@link PayloadPublication} to a {@link PayloadSubscription} in one process and one thread, copy
 * mode: offer from a buffer (inline at 64 B, through the store above the 2 KiB threshold), then poll until the handler
 * has copied it out, which also sends the ack the next offer applies. The whole per-payload path of both sides, minus
 * the cross-CPU handoff; an embedded media driver runs in the background as Freight launches it.
 * <p>
 * {@link #aeronOfferAndPoll()} is the same with a plain Aeron exclusive publication (128 MiB term, MTU 65504, as in the
 * sweep) and a FragmentAssembler copying out: the baseline the difference is Freight's own per-payload cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED" })
@State(Scope.Thread)
public class PublicationSubscriptionBenchmark
{
    /**
     * Payload length.
     */
    @Param({ "64", "65536", "1048576" })
    public int length;

    private BenchMedia media;
    private Freight freight;
    private PayloadPublication publication;
    private PayloadSubscription subscription;
    private UnsafeBuffer source;
    private UnsafeBuffer destination;
    private final PayloadHandler handler = this::onPayload;
    private final PayloadHandler stampHandler = this::onStamps;
    private final PayloadClaim claim = new PayloadClaim();
    private final FragmentAssembler assembler = new FragmentAssembler(this::onMessage);
    private ExclusivePublication aeronPublication;
    private Subscription aeronSubscription;
    private long received;

    /**
     * Launch Freight with an embedded driver, and attach a subscription to a publication on one stream.
     */
    @Setup
    public void setUp()
    {
        media = BenchMedia.create();
        freight = Freight.launch(new Freight.Context()
            .aeronDirectoryName(media.aeronDirectoryName())
            .storeRoot(media.storeRoot()));
        publication = freight.addPublication(ThroughputSweep.FREIGHT_STREAM_ID);
        subscription = freight.addSubscription(ThroughputSweep.FREIGHT_STREAM_ID);
        aeronPublication = freight.aeron().addExclusivePublication(
            "aeron:ipc?term-length=" + ThroughputSweep.AERON_TERM_LENGTH +
                "|mtu=" + Freight.Context.DATA_MTU_LENGTH_DEFAULT,
            ThroughputSweep.AERON_STREAM_ID);
        aeronSubscription = freight.aeron().addSubscription("aeron:ipc", ThroughputSweep.AERON_STREAM_ID);
        source = new UnsafeBuffer(ByteBuffer.allocateDirect(length));
        destination = new UnsafeBuffer(ByteBuffer.allocateDirect(length));

        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!publication.isConnected() || !subscription.isConnected() || !aeronSubscription.isConnected())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("subscription never attached");
            }
            publication.doWork();
            subscription.poll(handler, 10);
        }
    }

    /**
     * Close Freight (deleting the store and the driver's directory) and the root.
     */
    @TearDown
    public void tearDown()
    {
        freight.close();
        media.close();
    }

    /**
     * Offer one payload and poll until it has been received and copied out.
     *
     * @return payloads received so far.
     */
    @Benchmark
    public long offerAndPoll()
    {
        final long target = received + 1;
        while (publication.offer(source, 0, length) < 0)
        {
            subscription.poll(handler, 10);
        }
        while (received < target)
        {
            subscription.poll(handler, 10);
        }

        return received;
    }

    /**
     * Zero-copy: claim one payload, stamp its first and last word in place, commit, and poll until the handler has
     * read the stamps in place. The store path's own cost without a payload copy.
     *
     * @return payloads received so far.
     */
    @Benchmark
    public long claimAndPoll()
    {
        final long target = received + 1;
        while (publication.tryClaim(length, claim) < 0)
        {
            subscription.poll(stampHandler, 10);
        }
        final MutableDirectBuffer buffer = claim.buffer();
        buffer.putLong(0, target);
        buffer.putLong(length - Long.BYTES, target);
        claim.commit();
        while (received < target)
        {
            subscription.poll(stampHandler, 10);
        }

        return received;
    }

    /**
     * The baseline: offer one message on plain Aeron IPC and poll until it has been reassembled and copied out.
     *
     * @return messages received so far.
     */
    @Benchmark
    public long aeronOfferAndPoll()
    {
        final long target = received + 1;
        while (aeronPublication.offer(source, 0, length) < 0)
        {
            aeronSubscription.poll(assembler, 10);
        }
        while (received < target)
        {
            aeronSubscription.poll(assembler, 10);
        }

        return received;
    }

    private void onMessage(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        buffer.getBytes(offset, destination, 0, length);
        received++;
    }

    private void onStamps(final Payload payload)
    {
        final DirectBuffer buffer = payload.buffer();
        received += (buffer.getLong(0) + buffer.getLong((int)payload.length() - Long.BYTES)) > 0 ? 1 : 0;
    }

    private void onPayload(final Payload payload)
    {
        payload.getBytes(0, destination, 0, (int)payload.length());
        received++;
    }
}
