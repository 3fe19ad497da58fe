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
import io.freight.codecs.HeartbeatDecoder;
import io.freight.codecs.MessageHeaderDecoder;
import io.freight.codecs.ReceiverAttachDecoder;
import io.freight.codecs.ReceiverDetachDecoder;
import io.freight.schema.MessageValidator;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;

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

    /**
     * Rejection reasons of this stream, for its {@link RejectionLog}: 1 to
     * {@link MessageValidator#REJECTION_REASONS} are the validator's (negated), then the control stream's own.
     */
    static final int NOT_A_CONTROL_STREAM_MESSAGE = MessageValidator.REJECTION_REASONS + 1;
    static final int NULL_RECEIVER_ID_ATTACH = NOT_A_CONTROL_STREAM_MESSAGE + 1;
    static final int ATTACH_REFUSED = NULL_RECEIVER_ID_ATTACH + 1;

    private static final String[] REASON_TEXTS = reasonTexts();

    private final Subscription subscription;
    private final ControlStreamListener listener;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final AckDecoder ackDecoder = new AckDecoder();
    private final ReceiverAttachDecoder attachDecoder = new ReceiverAttachDecoder();
    private final ReceiverDetachDecoder detachDecoder = new ReceiverDetachDecoder();
    private final HeartbeatDecoder heartbeatDecoder = new HeartbeatDecoder();
    private final RejectionLog rejectionLog;
    private long invalidMessages;

    /**
     * @param subscription the control stream, closed by its owner; null if only {@link #onMessage} is driven.
     * @param listener     to dispatch valid messages to.
     */
    ControlStreamAdapter(final Subscription subscription, final ControlStreamListener listener)
    {
        this(subscription, listener, (ex) -> { }, "control stream");
    }

    /**
     * @param subscription the control stream, closed by its owner; null if only {@link #onMessage} is driven.
     * @param listener     to dispatch valid messages to.
     * @param errorHandler told each rejection reason, rate-limited by a {@link RejectionLog}.
     * @param streamName   names the stream in those reports.
     */
    ControlStreamAdapter(
        final Subscription subscription,
        final ControlStreamListener listener,
        final ErrorHandler errorHandler,
        final String streamName)
    {
        this.subscription = subscription;
        this.listener = listener;
        this.rejectionLog = new RejectionLog(errorHandler, streamName, REASON_TEXTS, RejectionLog.REPORT_INTERVAL_NS);
    }

    /**
     * The log of rejection reasons.
     *
     * @return the log.
     */
    RejectionLog rejectionLog()
    {
        return rejectionLog;
    }

    private void reject(final int reason)
    {
        invalidMessages++;
        rejectionLog.onRejected(reason, System.nanoTime());
    }

    private static String[] reasonTexts()
    {
        final String[] texts = RejectionLog.reasonTable(ATTACH_REFUSED + 1);
        texts[NOT_A_CONTROL_STREAM_MESSAGE] = "a data-stream message on the control stream, or a Heartbeat on one host";
        texts[NULL_RECEIVER_ID_ATTACH] = "a ReceiverAttach naming receiver id 0, which no receiver has";
        texts[ATTACH_REFUSED] = "a ReceiverAttach refused: every one of the " + ReceiverTable.class.getSimpleName() +
            "'s slots is taken, or the receiver is bound to another control session";

        return texts;
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
            reject(-templateId);
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
                if (NULL_RECEIVER_ID == receiverId)
                {
                    reject(NULL_RECEIVER_ID_ATTACH);
                }
                else if (!listener.onAttach(controlSessionId, receiverId))
                {
                    reject(ATTACH_REFUSED);
                }
                break;
            }

            case ReceiverDetachDecoder.TEMPLATE_ID:
                detachDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                listener.onDetach(controlSessionId, detachDecoder.receiverId());
                break;

            case HeartbeatDecoder.TEMPLATE_ID:
                heartbeatDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
                if (!listener.onHeartbeat(controlSessionId, heartbeatDecoder.receiverId(), heartbeatDecoder.sessionId()))
                {
                    reject(NOT_A_CONTROL_STREAM_MESSAGE);
                }
                break;

            default:
                reject(NOT_A_CONTROL_STREAM_MESSAGE);
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
