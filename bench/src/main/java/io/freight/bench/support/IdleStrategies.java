/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.support;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * The idle strategies a benchmark loop may wait with when it has nothing to do (back-pressured, or nothing
 * received), by name.
 */
public final class IdleStrategies
{
    /**
     * System property naming the idle strategy of the throughput runners' loops: {@code yield} (default),
     * {@code spin} or {@code backoff}.
     */
    public static final String IDLE_PROP_NAME = "bench.idle";

    private IdleStrategies()
    {
    }

    /**
     * The idle strategy of a name. On this machine's two CPUs, with a sender, a receiver and the media driver's
     * conductor as three busy threads, yielding beats spinning for throughput; spinning is for pinned latency runs.
     *
     * @param name {@code yield}, {@code spin} or {@code backoff}.
     * @return a fresh idle strategy.
     */
    static IdleStrategy of(final String name)
    {
        switch (name)
        {
            case "yield":
                return new YieldingIdleStrategy();

            case "spin":
                return new BusySpinIdleStrategy();

            case "backoff":
                return new BackoffIdleStrategy();

            default:
                throw new IllegalArgumentException(IDLE_PROP_NAME + " must be yield, spin or backoff: " + name);
        }
    }

    /**
     * The idle strategy the system property names, yielding by default.
     *
     * @return a fresh idle strategy.
     */
    public static IdleStrategy fromSystemProperty()
    {
        return of(System.getProperty(IDLE_PROP_NAME, "yield"));
    }
}
