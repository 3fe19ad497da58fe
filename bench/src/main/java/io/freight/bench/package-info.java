/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * Benchmarks of Freight against what a user would pick instead, measured in the same run: the throughput sweep and
 * the inline-threshold sweep ({@link io.freight.bench.ThroughputSweep}), round-trip latency
 * ({@link io.freight.bench.LatencyBench}), footprint and system I/O ({@link io.freight.bench.CostBench}), and JMH
 * microbenchmarks of the hot paths. The receiving side of every two-process run is a long-lived child JVM,
 * {@link io.freight.bench.SinkMain} or {@link io.freight.bench.PongMain}, driven over its stdin and stdout.
 * <p>
 * Depends on the public API of {@code transport/} (and, for the microbenchmarks, on {@code payload-store/} and the
 * generated codecs); nothing depends on it.
 */
package io.freight.bench;
