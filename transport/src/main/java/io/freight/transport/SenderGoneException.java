/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

/**
 * Thrown once by {@link FreightReceiver}'s take and poll methods when a sender it was receiving from is gone and
 * everything it sent has been delivered: the end of that sender's stream. The receiver stays usable and goes on with
 * other senders, or a new one.
 */
public final class SenderGoneException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    private final int sessionId;
    private final boolean crashed;
    private final long lastSequence;

    /**
     * Create the exception for a departed sender.
     *
     * @param sessionId    of the sender's data stream.
     * @param crashed      true if its process died.
     * @param lastSequence of the last payload delivered from it, or -1.
     */
    public SenderGoneException(final int sessionId, final boolean crashed, final long lastSequence)
    {
        super("sender of session " + sessionId + (crashed ? " died" : " closed its stream") +
            (lastSequence < 0 ? " before sending anything" : " after payload " + lastSequence) +
            ": everything it sent has been delivered");
        this.sessionId = sessionId;
        this.crashed = crashed;
        this.lastSequence = lastSequence;
    }

    /**
     * Session id of the sender's data stream.
     *
     * @return session id.
     */
    public int sessionId()
    {
        return sessionId;
    }

    /**
     * Did the sender's process die rather than close?
     *
     * @return true if it died.
     */
    public boolean crashed()
    {
        return crashed;
    }

    /**
     * Sequence of the last payload delivered from the sender.
     *
     * @return sequence, or -1 if none was.
     */
    public long lastSequence()
    {
        return lastSequence;
    }
}
