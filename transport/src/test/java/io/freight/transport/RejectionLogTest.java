/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Each reason is reported the first time, then at most once per interval with the count since; the reports carry no
 * stack trace and reuse one exception per reason.
 */
class RejectionLogTest
{
    private static final long INTERVAL_NS = 1_000;

    private final List<String> messages = new ArrayList<>();
    private final List<Throwable> reported = new ArrayList<>();
    private final RejectionLog log = new RejectionLog(
        (ex) ->
        {
            reported.add(ex);
            messages.add(ex.getMessage());
        },
        "data stream 7",
        new String[]{ "valid", "reason one", "reason two" },
        INTERVAL_NS);

    @Test
    void shouldReportTheFirstOccurrenceOfEachReason()
    {
        log.onRejected(1, 0);
        log.onRejected(2, 0);

        assertEquals(List.of(
            "data stream 7 rejected a message: reason one (1 since the last report, 1 in all)",
            "data stream 7 rejected a message: reason two (1 since the last report, 1 in all)"), messages);
    }

    @Test
    void shouldOnlyCountARepeatedReasonUntilTheIntervalHasPassed()
    {
        for (int i = 0; i < 1_000; i++)
        {
            log.onRejected(1, i % INTERVAL_NS);
        }
        assertEquals(1, log.reports());
        assertEquals(1_000, log.count(1));

        log.onRejected(1, INTERVAL_NS);

        assertEquals(2, log.reports());
        assertEquals("data stream 7 rejected a message: reason one (1000 since the last report, 1001 in all)",
            messages.get(1));
    }

    @Test
    void shouldReuseOneExceptionPerReasonWithoutAStackTrace()
    {
        log.onRejected(1, 0);
        log.onRejected(1, INTERVAL_NS);

        assertSame(reported.get(0), reported.get(1));
        assertEquals(0, reported.get(0).getStackTrace().length);
    }
}
