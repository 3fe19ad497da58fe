/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.ShmRoot;
import io.freight.store.StoreConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FreightContextTest
{
    private static final long RING = 1024 * 1024;

    private ShmRoot root;

    @BeforeEach
    void before() throws IOException
    {
        root = ShmRoot.create();
    }

    @AfterEach
    void after() throws IOException
    {
        root.close();
    }

    @Test
    void shouldShowTheMaxStoreLengthDerivedFromTheRootAfterConclude() throws IOException
    {
        final Freight.Context ctx = new Freight.Context().storeRoot(root.path()).ringLength(RING);
        assertEquals(0, ctx.maxStoreLength());

        ctx.conclude();

        final long rootSize = Files.getFileStore(root.path()).getTotalSpace();
        assertEquals(StoreConfiguration.defaultMaxStoreLength(RING, rootSize), ctx.maxStoreLength());
        assertEquals(ctx.maxStoreLength(), ctx.storeContext().maxStoreLength(), "every store gets what the getter says");
    }

    @Test
    void shouldKeepAMaxStoreLengthThatWasSet()
    {
        final Freight.Context ctx = new Freight.Context().storeRoot(root.path()).ringLength(RING)
            .maxStoreLength(4 * RING).conclude();

        assertEquals(4 * RING, ctx.maxStoreLength());
    }

    @Test
    void shouldRefuseASecondConcludeNamingTheRemedy()
    {
        final Freight.Context ctx = new Freight.Context().storeRoot(root.path()).ringLength(RING).conclude();

        final IllegalStateException ex = assertThrows(IllegalStateException.class, ctx::conclude);
        assertTrue(ex.getMessage().contains("new Context"), ex.getMessage());
    }

    @Test
    void shouldStayUnconcludedWhenConcludeRejectsASetting()
    {
        final Freight.Context ctx = new Freight.Context().storeRoot(root.path()).ringLength(RING).maxRetained(-1);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, ctx::conclude);
        assertTrue(ex.getMessage().contains(FreightConfiguration.MAX_RETAINED_PROP_NAME), ex.getMessage());

        ctx.maxRetained(1).conclude();
        assertEquals(1, ctx.maxRetained());
    }

    @Test
    void shouldLeaveEachStoreContextUnconcludedForItsOwnStoreId()
    {
        final Freight.Context ctx = new Freight.Context().storeRoot(root.path()).ringLength(RING).conclude();

        final String first = ctx.storeContext().conclude().storeId();
        final String second = ctx.storeContext().conclude().storeId();
        assertTrue(!first.equals(second), first + " " + second);
    }
}
