/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

/**
 * Receives payloads from {@link PayloadSubscription#poll(PayloadHandler, int)}, in sequence order per sender.
 */
@FunctionalInterface
public interface PayloadHandler
{
    /**
     * A payload has arrived. It is valid until this method returns, when it is released (and acked in the next
     * batch) unless {@link Payload#retain()} was called, in which case the retained payload is valid until its
     * {@link Payload#release()}.
     *
     * @param payload a flyweight reused for the next payload.
     */
    void onPayload(Payload payload);
}
