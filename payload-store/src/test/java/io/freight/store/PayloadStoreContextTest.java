/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PayloadStoreContextTest
{
    private static final long RING = 64 * 1024;

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
    void shouldWriteTheDerivedValuesBackOnConclude() throws IOException
    {
        final PayloadStore.Context ctx = new PayloadStore.Context().root(root.path()).ringLength(RING);
        assertEquals(0, ctx.maxStoreLength());
        assertNull(ctx.storeId());

        ctx.conclude();

        final long rootSize = Files.getFileStore(root.path()).getTotalSpace();
        assertEquals(StoreConfiguration.defaultMaxStoreLength(RING, rootSize), ctx.maxStoreLength());
        assertTrue(ctx.maxStoreLength() >= RING);
        assertNotNull(ctx.storeId());
        assertNotNull(ctx.epochClock());
    }

    @Test
    void shouldUseTheDerivedValuesTheContextShowsAfterConclude()
    {
        try (PayloadStore store = PayloadStore.create(new PayloadStore.Context().root(root.path()).ringLength(RING)))
        {
            assertEquals(store.context().storeId(), store.storeId());
            assertEquals(store.context().maxStoreLength() - RING - RegionHeader.LENGTH, store.maxPayloadLength());
        }
    }

    @Test
    void shouldRefuseASecondConcludeNamingTheRemedy()
    {
        final PayloadStore.Context ctx = new PayloadStore.Context().root(root.path()).ringLength(RING).conclude();

        final IllegalStateException ex = assertThrows(IllegalStateException.class, ctx::conclude);
        assertTrue(ex.getMessage().contains("copy()"), ex.getMessage());
    }

    @Test
    void shouldRefuseToCreateASecondStoreFromOneContext()
    {
        final PayloadStore.Context ctx = new PayloadStore.Context().root(root.path()).ringLength(RING);
        try (PayloadStore ignore = PayloadStore.create(ctx))
        {
            assertThrows(IllegalStateException.class, () -> PayloadStore.create(ctx));
        }
    }

    @Test
    void shouldConcludeACopyOfAConcludedContextWithAFreshStoreId()
    {
        final PayloadStore.Context ctx = new PayloadStore.Context().root(root.path()).ringLength(RING).conclude();
        final PayloadStore.Context copy = ctx.copy().conclude();

        assertEquals(ctx.maxStoreLength(), copy.maxStoreLength());
        assertNotNull(copy.storeId());
        assertNotEquals(ctx.storeId(), copy.storeId());
    }
}
