/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * Runnable programs that show Freight's public API, each a main: the {@link io.freight.samples.Demo} the README's
 * first command runs, the py-sharedmemory-style {@link io.freight.samples.QueueSample}, the
 * {@link io.freight.samples.ZeroCopySample} and the {@link io.freight.samples.AgentSample}. They use Freight's public
 * API ({@code io.freight.transport}), Aeron and Agrona: nothing package-private, no codec.
 */
package io.freight.samples;
