/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

/**
 * Told by {@link PayloadSubscription#poll(PayloadHandler, int)} that a sender this receiver was attached to is gone,
 * after every payload it published has been delivered: the end of that sender's stream.
 */
@FunctionalInterface
public interface SenderGoneHandler
{
    /**
     * A sender is gone.
     *
     * @param sessionId     of the sender's data stream.
     * @param crashed       true if its process died (its liveness lock was dropped) rather than closing its publication.
     * @param lastSequence  of the last payload delivered from it, or -1 if none was.
     */
    void onSenderGone(int sessionId, boolean crashed, long lastSequence);
}
