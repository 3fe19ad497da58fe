/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The owner's side of a store: creates it, claims regions for payloads, releases them, and removes every file on
 * close.
 * <p>
 * Payloads up to the ring's largest region go into the ring segment, mapped once and recycled forever, so that in
 * steady state every write lands on resident pages and nothing is created, mapped or faulted per message. A payload
 * larger than that gets an oversize segment of its own: a released one is kept mapped, idle, and reused for the next
 * payload that fits (a new generation in its region header), so large payloads of steady sizes land on resident
 * pages too; an idle segment is unlinked once idle for {@link Context#oversizeIdleTimeoutNs()} (checked at each
 * {@link #heartbeat(long)}), or sooner when room is needed for a segment of another size ({@link SegmentPool}).
 * Claiming never blocks: when there is no room it says so and the caller decides whether to wait.
 * <p>
 * Bounded: at most {@link Context#maxRegionsInFlight()} ring regions in flight and
 * {@link Context#maxOversizeSegments()} oversize segments in existence, and the ring plus the oversize segments, idle
 * ones included, never exceed {@link Context#maxStoreLength()}.
 * <p>
 * {@link #tryClaim} and {@link #release} allocate nothing for ring regions. Not thread-safe: one owner thread (for
 * example the agent that runs the sender's duty cycle) uses a store.
 */
public final class PayloadStore implements AutoCloseable
{
    /**
     * Not enough free space now: release something and try again.
     */
    public static final long NO_ROOM = RingAllocator.NO_ROOM;

    /**
     * The maximum number of regions (or oversize segments) are in flight: release something and try again.
     */
    public static final long TOO_MANY_REGIONS = RingAllocator.TOO_MANY_REGIONS;

    /**
     * Id of the ring segment; oversize segments are numbered from 1 and never reused within a store.
     */
    public static final int RING_SEGMENT_ID = 0;

    private final Context ctx;
    private final Path directory;
    private final LivenessLock ownerLock;
    private final StoreMetaFile metaFile;
    private final MappedSegment ring;
    private final RingAllocator allocator;
    private final Int2ObjectHashMap<MappedSegment> oversizeSegments = new Int2ObjectHashMap<>();
    private final long maxOversizeBytes;
    private final SegmentPool pool;
    private long generation;
    private int nextSegmentId = RING_SEGMENT_ID + 1;
    private boolean isClosed;

    private PayloadStore(final Context ctx) throws IOException
    {
        this.ctx = ctx;
        final Path userDirectory = StorePaths.ensureUserDirectory(ctx.root());
        directory = userDirectory.resolve(ctx.storeId());
        Files.createDirectory(directory, StorePaths.OWNER_ONLY_DIRECTORY);

        LivenessLock ownerLock = null;
        StoreMetaFile metaFile = null;
        MappedSegment ring = null;
        try
        {
            ownerLock = LivenessLock.create(directory.resolve(StorePaths.OWNER_LOCK_FILE_NAME));
            checkSpace(ctx.ringLength());
            metaFile = StoreMetaFile.create(
                directory.resolve(StorePaths.META_FILE_NAME),
                1 + ctx.maxOversizeSegments(),
                ProcessIdentity.currentPid(),
                ProcessIdentity.currentStartTime(),
                ctx.ringLength(),
                ctx.maxStoreLength(),
                ctx.epochClock().time());

            ring = MappedSegment.create(
                directory.resolve(StorePaths.segmentFileName(RING_SEGMENT_ID)), RING_SEGMENT_ID, ctx.ringLength());
            if (ctx.preTouch())
            {
                ring.preTouch();
            }
            metaFile.addSegment(RING_SEGMENT_ID, StoreSegmentKind.RING, ring.length());
            metaFile.signalReady();
        }
        catch (final IOException | RuntimeException ex)
        {
            if (null != ring)
            {
                ring.close();
            }
            if (null != metaFile)
            {
                metaFile.close();
            }
            if (null != ownerLock)
            {
                ownerLock.close();
            }
            StorePaths.deleteTree(directory);
            StorePaths.deleteUserDirectoryIfEmpty(ctx.root());
            throw ex;
        }

        this.ownerLock = ownerLock;
        this.metaFile = metaFile;
        this.ring = ring;
        this.allocator = new RingAllocator(ring.length(), ring.chunkBoundary(), ctx.maxRegionsInFlight());
        this.maxOversizeBytes = ctx.maxStoreLength() - ctx.ringLength();
        this.pool = new SegmentPool(maxOversizeBytes, ctx.maxOversizeSegments());
    }

    /**
     * Create a store: its directory, meta file and ring segment (pre-touched if so configured).
     *
     * @param ctx configuration; {@link Context#conclude()} is called here.
     * @return the store, ready for claims.
     * @throws UncheckedIOException if the files cannot be created; nothing is left behind.
     */
    public static PayloadStore create(final Context ctx)
    {
        ctx.conclude();
        try
        {
            return new PayloadStore(ctx);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create store " + ctx.storeId() + " under " + ctx.root(), ex);
        }
    }

    /**
     * The configuration this store was created with.
     *
     * @return the concluded context.
     */
    public Context context()
    {
        return ctx;
    }

    /**
     * Id of the store: its directory's name, what readers open.
     *
     * @return the store id.
     */
    public String storeId()
    {
        return ctx.storeId();
    }

    /**
     * The store's directory.
     *
     * @return the directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * The ring segment.
     *
     * @return the ring segment.
     */
    public MappedSegment ringSegment()
    {
        return ring;
    }

    /**
     * Largest payload that goes into the ring; longer ones get an oversize segment.
     *
     * @return bytes.
     */
    public long maxRingPayloadLength()
    {
        return allocator.maxRegionLength() - RegionHeader.LENGTH;
    }

    /**
     * Largest payload this store can ever accept.
     *
     * @return bytes.
     */
    public long maxPayloadLength()
    {
        return Math.max(maxRingPayloadLength(), maxOversizeBytes - RegionHeader.LENGTH);
    }

    /**
     * Claim a region for a payload and write its header. The region holds the payload until it is released.
     *
     * @param payloadLength of the payload, 0 to {@link #maxPayloadLength()}.
     * @param region        flyweight to point at the claimed region.
     * @return the region's generation (positive) on success, else {@link #NO_ROOM} or {@link #TOO_MANY_REGIONS}.
     * @throws IllegalArgumentException if the length is negative or larger than the store could ever hold.
     * @throws UncheckedIOException     if an oversize segment cannot be created.
     * @throws IllegalStateException    if the store is closed.
     */
    public long tryClaim(final long payloadLength, final Region region)
    {
        checkOpen();
        checkPayloadLength(payloadLength);

        final long regionLength = RegionHeader.regionLength(payloadLength);
        if (regionLength <= allocator.maxRegionLength())
        {
            final long nextGeneration = generation + 1;
            final long regionOffset = allocator.claim(regionLength, nextGeneration);
            if (regionOffset < 0)
            {
                return regionOffset;
            }

            generation = nextGeneration;
            RegionHeader.writeClaimed(ring, regionOffset, payloadLength, nextGeneration);
            region.wrap(ring, regionOffset, payloadLength, nextGeneration);

            return nextGeneration;
        }

        return tryClaimOversize(payloadLength, regionLength, region);
    }

    /**
     * Give a region back: once released its bytes may be claimed again (a ring region as soon as every older one is
     * released too; an oversize segment at once, kept mapped and idle until reused or given back, or unlinked now if
     * {@link Context#oversizeIdleTimeoutNs()} is 0).
     *
     * @param segmentId    of the region.
     * @param regionOffset of the region.
     * @param generation   of the region's claim.
     * @throws IllegalStateException if no such region is in flight (released twice, or never claimed).
     */
    public void release(final int segmentId, final long regionOffset, final long generation)
    {
        checkOpen();
        if (RING_SEGMENT_ID == segmentId)
        {
            if (!allocator.release(regionOffset, generation))
            {
                throw notInFlight(segmentId, regionOffset, generation);
            }
            return;
        }

        final MappedSegment segment = oversizeSegments.get(segmentId);
        if (null == segment || 0 != regionOffset || !pool.isInFlight(segmentId) ||
            segment.getLong(RegionHeader.GENERATION_OFFSET) != generation)
        {
            throw notInFlight(segmentId, regionOffset, generation);
        }

        pool.release(segmentId, ctx.epochClock().time());
        if (0 == ctx.oversizeIdleTimeoutNs())
        {
            unlink(segmentId);
        }
    }

    /**
     * Give back the oversize segments idle for longer than {@link Context#oversizeIdleTimeoutNs()}: unmapped and
     * unlinked, their memory returned once receivers unmap them too. Run by {@link #heartbeat(long)}.
     *
     * @param nowMs epoch milliseconds.
     * @return segments given back.
     */
    public int reclaimIdle(final long nowMs)
    {
        checkOpen();
        final long idleTimeoutMs = TimeUnit.NANOSECONDS.toMillis(ctx.oversizeIdleTimeoutNs());
        int reclaimed = 0;
        int segmentId;
        while ((segmentId = pool.expired(nowMs, idleTimeoutMs)) >= 0)
        {
            unlink(segmentId);
            reclaimed++;
        }

        return reclaimed;
    }

    /**
     * Oversize segments that exist: in flight or idle.
     *
     * @return count, at most {@link Context#maxOversizeSegments()}.
     */
    public int oversizeSegments()
    {
        return pool.segments();
    }

    /**
     * Oversize segments kept mapped with no payload in them, for the next payload that fits.
     *
     * @return count.
     */
    public int idleOversizeSegments()
    {
        return pool.segments() - pool.inFlight();
    }

    /**
     * Regions in flight: ring regions not yet reclaimed plus oversize segments.
     *
     * @return count.
     */
    public int regionsInFlight()
    {
        return allocator.regionsInFlight() + pool.inFlight();
    }

    /**
     * Regions claimed and not yet released: {@link #regionsInFlight()} less the ring regions released out of order,
     * whose space the ring gets back only once every older region is released too.
     *
     * @return live regions, ring and oversize.
     */
    public int liveRegions()
    {
        return allocator.liveRegions() + pool.inFlight();
    }

    /**
     * Bytes in flight: ring bytes not yet reclaimed (skipped gaps included) plus oversize segment lengths.
     *
     * @return bytes.
     */
    public long bytesInFlight()
    {
        return allocator.bytesInFlight() + pool.inFlightBytes();
    }

    /**
     * Bytes of segment files the store has now: the ring plus the oversize segments, in flight or idle.
     *
     * @return bytes, never more than {@link Context#maxStoreLength()}.
     */
    public long storeLength()
    {
        return ring.length() + pool.bytes();
    }

    /**
     * Record in the meta file that the owner is alive, and give back oversize segments idle for too long. Cheap when
     * none is: one ordered store and a scan of the oversize segments.
     *
     * @param nowMs epoch milliseconds.
     */
    public void heartbeat(final long nowMs)
    {
        checkOpen();
        metaFile.heartbeat(nowMs);
        reclaimIdle(nowMs);
    }

    /**
     * Has this store been closed?
     *
     * @return true once {@link #close()} has run.
     */
    public boolean isClosed()
    {
        return isClosed;
    }

    /**
     * Unmap every segment and delete every file of the store, its directory, and the per-user directory if no
     * other store is in it. Readers that still map segments keep their pages until they unmap. Idempotent.
     */
    public void close()
    {
        if (isClosed)
        {
            return;
        }
        isClosed = true;

        oversizeSegments.values().forEach(MappedSegment::close);
        oversizeSegments.clear();
        ring.close();
        metaFile.close();
        try
        {
            StorePaths.deleteTree(directory);
            ownerLock.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete store directory " + directory, ex);
        }
        finally
        {
            ownerLock.close();
            StorePaths.deleteUserDirectoryIfEmpty(ctx.root());
        }
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "PayloadStore{directory=" + directory + ", ringLength=" + ring.length() +
            ", regionsInFlight=" + regionsInFlight() + ", bytesInFlight=" + bytesInFlight() + '}';
    }

    private long tryClaimOversize(final long payloadLength, final long regionLength, final Region region)
    {
        final int idle = pool.bestFitIdle(regionLength);
        if (idle >= 0)
        {
            pool.acquire(idle);
            return claimIn(oversizeSegments.get(idle), payloadLength, region);
        }

        final long segmentLength = pool.segmentLength(regionLength);
        if (!pool.couldHaveRoomFor(segmentLength))
        {
            return pool.inFlight() >= ctx.maxOversizeSegments() ? TOO_MANY_REGIONS : NO_ROOM;
        }
        if (!pool.shouldAdd(regionLength))
        {
            return NO_ROOM; // one that fits comes back soon: no fresh pages, nothing other sizes keep is given back
        }

        try
        {
            // Idle segments of other sizes make room, the longest idle first: within the bound, then on the file
            // system (couldHaveRoomFor above says the first loop ends).
            while (!pool.hasRoomFor(segmentLength))
            {
                unlink(pool.oldestIdle());
            }
            boolean hasSpace;
            while (!(hasSpace = hasSpace(segmentLength)) && pool.oldestIdle() >= 0)
            {
                unlink(pool.oldestIdle());
            }
            if (!hasSpace)
            {
                if (0 == pool.segments())
                {
                    checkSpace(segmentLength);
                }
                return NO_ROOM;
            }

            final int segmentId = nextSegmentId;
            if (segmentId == Integer.MAX_VALUE)
            {
                throw new IllegalStateException("store " + storeId() + " has used every oversize segment id");
            }

            final MappedSegment segment = MappedSegment.create(
                directory.resolve(StorePaths.segmentFileName(segmentId)), segmentId, segmentLength);
            if (ctx.preTouch())
            {
                // Every segment in the pool is resident from its first use on, whoever writes it (a zero-copy claim
                // may write only a few words): a reuse never meets a fresh page of the region's length.
                segment.preTouch(regionLength);
            }
            nextSegmentId++;
            oversizeSegments.put(segmentId, segment);
            pool.add(segmentId, segmentLength);
            metaFile.addSegment(segmentId, StoreSegmentKind.OVERSIZE, segmentLength);

            return claimIn(segment, payloadLength, region);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create an oversize segment of " + segmentLength + " bytes", ex);
        }
    }

    private long claimIn(final MappedSegment segment, final long payloadLength, final Region region)
    {
        generation++;
        RegionHeader.writeClaimed(segment, 0, payloadLength, generation);
        region.wrap(segment, 0, payloadLength, generation);

        return generation;
    }

    private void unlink(final int segmentId)
    {
        final MappedSegment segment = oversizeSegments.remove(segmentId);
        pool.remove(segmentId);
        metaFile.removeSegment(segmentId);
        segment.close();
        try
        {
            Files.deleteIfExists(segment.file());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot unlink oversize segment " + segment.file(), ex);
        }
    }

    private boolean hasSpace(final long length) throws IOException
    {
        return Files.getFileStore(directory).getUsableSpace() >= length;
    }

    // Writing to a sparse tmpfs page when the file system is full kills the process with SIGBUS, so a segment is only
    // created when the file system has room for all of it.
    private void checkSpace(final long length) throws IOException
    {
        final long usable = Files.getFileStore(directory).getUsableSpace();
        if (usable < length)
        {
            throw new IOException("only " + usable + " bytes are free under " + ctx.root() + ", a segment of " +
                length + " bytes needs more: free space there or choose a smaller length");
        }
    }

    private void checkPayloadLength(final long payloadLength)
    {
        if (payloadLength < 0)
        {
            throw new IllegalArgumentException("payload length must not be negative: " + payloadLength);
        }
        if (payloadLength > maxPayloadLength())
        {
            throw new IllegalArgumentException("payload of " + payloadLength +
                " bytes can never fit: the store holds " +
                "at most " + maxPayloadLength() + " (ring " + ring.length() + " bytes, store maximum " +
                ctx.maxStoreLength() + " bytes); raise " + Context.MAX_STORE_LENGTH_PROP_NAME);
        }
    }

    private IllegalStateException notInFlight(final int segmentId, final long regionOffset, final long generation)
    {
        return new IllegalStateException("no region is in flight at segment " + segmentId + ", offset " +
            regionOffset + ", generation " + generation + ": released twice, or never claimed from this store");
    }

    private void checkOpen()
    {
        if (isClosed)
        {
            throw new IllegalStateException("store " + storeId() + " is closed");
        }
    }

    /**
     * Configuration of a {@link PayloadStore}, Aeron style: fluent setters, defaults from the system properties of
     * {@link StoreConfiguration}, and a {@link #conclude()} that validates everything once, names the property of a
     * bad value, and writes the derived values (store id, maximum store length, clock) back so that the getters then
     * return what the store uses. A context configures one store: {@link #copy()} gives another.
     */
    public static final class Context
    {
        /**
         * {@link StoreConfiguration#ROOT_PROP_NAME}.
         */
        public static final String ROOT_PROP_NAME = StoreConfiguration.ROOT_PROP_NAME;

        /**
         * {@link StoreConfiguration#RING_LENGTH_PROP_NAME}.
         */
        public static final String RING_LENGTH_PROP_NAME = StoreConfiguration.RING_LENGTH_PROP_NAME;

        /**
         * {@link StoreConfiguration#MAX_STORE_LENGTH_PROP_NAME}.
         */
        public static final String MAX_STORE_LENGTH_PROP_NAME = StoreConfiguration.MAX_STORE_LENGTH_PROP_NAME;

        /**
         * {@link StoreConfiguration#MAX_REGIONS_PROP_NAME}.
         */
        public static final String MAX_REGIONS_PROP_NAME = StoreConfiguration.MAX_REGIONS_PROP_NAME;

        /**
         * {@link StoreConfiguration#MAX_OVERSIZE_SEGMENTS_PROP_NAME}.
         */
        public static final String MAX_OVERSIZE_SEGMENTS_PROP_NAME =
            StoreConfiguration.MAX_OVERSIZE_SEGMENTS_PROP_NAME;

        /**
         * {@link StoreConfiguration#PRE_TOUCH_PROP_NAME}.
         */
        public static final String PRE_TOUCH_PROP_NAME = StoreConfiguration.PRE_TOUCH_PROP_NAME;

        /**
         * {@link StoreConfiguration#OVERSIZE_IDLE_TIMEOUT_PROP_NAME}.
         */
        public static final String OVERSIZE_IDLE_TIMEOUT_PROP_NAME =
            StoreConfiguration.OVERSIZE_IDLE_TIMEOUT_PROP_NAME;

        /**
         * {@link StoreConfiguration#OVERSIZE_IDLE_TIMEOUT_DEFAULT_NS}.
         */
        public static final long OVERSIZE_IDLE_TIMEOUT_DEFAULT_NS = StoreConfiguration.OVERSIZE_IDLE_TIMEOUT_DEFAULT_NS;

        /**
         * {@link StoreConfiguration#RING_LENGTH_DEFAULT}.
         */
        public static final long RING_LENGTH_DEFAULT = StoreConfiguration.RING_LENGTH_DEFAULT;

        /**
         * {@link StoreConfiguration#MAX_STORE_LENGTH_DEFAULT_CAP}.
         */
        public static final long MAX_STORE_LENGTH_DEFAULT_CAP = StoreConfiguration.MAX_STORE_LENGTH_DEFAULT_CAP;

        /**
         * {@link StoreConfiguration#MAX_REGIONS_DEFAULT}.
         */
        public static final int MAX_REGIONS_DEFAULT = StoreConfiguration.MAX_REGIONS_DEFAULT;

        /**
         * {@link StoreConfiguration#MAX_OVERSIZE_SEGMENTS_DEFAULT}.
         */
        public static final int MAX_OVERSIZE_SEGMENTS_DEFAULT = StoreConfiguration.MAX_OVERSIZE_SEGMENTS_DEFAULT;

        private Path root = StoreConfiguration.root();
        private String storeId;
        private long ringLength = StoreConfiguration.ringLength();
        private long maxStoreLength = StoreConfiguration.maxStoreLength();
        private int maxRegionsInFlight = StoreConfiguration.maxRegionsInFlight();
        private int maxOversizeSegments = StoreConfiguration.maxOversizeSegments();
        private boolean preTouch = StoreConfiguration.preTouch();
        private long oversizeIdleTimeoutNs = StoreConfiguration.oversizeIdleTimeoutNs();
        private EpochClock epochClock;
        private boolean isConcluded;

        /**
         * Validate the configuration and write the derived values into it: a generated store id if none was set, the
         * maximum store length derived from the root's size if 0, the system clock if none was set. Called by
         * {@link PayloadStore#create(Context)}; call it yourself only to read the derived values without a store.
         *
         * @return this for a fluent API.
         * @throws IllegalArgumentException naming the property and the bad value.
         * @throws IllegalStateException    if this context was concluded already (a context configures one store).
         */
        public Context conclude()
        {
            if (isConcluded)
            {
                throw new IllegalStateException("PayloadStore.Context is already concluded (store " + storeId +
                    "): a context configures one store; create another from copy()");
            }

            if (null == root)
            {
                throw new IllegalArgumentException(ROOT_PROP_NAME + " must be set");
            }
            if (null == storeId)
            {
                storeId = ProcessIdentity.currentPid() + "-" +
                    Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFFL);
            }
            StorePaths.checkName(storeId, "store id");

            if (ringLength < RegionHeader.ALIGNMENT || (ringLength & (RegionHeader.ALIGNMENT - 1)) != 0)
            {
                throw new IllegalArgumentException(RING_LENGTH_PROP_NAME + " must be a positive multiple of " +
                    RegionHeader.ALIGNMENT + " bytes: " + ringLength);
            }
            if (0 == maxStoreLength)
            {
                maxStoreLength = StoreConfiguration.defaultMaxStoreLength(ringLength, rootSize());
            }
            if (maxStoreLength < ringLength)
            {
                throw new IllegalArgumentException(MAX_STORE_LENGTH_PROP_NAME + "=" + maxStoreLength +
                    " is less than " + RING_LENGTH_PROP_NAME + "=" + ringLength);
            }
            if (maxRegionsInFlight <= 0 || Integer.bitCount(maxRegionsInFlight) != 1)
            {
                throw new IllegalArgumentException(
                    MAX_REGIONS_PROP_NAME + " must be a positive power of two: " + maxRegionsInFlight);
            }
            if (maxOversizeSegments < 0 || maxOversizeSegments > 1 << 16)
            {
                throw new IllegalArgumentException(
                    MAX_OVERSIZE_SEGMENTS_PROP_NAME + " must be 0.." + (1 << 16) + ": " + maxOversizeSegments);
            }
            if (oversizeIdleTimeoutNs < 0)
            {
                throw new IllegalArgumentException(
                    OVERSIZE_IDLE_TIMEOUT_PROP_NAME + " must not be negative: " + oversizeIdleTimeoutNs + " ns");
            }
            if (null == epochClock)
            {
                epochClock = SystemEpochClock.INSTANCE;
            }

            isConcluded = true;
            return this;
        }

        /**
         * Root directory holding {@code freight-<user>/}.
         *
         * @param root directory, /dev/shm by default.
         * @return this for a fluent API.
         */
        public Context root(final Path root)
        {
            this.root = root;
            return this;
        }

        /**
         * Root directory holding {@code freight-<user>/}.
         *
         * @return the root.
         */
        public Path root()
        {
            return root;
        }

        /**
         * Id of the store, its directory's name. Generated as {@code <pid>-<random hex>} if not set.
         *
         * @param storeId a single path component of [A-Za-z0-9._-].
         * @return this for a fluent API.
         */
        public Context storeId(final String storeId)
        {
            this.storeId = storeId;
            return this;
        }

        /**
         * Id of the store.
         *
         * @return the store id, null before {@link #conclude()} if not set.
         */
        public String storeId()
        {
            return storeId;
        }

        /**
         * Length of the ring segment, recycled forever. Payloads up to this minus 64 bytes go into the ring.
         *
         * @param ringLength in bytes, a multiple of 64.
         * @return this for a fluent API.
         */
        public Context ringLength(final long ringLength)
        {
            this.ringLength = ringLength;
            return this;
        }

        /**
         * Length of the ring segment.
         *
         * @return bytes.
         */
        public long ringLength()
        {
            return ringLength;
        }

        /**
         * Maximum length of all segments together, ring included; 0 for the default.
         *
         * @param maxStoreLength in bytes.
         * @return this for a fluent API.
         */
        public Context maxStoreLength(final long maxStoreLength)
        {
            this.maxStoreLength = maxStoreLength;
            return this;
        }

        /**
         * Maximum length of all segments together.
         *
         * @return bytes.
         */
        public long maxStoreLength()
        {
            return maxStoreLength;
        }

        /**
         * Maximum ring regions in flight at once.
         *
         * @param maxRegionsInFlight a power of two.
         * @return this for a fluent API.
         */
        public Context maxRegionsInFlight(final int maxRegionsInFlight)
        {
            this.maxRegionsInFlight = maxRegionsInFlight;
            return this;
        }

        /**
         * Maximum ring regions in flight at once.
         *
         * @return count.
         */
        public int maxRegionsInFlight()
        {
            return maxRegionsInFlight;
        }

        /**
         * Maximum oversize segments at once, in flight or idle.
         *
         * @param maxOversizeSegments count, 0 to refuse payloads longer than the ring.
         * @return this for a fluent API.
         */
        public Context maxOversizeSegments(final int maxOversizeSegments)
        {
            this.maxOversizeSegments = maxOversizeSegments;
            return this;
        }

        /**
         * Maximum oversize segments at once, in flight or idle.
         *
         * @return count.
         */
        public int maxOversizeSegments()
        {
            return maxOversizeSegments;
        }

        /**
         * Touch every page of the ring at creation, and of a new oversize segment (as far as its first payload reaches)
         * before that payload, so that no message ever pays a first-touch page fault in a segment kept for reuse.
         *
         * @param preTouch true to commit the ring's memory up front.
         * @return this for a fluent API.
         */
        public Context preTouch(final boolean preTouch)
        {
            this.preTouch = preTouch;
            return this;
        }

        /**
         * Touch every page of the ring at creation?
         *
         * @return true if so.
         */
        public boolean preTouch()
        {
            return preTouch;
        }

        /**
         * How long a released oversize segment is kept mapped for reuse before it is unlinked.
         *
         * @param oversizeIdleTimeoutNs nanoseconds, 0 to unlink at release.
         * @return this for a fluent API.
         */
        public Context oversizeIdleTimeoutNs(final long oversizeIdleTimeoutNs)
        {
            this.oversizeIdleTimeoutNs = oversizeIdleTimeoutNs;
            return this;
        }

        /**
         * How long a released oversize segment is kept mapped for reuse before it is unlinked.
         *
         * @return nanoseconds.
         */
        public long oversizeIdleTimeoutNs()
        {
            return oversizeIdleTimeoutNs;
        }

        /**
         * Clock for heartbeats.
         *
         * @param epochClock clock.
         * @return this for a fluent API.
         */
        public Context epochClock(final EpochClock epochClock)
        {
            this.epochClock = epochClock;
            return this;
        }

        /**
         * Clock for heartbeats and oversize idle times.
         *
         * @return the clock.
         */
        public EpochClock epochClock()
        {
            return epochClock;
        }

        /**
         * A new, unconcluded context with these settings and no store id, so that another store can be created with
         * the same settings (and a fresh id).
         *
         * @return the copy.
         */
        public Context copy()
        {
            return new Context()
                .root(root)
                .ringLength(ringLength)
                .maxStoreLength(maxStoreLength)
                .maxRegionsInFlight(maxRegionsInFlight)
                .maxOversizeSegments(maxOversizeSegments)
                .preTouch(preTouch)
                .oversizeIdleTimeoutNs(oversizeIdleTimeoutNs)
                .epochClock(epochClock);
        }

        private long rootSize()
        {
            try
            {
                return Files.getFileStore(root).getTotalSpace();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read the size of store root " + root, ex);
            }
        }
    }
}
