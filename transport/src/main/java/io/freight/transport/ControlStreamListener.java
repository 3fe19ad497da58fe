/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.codecs.AckDecoder;

/**
 * What a {@link ControlStreamAdapter} hands on: each valid control-stream message, decoded, with the Aeron session of
 * the receiver's control publication it came from. Called on the thread that polls the adapter.
 */
interface ControlStreamListener
{
    /**
     * A receiver acked.
     *
     * @param controlSessionId Aeron session the message came from.
     * @param receiverId       the ack names.
     * @param sessionId        data-stream session of the sender the ack is for.
     * @param sequence         cumulative: everything up to it is released.
     * @param released         out-of-order releases beyond it, a flyweight valid only during the call.
     */
    void onAck(int controlSessionId, long receiverId, int sessionId, long sequence, AckDecoder.ReleasedDecoder released);

    /**
     * A receiver asks to attach (and repeats it until it sees the echo).
     *
     * @param controlSessionId Aeron session the message came from.
     * @param receiverId       of the receiver.
     * @return false if the attach can never be served (the sender is full): the adapter counts it invalid.
     */
    boolean onAttach(int controlSessionId, long receiverId);

    /**
     * A receiver detaches.
     *
     * @param controlSessionId Aeron session the message came from.
     * @param receiverId       of the receiver.
     */
    void onDetach(int controlSessionId, long receiverId);

    /**
     * Network mode: a receiver's heartbeat.
     *
     * @param controlSessionId Aeron session id of the control publication it came on.
     * @param receiverId       the receiver's id.
     * @param sessionId        the data publication's session id it is for.
     * @return false if this sender has no use for heartbeats (one host: liveness locks serve), to be counted invalid.
     */
    default boolean onHeartbeat(final int controlSessionId, final long receiverId, final int sessionId)
    {
        return false;
    }
}
