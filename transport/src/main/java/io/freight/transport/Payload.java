/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.PayloadStore;
import io.freight.store.PayloadView;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.zip.CRC32C;

/**
 * A received payload, read in place: inline ones in the data stream's term, stored ones in the sender's mapped store,
 * read-only. A flyweight: the one a {@link PayloadHandler} gets is reused for the next payload.
 * <p>
 * Indexes are {@code long} and relative to the first payload byte, so payloads over 2 GiB read through the copies
 * and {@link #transferTo}; any payload in one mapped chunk is also one {@link #buffer()}: every payload up to
 * 1 GiB - 64 B, and every one in a ring or oversize segment of at most 2 GiB - 64 B.
 * <p>
 * Lifetime: valid while the handler runs; released (and acked) when it returns. To keep it longer, {@link #retain()}
 * it: the returned payload stays valid until {@link #release()} (or {@link #close()}), which may be called from any
 * thread, in any order. Not thread-safe otherwise.
 */
public final class Payload implements AutoCloseable
{
    static final int IDLE = 0;
    static final int IN_HANDLER = 1;
    static final int HANDED_ON = 2;
    static final int RETAINED = 3;
    static final int RELEASING = 4;

    private static final AtomicIntegerFieldUpdater<Payload> STATE =
        AtomicIntegerFieldUpdater.newUpdater(Payload.class, "state");

    final PayloadSubscription owner;
    final UnsafeBuffer inlineBuffer = new UnsafeBuffer(0, 0);
    final PayloadView view = new PayloadView();
    SenderImage session;
    long sequence;
    boolean isInline;
    private final CRC32C crc = new CRC32C();
    private UnsafeBuffer inlineCopy;
    private ByteBuffer scratch;
    private volatile int state = IDLE;

    Payload(final PayloadSubscription owner)
    {
        this.owner = owner;
    }

    void wrapInline(
        final SenderImage session, final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        session(session);
        this.sequence = sequence;
        this.isInline = true;
        if (null == buffer.byteArray())
        {
            // Off the heap, as an Aeron term is: by address, so the flyweight takes no reference per payload.
            buffer.boundsCheck(offset, length);
            inlineBuffer.wrap(buffer.addressOffset() + offset, length);
        }
        else
        {
            inlineBuffer.wrap(buffer, offset, length);
        }
    }

    void wrapStored(final SenderImage session, final long sequence)
    {
        session(session);
        this.sequence = sequence;
        this.isInline = false;
    }

    void copyFrom(final Payload other, final int inlineCapacity)
    {
        session = other.session;
        sequence = other.sequence;
        isInline = other.isInline;
        if (isInline)
        {
            if (null == inlineCopy)
            {
                inlineCopy = new UnsafeBuffer(ByteBuffer.allocateDirect(Math.max(inlineCapacity, 1)));
            }
            final int length = other.inlineBuffer.capacity();
            inlineCopy.putBytes(0, other.inlineBuffer, 0, length);
            inlineBuffer.wrap(inlineCopy, 0, length);
        }
        else
        {
            view.wrap(other.view);
        }
    }

    // A reference store costs the garbage collector's write barrier (G1's: a region and card check, and a StoreLoad
    // fence once this flyweight has left the young generation): a stream from one sender stores its image once, and
    // reset() leaves it in place, the state guarding every read.
    private void session(final SenderImage session)
    {
        if (this.session != session)
        {
            this.session = session;
        }
    }

    int state()
    {
        return state;
    }

    void state(final int state)
    {
        STATE.lazySet(this, state); // a release store: no full fence per delivery on the polling thread
    }

    boolean isOversize()
    {
        return !isInline && view.segmentId() != PayloadStore.RING_SEGMENT_ID;
    }

    void reset()
    {
        if (isInline)
        {
            inlineBuffer.wrap(0, 0);
        }
        if (view.isWrapped())
        {
            view.reset();
        }
        STATE.lazySet(this, IDLE);
    }

