/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.jmh;

import io.freight.bench.support.HotBuffer;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The memory-bandwidth ceiling for copy mode: one thread copying between two hot buffers (the sweep's memcpy
 * reference), and two threads each copying their own pair at the same time, as Freight copy mode's sender (copy in)
 * and receiver (copy out) do on this machine's two CPUs. Time per copy; GB/s = size / time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED" })
@State(Scope.Thread)
public class MemcpyBenchmark
{
    /**
     * Bytes copied per operation.
     */
    @Param({ "268435456" })
    public long length;

    private HotBuffer source;
    private HotBuffer destination;

    /**
     * Allocate and touch this thread's pair of buffers.
     */
    @Setup
    public void setUp()
    {
        source = new HotBuffer(length);
        destination = new HotBuffer(length);
    }

    /**
     * One thread copying.
     */
    @Benchmark
    @Threads(1)
    public void oneThread()
    {
        source.copyTo(destination, length);
    }

    /**
     * Two threads copying at once, each its own pair.
     */
    @Benchmark
    @Threads(2)
    public void twoThreads()
    {
        source.copyTo(destination, length);
    }
}
