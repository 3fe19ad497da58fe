/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.codecs.SegmentKind;
import io.freight.store.StoreSegmentKind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SegmentKindCodesTest
{
    @Test
    void shouldKeepTheStoreCodesEqualToTheWireEnumValues()
    {
        assertEquals(SegmentKind.RING.value(), StoreSegmentKind.RING);
        assertEquals(SegmentKind.OVERSIZE.value(), StoreSegmentKind.OVERSIZE);
        assertEquals("RING", StoreSegmentKind.name(StoreSegmentKind.RING));
        assertEquals("OVERSIZE", StoreSegmentKind.name(StoreSegmentKind.OVERSIZE));
    }
}
