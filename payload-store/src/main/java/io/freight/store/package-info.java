/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * The shared-memory payload store: segment files under {@code <root>/freight-<user>/<storeId>/} mapped by their owner
 * (read-write) and by readers (read-only).
 * <p>
 * Owner side: {@link io.freight.store.PayloadStore} claims {@link io.freight.store.Region}s from a recycled ring
 * segment (or a dedicated oversize segment) and releases them in any order. Reader side:
 * {@link io.freight.store.StoreReader} maps announced segments and validates every descriptor before handing out a
 * {@link io.freight.store.PayloadView}. {@link io.freight.store.StoreJanitor} removes the stores of dead owners.
 * <p>
 * This package depends on Agrona alone. It must never import Aeron, SBE or the generated codecs: the transport joins
 * them.
 */
package io.freight.store;
