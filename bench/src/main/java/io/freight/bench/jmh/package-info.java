/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * JMH microbenchmarks of the hot paths: the store's claim and release, the descriptor codec, a publication and a
 * subscription in one thread against plain Aeron, and memcpy. The harness is generated at compile time by JMH's
 * annotation processor (into {@code META-INF/BenchmarkList}), so the classes stay public.
 * <p>
 * Imports {@code support}, and from {@code sweep} only its stream ids and Aeron term length; nothing imports it.
 */
package io.freight.bench.jmh;
