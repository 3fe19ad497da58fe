/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.AllocationMeter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Offer, poll, ack and release allocate nothing on the calling thread once warm: inline payloads, stored payloads,
 * claims and retained payloads. Allocation is deterministic, so this counts bytes rather than timing anything.
 */
class SteadyStateAllocationTest
{
    private static final int STREAM_ID = 2701;
    private static final int WARM_UP_CYCLES = 20_000;
    private static final int CYCLES = 50_000;

    private final UnsafeBuffer small = new UnsafeBuffer(ByteBuffer.allocateDirect(512));
    private final UnsafeBuffer large = new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024));
    private final PayloadClaim claim = new PayloadClaim();
    private long checksum;
    private Payload retained;
    private final PayloadHandler handler = (payload) ->
    {
        checksum += payload.getByte(payload.length() - 1);
        if (payload.sequence() % 16 == 0 && null == retained)
        {
            retained = payload.retain();
        }
    };

    @Test
    void shouldNotAllocateWhenSendingAndReceivingInSteadyState() throws Exception
    {
        try (TestMedia media = new TestMedia();
            Freight freight = Freight.launch(media.context().ringLength(4 * 1024 * 1024)))
        {
            final PayloadPublication publication = freight.addPublication(STREAM_ID);
            final PayloadSubscription subscription = freight.addSubscription(STREAM_ID);
            Await.until("attached", publication::isConnected, () ->
            {
                publication.doWork();
                subscription.poll(handler, 10);
            });

            run(publication, subscription, WARM_UP_CYCLES);

            AllocationMeter.assertNoSteadyStateAllocation((cycles) -> run(publication, subscription, cycles), CYCLES);
            assertTrue(subscription.payloadsDelivered() >= 3L * (WARM_UP_CYCLES + CYCLES), "checksum " + checksum);
        }
    }

    @Test
    void shouldNotAllocateInTheQueueFacesCopyIntoFormsInSteadyState() throws Exception
    {
        try (TestMedia media = new TestMedia();
            Freight freight = Freight.launch(media.context().ringLength(4 * 1024 * 1024));
            FreightSender sender = freight.sender(STREAM_ID);
            FreightReceiver receiver = freight.receiver(STREAM_ID))
        {
            final UnsafeBuffer into = new UnsafeBuffer(new byte[large.capacity()]);
            Await.until("attached", sender.publication()::isConnected, () ->
            {
                sender.publication().doWork();
                receiver.poll(into, 0);
            });
            final UnsafeBuffer[] buffers = { small, large };
            final java.util.function.IntConsumer cycles = (count) ->
            {
                for (int i = 0; i < count; i++)
                {
                    for (final UnsafeBuffer buffer : buffers)
                    {
                        while (!sender.offer(buffer, 0, buffer.capacity()))
                        {
                            receiver.poll(into, 0);
                        }
                        int length;
                        while (FreightReceiver.NONE == (length = receiver.poll(into, 0)))
                        {
                            sender.publication().doWork();
                        }
                        checksum += length + into.getByte(length - 1);
                    }
                }
            };
            cycles.accept(WARM_UP_CYCLES);

            AllocationMeter.assertNoSteadyStateAllocation(cycles::accept, CYCLES);
        }
    }

    private void run(final PayloadPublication publication, final PayloadSubscription subscription, final int cycles)
    {
        for (int i = 0; i < cycles; i++)
        {
            offer(publication, subscription, small);
            offer(publication, subscription, large);
            while (publication.tryClaim(100_000, claim) < 0)
            {
                pump(publication, subscription);
            }
            claim.buffer().putInt(99_996, i);
            claim.commit();
            pump(publication, subscription);
            if (null != retained && i % 3 == 0)
            {
                retained.release();
                retained = null;
            }
        }
    }

    private void offer(final PayloadPublication publication, final PayloadSubscription subscription,
        final UnsafeBuffer buffer)
    {
        while (publication.offer(buffer, 0, buffer.capacity()) < 0)
        {
            pump(publication, subscription);
        }
    }

    private void pump(final PayloadPublication publication, final PayloadSubscription subscription)
    {
        subscription.poll(handler, 10);
        publication.doWork();
    }
}
