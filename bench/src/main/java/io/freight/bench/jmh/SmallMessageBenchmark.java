/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.jmh;

import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.Header;
import io.freight.bench.support.BenchMedia;
import io.freight.bench.sweep.ThroughputSweep;
import io.freight.transport.Freight;
import io.freight.transport.FreightReceiver;
import io.freight.transport.Payload;
import io.freight.transport.PayloadHandler;
import io.freight.transport.PayloadPublication;
import io.freight.transport.PayloadSubscription;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * The small-message path split into its two halves, each timed alone, Freight against plain Aeron IPC on the same
 * driver: a batch of {@value #BATCH} offers (the receiving side drains them outside the timing), or a poll loop
 * that takes a batch of {@value #BATCH} messages offered outside the timing and copies each out, as the sweep's sinks
 * do. Per message: what each side of the sweep's 10 B and 100 B cells costs in CPU, without the handoff between two
 * CPUs. The queue face's poll ({@code FreightReceiver.poll(dst, 0)}) is timed the same way, and Freight's inline
 * offer is taken apart on plain Aeron: the same bytes through {@code tryClaim}, with and without a bounds check per
 * store.
 * <p>
 * Freight's publication runs with its defaults (2 KiB inline threshold, 8 MiB data term, MTU 65504); the Aeron
 * publication with the same term and MTU (the sweep's 128 MiB term would have these short batches write fresh
 * pages, a page fault per 64 messages, for most of a run), its subscription through a {@link FragmentAssembler}.
 * The warm-up writes each 24 MiB log over many times, so every page is resident when measured.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED" })
@State(Scope.Thread)
public class SmallMessageBenchmark
{
    /**
     * Messages per timed invocation.
     */
    static final int BATCH = 1000;

    private static final int QUEUE_STREAM_ID = ThroughputSweep.FREIGHT_STREAM_ID + 7;
    private static final int CLAIM_HEADER_LENGTH = 2 * Long.BYTES + Integer.BYTES;
    private static final long CLAIM_HEADER_WORD = 0x0001_0002_0003_0004L;

    /**
     * Payload length.
     */
    @Param({ "10", "100" })
    public int length;

    /**
     * Most fragments per poll of {@link #freightPoll()} and {@link #aeronPoll()}: 64 as the sweep's sinks; a few
     * ({@code -p fragmentLimit=4}) is what a receiver that has caught up with its sender finds per poll, so that each
     * poll's fixed cost counts for a few messages rather than 64.
     */
    @Param({ "64" })
    public int fragmentLimit;

    private BenchMedia media;
    private Freight freight;
    private PayloadPublication publication;
    private PayloadSubscription subscription;
    private PayloadPublication queuePublication;
    private FreightReceiver queueReceiver;
    private ExclusivePublication aeronPublication;
    private Subscription aeronSubscription;
    private final UnsafeBuffer source = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private final UnsafeBuffer destination = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private final PayloadHandler copyOut = this::onPayload;
    private final BufferClaim bufferClaim = new BufferClaim();
    private final FragmentAssembler assembler = new FragmentAssembler(this::onMessage);
    private long received;

    /**
     * Launch Freight with an embedded driver; attach a subscription and a queue receiver, and a plain Aeron stream.
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
        queuePublication = freight.addPublication(QUEUE_STREAM_ID);
        queueReceiver = freight.receiver(QUEUE_STREAM_ID);
        aeronPublication = freight.aeron().addExclusivePublication(
            "aeron:ipc?term-length=" + Freight.Context.DATA_TERM_LENGTH_DEFAULT +
                "|mtu=" + Freight.Context.DATA_MTU_LENGTH_DEFAULT,
            ThroughputSweep.AERON_STREAM_ID);
        aeronSubscription = freight.aeron().addSubscription("aeron:ipc", ThroughputSweep.AERON_STREAM_ID);

        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!publication.isConnected() || !queuePublication.isConnected() || !aeronSubscription.isConnected())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("not attached");
            }
            publication.doWork();
            queuePublication.doWork();
            subscription.poll(copyOut, 10);
            queueReceiver.poll(destination, 0);
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
     * Freight: offer a batch of payloads from a buffer (inline at these sizes).
     *
     * @return the last sequence.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long freightOffer()
    {
        long result = 0;
        for (int i = 0; i < BATCH; i++)
        {
            source.putLong(0, i);
            while ((result = publication.offer(source, 0, length)) < 0)
            {
                subscription.poll(copyOut, BATCH); // only if the window is short: not in steady state
            }
        }
        return result;
    }

    /**
     * Plain Aeron: offer a batch of messages.
     *
     * @return the last position.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long aeronOffer()
    {
        long result = 0;
        for (int i = 0; i < BATCH; i++)
        {
            source.putLong(0, i);
            while ((result = aeronPublication.offer(source, 0, length)) < 0)
            {
                aeronSubscription.poll(assembler, BATCH);
            }
        }
        return result;
    }

    /**
     * Plain Aeron through {@code tryClaim}, writing what Freight's inline offer writes (a 20-byte header of two longs
     * and an int, then the payload) and committing: Aeron's share of {@link #freightOffer()}, the rest being Freight's.
     *
     * @return the last position.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long aeronClaimOffer()
    {
        long result = 0;
        final int messageLength = CLAIM_HEADER_LENGTH + length;
        for (int i = 0; i < BATCH; i++)
        {
            source.putLong(0, i);
            result = claimAeron(messageLength);
            final MutableDirectBuffer buffer = bufferClaim.buffer();
            final int offset = bufferClaim.offset();
            buffer.putLong(offset, CLAIM_HEADER_WORD, ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(offset + Long.BYTES, i, ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(offset + 2 * Long.BYTES, length, ByteOrder.LITTLE_ENDIAN);
            buffer.putBytes(offset + CLAIM_HEADER_LENGTH, source, 0, length);
            bufferClaim.commit();
        }
        return result;
    }

    /**
     * {@link #aeronClaimOffer()} with one bounds check, the claim's, and the stores made by address: what the
     * buffer's check per store costs on the claim path (native order: little-endian, the only order Freight runs on).
     *
     * @return the last position.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long aeronRawClaimOffer()
    {
        long result = 0;
        final int messageLength = CLAIM_HEADER_LENGTH + length;
        for (int i = 0; i < BATCH; i++)
        {
            source.putLong(0, i);
            result = claimAeron(messageLength);
            final MutableDirectBuffer buffer = bufferClaim.buffer();
            final int offset = bufferClaim.offset();
            buffer.boundsCheck(offset, messageLength);
            final long address = buffer.addressOffset() + offset;
            UnsafeApi.putLong(address, CLAIM_HEADER_WORD);
            UnsafeApi.putLong(address + Long.BYTES, i);
            UnsafeApi.putInt(address + 2 * Long.BYTES, length);
            UnsafeApi.copyMemory(source.addressOffset(), address + CLAIM_HEADER_LENGTH, length);
            bufferClaim.commit();
        }
        return result;
    }

    /**
     * Freight: poll until a batch offered beforehand is received, each payload copied out by the handler.
     *
     * @return payloads received so far.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long freightPoll()
    {
        final long target = received + BATCH;
        while (received < target)
        {
            subscription.poll(copyOut, fragmentLimit);
        }
        return received;
    }

    /**
     * Plain Aeron: poll until a batch offered beforehand is received, each message copied out.
     *
     * @return messages received so far.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long aeronPoll()
    {
        final long target = received + BATCH;
        while (received < target)
        {
            aeronSubscription.poll(assembler, fragmentLimit);
        }
        return received;
    }

    /**
     * The queue face: {@code FreightReceiver.poll(dst, 0)} once per payload of a batch offered beforehand.
     *
     * @return the sum of the lengths copied.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long queuePoll()
    {
        long copied = 0;
        for (int i = 0; i < BATCH; i++)
        {
            int n;
            while ((n = queueReceiver.poll(destination, 0)) < 0)
            {
                queuePublication.doWork();
            }
            copied += n;
        }
        return copied;
    }

    /**
     * Before every invocation, untimed: drain every stream, then offer one batch on each, for the poll benchmarks to
     * take (the offer benchmarks then find each stream one batch deep, well inside its 4 MiB window).
     */
    @Setup(Level.Invocation)
    public void drainAndFill()
    {
        while (subscription.poll(copyOut, BATCH) > 0 || aeronSubscription.poll(assembler, BATCH) > 0)
        {
            publication.doWork();
        }
        while (queueReceiver.poll(destination, 0) >= 0)
        {
            queuePublication.doWork();
        }

        for (int i = 0; i < BATCH; i++)
        {
            source.putLong(0, i);
            while (publication.offer(source, 0, length) < 0)
            {
                publication.doWork();
            }
            while (aeronPublication.offer(source, 0, length) < 0)
            {
                Thread.onSpinWait();
            }
            while (queuePublication.offer(source, 0, length) < 0)
            {
                queuePublication.doWork();
            }
        }
    }

    private long claimAeron(final int messageLength)
    {
        long result;
        while ((result = aeronPublication.tryClaim(messageLength, bufferClaim)) < 0)
        {
            aeronSubscription.poll(assembler, BATCH); // only if the window is short: not in steady state
        }
        return result;
    }

    private void onPayload(final Payload payload)
    {
        payload.getBytes(0, destination, 0, (int)payload.length());
        received++;
    }

    private void onMessage(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        buffer.getBytes(offset, destination, 0, length);
        received++;
    }
}
