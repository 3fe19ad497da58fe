/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A process that hosts the media driver, embedded, for {@link DriverDeathTest}: launches it in the given directory,
 * prints {@code READY} and waits on stdin until killed (or until stdin closes).
 * <p>
 * Arguments: aeronDir storeRoot.
 */
public final class DriverHostMain
{
    private DriverHostMain()
    {
    }

    /**
     * Run the driver's host.
     *
     * @param args aeronDir storeRoot.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception
    {
        try (Freight ignored = Freight.launch(new Freight.Context()
            .aeronDirectoryName(args[0])
            .storeRoot(Path.of(args[1]))))
        {
            System.out.println("READY");
            System.out.flush();
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (null != in.readLine())
            {
                // Nothing to do: the test kills this process.
            }
        }
    }
}
