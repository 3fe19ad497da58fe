/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pool of retained payloads and the queue their releases come back through, without Aeron: payloads in the pool
 * are reused, the bound holds, and releases made on another thread reach the polling thread in the order made.
 */
class RetainedPayloadsTest
{
    private static final int MAX_RETAINED = 4;
    private static final int INLINE_CAPACITY = 64;

    private final RetainedPayloads retainedPayloads = new RetainedPayloads(null, MAX_RETAINED, INLINE_CAPACITY);
    private final SenderImage sender = new SenderImage(7);
    private final Payload handed = new Payload(null);
    private final UnsafeBuffer term = new UnsafeBuffer(new byte[INLINE_CAPACITY]);

    @Test
    void shouldCopyAnInlinePayloadSoThatItOutlivesTheTerm()
    {
        term.putBytes(0, new byte[]{ 1, 2, 3 });
        final Payload retained = retainedPayloads.retain(inHandler(5, 3));
        term.putBytes(0, new byte[]{ 9, 9, 9 });

        assertEquals(Payload.RETAINED, retained.state());
        assertEquals(Payload.HANDED_ON, handed.state());
        assertEquals(5, retained.sequence());
        assertEquals(7, retained.sessionId());
        assertArrayEquals(new byte[]{ 1, 2, 3 }, retained.toByteArray());
        assertEquals(1, retainedPayloads.retainedCount());
    }

    @Test
    void shouldReuseARecycledPayloadForTheNextRetain()
    {
        final Payload first = retainedPayloads.retain(inHandler(0, 1));
        handed.reset();
        retainedPayloads.release(first);
        assertSame(first, retainedPayloads.pollReleased());
        retainedPayloads.recycle(first);
        assertEquals(0, retainedPayloads.retainedCount());
        assertEquals(Payload.IDLE, first.state());

        final Payload second = retainedPayloads.retain(inHandler(1, 1));

        assertSame(first, second, "the pool's idle payload, not a new one");
        assertEquals(1, second.sequence());
    }

    @Test
    void shouldNotHandOutAPayloadThatIsStillRetained()
    {
        final Payload first = retainedPayloads.retain(inHandler(0, 1));
        handed.reset();
        final Payload second = retainedPayloads.retain(inHandler(1, 1));

        assertNotSame(first, second);
        assertEquals(0, first.sequence());
        assertEquals(2, retainedPayloads.retainedCount());
    }

    @Test
    void shouldRefuseToRetainMoreThanMaxRetained()
    {
        for (int i = 0; i < MAX_RETAINED; i++)
        {
            retainedPayloads.retain(inHandler(i, 1));
            handed.reset();
        }

        final Payload source = inHandler(MAX_RETAINED, 1);
        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> retainedPayloads.retain(source));
        assertEquals(Payload.IN_HANDLER, source.state(), "the handler's payload is left as it was");
        assertEquals(MAX_RETAINED, retainedPayloads.retainedCount());
        assertTrue(ex.getMessage().contains(Freight.Context.MAX_RETAINED_PROP_NAME), ex.getMessage());
    }

    @Test
    void shouldHandBackReleasesFromAnotherThreadInTheOrderTheyWereMade() throws InterruptedException
    {
        final List<Payload> retained = new ArrayList<>();
        for (int i = 0; i < MAX_RETAINED; i++)
        {
            retained.add(retainedPayloads.retain(inHandler(i, 1)));
            handed.reset();
        }
        final int[] order = { 2, 0, 3, 1 };

        final Thread releaser = new Thread(() ->
        {
            for (final int index : order)
            {
                retainedPayloads.release(retained.get(index));
            }
        }, "releaser");
        releaser.start();
        releaser.join(10_000);

        for (final int index : order)
        {
            final Payload released = retainedPayloads.pollReleased();
            assertSame(retained.get(index), released);
            assertEquals(index, released.sequence);
            retainedPayloads.recycle(released);
        }
        assertNull(retainedPayloads.pollReleased());
        assertEquals(0, retainedPayloads.retainedCount());
    }

    private Payload inHandler(final long sequence, final int length)
    {
        handed.wrapInline(sender, sequence, term, 0, length);
        handed.state(Payload.IN_HANDLER);
        return handed;
    }
}
