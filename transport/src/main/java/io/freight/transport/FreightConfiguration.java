/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.PropertyReader;
import io.freight.store.StoreConfiguration;

import java.util.concurrent.TimeUnit;

/**
 * Every system property of the transport: its name, its default and a getter that reads it, declared here once, as
 * Aeron's {@code Configuration} classes do. {@link Freight.Context} takes its defaults from these getters; a
 * malformed value fails when the context is created, naming the property, the value and what is expected. The store
 * properties ({@code freight.store.*}) are {@link StoreConfiguration}'s, applied to the store of every publication.
 * <table>
 *     <caption>System properties</caption>
 *     <tr><th>property</th><th>default</th><th>meaning</th></tr>
 *     <tr><td>{@value #EMBEDDED_DRIVER_PROP_NAME}</td><td>true</td><td>launch an embedded media driver</td></tr>
 *     <tr><td>{@value #CHANNEL_PROP_NAME}</td><td>aeron:ipc</td><td>channel of the data and control streams</td></tr>
 *     <tr><td>{@value #DATA_TERM_LENGTH_PROP_NAME}</td><td>8m</td><td>term length of each data publication</td></tr>
 *     <tr><td>{@value #DATA_MTU_LENGTH_PROP_NAME}</td><td>65504</td><td>MTU of each data publication</td></tr>
 *     <tr><td>{@value #CONTROL_TERM_LENGTH_PROP_NAME}</td><td>1m</td>
 *         <td>term length of each control publication</td></tr>
 *     <tr><td>{@value #CONTROL_STREAM_ID_OFFSET_PROP_NAME}</td><td>0x40000000</td>
 *         <td>added to a data stream id to give its control stream id</td></tr>
 *     <tr><td>{@value #INLINE_THRESHOLD_PROP_NAME}</td><td>2k</td><td>largest payload that travels inline</td></tr>
 *     <tr><td>{@value #CHECKSUMS_PROP_NAME}</td><td>false</td><td>CRC32C of every stored payload</td></tr>
 *     <tr><td>{@value #MAX_UNACKED_PROP_NAME}</td><td>0 (no bound)</td><td>sender capacity in messages</td></tr>
 *     <tr><td>{@value #MAX_RETAINED_PROP_NAME}</td><td>64</td><td>payloads a receiver may retain</td></tr>
 *     <tr><td>{@value #ATTACH_INTERVAL_PROP_NAME}</td><td>50ms</td><td>receiver's sender discovery interval</td></tr>
 *     <tr><td>{@value #LIVENESS_CHECK_INTERVAL_PROP_NAME}</td><td>100ms</td>
 *         <td>sender's receiver liveness probe interval</td></tr>
 * </table>
 */
public final class FreightConfiguration
{
    /**
     * Launch an embedded media driver (true) or connect to a running one (false).
     */
    public static final String EMBEDDED_DRIVER_PROP_NAME = "freight.driver.embedded";

    /**
     * Default: launch an embedded media driver.
     */
    public static final boolean EMBEDDED_DRIVER_DEFAULT = true;

    /**
     * Aeron channel of the data and control streams.
     */
    public static final String CHANNEL_PROP_NAME = "freight.channel";

    /**
     * Default channel: IPC, the only kind the store (shared memory on one host) allows.
     */
    public static final String CHANNEL_DEFAULT = "aeron:ipc";

    /**
     * Term length of each sender's data publication; k, m, g suffixes allowed.
     */
    public static final String DATA_TERM_LENGTH_PROP_NAME = "freight.data.term.length";

    /**
     * Default data term length: 8 MiB, room for a window of 4 MiB of descriptors and inline payloads.
     */
    public static final int DATA_TERM_LENGTH_DEFAULT = 8 * 1024 * 1024;

    /**
     * MTU of each sender's data publication: inline messages up to it are never fragmented, so the receiver reads
     * them in place; k suffix allowed.
     */
    public static final String DATA_MTU_LENGTH_PROP_NAME = "freight.data.mtu.length";

    /**
     * Default data MTU: Aeron's largest, so inline payloads up to ~64 KiB travel in one fragment.
     */
    public static final int DATA_MTU_LENGTH_DEFAULT = 65504;

    /**
     * Term length of each receiver's control publication; k, m, g suffixes allowed.
     */
    public static final String CONTROL_TERM_LENGTH_PROP_NAME = "freight.control.term.length";

    /**
     * Default control term length: 1 MiB, a 512 KiB window, so that acks are never held back by the driver.
     */
    public static final int CONTROL_TERM_LENGTH_DEFAULT = 1024 * 1024;

    /**
     * Added to a data stream id to give its control stream id.
     */
    public static final String CONTROL_STREAM_ID_OFFSET_PROP_NAME = "freight.control.stream.id.offset";

