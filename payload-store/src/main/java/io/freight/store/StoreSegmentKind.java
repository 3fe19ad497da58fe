/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

/**
 * How a segment is used, as the store records it in its meta file's segment table and as {@link StoreReader} checks
 * it. The codes are those of the wire schema's SBE enum {@code io.freight.codecs.SegmentKind}, but this module cannot
 * import it: payload-store depends on Agrona only and knows nothing of the schema (DESIGN.md, modules), so the
 * store keeps its own int codes under this different name, and the transport, which joins the two, converts with
 * {@code SegmentKind.value()} (a transport test pins that the codes agree).
 */
public final class StoreSegmentKind
{
    /**
     * The ring: recycled forever while the store lives.
     */
    public static final int RING = 0;

    /**
     * A segment holding one payload longer than the ring; unlinked once it is released.
     */
    public static final int OVERSIZE = 1;

    private StoreSegmentKind()
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
