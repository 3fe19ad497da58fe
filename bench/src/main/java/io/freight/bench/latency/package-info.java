/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * Round-trip latency, {@link io.freight.bench.latency.LatencyBench}: ping-pong between this JVM and a
 * {@link io.freight.bench.latency.PongMain} child, each pinned to its own CPU, over plain Aeron IPC and Freight copy
 * and zero-copy.
 * <p>
 * Imports {@code support}, and from {@code sweep} only its property names and ring sizing; must never import
 * {@code cost} or {@code jmh}.
 */
package io.freight.bench.latency;
