/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Every system property of a {@link PayloadStore}: its name, its default and a getter that reads it, declared here
 * once, as Aeron's {@code Configuration} classes do. {@link PayloadStore.Context} takes its defaults from these
 * getters; a malformed value fails when the context is created, naming the property, the value and what is expected
 * ({@link PropertyReader}).
 * <table>
 *     <caption>System properties</caption>
 *     <tr><th>property</th><th>default</th><th>meaning</th></tr>
 *     <tr><td>{@value #ROOT_PROP_NAME}</td><td>/dev/shm</td><td>directory holding freight-&lt;user&gt;/</td></tr>
 *     <tr><td>{@value #RING_LENGTH_PROP_NAME}</td><td>64m</td><td>ring segment length</td></tr>
 *     <tr><td>{@value #MAX_STORE_LENGTH_PROP_NAME}</td><td>min(16g, half the root's size)</td>
 *         <td>ring plus oversize segments</td></tr>
 *     <tr><td>{@value #MAX_REGIONS_PROP_NAME}</td><td>8192</td><td>ring regions in flight (power of two)</td></tr>
 *     <tr><td>{@value #MAX_OVERSIZE_SEGMENTS_PROP_NAME}</td><td>16</td>
 *         <td>oversize segments, in flight or idle</td></tr>
 *     <tr><td>{@value #PRE_TOUCH_PROP_NAME}</td><td>true</td><td>commit the ring's pages at creation, and a new
 *         oversize segment's before its first payload</td></tr>
 *     <tr><td>{@value #OVERSIZE_IDLE_TIMEOUT_PROP_NAME}</td><td>5s</td>
 *         <td>an idle oversize segment is kept for reuse this long</td></tr>
 * </table>
 */
public final class StoreConfiguration
{
    /**
     * Root directory of stores.
     */
    public static final String ROOT_PROP_NAME = "freight.store.root";

    /**
     * Default root directory of stores: /dev/shm, a tmpfs on Linux.
     */
    public static final String ROOT_DEFAULT = StorePaths.DEFAULT_ROOT;

    /**
     * Ring segment length; k, m, g suffixes allowed.
     */
    public static final String RING_LENGTH_PROP_NAME = "freight.store.ring.length";

    /**
     * Default ring length: 64 MiB.
     */
    public static final long RING_LENGTH_DEFAULT = 64L * 1024 * 1024;

    /**
     * Maximum store length, ring plus oversize segments; k, m, g suffixes allowed; 0 (the default) for
     * {@link #defaultMaxStoreLength(long, long)}.
     */
    public static final String MAX_STORE_LENGTH_PROP_NAME = "freight.store.max.length";

    /**
     * Upper bound of the default maximum store length: 16 GiB.
     */
    public static final long MAX_STORE_LENGTH_DEFAULT_CAP = 16L * 1024 * 1024 * 1024;

    /**
     * Maximum ring regions in flight.
     */
    public static final String MAX_REGIONS_PROP_NAME = "freight.store.max.regions";

    /**
     * Default maximum ring regions in flight.
     */
    public static final int MAX_REGIONS_DEFAULT = 8192;

    /**
     * Maximum oversize segments at once, in flight or idle.
     */
    public static final String MAX_OVERSIZE_SEGMENTS_PROP_NAME = "freight.store.max.oversize.segments";

    /**
     * Default maximum oversize segments, in flight or idle.
     */
    public static final int MAX_OVERSIZE_SEGMENTS_DEFAULT = 16;

    /**
     * Whether to touch the ring's pages at creation.
     */
    public static final String PRE_TOUCH_PROP_NAME = "freight.store.pre.touch";

    /**
     * Default: pre-touch, so that no message pays a first-touch page fault in the ring.
     */
    public static final boolean PRE_TOUCH_DEFAULT = true;

    /**
     * How long a released oversize segment is kept mapped for the next payload that fits before it is unlinked and its
     * memory returned; a duration like 5s, 0 to unlink at release.
     */
    public static final String OVERSIZE_IDLE_TIMEOUT_PROP_NAME = "freight.store.oversize.idle.timeout";

    /**
     * Default oversize idle timeout: 5 s, long enough for any stream of large payloads to reuse its segments, short
     * enough that a burst does not pin its memory for long.
     */
    public static final long OVERSIZE_IDLE_TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(5);

    private StoreConfiguration()
    {
    }

    /**
     * {@value #ROOT_PROP_NAME}, else {@link #ROOT_DEFAULT}.
     *
     * @return the root directory of stores.
     */
    public static Path root()
    {
        return Path.of(System.getProperty(ROOT_PROP_NAME, ROOT_DEFAULT));
    }

    /**
     * {@value #RING_LENGTH_PROP_NAME}, else {@link #RING_LENGTH_DEFAULT}.
     *
     * @return bytes.
     * @throws IllegalArgumentException naming the property and the value if it is not a size.
     */
    public static long ringLength()
    {
        return PropertyReader.sizeAsLong(RING_LENGTH_PROP_NAME, RING_LENGTH_DEFAULT);
    }

    /**
     * {@value #MAX_STORE_LENGTH_PROP_NAME}, else 0: derive it when the context is concluded.
     *
     * @return bytes, 0 for {@link #defaultMaxStoreLength(long, long)}.
     * @throws IllegalArgumentException naming the property and the value if it is not a size.
     */
    public static long maxStoreLength()
    {
        return PropertyReader.sizeAsLong(MAX_STORE_LENGTH_PROP_NAME, 0);
    }

    /**
     * The maximum store length used when none is set: half the root's file system, at most
     * {@link #MAX_STORE_LENGTH_DEFAULT_CAP}, and never less than the ring.
     *
     * @param ringLength of the store.
     * @param rootSize   total bytes of the file system holding the root.
     * @return bytes.
     */
    public static long defaultMaxStoreLength(final long ringLength, final long rootSize)
    {
        return Math.max(ringLength, Math.min(MAX_STORE_LENGTH_DEFAULT_CAP, rootSize / 2));
    }

    /**
     * {@value #MAX_REGIONS_PROP_NAME}, else {@link #MAX_REGIONS_DEFAULT}.
     *
     * @return count.
     * @throws IllegalArgumentException naming the property and the value if it is not an int.
     */
    public static int maxRegionsInFlight()
    {
        return PropertyReader.intValue(MAX_REGIONS_PROP_NAME, MAX_REGIONS_DEFAULT);
    }

    /**
     * {@value #MAX_OVERSIZE_SEGMENTS_PROP_NAME}, else {@link #MAX_OVERSIZE_SEGMENTS_DEFAULT}.
     *
     * @return count.
     * @throws IllegalArgumentException naming the property and the value if it is not an int.
     */
    public static int maxOversizeSegments()
    {
        return PropertyReader.intValue(MAX_OVERSIZE_SEGMENTS_PROP_NAME, MAX_OVERSIZE_SEGMENTS_DEFAULT);
    }

    /**
     * {@value #PRE_TOUCH_PROP_NAME}, else {@link #PRE_TOUCH_DEFAULT}.
     *
     * @return true to pre-touch.
     * @throws IllegalArgumentException naming the property and the value if it is neither true nor false.
     */
    public static boolean preTouch()
    {
        return PropertyReader.booleanValue(PRE_TOUCH_PROP_NAME, PRE_TOUCH_DEFAULT);
    }

    /**
     * {@value #OVERSIZE_IDLE_TIMEOUT_PROP_NAME}, else {@link #OVERSIZE_IDLE_TIMEOUT_DEFAULT_NS}.
     *
     * @return nanoseconds.
     * @throws IllegalArgumentException naming the property and the value if it is not a duration.
     */
    public static long oversizeIdleTimeoutNs()
    {
        return PropertyReader.durationNs(OVERSIZE_IDLE_TIMEOUT_PROP_NAME, OVERSIZE_IDLE_TIMEOUT_DEFAULT_NS);
    }
}
