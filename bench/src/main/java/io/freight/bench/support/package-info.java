/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * What the runners share: the one launcher of child JVMs ({@link io.freight.bench.support.ChildProcess}) and the
 * children's command reader; the receiving child of the throughput and cost runners
 * ({@link io.freight.bench.support.SinkMain}) with its sinks, and the Freight and socket sources that feed it; the
 * run's /dev/shm folders ({@link io.freight.bench.support.BenchMedia}), resident buffers, idle strategies, /proc
 * readings and the machine line.
 * <p>
 * Depends on the public API of {@code transport/} (and {@code StorePaths} of {@code payload-store/}, to delete the
 * run's folders); must never import another {@code io.freight.bench} package.
 */
package io.freight.bench.support;
