/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * What Freight costs besides time: footprint and system I/O against a Unix socket
 * ({@link io.freight.bench.cost.CostBench}), and the store's pool under mixed 1 MiB to 1 GiB payloads
 * ({@link io.freight.bench.cost.PoolCostBench}), both against the sweep's {@link io.freight.bench.support.SinkMain}
 * child.
 * <p>
 * Imports {@code support}, and from {@code sweep} its contenders, size labels, property names and stream id; must
 * never import {@code latency} or {@code jmh}.
 */
package io.freight.bench.cost;