    /**
     * Default control stream id offset.
     */
    public static final int CONTROL_STREAM_ID_OFFSET_DEFAULT = 0x4000_0000;

    /**
     * Payloads of at most this many bytes travel inline on the data stream instead of through the store; k suffix
     * allowed.
     */
    public static final String INLINE_THRESHOLD_PROP_NAME = "freight.inline.threshold";

    /**
     * Default inline threshold in bytes; see the README for the measurement behind it.
     */
    public static final int INLINE_THRESHOLD_DEFAULT = 2 * 1024;

    /**
     * Senders compute a CRC32C of every stored payload and receivers verify it.
     */
    public static final String CHECKSUMS_PROP_NAME = "freight.checksums";

    /**
     * Default: no checksums (each costs a pass over the payload on each side).
     */
    public static final boolean CHECKSUMS_DEFAULT = false;

    /**
     * Payloads a sender may have sent and not yet seen acked by every receiver, inline ones included: the queue's
     * capacity in messages, like py-sharedmemory's {@code capacity}; 0 for no bound beyond the store's.
     */
    public static final String MAX_UNACKED_PROP_NAME = "freight.max.unacked";

    /**
     * Default sender capacity: 0, no bound beyond the store's regions and bytes.
     */
    public static final long MAX_UNACKED_DEFAULT = 0;

    /**
     * Payloads a receiver may retain past its handler at once.
     */
    public static final String MAX_RETAINED_PROP_NAME = "freight.max.retained";

    /**
     * Default maximum retained payloads per receiver.
     */
    public static final int MAX_RETAINED_DEFAULT = 64;

    /**
     * How often a receiver looks for new senders and repeats unanswered attaches; a duration like 50ms.
     */
    public static final String ATTACH_INTERVAL_PROP_NAME = "freight.attach.interval";

    /**
     * Default attach interval: 50 ms.
     */
    public static final long ATTACH_INTERVAL_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(50);

    /**
     * How often a sender probes its receivers' liveness locks and control images; a duration like 100ms. A receiver
     * that dies is let go of within about this long (while the sender's duty cycle runs).
     */
    public static final String LIVENESS_CHECK_INTERVAL_PROP_NAME = "freight.liveness.check.interval";

    /**
     * Default liveness check interval: 100 ms.
     */
    public static final long LIVENESS_CHECK_INTERVAL_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(100);

    /**
     * Channel of the control stream (acks, attaches, heartbeats: receivers to sender); unset means the data channel,
     * which is right for {@code aeron:ipc}. In network mode it names the sender's host, e.g.
     * {@code aeron:udp?endpoint=sender-host:40124}, as the data channel names the receiver's.
     */
    public static final String CONTROL_CHANNEL_PROP_NAME = "freight.control.channel";

    /**
     * Network mode: how long a sender or receiver is kept without a sign of life from the other side (any message or
     * a heartbeat, sent every tenth of it); a duration like 10s. Lock files serve this on one host; across hosts this
     * bound does. A receiver that does not poll for this long is let go of, as a dead one is.
     */
    public static final String NETWORK_LIVENESS_TIMEOUT_PROP_NAME = "freight.network.liveness.timeout";

    /**
     * Default network liveness timeout: 10 s, Aeron's own image liveness timeout.
     */
    public static final long NETWORK_LIVENESS_TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(10);

    private FreightConfiguration()
    {
    }

    /**
     * {@value #CONTROL_CHANNEL_PROP_NAME}, else null: the data channel.
     *
     * @return the control channel or null.
     */
    public static String controlChannel()
    {
        return System.getProperty(CONTROL_CHANNEL_PROP_NAME);
    }

    /**
     * {@value #NETWORK_LIVENESS_TIMEOUT_PROP_NAME}, else {@link #NETWORK_LIVENESS_TIMEOUT_DEFAULT_NS}.
     *
     * @return nanoseconds.
     * @throws IllegalArgumentException naming the property and the value if it is not a duration.
     */
    public static long networkLivenessTimeoutNs()
    {
        return PropertyReader.durationNs(NETWORK_LIVENESS_TIMEOUT_PROP_NAME, NETWORK_LIVENESS_TIMEOUT_DEFAULT_NS);
    }

    /**
     * {@value #EMBEDDED_DRIVER_PROP_NAME}, else {@link #EMBEDDED_DRIVER_DEFAULT}.
     *
     * @return true to launch an embedded driver.
     * @throws IllegalArgumentException naming the property and the value if it is neither true nor false.
     */
    public static boolean embeddedDriver()
    {
        return PropertyReader.booleanValue(EMBEDDED_DRIVER_PROP_NAME, EMBEDDED_DRIVER_DEFAULT);
    }

    /**
     * {@value #CHANNEL_PROP_NAME}, else {@link #CHANNEL_DEFAULT}.
     *
     * @return the channel.
     */
    public static String channel()
    {
        return System.getProperty(CHANNEL_PROP_NAME, CHANNEL_DEFAULT);
    }