    /**
     * Sequence of the payload in its sender's stream.
     *
     * @return sequence.
     */
    public long sequence()
    {
        checkReadable();
        return sequence;
    }

    /**
     * Aeron session id of the sender, to tell several senders on one stream apart.
     *
     * @return session id.
     */
    public int sessionId()
    {
        checkReadable();
        return session.sessionId;
    }

    /**
     * Length of the payload.
     *
     * @return bytes.
     */
    public long length()
    {
        checkReadable();
        return isInline ? inlineBuffer.capacity() : view.payloadLength();
    }

    /**
     * Did the payload travel inline (true) or through the store (false)?
     *
     * @return true if inline.
     */
    public boolean isInline()
    {
        checkReadable();
        return isInline;
    }

    /**
     * Can the whole payload be read through {@link #buffer()}?
     *
     * @return true for every payload in one mapped chunk.
     */
    public boolean isContiguous()
    {
        checkReadable();
        return isInline || view.isContiguous();
    }

    /**
     * The payload as one read-only buffer, no copy; index 0 is the first payload byte. Valid for as long as this
     * payload is. Writing through it (by casting) faults: the store is mapped read-only.
     *
     * @return a buffer of {@link #length()} bytes.
     * @throws IllegalStateException if the payload spans mapped chunks (see {@link #isContiguous()}).
     */
    public DirectBuffer buffer()
    {
        checkReadable();
        return isInline ? inlineBuffer : view.buffer();
    }

    /**
     * Read one byte.
     *
     * @param index in the payload.
     * @return the byte.
     */
    public byte getByte(final long index)
    {
        checkReadable();
        return isInline ? inlineBuffer.getByte(inlineIndex(index, 1)) : view.getByte(index);
    }

    /**
     * Copy payload bytes into a buffer.
     *
     * @param index    in the payload.
     * @param dst      to copy into.
     * @param dstIndex in {@code dst}.
     * @param length   to copy.
     */
    public void getBytes(final long index, final MutableDirectBuffer dst, final int dstIndex, final int length)
    {
        checkReadable();
        if (isInline)
        {
            inlineBuffer.getBytes(inlineIndex(index, length), dst, dstIndex, length);
        }
        else
        {
            view.getBytes(index, dst, dstIndex, length);
        }
    }

    /**
     * Copy payload bytes into an array.
     *
     * @param index    in the payload.
     * @param dst      to copy into.
     * @param dstIndex in {@code dst}.
     * @param length   to copy.
     */
    public void getBytes(final long index, final byte[] dst, final int dstIndex, final int length)
    {
        checkReadable();
        if (isInline)
        {
            inlineBuffer.getBytes(inlineIndex(index, length), dst, dstIndex, length);
        }
        else
        {
            view.getBytes(index, dst, dstIndex, length);
        }
    }

    /**
     * Copy payload bytes into a {@link ByteBuffer}; its position and limit are not changed.
     *
     * @param index    in the payload.
     * @param dst      to copy into.
     * @param dstIndex absolute index in {@code dst}.
     * @param length   to copy.
     */
    public void getBytes(final long index, final ByteBuffer dst, final int dstIndex, final int length)
    {
        checkReadable();
        if (isInline)
        {
            inlineBuffer.getBytes(inlineIndex(index, length), dst, dstIndex, length);
        }
        else
        {
            view.getBytes(index, dst, dstIndex, length);
        }
    }

    /**
     * The payload copied into a new array: the easy way, at the price of an allocation and a copy.
     *
     * @return a new array holding the payload.
     * @throws IllegalStateException if the payload is longer than a Java array can be.
     */
    public byte[] toByteArray()
    {
        final long length = length();
        if (length > Integer.MAX_VALUE - 8)
        {
            throw new IllegalStateException("payload of " + length + " bytes does not fit a Java array; " +
                "read it with getBytes or transferTo");
        }

        final byte[] bytes = new byte[(int)length];
        getBytes(0, bytes, 0, bytes.length);
        return bytes;
    }

