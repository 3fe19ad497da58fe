/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.LivenessLock;
import io.freight.store.ReceiverPosition;
import io.freight.store.StorePaths;
import org.agrona.CloseHelper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntPredicate;

/**
 * The receivers a sender serves and how far each has acked: the sender's side of membership, as Aeron's
 * {@code IpcPublication} keeps its subscribers' positions apart from the log it appends to.
 * <p>
 * Layout: {@value #MAX_RECEIVERS} slots in parallel arrays indexed by slot (receiver id, the Aeron session of the
 * control publication that attached it, its cumulative ack, its cursor into the {@link InFlightTable}, its liveness
 * lock file, its {@link ReceiverPosition} on one host) and one {@code long} mask with bit {@code slot} set while the
 * slot is attached. That bit is the receiver's bit in the in-flight table, so acking and leaving are bit operations
 * there. Lookups scan the set bits: at most 64, usually one or two.
 * A cumulative ack comes as an {@code Ack} message or, on one host, as the receiver's position, read by
 * {@link #applyPositions(long)}; both are the same monotonic, clamped fact.
 * <p>
 * A message naming an attached receiver from any other Aeron session than the one that attached it is another process
 * speaking for it (a forged ack would recycle regions it has not read): {@link #find(long, int)} counts it foreign and
 * reports no slot.
 * <p>
 * Cost: attach allocates the lock file's path; acks, releases, lookups and removal allocate nothing; the liveness check
 * probes each receiver's lock file (allocation-free while this JVM holds it, a file open otherwise).
 * <p>
 * Not thread-safe: the publication's thread owns it, as it owns the in-flight table.
 */
final class ReceiverTable
{
    /**
     * Receivers served at once: one bit each in a {@code long}.
     */
    static final int MAX_RECEIVERS = 64;

    private final InFlightTable inFlight;
    private final Path storeRoot;
    private final IntPredicate isControlImageAvailable;
    private final long networkLivenessTimeoutNs;

    private final long[] receiverIds = new long[MAX_RECEIVERS];
    private final int[] receiverControlSessionIds = new int[MAX_RECEIVERS];
    private final long[] receiverCumulative = new long[MAX_RECEIVERS];
    private final long[] receiverCursors = new long[MAX_RECEIVERS];
    private final Path[] receiverLockFiles = new Path[MAX_RECEIVERS];
    private final long[] receiverLastHeardNs = new long[MAX_RECEIVERS];
    private final ReceiverPosition[] receiverPositions = new ReceiverPosition[MAX_RECEIVERS];
    private long attachedMask;

    private long receiversAttached;
    private long receiversLost;
    private long payloadsAbandoned;
    private long foreignMessages;
    private long ackMessages;
    private long positionAcks;

    /**
     * @param inFlight                the sender's in-flight table, released into on acks and departures.
     * @param storeRoot               root under which receivers keep their liveness lock files.
     * @param isControlImageAvailable does the control subscription still have an image of this Aeron session id?
     */
    ReceiverTable(final InFlightTable inFlight, final Path storeRoot, final IntPredicate isControlImageAvailable)
    {
        this(inFlight, storeRoot, isControlImageAvailable, 0);
    }

    /**
     * @param inFlight                 the stored payloads receivers hold.
     * @param storeRoot                where receivers' liveness locks are, on one host.
     * @param isControlImageAvailable  whether a control session's image is still there.
     * @param networkLivenessTimeoutNs 0 on one host (liveness locks); in network mode, how long a receiver may be
     *                                 silent (no ack, heartbeat or attach) before it is let go of.
     */
    ReceiverTable(
        final InFlightTable inFlight,
        final Path storeRoot,
        final IntPredicate isControlImageAvailable,
        final long networkLivenessTimeoutNs)
    {
        this.inFlight = inFlight;
        this.storeRoot = storeRoot;
        this.isControlImageAvailable = isControlImageAvailable;
        this.networkLivenessTimeoutNs = networkLivenessTimeoutNs;
    }