    /**
     * {@value #DATA_TERM_LENGTH_PROP_NAME}, else {@link #DATA_TERM_LENGTH_DEFAULT}.
     *
     * @return bytes.
     * @throws IllegalArgumentException naming the property and the value if it is not a size below 2 GiB.
     */
    public static int dataTermLength()
    {
        return PropertyReader.sizeAsInt(DATA_TERM_LENGTH_PROP_NAME, DATA_TERM_LENGTH_DEFAULT);
    }

    /**
     * {@value #DATA_MTU_LENGTH_PROP_NAME}, else {@link #DATA_MTU_LENGTH_DEFAULT}.
     *
     * @return bytes.
     * @throws IllegalArgumentException naming the property and the value if it is not a size below 2 GiB.
     */
    public static int dataMtuLength()
    {
        return PropertyReader.sizeAsInt(DATA_MTU_LENGTH_PROP_NAME, DATA_MTU_LENGTH_DEFAULT);
    }

    /**
     * {@value #CONTROL_TERM_LENGTH_PROP_NAME}, else {@link #CONTROL_TERM_LENGTH_DEFAULT}.
     *
     * @return bytes.
     * @throws IllegalArgumentException naming the property and the value if it is not a size below 2 GiB.
     */
    public static int controlTermLength()
    {
        return PropertyReader.sizeAsInt(CONTROL_TERM_LENGTH_PROP_NAME, CONTROL_TERM_LENGTH_DEFAULT);
    }

    /**
     * {@value #CONTROL_STREAM_ID_OFFSET_PROP_NAME}, else {@link #CONTROL_STREAM_ID_OFFSET_DEFAULT}.
     *
     * @return the offset.
     * @throws IllegalArgumentException naming the property and the value if it is not an int.
     */
    public static int controlStreamIdOffset()
    {
        return PropertyReader.intValue(CONTROL_STREAM_ID_OFFSET_PROP_NAME, CONTROL_STREAM_ID_OFFSET_DEFAULT);
    }

    /**
     * {@value #INLINE_THRESHOLD_PROP_NAME}, else {@link #INLINE_THRESHOLD_DEFAULT}.
     *
     * @return bytes.
     * @throws IllegalArgumentException naming the property and the value if it is not a size below 2 GiB.
     */
    public static int inlineThreshold()
    {
        return PropertyReader.sizeAsInt(INLINE_THRESHOLD_PROP_NAME, INLINE_THRESHOLD_DEFAULT);
    }

    /**
     * {@value #CHECKSUMS_PROP_NAME}, else {@link #CHECKSUMS_DEFAULT}.
     *
     * @return true for checksums.
     * @throws IllegalArgumentException naming the property and the value if it is neither true nor false.
     */
    public static boolean checksums()
    {
        return PropertyReader.booleanValue(CHECKSUMS_PROP_NAME, CHECKSUMS_DEFAULT);
    }

    /**
     * {@value #MAX_UNACKED_PROP_NAME}, else {@link #MAX_UNACKED_DEFAULT}.
     *
     * @return count, 0 for no bound beyond the store's.
     * @throws IllegalArgumentException naming the property and the value if it is not a long.
     */
    public static long maxUnacked()
    {
        return PropertyReader.longValue(MAX_UNACKED_PROP_NAME, MAX_UNACKED_DEFAULT);
    }

    /**
     * {@value #MAX_RETAINED_PROP_NAME}, else {@link #MAX_RETAINED_DEFAULT}.
     *
     * @return count.
     * @throws IllegalArgumentException naming the property and the value if it is not an int.
     */
    public static int maxRetained()
    {
        return PropertyReader.intValue(MAX_RETAINED_PROP_NAME, MAX_RETAINED_DEFAULT);
    }

    /**
     * {@value #ATTACH_INTERVAL_PROP_NAME}, else {@link #ATTACH_INTERVAL_DEFAULT_NS}.
     *
     * @return nanoseconds.
     * @throws IllegalArgumentException naming the property and the value if it is not a duration.
     */
    public static long attachIntervalNs()
    {
        return PropertyReader.durationNs(ATTACH_INTERVAL_PROP_NAME, ATTACH_INTERVAL_DEFAULT_NS);
    }

    /**
     * {@value #LIVENESS_CHECK_INTERVAL_PROP_NAME}, else {@link #LIVENESS_CHECK_INTERVAL_DEFAULT_NS}.
     *
     * @return nanoseconds.
     * @throws IllegalArgumentException naming the property and the value if it is not a duration.
     */
    public static long livenessCheckIntervalNs()
    {
        return PropertyReader.durationNs(LIVENESS_CHECK_INTERVAL_PROP_NAME, LIVENESS_CHECK_INTERVAL_DEFAULT_NS);
    }
}
