/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.schema.MessageValidator;
import org.agrona.ErrorHandler;

import java.util.concurrent.TimeUnit;

/**
 * Reports a stream's rejected messages to an error handler without letting a hostile stream flood it: each distinct
 * reason is reported the first time it occurs, and after that at most once per {@link #REPORT_INTERVAL_NS} (when it
 * occurs again), with the count since the previous report; in between rejections are only counted.
 * <p>
 * Allocates nothing per rejection: each reason's exception is built once, without a stack trace (which would only
 * show this class), and reused; its message, naming the stream, the reason and the counts, is formatted only when
 * the error handler asks for it. An error handler that keeps the exception past its call sees later counts.
 * Not thread-safe: the thread that polls the stream owns it.
 */
final class RejectionLog
{
    /**
     * Least time between two reports of the same reason.
     */
    static final long REPORT_INTERVAL_NS = TimeUnit.SECONDS.toNanos(10);

    /**
     * The reused exception of one reason: its message is formatted when read, from the counts of the last report.
     */
    static final class RejectedMessageException extends RuntimeException
    {
        private static final long serialVersionUID = 4511290310235651137L;

        private final String streamName;
        private final String reasonText;
        private long total;
        private long sinceLastReport;

        RejectedMessageException(final String streamName, final String reasonText)
        {
            super(reasonText, null, false, false);
            this.streamName = streamName;
            this.reasonText = reasonText;
        }

        /**
         * {@inheritDoc}
         */
        public String getMessage()
        {
            return streamName + " rejected a message: " + reasonText + " (" + sinceLastReport +
                " since the last report, " + total + " in all)";
        }

        /**
         * The reason, as the table given to the log has it.
         *
         * @return the reason's description.
         */
        String reasonText()
        {
            return reasonText;
        }
    }

    /**
     * A table of reasons for a stream: index 0 "valid", 1 to {@link MessageValidator#REJECTION_REASONS} the
     * validator's (negated), the rest for the stream to fill in.
     *
     * @param length of the table, the validator's reasons included.
     * @return the table.
     */
    static String[] reasonTable(final int length)
    {
        final String[] texts = new String[length];
        texts[0] = "valid";
        for (int i = 1; i <= MessageValidator.REJECTION_REASONS; i++)
        {
            texts[i] = MessageValidator.reasonText(-i);
        }

        return texts;
    }

    private final ErrorHandler errorHandler;
    private final long intervalNs;
    private final RejectedMessageException[] exceptions;
    private final long[] counts;
    private final long[] countsReported;
    private final long[] lastReportNs;
    private long reports;

    /**
     * @param errorHandler to report to.
     * @param streamName   names the stream in each report, e.g. {@code "data stream 1001 of receiver 5"}.
     * @param reasonTexts  a description per reason, indexed by reason.
     * @param intervalNs   least time between two reports of the same reason.
     */
    RejectionLog(
        final ErrorHandler errorHandler, final String streamName, final String[] reasonTexts, final long intervalNs)
    {
        this.errorHandler = errorHandler;
        this.intervalNs = intervalNs;
        final int reasons = reasonTexts.length;
        exceptions = new RejectedMessageException[reasons];
        for (int i = 0; i < reasons; i++)
        {
            exceptions[i] = new RejectedMessageException(streamName, reasonTexts[i]);
        }
        counts = new long[reasons];
        countsReported = new long[reasons];
        lastReportNs = new long[reasons];
    }

    /**
     * A message was rejected: count it, and report it if it is the first of its reason or the last report of its
     * reason is at least the interval old.
     *
     * @param reason index into the table of reasons.
     * @param nowNs  the stream's clock, {@link System#nanoTime()} as last read.
     */
    void onRejected(final int reason, final long nowNs)
    {
        final long count = ++counts[reason];
        if (1 == count || nowNs - lastReportNs[reason] >= intervalNs)
        {
            final RejectedMessageException exception = exceptions[reason];
            exception.total = count;
            exception.sinceLastReport = count - countsReported[reason];
            countsReported[reason] = count;
            lastReportNs[reason] = nowNs;
            reports++;
            errorHandler.onError(exception);
        }
    }

    /**
     * Rejections of one reason so far.
     *
     * @param reason index into the table of reasons.
     * @return count.
     */
    long count(final int reason)
    {
        return counts[reason];
    }

    /**
     * Reports made to the error handler, all reasons together.
     *
     * @return count.
     */
    long reports()
    {
        return reports;
    }
}
