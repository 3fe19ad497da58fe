/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.samples;

import io.freight.transport.Freight;
import io.freight.transport.FreightReceiver;
import io.freight.transport.Payload;
import io.freight.transport.PayloadSubscription;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import static io.freight.samples.ZeroCopySample.FRAMES;
import static io.freight.samples.ZeroCopySample.FRAME_LENGTH;
import static io.freight.samples.ZeroCopySample.HEADER_LENGTH;
import static io.freight.samples.ZeroCopySample.HEIGHT;
import static io.freight.samples.ZeroCopySample.ROW_LENGTH;
import static io.freight.samples.ZeroCopySample.WIDTH;

/**
 * The zero-copy sample, receiving side: every frame is read where the sender wrote it, in the store mapped
 * read-only, never copied. The first frames go to a handler ({@link PayloadSubscription#poll}), which keeps frame 0
 * past its return with {@link Payload#retain()}; the rest come from {@link FreightReceiver#takePayload()} in
 * try-with-resources. Once frames 1 to 3 have filled the ring behind frame 0 (the sender is then held back: the next
 * frame would need frame 0's space), frame 0 is checked again, intact, and only then released; the last frame follows.
 * Started by {@link ZeroCopySample}.
 * <p>
 * Exits 0 if every frame was intact. Argument: the media driver's directory.
 */
public final class ZeroCopyReceiver
{
    private static final int FRAMES_TO_HANDLER = 2;

    private Payload frameZero;
    private int handled;
    private boolean isIntact = true;

    private ZeroCopyReceiver()
    {
    }

    /**
     * Run the receiver.
     *
     * @param args the media driver's directory.
     * @throws InterruptedException if interrupted while waiting.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final boolean isIntact;
        try (Freight freight = Freight.connect(args[0]);
            FreightReceiver receiver = freight.receiver(ZeroCopySample.STREAM_ID))
        {
            isIntact = new ZeroCopyReceiver().receive(receiver);
        }
        System.exit(isIntact ? 0 : 1);
    }

    private boolean receive(final FreightReceiver receiver) throws InterruptedException
    {
        // The Aeron face: the handler reads each frame in place while it runs.
        final PayloadSubscription subscription = receiver.subscription();
        final IdleStrategy idleStrategy = new BackoffIdleStrategy();
        while (handled < FRAMES_TO_HANDLER)
        {
            idleStrategy.idle(subscription.poll(this::onFrame, 1));
        }

        // The queue face: the frame stays readable, in place, until the try block closes it.
        for (int frame = FRAMES_TO_HANDLER; frame < FRAMES - 1; frame++)
        {
            take(receiver, frame);
        }

        // The ring is full behind retained frame 0: the last frame would take its space, so the sender waits.
        check(frameZero, 0);
        System.out.println("receiver: frame 0, retained past its handler, still intact after " + (FRAMES - 2) +
            " more frames filled the ring; releasing it");
        frameZero.release();

        take(receiver, FRAMES - 1);
        return isIntact;
    }

    private void take(final FreightReceiver receiver, final int frame) throws InterruptedException
    {
        try (Payload payload = receiver.takePayload())
        {
            check(payload, frame);
            System.out.println("receiver: takePayload() read frame " + frame + " in place, released on close");
        }
    }

    private void onFrame(final Payload payload)
    {
        check(payload, handled);
        if (0 == handled)
        {
            frameZero = payload.retain();
            System.out.println("receiver: handler read frame 0 in place and retained it");
        }
        else
        {
            System.out.println("receiver: handler read frame " + handled + " in place");
        }
        handled++;
    }

    private void check(final Payload payload, final long frame)
    {
        final DirectBuffer buffer = payload.buffer();
        boolean isFrameIntact = FRAME_LENGTH == payload.length() &&
            frame == buffer.getLong(0) && WIDTH == buffer.getInt(8) && HEIGHT == buffer.getInt(12);
        for (int y = 0; y < HEIGHT && isFrameIntact; y++)
        {
            final long pixels = 0x0101_0101_0101_0101L * (ZeroCopySample.pixelValue(frame, y) & 0xFF);
            for (int i = HEADER_LENGTH + y * ROW_LENGTH, end = i + ROW_LENGTH; i < end; i += 8)
            {
                isFrameIntact &= pixels == buffer.getLong(i);
            }
        }

        if (!isFrameIntact)
        {
            System.out.println("receiver: frame " + frame + " is CORRUPT");
            isIntact = false;
        }
    }
}
