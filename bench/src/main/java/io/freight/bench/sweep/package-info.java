/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * The throughput runner, {@link io.freight.bench.sweep.ThroughputSweep}: Freight against plain Aeron IPC, a Unix
 * socket and memcpy ({@link io.freight.bench.sweep.Contender}), and the inline-threshold sweep; its settings from
 * system properties, its measurements, and its Markdown, CSV, PNG and RATIO output. The receiving side is the
 * {@link io.freight.bench.support.SinkMain} child.
 * <p>
 * Imports {@code support}. Others read its property names ({@link io.freight.bench.sweep.SweepSettings}), its stream
 * ids and ring sizing ({@link io.freight.bench.sweep.ThroughputSweep}) and its contenders, so that their runs compare
 * with a sweep's; it must never import {@code latency}, {@code cost} or {@code jmh}.
 */
package io.freight.bench.sweep;
