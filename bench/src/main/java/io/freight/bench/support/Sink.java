/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.support;

import java.io.IOException;

/**
 * The receiving end of one contender in the child process: receives a run of payloads, checks the stamp each
 * sender writes (the payload's index in the run, as a little-endian long at its start and, in zero-copy mode, at its
 * end), and tells when the last one was in.
 */
interface Sink extends AutoCloseable
{
    /**
     * Receive {@code count} payloads of {@code length} bytes.
     *
     * @param isZeroCopy read the stamps in place (true) or copy each payload out to the child's own buffer (false).
     * @param length     of each payload.
     * @param count      of payloads.
     * @return {@link System#nanoTime()} just after the last payload was received (and copied out).
     * @throws Exception if the transport fails.
     */
    long receive(boolean isZeroCopy, long length, long count) throws Exception;

    /**
     * Run the transport's duty cycle once between runs (a Freight receiver acks what it released only when polled;
     * an ack lost to back-pressure at the end of a run is sent again here). Nothing should arrive.
     *
     * @return work done.
     */
    int doWork();

    /**
     * Payloads of the last run whose length or stamp was not the one expected.
     *
     * @return count; 0 when everything arrived in order and intact.
     */
    long mismatches();

    /**
     * Close what the sink holds.
     *
     * @throws IOException if closing a socket fails.
     */
    void close() throws IOException;
}
