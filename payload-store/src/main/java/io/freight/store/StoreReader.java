/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import org.agrona.collections.Int2ObjectHashMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A receiver's side of a store: opens another process's store read-only, maps its segments as they are announced,
 * and turns a descriptor (segment, offset, length, generation) into a {@link PayloadView} only after validating it.
 * <p>
 * Whatever the descriptor says, no byte outside a mapped segment is read: the segment must have been announced and
 * mapped, the region header and the payload must lie inside it (checked without overflow), and the header must carry
 * the descriptor's generation and length. Anything else is an {@link InvalidRegionException}, thrown before the
 * payload is touched. Announced file names must be plain segment file names, never paths, and the files must be
 * regular files owned by us, listed in the store's segment table with the announced length.
 * <p>
 * Mappings are read-only: a write through a view's buffer would fault. {@link #view} allocates nothing. Not
 * thread-safe: one receiver thread uses a reader.
 */
public final class StoreReader implements AutoCloseable
{
    private final Path directory;
    private final Path ownerLockFile;
    private final String storeId;
    private final StoreMetaFile metaFile;
    private final Int2ObjectHashMap<MappedSegment> segments = new Int2ObjectHashMap<>();
    private MappedSegment ring; // also in segments: the one segment nearly every descriptor names, without a lookup
    private boolean isClosed;

    private StoreReader(final Path directory, final String storeId, final StoreMetaFile metaFile)
    {
        this.directory = directory;
        this.ownerLockFile = directory.resolve(StorePaths.OWNER_LOCK_FILE_NAME);
        this.storeId = storeId;
        this.metaFile = metaFile;
    }

    /**
     * Open a store by id under a root.
     *
     * @param root    of stores, as the owner configured it.
     * @param storeId of the store, a single path component.
     * @return the reader, with no segment mapped yet.
     * @throws IllegalArgumentException if the store id is not a plain name.
     * @throws UncheckedIOException     if the store is missing, not ready, not ours or of another layout version.
     */
    public static StoreReader open(final Path root, final String storeId)
    {
        final Path directory = StorePaths.storeDirectory(root, storeId);
        try
        {
            StorePaths.checkPrivateDirectory(StorePaths.userDirectory(root));
            StorePaths.checkPrivateDirectory(directory);
            return new StoreReader(
                directory, storeId, StoreMetaFile.openReadOnly(directory.resolve(StorePaths.META_FILE_NAME)));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open store " + directory, ex);
        }
    }

    /**
     * Id of the store.
     *
     * @return the store id.
     */
    public String storeId()
    {
        return storeId;
    }

    /**
     * Directory of the store.
     *
     * @return the directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * Pid of the store's owner.
     *
     * @return pid.
     */
    public long ownerPid()
    {
        return metaFile.ownerPid();
    }

    /**
     * Is the process that owns the store still running? Asked of the owner's liveness lock, which the kernel drops
     * the moment the owner dies; if the lock file is gone, of its pid and start time.
     *
     * @return true if the owner is alive.
     */
    public boolean isOwnerAlive()
    {
        final int state = LivenessLock.probe(ownerLockFile);
        return LivenessLock.UNKNOWN == state ?
            ProcessIdentity.isAlive(metaFile.ownerPid(), metaFile.ownerStartTime()) : LivenessLock.ALIVE == state;
    }

    /**
     * Last heartbeat the owner wrote.
     *
     * @return epoch milliseconds.
     */
    public long ownerHeartbeat()
    {
        return metaFile.heartbeat();
    }