    /**
     * Write payload bytes to a channel straight from the mapping.
     *
     * @param index   in the payload.
     * @param length  to write.
     * @param channel to write to.
     * @return bytes written.
     * @throws IOException from the channel.
     */
    public long transferTo(final long index, final long length, final WritableByteChannel channel) throws IOException
    {
        checkReadable();
        if (!isInline)
        {
            return view.transferTo(index, length, channel);
        }

        final int at = inlineIndex(index, length);
        final ByteBuffer source = inlineScratch((int)length);
        inlineBuffer.getBytes(at, source, 0, (int)length);
        source.limit((int)length).position(0);
        long written = 0;
        while (source.hasRemaining())
        {
            final int count = channel.write(source);
            if (count <= 0)
            {
                break;
            }
            written += count;
        }

        return written;
    }

    /**
     * CRC32C of the payload bytes, computed where they lie (stored payloads are read straight from the mapping;
     * inline ones through a reused scratch buffer). Allocation-free once warm.
     *
     * @return the checksum, as {@link java.util.zip.CRC32C} computes it.
     */
    public int computeChecksum()
    {
        checkReadable();
        if (!isInline)
        {
            return view.computeChecksum();
        }

        final int length = inlineBuffer.capacity();
        final ByteBuffer scratch = inlineScratch(length);
        inlineBuffer.getBytes(0, scratch, 0, length);
        scratch.limit(length).position(0);
        crc.reset();
        crc.update(scratch);
        return (int)crc.getValue();
    }

    /**
     * Keep this payload past the handler: the returned payload is valid until {@link #release()}, and the sender's
     * region is not reused until then. Inline payloads are copied (they live in the data stream); stored ones are
     * not. Call it only inside the handler.
     *
     * @return the retained payload.
     * @throws IllegalStateException if not called in the handler, or {@link Freight.Context#maxRetained()} payloads
     *                               are retained already.
     */
    public Payload retain()
    {
        if (IN_HANDLER != state)
        {
            throw new IllegalStateException("retain() is for the payload a handler is given, while the handler runs");
        }

        return owner.retain(this);
    }

    /**
     * Release a retained payload: it must not be used afterwards, and the sender may reuse its region. Thread-safe;
     * the ack goes out from the receiver's next poll.
     *
     * @throws IllegalStateException if this payload was not retained or is released already.
     */
    public void release()
    {
        if (!STATE.compareAndSet(this, RETAINED, RELEASING))
        {
            throw new IllegalStateException(IN_HANDLER == state || HANDED_ON == state ?
                "the handler's payload is released when the handler returns; release() is for retained payloads" :
                "payload is not retained (released already?)");
        }

        owner.onRelease(this);
    }

    /**
     * Same as {@link #release()}, for try-with-resources.
     */
    public void close()
    {
        release();
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        final int state = this.state;
        return IN_HANDLER == state || HANDED_ON == state || RETAINED == state ?
            "Payload{sequence=" + sequence + ", length=" + length() + ", inline=" + isInline + '}' :
            "Payload{not readable}";
    }

    private void checkReadable()
    {
        final int state = this.state;
        if (IN_HANDLER != state && HANDED_ON != state && RETAINED != state)
        {
            throw new IllegalStateException(
                "payload is not readable: its handler returned, or it was released or handed on by retain()");
        }
    }

    private ByteBuffer inlineScratch(final int length)
    {
        if (null == scratch || scratch.capacity() < length)
        {
            scratch = ByteBuffer.allocateDirect(Math.max(length, 1024));
        }

        return scratch.clear();
    }

    private int inlineIndex(final long index, final long length)
    {
        final int capacity = inlineBuffer.capacity();
        if (index < 0 || length < 0 || index > capacity - length)
        {
            throw new IndexOutOfBoundsException(
                "range [" + index + ", +" + length + ") is outside the payload of " + capacity + " bytes");
        }

        return (int)index;
    }
}
