/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Forwards every payload of one Freight stream into another: a local IPC stream re-sent over UDP to another host, or
 * the mirror, a UDP stream republished into a local IPC store so that consumers on the far host read zero-copy from
 * their own /dev/shm. One sender, fan-out to local and remote receivers:
 * <pre>
 *   host A: sender --IPC--&gt; local receivers
 *                       \--&gt; FreightBridge(IPC -&gt; UDP) ==UDP==&gt; host B: FreightBridge(UDP -&gt; IPC) --IPC--&gt; receivers
 * </pre>
 * Each payload is copied once, from the source's store into a zero-copy claim in the target's. Order is kept; nothing
 * is dropped: a payload the target cannot take now (no receiver yet, back-pressured) is retained and offered again at
 * the next {@link #doWork()}, and the source is not polled meanwhile, so back-pressure reaches the original sender
 * (its store fills, its offers say BACK_PRESSURED). Sequences are the target's own; the payloads' order and bytes are
 * the source's.
 * <p>
 * An Agrona {@link Agent}: run it on an {@link org.agrona.concurrent.AgentRunner} or call {@link #doWork()} in a loop.
 * It owns neither stream; close them after it. Steady state allocates nothing. Not thread-safe.
 */
public final class FreightBridge implements Agent
{
    private static final int SCRATCH_LENGTH = 1024 * 1024;

    private final PayloadSubscription source;
    private final PayloadPublication target;
    private final PayloadClaim claim = new PayloadClaim();
    private final PayloadHandler handler = this::onPayload;
    private final int fragmentLimit;
    private UnsafeBuffer scratch;
    private Payload pending;
    private long payloadsForwarded;
    private long bytesForwarded;

    /**
     * @param source        the stream to read.
     * @param target        the stream to republish into.
     * @param fragmentLimit most fragments read from the source per {@link #doWork()}.
     */
    public FreightBridge(final PayloadSubscription source, final PayloadPublication target, final int fragmentLimit)
    {
        this.source = source;
        this.target = target;
        this.fragmentLimit = fragmentLimit;
    }

    /**
     * Forward what the target can take now, and run both streams' duty cycles.
     *
     * @return work done.
     */
    public int doWork()
    {
        int work = target.doWork();
        if (null != pending)
        {
            if (!forward(pending))
            {
                return work + source.poll(handler, 0); // acks and liveness go on; nothing new is read
            }
            pending.release();
            pending = null;
            work++;
        }

        // One fragment per poll: a poll cannot stop halfway, and at most one payload per fragment may need holding.
        for (int i = 0; i < fragmentLimit && null == pending; i++)
        {
            final int polled = source.poll(handler, 1);
            if (0 == polled)
            {
                break;
            }
            work += polled;
        }

        return work;
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "freight-bridge-" + source.streamId() + "-to-" + target.streamId();
    }

    /**
     * Payloads forwarded so far.
     *
     * @return count.
     */
    public long payloadsForwarded()
    {
        return payloadsForwarded;
    }

    /**
     * Payload bytes forwarded so far.
     *
     * @return bytes.
     */
    public long bytesForwarded()
    {
        return bytesForwarded;
    }

    /**
     * Is a payload waiting for the target to take it?
     *
     * @return true while one is held.
     */
    public boolean hasPending()
    {
        return null != pending;
    }

    private void onPayload(final Payload payload)
    {
        if (!forward(payload))
        {
            pending = payload.retain(); // kept, in order: nothing more is polled until it is out
        }
    }

    private boolean forward(final Payload payload)
    {
        final long length = payload.length();
        final long result = target.tryClaim(length, claim);
        if (result < 0)
        {
            if (PayloadPublication.CLOSED == result)
            {
                throw new IllegalStateException("bridge target stream " + target.streamId() + " is closed");
            }
            return false;
        }

        try
        {
            if (payload.isContiguous())
            {
                claim.putBytes(0, payload.buffer(), 0, (int)length);
            }
            else
            {
                copyInPieces(payload, length);
            }
        }
        catch (final RuntimeException ex)
        {
            claim.abort();
            throw ex;
        }
        claim.commit();
        payloadsForwarded++;
        bytesForwarded += length;

        return true;
    }

    private void copyInPieces(final Payload payload, final long length)
    {
        if (null == scratch)
        {
            scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(SCRATCH_LENGTH));
        }
        for (long index = 0; index < length; index += SCRATCH_LENGTH)
        {
            final int piece = (int)Math.min(SCRATCH_LENGTH, length - index);
            payload.getBytes(index, scratch, 0, piece);
            claim.putBytes(index, scratch, 0, piece);
        }
    }
}
