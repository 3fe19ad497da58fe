/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.interop;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.freight.codecs.InlinePayloadDecoder;
import io.freight.codecs.MessageHeaderDecoder;
import io.freight.codecs.MessageHeaderEncoder;
import io.freight.codecs.PayloadDescriptorDecoder;
import io.freight.codecs.ReceiverAttachDecoder;
import io.freight.codecs.ReceiverAttachEncoder;
import io.freight.codecs.ReceiverDetachEncoder;
import io.freight.schema.MessageValidator;
import io.freight.schema.ProtocolException;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One Freight receiver on the wire, written from docs/PROTOCOL.md section 5 with a plain Aeron {@link Subscription}
 * on the data stream, a plain {@link ExclusivePublication} on the control stream and the generated codecs, as a
 * program in another language would be: no transport code. It attaches to one sender session (5.3) holding a
 * liveness lock (5.6), and instead of reading payloads it records every message of that session's data stream,
 * byte for byte, into a {@link MessageLog} for the C++ consumer. It never acks, so the sender keeps every region
 * live; it leaves with a ReceiverDetach (5.7).
 * <p>
 * Every wait has a deadline. Not thread-safe.
 */
final class WireReceiver implements AutoCloseable
{
    private static final int FRAGMENT_LIMIT = 16;

    private final long receiverId;
    private final Path lockFile;
    private final Path userDirectory;
    private final long attachIntervalNs;
    private final Subscription data;
    private final ExclusivePublication control;
    private final FragmentAssembler assembler = new FragmentAssembler(this::onFragment);
    private final IdleStrategy idle = new BackoffIdleStrategy();
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[64]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ReceiverAttachEncoder attachEncoder = new ReceiverAttachEncoder();
    private final ReceiverDetachEncoder detachEncoder = new ReceiverDetachEncoder();
    private final ReceiverAttachDecoder attachDecoder = new ReceiverAttachDecoder();
    private final MessageLog log = new MessageLog();
    private final List<Integer> templateIds = new ArrayList<>();

    private int sessionId;
    private FileChannel lockChannel;
    private FileLock lock;
    private int echoIndex = -1;
    private int attachesSent;
    private int payloadsBeforeEcho;
    private int payloadsAfterEcho;

    /**
     * Subscribe to the data stream and open this receiver's control publication.
     *
     * @param aeron            client connected to the senders' media driver.
     * @param channel          of the data and control streams (5.1): Freight's default is {@code aeron:ipc}.
     * @param streamId         of the data stream.
     * @param controlStreamId  of the control stream (5.1).
     * @param storeRoot        the senders' store root, where the liveness lock goes (3.1, 5.6).
     * @param attachIntervalNs how often an unanswered attach is repeated (5.3).
     */
    WireReceiver(
        final Aeron aeron,
        final String channel,
        final int streamId,
        final int controlStreamId,
        final Path storeRoot,
        final long attachIntervalNs)
    {
        long id;
        do
        {
            id = ThreadLocalRandom.current().nextLong();
        }
        while (0 == id);
        this.receiverId = id;
        this.attachIntervalNs = attachIntervalNs;
        this.userDirectory = storeRoot.resolve("freight-" + System.getProperty("user.name"));
        this.lockFile = userDirectory.resolve("receiver-" + String.format("%016x", receiverId) + ".lock");
        this.data = aeron.addSubscription(channel, streamId);
        this.control = aeron.addExclusivePublication(channel, controlStreamId);
    }

    /**
     * The random non-zero id this receiver attaches with (5.1).
     *
     * @return receiver id.
     */
    long receiverId()
    {
        return receiverId;
    }

    /**
     * Wait until the sender's session is seen on the data stream: its Aeron image, as a sender publishes nothing
     * before a receiver attached.
     *
     * @param sessionId  of the sender's data publication.
     * @param deadlineNs {@link System#nanoTime()} to give up at.
     */
    void awaitSession(final int sessionId, final long deadlineNs)
    {
        await(() -> null != data.imageBySessionId(sessionId), deadlineNs, "the sender's image, session " + sessionId);
        this.sessionId = sessionId;
    }

