/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.samples;

import io.aeron.DirectBufferVector;
import io.freight.transport.Freight;
import io.freight.transport.FreightSender;
import org.agrona.concurrent.ShutdownSignalBarrier;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.freight.samples.DemoPayloads.LENGTH_OFFSET;
import static io.freight.samples.DemoPayloads.SEQUENCE_OFFSET;
import static io.freight.samples.DemoPayloads.STAMP_LENGTH;

/**
 * The demo the README's first command runs: this JVM launches Freight with an embedded media driver, starts a
 * {@link DemoConsumer} in a second JVM, and sends it a sweep of payload sizes from 1 KiB to 1 GiB with
 * {@link FreightSender#put}. The consumer reads every payload in place and checks all of its bytes (see
 * {@link DemoPayloads}); this side prints a table of sizes, counts and end-to-end throughput, then
 * {@code verified N payloads, C corrupt}. Exit code 0 only if every payload arrived intact, once, in order.
 * <p>
 * Usage: {@code Demo [--quick] [--fault=corrupt|lose|duplicate|reorder]}. {@code --quick} sweeps 1 KiB to 16 MiB in a
 * few seconds. {@code --fault} makes this side misbehave once, in the 1 MiB row, to show that the consumer catches it:
 * one payload with a flipped byte, one never sent, one sent twice, or two swapped (the demo then exits 1).
 * <p>
 * Nothing is left under /dev/shm: the consumer is killed if it still runs, the store and the driver's directory are
 * deleted on close, also on Ctrl-C.
 */
public final class Demo
{
    /**
     * Stream id the demo's payloads travel on.
     */
    static final int STREAM_ID = 1001;

    /**
     * Output line of the consumer at the end of each row: {@code ROW <row> <received> <verified>}.
     */
    static final String ROW_PREFIX = "ROW ";

    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    private static final long GIB = 1024 * MIB;
    private static final int MIN_MESSAGES_PER_ROW = 4;
    private static final int FAULT_INDEX_IN_ROW = 1;
    private static final long WAIT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    // The store has the default settings, as Freight.launch() gives them: rows from 64 MiB on go through oversize
    // segments that the store keeps for reuse, so each such row is preceded by an unprinted warm-up row that makes
    // them (first touch of their pages), as the first payloads of a long-running program would.
    private static final Sweep FULL = new Sweep(
        new long[]{ KIB, 16 * KIB, 64 * KIB, MIB, 16 * MIB, 64 * MIB, 256 * MIB, GIB },
        TimeUnit.SECONDS.toNanos(2), 4 * GIB);
    private static final Sweep QUICK = new Sweep(
        new long[]{ KIB, 16 * KIB, 64 * KIB, MIB, 16 * MIB },
        TimeUnit.MILLISECONDS.toNanos(100), 256 * MIB);

    /**
     * A way for the sender to misbehave once, to show that the consumer notices.
     */
    enum Fault
    {
        NONE, CORRUPT, LOSE, DUPLICATE, REORDER
    }

    private final Sweep sweep;
    private final Fault fault;
    private final long seed = System.nanoTime();
    private final UnsafeBuffer stamp = new UnsafeBuffer(ByteBuffer.allocateDirect(STAMP_LENGTH));
    private final DirectBufferVector[] vectors =
        { new DirectBufferVector(stamp, 0, STAMP_LENGTH), new DirectBufferVector() };
    private final BlockingQueue<String> consumerLines = new LinkedBlockingQueue<>();
    private UnsafeBuffer base;
    private FreightSender sender;
    private JavaProcess consumer;
    private long nextSequence;
    private long verified;
    private long corrupt;
    private long lost;

    private Demo(final Sweep sweep, final Fault fault)
    {
        this.sweep = sweep;
        this.fault = fault;
    }

    /**
     * Run the demo.
     *
     * @param args {@code [--quick] [--fault=corrupt|lose|duplicate|reorder]}.
     * @throws Exception if the demo cannot run at all.
     */
    public static void main(final String[] args) throws Exception
    {
        Sweep sweep = FULL;
        Fault fault = Fault.NONE;
        for (final String arg : args)
        {
            if ("--quick".equals(arg))
            {
                sweep = QUICK;
            }
            else if (arg.startsWith("--fault="))
            {
                fault = Fault.valueOf(arg.substring("--fault=".length()).toUpperCase(Locale.ROOT));
            }
            else
            {
                throw new IllegalArgumentException("usage: Demo [--quick] [--fault=corrupt|lose|duplicate|reorder]");
            }
        }

        int exitCode;
        // Ctrl-C interrupts the run, whose try-with-resources then deletes everything it made before the JVM exits.
        final ShutdownSignalBarrier shutdown = new ShutdownSignalBarrier(Thread.currentThread()::interrupt);
        try
        {
            exitCode = new Demo(sweep, fault).run();
        }
        catch (final IllegalStateException | TimeoutException ex)
        {
            System.out.println("demo failed: " + ex.getMessage());
            exitCode = 1;
        }
        catch (final InterruptedException ex)
        {
            System.out.println("demo interrupted");
            exitCode = 130;
        }
        finally
        {
            shutdown.close();
        }
        System.exit(exitCode);
    }

