/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.samples;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue sample: a launcher process, and a producer and a consumer process of their own.
 */
class QueueSampleTest
{
    @Test
    void shouldMoveThreePayloadsWithEachKindOfSendAndReceive() throws Exception
    {
        try (SampleRun sample = SampleRun.start(QueueSample.class))
        {
            assertEquals(0, sample.awaitExit(60, TimeUnit.SECONDS), sample.output());

            final List<String> lines = sample.lines();
            for (final String expected : List.of(
                "consumer: take() returned 8388608 bytes, \"payload 1, put\"",
                "consumer: poll(3, SECONDS) returned 8388608 bytes, \"payload 2, offer with a timeout\"",
                "consumer: poll() returned 8388608 bytes, \"payload 3, offer\"",
                "consumer: take() says the producer is gone, after payload 2",
                "producer: sent 3 payloads of 8388608 bytes, all released: true",
                "queue sample: producer exited with 0, consumer with 0"))
            {
                assertTrue(lines.contains(expected), "missing \"" + expected + "\" in:\n" + sample.output());
            }
        }
    }
}
