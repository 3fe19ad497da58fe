/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.samples;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The zero-copy sample: frames written in place by this sample's process, read in place by a receiver process.
 */
class ZeroCopySampleTest
{
    @Test
    void shouldReadEveryFrameInPlaceAndKeepTheRetainedOneIntact() throws Exception
    {
        try (SampleRun sample = SampleRun.start(ZeroCopySample.class))
        {
            assertEquals(0, sample.awaitExit(60, TimeUnit.SECONDS), sample.output());

            final List<String> expectedLines = new ArrayList<>(List.of(
                "sender: claimed " + ZeroCopySample.FRAME_LENGTH + " bytes of the store, started writing, aborted: " +
                    "nothing was published, the space is free again",
                "receiver: handler read frame 0 in place and retained it",
                "receiver: handler read frame 1 in place",
                "receiver: frame 0, retained past its handler, still intact after 3 more frames filled the ring; releasing it",
                "sender: every frame released"));
            for (int frame = 0; frame < ZeroCopySample.FRAMES; frame++)
            {
                expectedLines.add("sender: frame " + frame + " rendered in place and committed");
            }
            for (int frame = 2; frame < ZeroCopySample.FRAMES; frame++)
            {
                expectedLines.add("receiver: takePayload() read frame " + frame + " in place, released on close");
            }

            final List<String> lines = sample.lines();
            for (final String expected : expectedLines)
            {
                assertTrue(lines.contains(expected), "missing \"" + expected + "\" in:\n" + sample.output());
            }
            assertFalse(sample.output().contains("CORRUPT"), sample.output());
        }
    }
}