    private int run() throws IOException, InterruptedException, TimeoutException
    {
        final String aeronDirectoryName = Samples.aeronDirectoryName("demo");
        final Freight.Context ctx = new Freight.Context().aeronDirectoryName(aeronDirectoryName);
        final long[] sizes = rows(sweep.sizes, ctx.ringLength() - 64);

        System.out.println("Freight demo: payloads from this JVM to a consumer JVM over Aeron IPC and a shared-memory " +
            "store, every byte verified there");

        try (Freight freight = Freight.launch(ctx);
            FreightSender sender = freight.sender(STREAM_ID);
            JavaProcess consumer = JavaProcess.start(
                DemoConsumer.class, ProcessBuilder.Redirect.PIPE, freight.aeronDirectoryName(), Long.toString(seed),
                join(sizes)))
        {
            this.sender = sender;
            this.consumer = consumer;
            startReading(consumer.process());
            System.out.println("  driver    embedded, " + aeronDirectoryName + " (deleted on exit)");
            System.out.println("  store     " + sender.publication().storeDirectory() + ", ring " +
                formatSize(ctx.ringLength()) + " and the other store settings at their defaults (deleted on exit)");
            System.out.println("  consumer  pid " + consumer.process().pid() + ", reads each payload in place, " +
                "checks its sequence and CRC32C");

            // The base of every payload body is filled while the consumer starts and precomputes its checksums.
            base = new UnsafeBuffer(ByteBuffer.allocateDirect((int)DemoPayloads.baseLength(sizes[sizes.length - 1])));
            DemoPayloads.fillBase(seed, base);
            awaitConsumerAttached();

            System.out.println();
            System.out.println("GB/s: payload bytes (10^9) per second, from a row's first put until the consumer " +
                "has verified and released its last payload");
            System.out.printf("%10s %10s %8s %10s%n", "size", "messages", "GB/s", "verified");

            for (int row = 0; row < sizes.length; row++)
            {
                final boolean isWarmUp = row + 1 < sizes.length && sizes[row] == sizes[row + 1];
                runRow(sizes[row], sizes[row] == MIB ? fault : Fault.NONE, isWarmUp);
            }

            final int consumerExitCode = consumer.awaitExit(WAIT_TIMEOUT_NS, TimeUnit.NANOSECONDS);
            if (lost > 0)
            {
                System.out.println("lost " + lost + " payloads: sent, never received");
            }
            if (0 != consumerExitCode)
            {
                System.out.println("consumer exited with code " + consumerExitCode);
            }
            System.out.println("verified " + verified + " payloads, " + corrupt + " corrupt");

            return 0 == corrupt && 0 == lost && 0 == consumerExitCode ? 0 : 1;
        }
    }

    // At least MIN_MESSAGES_PER_ROW payloads, then more until the row's time budget or byte cap is reached; timed
    // until the consumer has released the last one, which it does once it has checked it.
    private void runRow(final long size, final Fault rowFault, final boolean isWarmUp) throws InterruptedException
    {
        final long startNs = System.nanoTime();
        long sent = 0;
        while (sent < MIN_MESSAGES_PER_ROW || (!isWarmUp &&
            sent * size < sweep.maxBytesPerRow && System.nanoTime() - startNs < sweep.rowBudgetNs))
        {
            sent += Fault.NONE != rowFault && FAULT_INDEX_IN_ROW == sent ?
                sendWithFault(rowFault, size) : send(nextSequence++, size);
        }
        awaitAllAcked();
        final long elapsedNs = System.nanoTime() - startNs;
        sendRowEnd(sent);

        final String[] result = awaitConsumerLine(ROW_PREFIX).split(" ");
        final long received = Long.parseLong(result[2]);
        final long rowVerified = Long.parseLong(result[3]);
        verified += rowVerified;
        corrupt += received - rowVerified;
        lost += Math.max(0, sent - received);

        if (!isWarmUp)
        {
            System.out.printf(
                "%10s %10d %8.2f %10d%n", formatSize(size), sent, (double)(sent * size) / elapsedNs, rowVerified);
        }
    }

    // Each size longer than the ring's largest payload twice: a warm-up row, then the measured one.
    private static long[] rows(final long[] sizes, final long maxRingPayloadLength)
    {
        final long[] rows = new long[sizes.length + (int)java.util.Arrays.stream(sizes)
            .filter((size) -> size > maxRingPayloadLength).count()];
        int row = 0;
        for (final long size : sizes)
        {
            if (size > maxRingPayloadLength)
            {
                rows[row++] = size;
            }
            rows[row++] = size;
        }

        return rows;
    }