    /**
     * Bit {@code slot} set for each attached receiver: the holders a payload published now waits for.
     *
     * @return the mask, 0 when nobody is attached.
     */
    long attachedMask()
    {
        return attachedMask;
    }

    /**
     * Receivers attached now.
     *
     * @return count.
     */
    int count()
    {
        return Long.bitCount(attachedMask);
    }

    /**
     * Is every slot taken?
     *
     * @return true if an attach of a new receiver must be refused.
     */
    boolean isFull()
    {
        return -1L == attachedMask;
    }

    /**
     * The slot of an attached receiver, if the message naming it came from the control publication that attached it;
     * a message naming it from another session is counted {@link #foreignMessages() foreign}.
     *
     * @param receiverId       named by the message.
     * @param controlSessionId Aeron session the message came from.
     * @return the slot, or -1 if not attached or named from another session.
     */
    int find(final long receiverId, final int controlSessionId)
    {
        final int slot = find(receiverId);
        if (slot >= 0 && receiverControlSessionIds[slot] != controlSessionId)
        {
            foreignMessages++;
            return -1;
        }

        return slot;
    }

    /**
     * The slot of an attached receiver, whichever session asks.
     *
     * @param receiverId to look for.
     * @return the slot, or -1 if not attached.
     */
    int find(final long receiverId)
    {
        long mask = attachedMask;
        while (0 != mask)
        {
            final int slot = Long.numberOfTrailingZeros(mask);
            if (receiverIds[slot] == receiverId)
            {
                return slot;
            }
            mask &= mask - 1;
        }

        return -1;
    }

    /**
     * Take the lowest free slot for a receiver not attached yet; it waits only for payloads after {@code lastSequence}.
     *
     * @param receiverId       of the receiver.
     * @param controlSessionId Aeron session of its control publication, the only one it may speak from.
     * @param lastSequence     last sequence published so far: counted as acked by this receiver.
     * @return the slot.
     * @throws IllegalStateException    if the table is full.
     * @throws IllegalArgumentException if {@code receiverId} is 0, which no receiver has (the adapter drops such an
     *                                  attach before it gets here).
     */
    int attach(final long receiverId, final int controlSessionId, final long lastSequence)
    {
        return attach(receiverId, controlSessionId, lastSequence, null);
    }

    /**
     * Take the lowest free slot for a receiver not attached yet, with the shared-memory position it acks through.
     *
     * @param receiverId       of the receiver.
     * @param controlSessionId Aeron session of its control publication.
     * @param lastSequence     last sequence published so far: counted as acked by this receiver.
     * @param position         its position file, created before the attach was confirmed, or null (acks come as
     *                         messages only: across hosts, or if the file could not be made); the table owns it now.
     * @return the slot.
     */
    int attach(
        final long receiverId, final int controlSessionId, final long lastSequence, final ReceiverPosition position)
    {
        if (ControlStreamAdapter.NULL_RECEIVER_ID == receiverId)
        {
            throw new IllegalArgumentException("receiver id 0 is no receiver's");
        }
        if (isFull())
        {
            throw new IllegalStateException("all " + MAX_RECEIVERS + " receiver slots are taken");
        }

        final int slot = Long.numberOfTrailingZeros(~attachedMask);
        receiverIds[slot] = receiverId;
        receiverControlSessionIds[slot] = controlSessionId;
        receiverCumulative[slot] = lastSequence;
        receiverCursors[slot] = inFlight.tail();
        receiverLockFiles[slot] = 0 == networkLivenessTimeoutNs ? StorePaths.receiverLockFile(storeRoot, receiverId) : null;
        receiverLastHeardNs[slot] = System.nanoTime();
        receiverPositions[slot] = position;
        attachedMask |= 1L << slot;
        receiversAttached++;

        return slot;
    }

