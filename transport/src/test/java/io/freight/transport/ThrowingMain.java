/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import java.nio.file.Path;

/**
 * A user's main that throws without closing its Freight, for {@link DriverDeathTest}: launches an embedded driver,
 * a sender and a receiver, prints {@code READY} and throws. The JVM must still exit.
 * <p>
 * Arguments: aeronDir storeRoot streamId.
 */
public final class ThrowingMain
{
    private ThrowingMain()
    {
    }

    /**
     * Launch and throw.
     *
     * @param args aeronDir storeRoot streamId.
     */
    public static void main(final String[] args)
    {
        final int streamId = Integer.parseInt(args[2]);
        final Freight freight = Freight.launch(new Freight.Context()
            .aeronDirectoryName(args[0])
            .storeRoot(Path.of(args[1]))
            .ringLength(1024 * 1024)
            .preTouch(false));
        freight.sender(streamId);
        freight.receiver(streamId);
        System.out.println("READY");
        System.out.flush();
        throw new IllegalStateException("the user's code failed before closing its Freight");
    }
}
