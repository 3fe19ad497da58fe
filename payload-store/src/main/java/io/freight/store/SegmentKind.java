/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

/**
 * How a segment is used. The values are those of the wire schema's {@code SegmentKind} enum, which this module does
 * not import.
 */
public final class SegmentKind
{
    /**
     * The ring: recycled forever while the store lives.
     */
    public static final int RING = 0;

    /**
     * A segment holding one payload longer than the ring; unlinked once it is released.
     */
    public static final int OVERSIZE = 1;

    private SegmentKind()
    {
    }

    /**
     * Name of a kind, for messages.
     *
     * @param kind of segment.
     * @return its name.
     */
    public static String name(final int kind)
    {
        switch (kind)
        {
            case RING:
                return "RING";
            case OVERSIZE:
                return "OVERSIZE";
            default:
                return "UNKNOWN(" + kind + ")";
        }
    }
}
