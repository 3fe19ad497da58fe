/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.samples;

import io.freight.transport.Freight;
import io.freight.transport.PayloadClaim;
import io.freight.transport.PayloadPublication;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ShutdownSignalBarrier;

import java.util.concurrent.TimeUnit;

import static java.lang.ProcessBuilder.Redirect.INHERIT;

/**
 * The zero-copy sample, sending side: video frames rendered straight into the shared-memory store. Each frame is
 * claimed with {@link PayloadPublication#tryClaim(long, PayloadClaim)}, written through {@link PayloadClaim#buffer()}
 * and published with {@link PayloadClaim#commit()}; one claim is {@link PayloadClaim#abort() aborted} to show that
 * nothing is published then. A {@link ZeroCopyReceiver} in a second process reads the frames where they lie.
 */
public final class ZeroCopySample
{
    /**
     * Stream id of the frames.
     */
    static final int STREAM_ID = 1003;

    /**
     * Frames sent.
     */
    static final int FRAMES = 5;

    /**
     * Frame width in pixels.
     */
    static final int WIDTH = 1920;

    /**
     * Frame height in pixels.
     */
    static final int HEIGHT = 1080;

    /**
     * Bytes of one row of RGBA pixels.
     */
    static final int ROW_LENGTH = WIDTH * 4;

    /**
     * Frame header: frame number (long), width (int), height (int); the pixels follow.
     */
    static final int HEADER_LENGTH = 16;

    /**
     * Bytes of a frame: about 8 MiB.
     */
    static final int FRAME_LENGTH = HEADER_LENGTH + HEIGHT * ROW_LENGTH;

    /**
     * Frames the store's ring holds at once: four, each a 64-byte region header plus the frame, rounded up to 64 bytes.
     * While the receiver retains frame 0 the ring cannot take frame 4, which would reuse frame 0's space: the sender
     * waits for its release.
     */
    static final long RING_LENGTH = 4L * ((64 + FRAME_LENGTH + 63) & ~63);

    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    private ZeroCopySample()
    {
    }

    /**
     * Run the sample.
     *
     * @param args none.
     * @throws Exception if the receiver cannot be started, fails, or does not finish in time.
     */
    public static void main(final String[] args) throws Exception
    {
        final int exitCode;
        // Ctrl-C interrupts any wait; the try-with-resources then kills the receiver and deletes the store and driver.
        final ShutdownSignalBarrier shutdown = new ShutdownSignalBarrier(Thread.currentThread()::interrupt);
        try (Freight freight = Freight.launch(new Freight.Context()
                .aeronDirectoryName(Samples.aeronDirectoryName("zc"))
                .ringLength(RING_LENGTH));
            PayloadPublication publication = freight.addPublication(STREAM_ID);
            JavaProcess receiver = JavaProcess.start(ZeroCopyReceiver.class, INHERIT, freight.aeronDirectoryName()))
        {
            final PayloadClaim claim = new PayloadClaim();
            final IdleStrategy idleStrategy = new BackoffIdleStrategy();

            claim(publication, claim, idleStrategy, receiver);
            claim.buffer().putLong(0, -1);
            claim.abort();
            System.out.println("sender: claimed " + FRAME_LENGTH + " bytes of the store, started writing, aborted: " +
                "nothing was published, the space is free again");

            for (long frame = 0; frame < FRAMES; frame++)
            {
                claim(publication, claim, idleStrategy, receiver);
                render(frame, claim.buffer());
                final long sequence = claim.commit();
                if (sequence < 0)
                {
                    throw new IllegalStateException("frame " + frame + " was not published: " + sequence);
                }
                System.out.println("sender: frame " + frame + " rendered in place and committed");
            }

            final long deadlineNs = System.nanoTime() + TIMEOUT_NS;
            while (!publication.isAllAcked())
            {
                receiver.checkAlive();
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new IllegalStateException("frames not released in time");
                }
                idleStrategy.idle(publication.doWork());
            }
            if (0 != publication.payloadsAbandoned())
            {
                throw new IllegalStateException("the receiver left without releasing every frame");
            }
            System.out.println("sender: every frame released");

            exitCode = receiver.awaitExit(TIMEOUT_NS, TimeUnit.NANOSECONDS);
        }
        finally
        {
            shutdown.close();
        }
        System.exit(exitCode);
    }

    // NOT_CONNECTED until the receiver attaches, BACK_PRESSURED while it holds the space: try again after idling.
    private static void claim(
        final PayloadPublication publication,
        final PayloadClaim claim,
        final IdleStrategy idleStrategy,
        final JavaProcess receiver)
    {
        final long deadlineNs = System.nanoTime() + TIMEOUT_NS;
        idleStrategy.reset();
        long result;
        while ((result = publication.tryClaim(FRAME_LENGTH, claim)) < 0)
        {
            if (PayloadPublication.CLOSED == result || PayloadPublication.MAX_POSITION_EXCEEDED == result)
            {
                throw new IllegalStateException("cannot claim: " + result);
            }
            receiver.checkAlive();
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("no space for a frame in time: " + result);
            }
            idleStrategy.idle();
        }
    }

    private static void render(final long frame, final MutableDirectBuffer buffer)
    {
        buffer.putLong(0, frame);
        buffer.putInt(8, WIDTH);
        buffer.putInt(12, HEIGHT);
        for (int y = 0; y < HEIGHT; y++)
        {
            buffer.setMemory(HEADER_LENGTH + y * ROW_LENGTH, ROW_LENGTH, pixelValue(frame, y));
        }
    }

    /**
     * The value of every byte of a row of a frame.
     *
     * @param frame number.
     * @param y     row.
     * @return the byte.
     */
    static byte pixelValue(final long frame, final int y)
    {
        return (byte)(frame * 31 + y);
    }
}
