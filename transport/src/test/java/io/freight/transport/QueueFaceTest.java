/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue face keeps java.util.concurrent's promises: false or null on timeout, InterruptedException honoured,
 * awaitAllAcked telling the truth. Sender and receiver run on two threads of one process here.
 */
class QueueFaceTest
{
    private static final int STREAM_ID = 2301;

    private TestMedia media;
    private Freight freight;
    private FreightSender sender;
    private FreightReceiver receiver;

    @BeforeEach
    void before() throws Exception
    {
        media = new TestMedia();
        freight = Freight.launch(media.context().ringLength(1024 * 1024));
        sender = freight.sender(STREAM_ID);
        receiver = freight.receiver(STREAM_ID);
    }

    @AfterEach
    void after() throws Exception
    {
        freight.close();
        media.close();
    }

    @Test
    void shouldReturnNullFromPollWhenNothingArrives() throws InterruptedException
    {
        assertNull(receiver.poll());
        assertNull(receiver.pollPayload());

        final long startNs = System.nanoTime();
        assertNull(receiver.poll(200, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - startNs >= TimeUnit.MILLISECONDS.toNanos(200), "waited the whole timeout");
    }

    @Test
    void shouldReturnFalseFromOfferWhileNoReceiverIsAttached() throws Exception
    {
        receiver.close();

        assertFalse(sender.offer(new byte[10]));
        final long startNs = System.nanoTime();
        assertFalse(sender.offer(new byte[10], 200, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - startNs >= TimeUnit.MILLISECONDS.toNanos(200));
    }

    @Test
    void shouldAwaitAConnectedReceiver() throws Exception
    {
        // A receiver attaches from its own duty cycle: something must be polling it.
        final CompletableFuture<byte[]> polling = CompletableFuture.supplyAsync(() ->
        {
            try
            {
                return receiver.poll(30, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                throw new IllegalStateException(ex);
            }
        });
        assertTrue(sender.awaitConnected(30, TimeUnit.SECONDS));
        sender.put(new byte[]{ 7 });
        assertArrayEquals(new byte[]{ 7 }, polling.get(30, TimeUnit.SECONDS));

        receiver.close();
        Await.until("receiver gone", () -> !sender.publication().isConnected(), sender.publication()::doWork);
        final long startNs = System.nanoTime();
        assertFalse(sender.awaitConnected(200, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - startNs >= TimeUnit.MILLISECONDS.toNanos(200));
    }

    @Test
    void shouldDeliverWhatIsPutToTakeAndPoll() throws Exception
    {
        final CompletableFuture<byte[][]> taken = CompletableFuture.supplyAsync(() ->
        {
            try
            {
                final byte[] first = receiver.take();
                final byte[] second = receiver.poll(30, TimeUnit.SECONDS);
                try (Payload third = receiver.takePayload())
                {
                    return new byte[][]{ first, second, third.toByteArray() };
                }
            }
            catch (final InterruptedException ex)
            {
                throw new IllegalStateException(ex);
            }
        });

        sender.put(PayloadPattern.bytes(0, 10));
        assertTrue(sender.offer(PayloadPattern.bytes(1, 300_000), 30, TimeUnit.SECONDS));
        sender.put(PayloadPattern.bytes(2, 5_000_000));

        final byte[][] result = taken.get(30, TimeUnit.SECONDS);
        assertArrayEquals(PayloadPattern.bytes(0, 10), result[0]);
        assertArrayEquals(PayloadPattern.bytes(1, 300_000), result[1]);
        assertArrayEquals(PayloadPattern.bytes(2, 5_000_000), result[2]);
        assertTrue(sender.awaitAllAcked(30, TimeUnit.SECONDS));
    }

    @Test
    void shouldCopyIntoTheCallersBufferAndKeepAPayloadTooLongForItForTheNextTake() throws Exception
    {
        Await.until("attached", sender.publication()::isConnected, () ->
        {
            sender.publication().doWork();
            assertEquals(FreightReceiver.NONE, receiver.poll(new UnsafeBuffer(new byte[8]), 0));
        });
        final byte[] inline = PayloadPattern.bytes(0, 100);
        final byte[] stored = PayloadPattern.bytes(1, 300_000);
        final byte[] last = PayloadPattern.bytes(2, 50);
        assertTrue(sender.offer(inline));
        assertTrue(sender.offer(stored));
        assertTrue(sender.offer(last));

        final byte[] small = new byte[1000];
        assertEquals(100, receiver.take(small));
        assertArrayEquals(inline, java.util.Arrays.copyOf(small, 100));

        final IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> receiver.take(small));
        assertTrue(tooLong.getMessage().contains("payload 1 of 300000 bytes does not fit in the 1000 bytes"),
            tooLong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> receiver.poll(small, 1, TimeUnit.SECONDS), "still kept");

        final UnsafeBuffer large = new UnsafeBuffer(new byte[400_000]);
        assertEquals(300_000, receiver.take(large, 100_000), "the kept payload comes first");
        final byte[] copy = new byte[300_000];
        large.getBytes(100_000, copy);
        assertArrayEquals(stored, copy);

        final java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(64).position(10);
        assertEquals(50, receiver.poll(direct, 30, TimeUnit.SECONDS));
        assertEquals(60, direct.position(), "the position moves past the payload");
        final byte[] tail = new byte[50];
        direct.get(10, tail);
        assertArrayEquals(last, tail);
        assertEquals(FreightReceiver.NONE, receiver.poll(direct, 10, TimeUnit.MILLISECONDS));
        assertTrue(sender.awaitAllAcked(30, TimeUnit.SECONDS));
    }

    @Test
    void shouldHandAPayloadKeptForBeingTooLongToTheNextTakeOfAnotherForm() throws Exception
    {
        Await.until("attached", sender.publication()::isConnected, () ->
        {
            sender.publication().doWork();
            assertNull(receiver.poll());
        });
        assertTrue(sender.offer(PayloadPattern.bytes(0, 5_000)));
        assertTrue(sender.offer(PayloadPattern.bytes(1, 6_000)));

        assertThrows(IllegalArgumentException.class, () -> receiver.take(new byte[10]));
        assertArrayEquals(PayloadPattern.bytes(0, 5_000), receiver.take(), "take() gets the kept payload");
        assertThrows(IllegalArgumentException.class, () -> receiver.take(new byte[10]));
        try (Payload payload = receiver.takePayload())
        {
            assertEquals(1, payload.sequence(), "takePayload() gets the kept payload, in place");
            assertArrayEquals(PayloadPattern.bytes(1, 6_000), payload.toByteArray());
        }
        assertTrue(sender.awaitAllAcked(30, TimeUnit.SECONDS));
    }

    @Test
    void shouldAwaitAllAckedTrueWhenReleasedAndFalseOnTimeoutWhileRetained() throws Exception
    {
        assertTrue(sender.awaitAllAcked(1, TimeUnit.SECONDS), "nothing sent, nothing to wait for");
        final AtomicReference<Payload> held = new AtomicReference<>();
        final CompletableFuture<Void> consumer = CompletableFuture.runAsync(() ->
        {
            try
            {
                held.set(receiver.takePayload());
                while (!Thread.currentThread().isInterrupted() && null == receiver.poll(10, TimeUnit.MILLISECONDS))
                {
                    // Keep polling so that the release below is acked.
                    if (null == held.get())
                    {
                        return;
                    }
                }
            }
            catch (final InterruptedException ignore)
            {
                // Done.
            }
        });

        sender.put(new byte[200_000]);
        final long startNs = System.nanoTime();
        assertFalse(sender.awaitAllAcked(300, TimeUnit.MILLISECONDS), "a retained payload is not acked");
        assertTrue(System.nanoTime() - startNs >= TimeUnit.MILLISECONDS.toNanos(300));

        Await.until("payload taken", () -> null != held.get(), () -> { });
        held.getAndSet(null).close();
        assertTrue(sender.awaitAllAcked(30, TimeUnit.SECONDS), "acked once released");
        consumer.get(30, TimeUnit.SECONDS);
    }

    @Test
    void shouldHonourInterruptWhileWaitingInTakeAndPut() throws Exception
    {
        final CompletableFuture<Throwable> take = new CompletableFuture<>();
        final Thread taker = new Thread(() ->
        {
            try
            {
                receiver.take();
                take.complete(null);
            }
            catch (final Throwable ex)
            {
                take.complete(ex);
            }
        });
        taker.start();
        taker.interrupt();
        assertInstanceOf(InterruptedException.class, take.get(30, TimeUnit.SECONDS));

        receiver.close();
        final CompletableFuture<Throwable> put = new CompletableFuture<>();
        final Thread putter = new Thread(() ->
        {
            try
            {
                sender.put(new byte[10]);
                put.complete(null);
            }
            catch (final Throwable ex)
            {
                put.complete(ex);
            }
        });
        putter.start();
        putter.interrupt();
        assertInstanceOf(InterruptedException.class, put.get(30, TimeUnit.SECONDS));
    }

    @Test
    void shouldThrowOnATooLargePayloadAndStayUsable() throws Exception
    {
        final long max = sender.publication().store().maxPayloadLength();
        if (max < Integer.MAX_VALUE)
        {
            assertThrows(IllegalArgumentException.class,
                () -> sender.offer(new org.agrona.concurrent.UnsafeBuffer(
                    java.nio.ByteBuffer.allocateDirect((int)max + 1)), 0, (int)max + 1));
        }

        final CompletableFuture<byte[]> taken = CompletableFuture.supplyAsync(() ->
        {
            try
            {
                return receiver.take();
            }
            catch (final InterruptedException ex)
            {
                throw new IllegalStateException(ex);
            }
        });
        sender.put(new byte[]{ 1, 2, 3 });
        assertArrayEquals(new byte[]{ 1, 2, 3 }, taken.get(30, TimeUnit.SECONDS));
    }

    @Test
    void shouldHoldNoMoreUnackedPayloadsThanItsCapacityInMessages() throws Exception
    {
        try (Freight capped = Freight.launch(media.context().embeddedDriver(false).maxUnacked(5));
            FreightSender bounded = capped.sender(STREAM_ID + 1);
            FreightReceiver stalled = freight.receiver(STREAM_ID + 1))
        {
            Await.until("attached", bounded.publication()::isConnected, () ->
            {
                bounded.publication().doWork();
                stalled.poll();
            });

            for (int i = 0; i < 5; i++)
            {
                assertTrue(bounded.offer(new byte[10]), "inline payload " + i + " within capacity");
            }
            assertFalse(bounded.offer(new byte[10], 100, TimeUnit.MILLISECONDS), "the sixth waits for an ack");
            assertEquals(5, bounded.publication().unacked());

            assertTrue(null != stalled.poll(5, TimeUnit.SECONDS));
            assertTrue(bounded.offer(new byte[10], 5, TimeUnit.SECONDS), "one acked, one more accepted");
        }
    }

    @Test
    void shouldRefuseToSendOnceClosed()
    {
        sender.close();

        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> sender.offer(new byte[1]));
        assertTrue(ex.getMessage().contains("closed"), ex.getMessage());
        assertThrows(IllegalStateException.class, () -> freightClosedThenUsed());
    }

    @Test
    void shouldThrowAtOnceFromAwaitsOnAClosedSender()
    {
        sender.close();

        final long startNs = System.nanoTime();
        final IllegalStateException acked =
            assertThrows(IllegalStateException.class, () -> sender.awaitAllAcked(30, TimeUnit.SECONDS));
        assertTrue(acked.getMessage().contains("closed"), acked.getMessage());
        assertThrows(IllegalStateException.class, () -> sender.awaitConnected(30, TimeUnit.SECONDS));
        assertThrows(IllegalStateException.class, () -> sender.offer(new byte[1], 30, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - startNs < TimeUnit.SECONDS.toNanos(30), "none waited its timeout");
    }

    @Test
    void shouldThrowFromEveryTakeAndPollOnceTheReceiverIsClosed() throws Exception
    {
        receiver.close();

        final CompletableFuture<Throwable> take = CompletableFuture.supplyAsync(() ->
        {
            try
            {
                receiver.take();
                return null;
            }
            catch (final Throwable ex)
            {
                return ex;
            }
        });
        final Throwable thrown = take.get(30, TimeUnit.SECONDS);
        assertInstanceOf(IllegalStateException.class, thrown, "take() after close must throw, not block");
        assertTrue(thrown.getMessage().contains("closed"), thrown.getMessage());
        assertThrows(IllegalStateException.class, () -> receiver.poll());
        assertThrows(IllegalStateException.class, () -> receiver.pollPayload(1, TimeUnit.SECONDS));
        assertThrows(IllegalStateException.class, () -> receiver.take(new byte[8]));
        assertThrows(IllegalStateException.class, () -> receiver.poll(new UnsafeBuffer(new byte[8]), 0));
    }

    @Test
    void shouldThrowFromTakeOnceTheFreightThatMadeTheReceiverIsClosed() throws Exception
    {
        freight.close();

        assertThrows(IllegalStateException.class, () -> receiver.poll(1, TimeUnit.SECONDS));
    }

    @Test
    void shouldTreatANegativeOrZeroTimeoutAsOneAttemptReflectingTheStateNow() throws Exception
    {
        // No receiver has attached yet (nothing polled it): one attempt each, false at once.
        final long startNs = System.nanoTime();
        assertFalse(sender.awaitConnected(-1, TimeUnit.SECONDS));
        assertFalse(sender.awaitConnected(0, TimeUnit.SECONDS));
        assertFalse(sender.offer(new byte[10], -1, TimeUnit.SECONDS));
        assertFalse(sender.offer(new byte[10], 0, TimeUnit.NANOSECONDS));
        assertNull(receiver.poll(-1, TimeUnit.SECONDS));
        assertNull(receiver.pollPayload(0, TimeUnit.SECONDS));
        assertEquals(FreightReceiver.NONE, receiver.poll(new byte[16], -5, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - startNs < TimeUnit.SECONDS.toNanos(10), "no call waited");

        // Once attached with room, the same calls succeed at once: the result is the state now.
        final Runnable dutyCycles = () ->
        {
            sender.publication().doWork();
            assertNull(receiver.pollPayload());
        };
        Await.until("receiver attached", sender.publication()::isConnected, dutyCycles);
        assertTrue(sender.awaitConnected(-1, TimeUnit.SECONDS));
        assertTrue(sender.offer(new byte[]{ 1, 2, 3 }, -1, TimeUnit.SECONDS));
        final byte[][] received = new byte[1][];
        Await.until("payload received", () -> null != (received[0] = receiver.poll()), sender.publication()::doWork);
        assertArrayEquals(new byte[]{ 1, 2, 3 }, received[0]);
        Await.until("payload acked", sender.publication()::isAllAcked, dutyCycles);
        assertTrue(sender.awaitAllAcked(-1, TimeUnit.SECONDS));
    }

    private void freightClosedThenUsed() throws ExecutionException
    {
        freight.close();
        freight.sender(STREAM_ID);
    }
}