    /**
     * Attach to the session as 5.3 says: take the liveness lock, send ReceiverAttach on the control stream and repeat
     * it every attach interval until its echo is seen on the data stream, recording the data stream all along.
     *
     * @param deadlineNs {@link System#nanoTime()} to give up at.
     * @throws IOException if the liveness lock cannot be created.
     */
    void attach(final long deadlineNs) throws IOException
    {
        createLivenessLock();

        long nextAttachNs = System.nanoTime();
        while (echoIndex < 0)
        {
            int work = data.poll(assembler, FRAGMENT_LIMIT);
            final long nowNs = System.nanoTime();
            if (nowNs - nextAttachNs >= 0)
            {
                nextAttachNs = nowNs + attachIntervalNs;
                attachEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder).receiverId(receiverId);
                final int length = MessageHeaderEncoder.ENCODED_LENGTH + attachEncoder.encodedLength();
                if (control.offer(sendBuffer, 0, length) > 0)
                {
                    attachesSent++;
                    work++;
                }
            }
            if (nowNs - deadlineNs >= 0)
            {
                fail("no echo of ReceiverAttach(" + receiverId + ") in session " + sessionId + " after " +
                    attachesSent + " attaches; recorded " + templateIds);
            }
            idle.idle(work);
        }
        idle.reset();
    }

    /**
     * Keep recording the data stream until this many payloads (descriptors and inline payloads) followed the echo.
     *
     * @param payloads   to wait for.
     * @param deadlineNs {@link System#nanoTime()} to give up at.
     */
    void recordPayloads(final int payloads, final long deadlineNs)
    {
        await(() -> payloadsAfterEcho >= payloads, deadlineNs, payloads + " payloads after the echo");
    }

    /**
     * Leave as 5.7 says: ReceiverDetach on the control stream, then delete the liveness lock file.
     *
     * @param deadlineNs {@link System#nanoTime()} to give up at.
     * @throws IOException if the lock file cannot be deleted.
     */
    void detach(final long deadlineNs) throws IOException
    {
        detachEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder).receiverId(receiverId);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + detachEncoder.encodedLength();
        await(() -> control.offer(sendBuffer, 0, length) > 0, deadlineNs, "ReceiverDetach published");
        deleteLivenessLock();
    }

    /**
     * The data stream of the session as recorded, in the message-log format of the C++ consume mode.
     *
     * @return the log.
     */
    MessageLog log()
    {
        return log;
    }

    /**
     * Template id of each recorded message, in order; -1 for one that failed the message check (2.5).
     *
     * @return template ids.
     */
    List<Integer> templateIds()
    {
        return templateIds;
    }

    /**
     * Index in the log of the first echo of this receiver's attach.
     *
     * @return index, -1 before the echo.
     */
    int echoIndex()
    {
        return echoIndex;
    }

    /**
     * Attaches published on the control stream.
     *
     * @return count.
     */
    int attachesSent()
    {
        return attachesSent;
    }

    /**
     * Payloads seen before the echo, which 5.3 says to ignore.
     *
     * @return count.
     */
    int payloadsBeforeEcho()
    {
        return payloadsBeforeEcho;
    }

    /**
     * Close the streams and, if still held, release and delete the liveness lock. Idempotent.
     */
    public void close()
    {
        CloseHelper.closeAll(data, control);
        try
        {
            deleteLivenessLock();
        }
        catch (final IOException ignore)
        {
            // The janitor removes lock files nobody holds.
        }
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (header.sessionId() != sessionId)
        {
            return;
        }

        final byte[] message = new byte[length];
        buffer.getBytes(offset, message);
        log.raw(message);

        int templateId;
        try
        {
            templateId = MessageValidator.validate(buffer, offset, length);
        }
        catch (final ProtocolException ex)
        {
            templateId = -1;
        }
        templateIds.add(templateId);

        if (ReceiverAttachDecoder.TEMPLATE_ID == templateId)
        {
            attachDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
            if (receiverId == attachDecoder.receiverId() && echoIndex < 0)
            {
                echoIndex = templateIds.size() - 1;
            }
        }
        else if (PayloadDescriptorDecoder.TEMPLATE_ID == templateId || InlinePayloadDecoder.TEMPLATE_ID == templateId)
        {
            if (echoIndex < 0)
            {
                payloadsBeforeEcho++;
            }
            else
            {
                payloadsAfterEcho++;
            }
        }
    }

    // 5.6: <root>/freight-<user>/receiver-<id as 16 lowercase hex digits>.lock, 0600, held with an exclusive POSIX
    // record lock (FileChannel.lock is fcntl F_SETLK) for the receiver's life, created before its first attach.
    private void createLivenessLock() throws IOException
    {
        try
        {
            Files.createDirectory(
                userDirectory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        catch (final FileAlreadyExistsException ignore)
        {
            // The sender's store is in it.
        }

        lockChannel = FileChannel.open(
            lockFile,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        lock = lockChannel.tryLock();
        assertTrue(null != lock, "liveness lock " + lockFile + " is held by another process");
    }

    private void deleteLivenessLock() throws IOException
    {
        if (null == lockChannel)
        {
            return;
        }

        try
        {
            if (null != lock)
            {
                lock.release();
            }
            lockChannel.close();
            Files.deleteIfExists(lockFile);
        }
        finally
        {
            lock = null;
            lockChannel = null;
        }

        try
        {
            Files.deleteIfExists(userDirectory);
        }
        catch (final DirectoryNotEmptyException ignore)
        {
            // The sender's store is still in it; the sender removes it with its last store.
        }
    }

    private void await(final BooleanSupplier condition, final long deadlineNs, final String what)
    {
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs >= 0)
            {
                fail("timed out waiting for " + what + "; recorded " + templateIds);
            }
            idle.idle(data.poll(assembler, FRAGMENT_LIMIT));
        }
        idle.reset();
    }
}
