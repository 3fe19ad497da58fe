/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.samples;

import io.freight.transport.Freight;
import io.freight.transport.Payload;
import io.freight.transport.PayloadHandler;
import io.freight.transport.PayloadSubscription;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import static io.freight.samples.DemoPayloads.LENGTH_OFFSET;
import static io.freight.samples.DemoPayloads.SEQUENCE_OFFSET;
import static io.freight.samples.DemoPayloads.STAMP_LENGTH;

/**
 * The consumer of the {@link Demo}, in its own JVM: it polls a {@link PayloadSubscription} and checks every payload
 * in place, with no copy of stored payloads: its stamp (the expected next sequence, its own length), the CRC32C of its
 * body against the one precomputed for its variant ({@link DemoPayloads}), and the stamp once more after the checksum,
 * to catch the sender overwriting a region still being read. A 16-byte payload (a stamp alone) ends a row; the
 * consumer then prints {@code ROW <row> <received> <verified>}.
 * <p>
 * Exits 0 when every row arrived complete and intact; 1 if anything was corrupt, lost, duplicated or out of order;
 * 2 if the demo went away or stopped sending.
 * <p>
 * Arguments: aeronDirectoryName seed sizes (comma-separated, one per row).
 */
public final class DemoConsumer implements PayloadHandler
{
    private static final int FRAGMENT_LIMIT = 16;
    private static final long CHECK_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long SILENCE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);

    private final long seed;
    private final long[] sizes;
    private final int[][] bodyChecksums;
    private final UnsafeBuffer stamp = new UnsafeBuffer(ByteBuffer.allocateDirect(STAMP_LENGTH));
    private final UnsafeBuffer stampAfter = new UnsafeBuffer(ByteBuffer.allocateDirect(STAMP_LENGTH));
    private final CRC32C crc = new CRC32C();
    private final ChecksumChannel checksumChannel = new ChecksumChannel(crc);

    private int row;
    private long nextSequence;
    private long received;
    private long verified;
    private boolean isIntact = true;

    private DemoConsumer(final long seed, final long[] sizes, final int[][] bodyChecksums)
    {
        this.seed = seed;
        this.sizes = sizes;
        this.bodyChecksums = bodyChecksums;
    }

    /**
     * Run the consumer.
     *
     * @param args aeronDirectoryName seed sizes.
     */
    public static void main(final String[] args)
    {
        final String aeronDirectoryName = args[0];
        final long seed = Long.parseLong(args[1]);
        final String[] sizeArgs = args[2].split(",");
        final long[] sizes = new long[sizeArgs.length];
        for (int i = 0; i < sizes.length; i++)
        {
            sizes[i] = Long.parseLong(sizeArgs[i]);
        }

        // Before subscribing: the demo starts its clock once this consumer has attached.
        final int[][] bodyChecksums = DemoPayloads.bodyChecksums(seed, sizes);

        final int exitCode;
        try (Freight freight = Freight.connect(aeronDirectoryName);
            PayloadSubscription subscription = freight.addSubscription(Demo.STREAM_ID))
        {
            exitCode = new DemoConsumer(seed, sizes, bodyChecksums).consume(subscription);
        }
        System.exit(exitCode);
    }

    private int consume(final PayloadSubscription subscription)
    {
        final IdleStrategy idleStrategy = new BackoffIdleStrategy();
        final Optional<ProcessHandle> demo = ProcessHandle.current().parent();
        long nextCheckNs = System.nanoTime() + CHECK_INTERVAL_NS;
        long lastProgressNs = System.nanoTime();
        long deliveredAtLastCheck = 0;

        while (row < sizes.length)
        {
            final int work = subscription.poll(this, FRAGMENT_LIMIT);
            if (0 == work)
            {
                final long nowNs = System.nanoTime();
                if (nowNs - nextCheckNs >= 0)
                {
                    nextCheckNs = nowNs + CHECK_INTERVAL_NS;
                    if (subscription.payloadsDelivered() != deliveredAtLastCheck)
                    {
                        deliveredAtLastCheck = subscription.payloadsDelivered();
                        lastProgressNs = nowNs;
                    }
                    if (demo.isPresent() && !demo.get().isAlive())
                    {
                        System.out.println("the demo process is gone");
                        return 2;
                    }
                    if (nowNs - lastProgressNs > SILENCE_TIMEOUT_NS)
                    {
                        System.out.println("nothing arrived for " +
                            TimeUnit.NANOSECONDS.toSeconds(SILENCE_TIMEOUT_NS) + " s, in row " + row);
                        return 2;
                    }
                }
            }
            idleStrategy.idle(work);
        }

        return isIntact ? 0 : 1;
    }

    /**
     * Check one payload in place.
     *
     * @param payload valid until this returns.
     */
    public void onPayload(final Payload payload)
    {
        final long length = payload.length();
        if (length < STAMP_LENGTH || row == sizes.length)
        {
            received++;
            return;
        }

        payload.getBytes(0, stamp, 0, STAMP_LENGTH);
        final long sequence = stamp.getLong(SEQUENCE_OFFSET);
        final boolean isInOrder = isNextInOrder(sequence);
        if (STAMP_LENGTH == length)
        {
            endRow(stamp.getLong(LENGTH_OFFSET), isInOrder);
            return;
        }

        received++;
        if (isInOrder &&
            length == sizes[row] &&
            length == stamp.getLong(LENGTH_OFFSET) &&
            bodyChecksum(payload, length) == bodyChecksums[row][DemoPayloads.variant(seed, sequence)] &&
            isStampUnchanged(payload))
        {
            verified++;
        }
    }

    // A gap is accepted here (what is missing shows as lost in the row's counts); going backwards is not.
    private boolean isNextInOrder(final long sequence)
    {
        if (sequence < nextSequence)
        {
            return false;
        }

        nextSequence = sequence + 1;
        return true;
    }

    private void endRow(final long sent, final boolean isInOrder)
    {
        System.out.println(Demo.ROW_PREFIX + row + " " + received + " " + verified);
        System.out.flush();
        isIntact &= isInOrder && received == sent && verified == sent;
        row++;
        received = 0;
        verified = 0;
    }

    private int bodyChecksum(final Payload payload, final long length)
    {
        crc.reset();
        // Stored payloads go to the channel straight from the mapped store; inline ones through the payload's own
        // reused buffer (they lie in Aeron's term).
        try
        {
            payload.transferTo(STAMP_LENGTH, length - STAMP_LENGTH, checksumChannel);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }

        return (int)crc.getValue();
    }

    private boolean isStampUnchanged(final Payload payload)
    {
        payload.getBytes(0, stampAfter, 0, STAMP_LENGTH);
        return stampAfter.getLong(SEQUENCE_OFFSET) == stamp.getLong(SEQUENCE_OFFSET) &&
            stampAfter.getLong(LENGTH_OFFSET) == stamp.getLong(LENGTH_OFFSET);
    }

    /**
     * A channel that only checksums what is written to it.
     */
    private static final class ChecksumChannel implements WritableByteChannel
    {
        private final CRC32C crc;

        ChecksumChannel(final CRC32C crc)
        {
            this.crc = crc;
        }

        public int write(final ByteBuffer src)
        {
            final int length = src.remaining();
            crc.update(src);
            return length;
        }

        public boolean isOpen()
        {
            return true;
        }

        public void close()
        {
        }
    }
}