    /**
     * Map a segment the owner announced. Mapping a segment already mapped with the same length is a no-op.
     *
     * @param segmentId     announced.
     * @param kind          announced, {@link StoreSegmentKind#RING} or {@link StoreSegmentKind#OVERSIZE}.
     * @param segmentLength announced.
     * @param fileName      announced: must be exactly the segment's file name, {@code segment-<id>}.
     * @throws IllegalArgumentException if the announcement is malformed or disagrees with the store's segment table.
     * @throws UncheckedIOException     if the file is missing, not a regular file of ours, or too short.
     */
    public void mapSegment(final int segmentId, final int kind, final long segmentLength, final String fileName)
    {
        checkOpen();
        StorePaths.checkName(fileName, "segment file name");
        if (!StorePaths.segmentFileName(segmentId).equals(fileName))
        {
            throw new IllegalArgumentException("segment " + segmentId + " announced as file \"" + fileName +
                "\", but segment files are named " + StorePaths.segmentFileName(segmentId));
        }
        if (segmentLength < RegionHeader.LENGTH || (segmentLength & (RegionHeader.ALIGNMENT - 1)) != 0)
        {
            throw new IllegalArgumentException("segment " + segmentId + " announced with length " + segmentLength +
                ", which is not a positive multiple of " + RegionHeader.ALIGNMENT);
        }

        final MappedSegment existing = segments.get(segmentId);
        if (null != existing)
        {
            if (existing.length() != segmentLength)
            {
                throw new IllegalArgumentException("segment " + segmentId + " announced again with length " +
                    segmentLength + ", it was mapped with length " + existing.length());
            }
            return;
        }

        if (!metaFile.hasSegment(segmentId, kind, segmentLength))
        {
            throw new IllegalArgumentException("segment " + segmentId + " (" + StoreSegmentKind.name(kind) + ", " +
                segmentLength + " bytes) is not in the segment table of store " + storeId);
        }

        try
        {
            final MappedSegment segment = MappedSegment.openReadOnly(directory.resolve(fileName), segmentId, segmentLength);
            segments.put(segmentId, segment);
            if (PayloadStore.RING_SEGMENT_ID == segmentId)
            {
                ring = segment;
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot map segment " + segmentId + " of store " + storeId, ex);
        }
    }

    /**
     * Is a segment mapped?
     *
     * @param segmentId of the segment.
     * @return true if it is mapped.
     */
    public boolean isMapped(final int segmentId)
    {
        return segments.containsKey(segmentId);
    }

    /**
     * Does the owner still list a mapped segment in its segment table? An owner takes a segment out of the table
     * before it unlinks it, so a segment no longer listed is one to unmap: its pages live on only while mapped.
     *
     * @param segmentId of a mapped segment.
     * @return true if it is mapped and listed with the kind and length it was mapped with.
     */
    public boolean isListed(final int segmentId)
    {
        final MappedSegment segment = segments.get(segmentId);
        return null != segment && metaFile.hasSegment(segmentId,
            PayloadStore.RING_SEGMENT_ID == segmentId ? StoreSegmentKind.RING : StoreSegmentKind.OVERSIZE, segment.length());
    }

    /**
     * Unmap a segment, for example an oversize segment whose payload has been released. Views over it must not be
     * used afterwards.
     *
     * @param segmentId of the segment.
     * @return true if it was mapped.
     */
    public boolean unmapSegment(final int segmentId)
    {
        final MappedSegment segment = segments.remove(segmentId);
        if (null == segment)
        {
            return false;
        }
        if (PayloadStore.RING_SEGMENT_ID == segmentId)
        {
            ring = null;
        }

        segment.close();
        return true;
    }

    /**
     * What {@link #tryView} returns for a descriptor it accepted.
     */
    public static final int VALID = -1;

    private static final InvalidRegionException.Reason[] REASONS = InvalidRegionException.Reason.values();

    /**
     * Validate a descriptor and point a view at its payload.
     *
     * @param segmentId     from the descriptor.
     * @param regionOffset  from the descriptor.
     * @param payloadLength from the descriptor.
     * @param generation    from the descriptor.
     * @param view          to point at the payload.
     * @return the view.
     * @throws InvalidRegionException if the descriptor names anything but a live region of a mapped segment; its
     *                                message says what was seen and what was expected.
     */
    public PayloadView view(
        final int segmentId,
        final long regionOffset,
        final long payloadLength,
        final long generation,
        final PayloadView view)
    {
        final int reason = tryView(segmentId, regionOffset, payloadLength, generation, view);
        if (VALID != reason)
        {
            throw new InvalidRegionException(
                REASONS[reason], describe(REASONS[reason], segmentId, regionOffset, payloadLength, generation));
        }

        return view;
    }

    /**
     * Validate a descriptor and point a view at its payload, or say why not without throwing or allocating: what a
     * receiver facing a hostile stream uses. The checks are those of {@link #view}, in the same order.
     *
     * @param segmentId     from the descriptor.
     * @param regionOffset  from the descriptor.
     * @param payloadLength from the descriptor.
     * @param generation    from the descriptor.
     * @param view          to point at the payload; untouched when the descriptor is rejected.
     * @return {@link #VALID}, or the {@link InvalidRegionException.Reason#ordinal() ordinal} of the reason.
     */
    public int tryView(
        final int segmentId,
        final long regionOffset,
        final long payloadLength,
        final long generation,
        final PayloadView view)
    {
        checkOpen();
        final MappedSegment segment = PayloadStore.RING_SEGMENT_ID == segmentId ? ring : segments.get(segmentId);
        if (null == segment)
        {
            return InvalidRegionException.Reason.UNKNOWN_SEGMENT.ordinal();
        }
        if (regionOffset < 0 || payloadLength < 0)
        {
            return InvalidRegionException.Reason.NEGATIVE.ordinal();
        }
        if ((regionOffset & (RegionHeader.ALIGNMENT - 1)) != 0)
        {
            return InvalidRegionException.Reason.MISALIGNED.ordinal();
        }

        final long segmentLength = segment.length();
        if (regionOffset > segmentLength - RegionHeader.LENGTH ||
            payloadLength > segmentLength - regionOffset - RegionHeader.LENGTH)
        {
            return InvalidRegionException.Reason.OUT_OF_BOUNDS.ordinal();
        }
        if (generation <= 0 || segment.getLongAcquire(regionOffset + RegionHeader.GENERATION_OFFSET) != generation)
        {
            return InvalidRegionException.Reason.STALE_GENERATION.ordinal();
        }
        if (segment.getLong(regionOffset + RegionHeader.PAYLOAD_LENGTH_OFFSET) != payloadLength)
        {
            return InvalidRegionException.Reason.LENGTH_MISMATCH.ordinal();
        }

        view.wrap(segment, regionOffset, payloadLength, generation);
        return VALID;
    }

    private String describe(
        final InvalidRegionException.Reason reason,
        final int segmentId,
        final long regionOffset,
        final long payloadLength,
        final long generation)
    {
        final MappedSegment segment = segments.get(segmentId);
        switch (reason)
        {
            case UNKNOWN_SEGMENT:
                return "segment " + segmentId + " of store " + storeId + " is not mapped (mapped: " + segments.keySet() +
                    ")";

            case NEGATIVE:
                return "region offset " + regionOffset + " and payload length " + payloadLength + " must not be negative";

            case MISALIGNED:
                return "region offset " + regionOffset + " is not a multiple of " + RegionHeader.ALIGNMENT;

            case OUT_OF_BOUNDS:
                return regionOffset > segment.length() - RegionHeader.LENGTH ?
                    "region header at offset " + regionOffset + " (+" + RegionHeader.LENGTH + " bytes) does not fit " +
                    "in segment " + segmentId + " of " + segment.length() + " bytes" :
                    "payload of " + payloadLength + " bytes after the region header at offset " + regionOffset +
                    " ends past segment " + segmentId + " of " + segment.length() + " bytes";

            case STALE_GENERATION:
                return generation <= 0 ?
                    "generation " + generation + " was never claimed: generations start at 1" :
                    "region at offset " + regionOffset + " of segment " + segmentId + " has generation " +
                    segment.getLongAcquire(regionOffset + RegionHeader.GENERATION_OFFSET) + ", the descriptor says " +
                    generation + ": recycled, or never this region";

            default:
                return "region at offset " + regionOffset + " of segment " + segmentId + " holds " +
                    segment.getLong(regionOffset + RegionHeader.PAYLOAD_LENGTH_OFFSET) + " bytes, the descriptor says " +
                    payloadLength;
        }
    }

    /**
     * Unmap every segment and the meta file. The files stay: they belong to the owner. Idempotent.
     */
    public void close()
    {
        if (!isClosed)
        {
            isClosed = true;
            segments.values().forEach(MappedSegment::close);
            segments.clear();
            ring = null;
            metaFile.close();
        }
    }

    private void checkOpen()
    {
        if (isClosed)
        {
            throw new IllegalStateException("reader of store " + storeId + " is closed");
        }
    }
}
