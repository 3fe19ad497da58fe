/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.jmh;

import io.freight.bench.support.BenchMedia;
import io.freight.store.PayloadStore;
import io.freight.store.Region;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The store's hot path on the owner side: claim a ring region (writing its header) and release it, as a sender does
 * for every stored payload. The payload bytes are not written: this is the bookkeeping alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED" })
@State(Scope.Thread)
public class PayloadStoreBenchmark
{
    /**
     * Payload length claimed.
     */
    @Param({ "64", "65536", "1048576" })
    public int length;

    private BenchMedia media;
    private PayloadStore store;
    private final Region region = new Region();

    /**
     * Create a store with a 64 MiB ring under a private root in /dev/shm.
     */
    @Setup
    public void setUp()
    {
        media = BenchMedia.create();
        store = PayloadStore.create(new PayloadStore.Context().root(media.storeRoot()).ringLength(64L << 20));
    }

    /**
     * Delete the store and its root.
     */
    @TearDown
    public void tearDown()
    {
        store.close();
        media.close();
    }

    /**
     * Claim a region and release it.
     *
     * @return the region's generation.
     */
    @Benchmark
    public long claimAndRelease()
    {
        final long generation = store.tryClaim(length, region);
        store.release(region.segmentId(), region.regionOffset(), generation);
        return generation;
    }
}
