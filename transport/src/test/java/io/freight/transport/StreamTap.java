/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.freight.codecs.MessageHeaderDecoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain Aeron subscription beside Freight's on a stream, keeping a copy of every message it carries: the real
 * bytes a sender or receiver put on the wire, to replay or mutate. An extra IPC subscriber back-pressures the
 * publisher like any other, so poll it while the stream is busy and close it when done.
 */
final class StreamTap implements AutoCloseable
{
    /**
     * One message as it was on the stream.
     */
    static final class Message
    {
        final int sessionId;
        final int templateId;
        final byte[] bytes;

        Message(final int sessionId, final int templateId, final byte[] bytes)
        {
            this.sessionId = sessionId;
            this.templateId = templateId;
            this.bytes = bytes;
        }
    }

    private final Subscription subscription;
    private final FragmentAssembler assembler = new FragmentAssembler(this::onFragment);
    private final List<Message> messages = new ArrayList<>();

    StreamTap(final Aeron aeron, final String channel, final int streamId)
    {
        subscription = aeron.addSubscription(channel, streamId);
    }

    boolean isConnected()
    {
        return subscription.isConnected();
    }

    int poll()
    {
        return subscription.poll(assembler, 100);
    }

    List<Message> messages()
    {
        return messages;
    }

    /**
     * The messages of one template seen so far, in stream order.
     */
    List<Message> messages(final int templateId)
    {
        final List<Message> selected = new ArrayList<>();
        for (final Message message : messages)
        {
            if (message.templateId == templateId)
            {
                selected.add(message);
            }
        }

        return selected;
    }

    public void close()
    {
        CloseHelper.close(subscription);
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        final int templateId = length >= MessageHeaderDecoder.ENCODED_LENGTH ?
            buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(), MessageHeaderDecoder.BYTE_ORDER) &
            0xFFFF : -1;
        messages.add(new Message(header.sessionId(), templateId, bytes));
    }
}
