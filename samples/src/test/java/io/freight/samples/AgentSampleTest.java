/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.samples;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Aeron-Agent sample: two agents on the caller's own driver and Aeron client, in one process.
 */
class AgentSampleTest
{
    @Test
    void shouldDeliverEveryPayloadInOrderBetweenTwoAgents() throws Exception
    {
        try (SampleRun sample = SampleRun.start(AgentSample.class))
        {
            assertEquals(0, sample.awaitExit(60, TimeUnit.SECONDS), sample.output());

            assertTrue(sample.lines().contains("receiver agent: received 2000 payloads, 2000 in order with their length"),
                sample.output());
            assertTrue(sample.output().contains("sender agent: offered 2000 payloads of 1048576 bytes"),
                sample.output());
        }
    }
}