    /**
     * Apply a cumulative ack: the receiver in {@code slot} has released everything up to {@code sequence}, clamped to
     * what was published. An ack below the receiver's last one changes nothing.
     *
     * @param slot         of an attached receiver.
     * @param sequence     acked, as received.
     * @param lastSequence last sequence published.
     */
    void ack(final int slot, final long sequence, final long lastSequence)
    {
        ackMessages++;
        advance(slot, sequence, lastSequence);
    }

    private void advance(final int slot, final long sequence, final long lastSequence)
    {
        final long cumulative = Math.min(sequence, lastSequence);
        if (cumulative > receiverCumulative[slot])
        {
            receiverCursors[slot] = inFlight.releaseUpTo(1L << slot, receiverCursors[slot], cumulative);
            receiverCumulative[slot] = cumulative;
        }
    }

    /**
     * Apply what the receivers stored in their shared-memory positions since the last call, as cumulative acks.
     * <p>
     * Cost: one acquire load per receiver with a position, and the release of what it acked, if anything.
     *
     * @param lastSequence last sequence published.
     * @return receivers whose position moved.
     */
    int applyPositions(final long lastSequence)
    {
        int moved = 0;
        long mask = attachedMask;
        while (0 != mask)
        {
            final int slot = Long.numberOfTrailingZeros(mask);
            mask &= mask - 1;
            if (applyPosition(slot, lastSequence))
            {
                moved++;
            }
        }

        return moved;
    }

    // The position of one receiver, applied as a cumulative ack if it moved: true if it did.
    private boolean applyPosition(final int slot, final long lastSequence)
    {
        final ReceiverPosition receiverPosition = receiverPositions[slot];
        final long position = null == receiverPosition ? ReceiverPosition.NO_POSITION : receiverPosition.position();
        if (position > receiverCumulative[slot])
        {
            advance(slot, position, lastSequence);
            positionAcks++;
            return true;
        }

        return false;
    }

    /**
     * Cumulative acks that came as {@code Ack} messages.
     *
     * @return count of messages applied, whether or not they moved the receiver on.
     */
    long ackMessages()
    {
        return ackMessages;
    }

    /**
     * Times a receiver's shared-memory position moved it on, found by {@link #applyPositions(long)}.
     *
     * @return count.
     */
    long positionAcks()
    {
        return positionAcks;
    }

    /**
     * Does the receiver in this slot ack through a shared-memory position?
     *
     * @param slot of an attached receiver.
     * @return true if it has a position file.
     */
    boolean hasPosition(final int slot)
    {
        return null != receiverPositions[slot];
    }

    /**
     * Unmap every position file (the store's deletion removes the files). For the publication's close.
     */
    void closePositions()
    {
        for (int slot = 0; slot < MAX_RECEIVERS; slot++)
        {
            CloseHelper.quietClose(receiverPositions[slot]);
            receiverPositions[slot] = null;
        }
    }

    /**
     * Apply an out-of-order release of one payload by the receiver in {@code slot}.
     *
     * @param slot     of an attached receiver.
     * @param sequence released.
     */
    /**
     * A sign of life from the receiver in a slot: network mode lets it go after a silence of the liveness timeout.
     *
     * @param slot  of the receiver.
     * @param nowNs when it was heard.
     */
    void heard(final int slot, final long nowNs)
    {
        receiverLastHeardNs[slot] = nowNs;
    }

    void release(final int slot, final long sequence)
    {
        inFlight.release(1L << slot, sequence);
    }

    /**
     * Let the receiver in {@code slot} go (it detached or died): what it held is released and what it had not acked
     * is counted {@link #payloadsAbandoned() abandoned}.
     *
     * @param slot         of an attached receiver.
     * @param lastSequence last sequence published.
     */
    void remove(final int slot, final long lastSequence)
    {
        final long bit = 1L << slot;
        // Its last acks may be in its position alone: a receiver stores it before it detaches, and the detach can be
        // applied before the duty cycle reads positions again. What it released there is not abandoned.
        applyPosition(slot, lastSequence);
        final ReceiverPosition position = receiverPositions[slot];
        payloadsAbandoned += Math.max(0, lastSequence - receiverCumulative[slot]);
        attachedMask &= ~bit;
        receiverIds[slot] = 0;
        receiverLockFiles[slot] = null;
        if (null != position)
        {
            // A receiver let go while alive writes on into the unlinked file, which nobody reads any more; a file
            // that cannot be deleted now goes with the store's directory.
            receiverPositions[slot] = null;
            position.close();
            deleteQuietly(position.file());
        }
        inFlight.releaseAll(bit);
    }

