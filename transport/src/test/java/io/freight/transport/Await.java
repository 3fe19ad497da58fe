/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.ExclusivePublication;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Wait for a condition with a deadline, running duty cycles meanwhile: never a sleep standing in for a condition.
 */
final class Await
{
    static final long DEFAULT_TIMEOUT_SECONDS = 30;

    private Await()
    {
    }

    /**
     * Run {@code work} until {@code condition} holds, failing after {@link #DEFAULT_TIMEOUT_SECONDS}.
     *
     * @param what      the condition, for the failure message.
     * @param condition to wait for.
     * @param work      duty cycles to run while waiting.
     */
    static void until(final String what, final BooleanSupplier condition, final Runnable work)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEFAULT_TIMEOUT_SECONDS);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                fail("timed out after " + DEFAULT_TIMEOUT_SECONDS + "s waiting for " + what);
            }
            work.run();
            Thread.yield();
        }
    }

    /**
     * Wait until a stream is connected and its publication has a window to offer into. Aeron flags connected when
     * the subscriber is linked and moves the publication's limit on the driver conductor's next duty cycle: an
     * offer in between is back-pressured.
     *
     * @param publication the stream's publication.
     * @param isConnected whichever side's connected flag the test waits for.
     */
    static void connectedWithWindow(final ExclusivePublication publication, final BooleanSupplier isConnected)
    {
        until(
            "stream connected, with a window",
            () -> isConnected.getAsBoolean() && publication.availableWindow() > 0,
            Thread::yield);
    }
}
