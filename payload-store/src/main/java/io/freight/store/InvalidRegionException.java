/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

/**
 * A descriptor named a region a reader must not read: thrown by {@link StoreReader#view} before any byte of the
 * region is touched. The {@link #reason()} lets callers count rejections by kind; the message says what was seen.
 */
public final class InvalidRegionException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * Why a region was rejected.
     */
    public enum Reason
    {
        /**
         * The segment was never announced, or is already unmapped.
         */
        UNKNOWN_SEGMENT,

        /**
         * A negative offset or length.
         */
        NEGATIVE,

        /**
         * The region offset is not a multiple of {@link RegionHeader#ALIGNMENT}.
         */
        MISALIGNED,

        /**
         * The region header, or the payload after it, does not lie inside the segment.
         */
        OUT_OF_BOUNDS,

        /**
         * The region header has another generation: the region was recycled, or the descriptor is forged.
         */
        STALE_GENERATION,

        /**
         * The region header records another payload length.
         */
        LENGTH_MISMATCH
    }

    private final Reason reason;

    /**
     * Create an exception for a rejected region.
     *
     * @param reason  why it was rejected.
     * @param message what was seen and what was expected.
     */
    public InvalidRegionException(final Reason reason, final String message)
    {
        super(reason + ": " + message);
        this.reason = reason;
    }

    /**
     * Why the region was rejected.
     *
     * @return the reason.
     */
    public Reason reason()
    {
        return reason;
    }
}
