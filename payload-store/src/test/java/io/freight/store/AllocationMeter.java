/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import java.lang.management.ManagementFactory;
import java.util.function.IntConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Counts the bytes the current thread allocates on the Java heap ({@code com.sun.management.ThreadMXBean}) across
 * windows of a steady-state loop. Allocation is deterministic, so this is not a timing test.
 * <p>
 * The JIT settles over the first windows (code that escape analysis later removes still allocates while it is
 * interpreted or C1-compiled), so a clean window is looked for; allocation per cycle shows in every window as at
 * least one byte per cycle and fails at once.
 */
public final class AllocationMeter
{
    private static final int MAX_WINDOWS = 10;

    private AllocationMeter()
    {
    }

    /**
     * Assert that {@code cycles} runs of the loop allocate nothing once warm.
     *
     * @param loop   runs the given number of cycles.
     * @param cycles per window.
     */
    public static void assertNoSteadyStateAllocation(final IntConsumer loop, final int cycles)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        final StringBuilder windows = new StringBuilder();
        long allocated = -1;
        for (int window = 0; window < MAX_WINDOWS && 0 != allocated; window++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            loop.accept(cycles);
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
            windows.append(allocated).append(' ');
            assertTrue(allocated < cycles, "allocation on every cycle, bytes per window: " + windows);
        }

        assertEquals(0, allocated, "no window of " + cycles + " cycles was free of allocation: " + windows);
    }
}