    /**
     * Remove every receiver whose liveness lock shows its process dead (its lock file is deleted then) or whose control
     * image went away, counting each {@link #receiversLost() lost}.
     *
     * @param lastSequence last sequence published.
     * @return receivers removed.
     */
    int checkLiveness(final long lastSequence)
    {
        return checkLiveness(lastSequence, System.nanoTime());
    }

    int checkLiveness(final long lastSequence, final long nowNs)
    {
        int work = 0;
        long mask = attachedMask;
        while (0 != mask)
        {
            final int slot = Long.numberOfTrailingZeros(mask);
            mask &= mask - 1;
            if (0 != networkLivenessTimeoutNs)
            {
                // Across hosts there is no lock to probe: a receiver lives while its control image does and it was
                // heard from within the timeout (its heartbeats come every tenth of it).
                if (!isControlImageAvailable.test(receiverControlSessionIds[slot]) ||
                    nowNs - receiverLastHeardNs[slot] > networkLivenessTimeoutNs)
                {
                    remove(slot, lastSequence);
                    receiversLost++;
                    work++;
                }
                continue;
            }

            final int liveness = LivenessLock.probe(receiverLockFiles[slot]);
            if (LivenessLock.DEAD == liveness || !isControlImageAvailable.test(receiverControlSessionIds[slot]))
            {
                if (LivenessLock.DEAD == liveness)
                {
                    deleteQuietly(receiverLockFiles[slot]);
                }
                remove(slot, lastSequence);
                receiversLost++;
                work++;
            }
        }

        return work;
    }

    /**
     * Has every attached receiver acked up to {@code sequence}?
     *
     * @param sequence to compare with.
     * @return true if no attached receiver's cumulative ack is below it (true when nobody is attached).
     */
    boolean isAckedUpTo(final long sequence)
    {
        long mask = attachedMask;
        while (0 != mask)
        {
            final int slot = Long.numberOfTrailingZeros(mask);
            mask &= mask - 1;
            if (receiverCumulative[slot] < sequence)
            {
                return false;
            }
        }

        return true;
    }

    /**
     * The lowest cumulative ack of the attached receivers.
     *
     * @param lastSequence last sequence published: the answer when nobody is attached, and the most it can be.
     * @return the lowest cumulative ack, at most {@code lastSequence}.
     */
    long minCumulative(final long lastSequence)
    {
        long oldestAcked = lastSequence;
        long mask = attachedMask;
        while (0 != mask)
        {
            final int slot = Long.numberOfTrailingZeros(mask);
            mask &= mask - 1;
            oldestAcked = Math.min(oldestAcked, receiverCumulative[slot]);
        }

        return oldestAcked;
    }

    /**
     * Receivers that have attached over the life of this table.
     *
     * @return count.
     */
    long receiversAttached()
    {
        return receiversAttached;
    }

    /**
     * Receivers removed by {@link #checkLiveness(long)}: they went away without detaching.
     *
     * @return count.
     */
    long receiversLost()
    {
        return receiversLost;
    }

    /**
     * Payloads that departed receivers left without acking.
     *
     * @return count, summed over departed receivers.
     */
    long payloadsAbandoned()
    {
        return payloadsAbandoned;
    }

    /**
     * Messages that named an attached receiver from another session than the one that attached it.
     *
     * @return count.
     */
    long foreignMessages()
    {
        return foreignMessages;
    }

    private static void deleteQuietly(final Path file)
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ignore)
        {
            // The janitor removes lock files nobody holds.
        }
    }
}