    private int send(final long sequence, final long size) throws InterruptedException
    {
        stamp.putLong(SEQUENCE_OFFSET, sequence);
        stamp.putLong(LENGTH_OFFSET, size);
        final int variant = DemoPayloads.variant(seed, sequence);
        vectors[1].reset(base, DemoPayloads.bodyOffset(variant), (int)(size - STAMP_LENGTH));

        final long deadlineNs = System.nanoTime() + WAIT_TIMEOUT_NS;
        while (!sender.offer(vectors, 1, TimeUnit.SECONDS))
        {
            checkProgress(deadlineNs, "the consumer to make room");
        }

        return 1;
    }

    private int sendWithFault(final Fault fault, final long size) throws InterruptedException
    {
        final long sequence = nextSequence++;
        switch (fault)
        {
            case CORRUPT:
            {
                final int index = DemoPayloads.bodyOffset(DemoPayloads.variant(seed, sequence)) + (int)(size / 2);
                final byte original = base.getByte(index);
                base.putByte(index, (byte)~original);
                send(sequence, size);
                base.putByte(index, original);
                return 1;
            }

            case LOSE:
                return 1;

            case DUPLICATE:
                send(sequence, size);
                return send(sequence, size);

            default:
                nextSequence++;
                send(sequence + 1, size);
                return 1 + send(sequence, size);
        }
    }

    private void sendRowEnd(final long sent) throws InterruptedException
    {
        stamp.putLong(SEQUENCE_OFFSET, nextSequence++);
        stamp.putLong(LENGTH_OFFSET, sent);
        final long deadlineNs = System.nanoTime() + WAIT_TIMEOUT_NS;
        while (!sender.offer(stamp, 0, STAMP_LENGTH, 1, TimeUnit.SECONDS))
        {
            checkProgress(deadlineNs, "the consumer to make room");
        }
    }

    private void awaitConsumerAttached() throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + WAIT_TIMEOUT_NS;
        while (!sender.awaitConnected(1, TimeUnit.SECONDS))
        {
            checkProgress(deadlineNs, "the consumer to attach");
        }
    }

    private void awaitAllAcked() throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + WAIT_TIMEOUT_NS;
        while (!sender.awaitAllAcked(1, TimeUnit.SECONDS))
        {
            checkProgress(deadlineNs, "the consumer to release every payload");
        }
    }

    private void checkProgress(final long deadlineNs, final String what)
    {
        consumer.checkAlive();
        if (System.nanoTime() - deadlineNs > 0)
        {
            throw new IllegalStateException("timed out waiting for " + what);
        }
    }

    private String awaitConsumerLine(final String prefix) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + WAIT_TIMEOUT_NS;
        while (true)
        {
            final String line = consumerLines.poll(100, TimeUnit.MILLISECONDS);
            if (null != line && line.startsWith(prefix))
            {
                return line;
            }
            if (null == line)
            {
                checkProgress(deadlineNs, "a line starting with \"" + prefix + "\" from the consumer");
            }
        }
    }

    // Protocol lines are queued for awaitConsumerLine; anything else the consumer prints is shown as it comes.
    private void startReading(final Process process)
    {
        final Thread reader = new Thread(() ->
        {
            try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while (null != (line = in.readLine()))
                {
                    if (line.startsWith(ROW_PREFIX))
                    {
                        consumerLines.add(line);
                    }
                    else
                    {
                        System.out.println("consumer: " + line);
                    }
                }
            }
            catch (final IOException ignore)
            {
                // The consumer is gone; whoever waits for a line notices it has exited.
            }
        }, "demo-consumer-output");
        reader.setDaemon(true);
        reader.start();
    }

    private static String join(final long[] sizes)
    {
        final StringBuilder builder = new StringBuilder();
        for (final long size : sizes)
        {
            builder.append(0 == builder.length() ? "" : ",").append(size);
        }

        return builder.toString();
    }

    static String formatSize(final long bytes)
    {
        if (bytes >= GIB && 0 == bytes % (GIB / 4))
        {
            return (bytes % GIB == 0 ? Long.toString(bytes / GIB) : Double.toString((double)bytes / GIB)) + " GiB";
        }
        if (bytes >= MIB && 0 == bytes % MIB)
        {
            return bytes / MIB + " MiB";
        }
        if (bytes >= KIB && 0 == bytes % KIB)
        {
            return bytes / KIB + " KiB";
        }

        return bytes + " B";
    }

    /**
     * The rows of a run, and the time budget and byte cap of each.
     */
    private static final class Sweep
    {
        final long[] sizes;
        final long rowBudgetNs;
        final long maxBytesPerRow;

        Sweep(final long[] sizes, final long rowBudgetNs, final long maxBytesPerRow)
        {
            this.sizes = sizes;
            this.rowBudgetNs = rowBudgetNs;
            this.maxBytesPerRow = maxBytesPerRow;
        }
    }
}
