/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.samples;

import io.aeron.CommonContext;

import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the sample mains share: where each run puts its media driver.
 */
public final class Samples
{
    private Samples()
    {
    }

    /**
     * A media driver directory for one run of a sample: {@code aeron.dir} if it is set, else a fresh directory beside
     * Aeron's default one (under /dev/shm on Linux), so that runs never share or inherit a driver. The embedded driver
     * removes it on close.
     *
     * @param sample short name of the sample, part of the directory name.
     * @return the directory name.
     */
    public static String aeronDirectoryName(final String sample)
    {
        final String configured = System.getProperty(CommonContext.AERON_DIR_PROP_NAME);
        if (null != configured)
        {
            return configured;
        }

        final Path parent = Path.of(CommonContext.AERON_DIR_PROP_DEFAULT).getParent();
        return parent.resolve("aeron-freight-" + sample + "-" +
            Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16)).toString();
    }
}
