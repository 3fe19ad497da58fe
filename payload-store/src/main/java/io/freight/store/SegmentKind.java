/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

/**
 * The old name of {@link StoreSegmentKind}, which it was renamed from so as not to be confused with the wire schema's
 * {@code io.freight.codecs.SegmentKind}. Kept only until its last user (PayloadSubscription, being reworked on
 * another branch) moves to the new name; then this file goes.
 *
 * @deprecated use {@link StoreSegmentKind}.
 */
@Deprecated(forRemoval = true)
public final class SegmentKind
{
    /**
     * {@link StoreSegmentKind#RING}.
     */
    public static final int RING = StoreSegmentKind.RING;

    /**
     * {@link StoreSegmentKind#OVERSIZE}.
     */
    public static final int OVERSIZE = StoreSegmentKind.OVERSIZE;

    private SegmentKind()
    {
    }
}
