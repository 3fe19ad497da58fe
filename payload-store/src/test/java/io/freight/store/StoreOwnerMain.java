/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import java.nio.file.Path;

/**
 * A child process that owns a store until it is killed: prints {@code STORE <storeId>} once the store is ready, then
 * waits for stdin to close (it never does unless the parent closes it) and closes the store cleanly.
 */
public final class StoreOwnerMain
{
    private StoreOwnerMain()
    {
    }

    /**
     * Create a store under the root given as the first argument and hold it.
     *
     * @param args root directory.
     * @throws Exception on any failure, which ends the process.
     */
    public static void main(final String[] args) throws Exception
    {
        try (PayloadStore store = PayloadStore.create(
            new PayloadStore.Context().root(Path.of(args[0])).ringLength(1024 * 1024).preTouch(false)))
        {
            store.tryClaim(1000, new Region());
            System.out.println("STORE " + store.storeId());
            System.out.flush();
            while (System.in.read() >= 0)
            {
                Thread.onSpinWait();
            }
        }
    }
}
