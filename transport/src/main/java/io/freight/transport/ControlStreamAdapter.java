/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.freight.codecs.AckDecoder;
import io.freight.codecs.MessageHeaderDecoder;
import io.freight.codecs.ReceiverAttachDecoder;
import io.freight.codecs.ReceiverDetachDecoder;
import io.freight.schema.MessageValidator;
import org.agrona.DirectBuffer;

/**
 * Polls a sender's control subscription, validates each message ({@link MessageValidator}: schema, version, bounds of
 * every field and group) and dispatches Ack, ReceiverAttach and ReceiverDetach to a {@link ControlStreamListener},
 * as Aeron's {@code ControlSessionAdapter} does for the archive's control requests. A message that fails validation,
 * of another type, an attach with receiver id 0 (no receiver has it) or one the listener refuses, is dropped and
 * counted {@link #invalidMessages() invalid}.
 * <p>
 * Allocates nothing, valid message or not: one flyweight per message type, reused, and the validator's
 * non-throwing {@link MessageValidator#check} for rejections. Not thread-safe: the publication's thread polls it.
 */
final class ControlStreamAdapter implements FragmentHandler
{
    /**
     * The receiver id no receiver has (PROTOCOL.md 5.1): an attach naming it is dropped and counted invalid.
     */
    static final long NULL_RECEIVER_ID = 0;

    private final Subscription subscription;
    private final ControlStreamListener listener;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final AckDecoder ackDecoder = new AckDecoder();
    private final ReceiverAttachDecoder attachDecoder = new ReceiverAttachDecoder();
    private final ReceiverDetachDecoder detachDecoder = new ReceiverDetachDecoder();
    private long invalidMessages;

    /**
     * @param subscription the control stream, closed by its owner; null if only {@link #onMessage} is driven.
     * @param listener     to dispatch valid messages to.
     */
    ControlStreamAdapter(final Subscription subscription, final ControlStreamListener listener)
    {
        this.subscription = subscription;
        this.listener = listener;
    }

    /**
     * Poll the control subscription for up to {@code fragmentLimit} messages.
     *
     * @param fragmentLimit most fragments to read.
     * @return fragments read.
     */
    int poll(final int fragmentLimit)
    {
        return subscription.poll(this, fragmentLimit);
    }

    /**
     * {@inheritDoc}
     */
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        onMessage(buffer, offset, length, header.sessionId());
    }

    /**
     * Validate, decode and dispatch one control-stream message from the receiver publishing in session
     * {@code controlSessionId}: what every control fragment goes through, and what the fuzz tests drive directly.
     *
     * @param buffer           holding the message.
     * @param offset           of the message header.
     * @param length           of the message.
     * @param controlSessionId Aeron session the message came from.
     */
    void onMessage(final DirectBuffer buffer, final int offset, final int length, final int controlSessionId)
    {
        final int templateId = MessageValidator.check(buffer, offset, length);
        if (templateId < 0)
        {
            invalidMessages++;
            return;
        }

        switch (templateId)
        {
            case AckDecoder.TEMPLATE_ID:
                ackDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                listener.onAck(
                    controlSessionId,
                    ackDecoder.receiverId(),
                    ackDecoder.sessionId(),
                    ackDecoder.sequence(),
                    ackDecoder.released());
                break;

            case ReceiverAttachDecoder.TEMPLATE_ID:
            {
                attachDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                final long receiverId = attachDecoder.receiverId();
                // PROTOCOL.md 5.1: a receiver id is never 0; a receiver attached as 0 would be served by nobody.
                if (NULL_RECEIVER_ID == receiverId || !listener.onAttach(controlSessionId, receiverId))
                {
                    invalidMessages++;
                }
                break;
            }

            case ReceiverDetachDecoder.TEMPLATE_ID:
                detachDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                listener.onDetach(controlSessionId, detachDecoder.receiverId());
                break;

            default:
                invalidMessages++;
        }
    }

    /**
     * Messages dropped: failed validation, not a control message, an attach with receiver id 0 or one the listener
     * refused.
     *
     * @return count.
     */
    long invalidMessages()
    {
        return invalidMessages;
    }
}
