/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
#ifndef FREIGHT_INTEROP_STORE_CONSUMER_H
#define FREIGHT_INTEROP_STORE_CONSUMER_H

#include <cstddef>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>

namespace freight { namespace interop {

/**
 * A store or segment the sender announced cannot be used: missing, not ours, a link, too short, not in the segment
 * table, or named other than the layout names it. Nothing of it was mapped.
 */
class StoreError : public std::runtime_error
{
public:
    explicit StoreError(const std::string &message) : std::runtime_error(message)
    {
    }
};

/**
 * A descriptor names a region a receiver must not read; thrown before any byte of the payload is touched. The reasons
 * are those of io.freight.store.InvalidRegionException.Reason, so Java and C++ rejections compare by name.
 */
class InvalidRegion : public std::runtime_error
{
public:
    InvalidRegion(const char *reason, const std::string &message) :
        std::runtime_error(message),
        m_reason(reason)
    {
    }

    /**
     * Why the region was rejected: UNKNOWN_SEGMENT, NEGATIVE, MISALIGNED, OUT_OF_BOUNDS, STALE_GENERATION or
     * LENGTH_MISMATCH.
     *
     * @return the reason's name.
     */
    const char *reason() const noexcept
    {
        return m_reason;
    }

private:
    const char *m_reason;
};

/**
 * A validated payload in a mapped segment, read in place. Valid until its segment is unmapped.
 */
struct PayloadView
{
    const std::uint8_t *header = nullptr;
    const std::uint8_t *payload = nullptr;
    std::uint64_t length = 0;

    /**
     * Sequence the sender recorded in the region header, -1 if none.
     */
    std::int64_t headerSequence() const noexcept;

    /**
     * Does the region header carry a CRC32C of the payload?
     */
    bool headerHasChecksum() const noexcept;

    /**
     * CRC32C the sender recorded in the region header, as the unsigned value the wire carries.
     */
    std::uint32_t headerChecksum() const noexcept;
};

/**
 * A receiver's side of one Freight store, in C++ and from docs/PROTOCOL.md alone: opens the store the sender
 * announced read-only, maps each announced segment after checking it, and validates a descriptor completely before
 * pointing a view at its payload. Mirrors io.freight.store.StoreReader, with file descriptors for every check so that
 * nothing can be swapped between a check and its use: directories and files are opened with O_NOFOLLOW and checked
 * with fstat, segment files are opened relative to the store directory's descriptor.
 * <p>
 * Mappings are PROT_READ and MAP_SHARED and never extend past the file's end. Not thread-safe.
 */
class StoreConsumer
{
public:
    /**
     * Layout version of store.meta this consumer reads.
     */
    static constexpr std::int32_t LAYOUT_VERSION = 1;

    /**
     * A consumer of the stores under a root.
     *
     * @param root of the stores, as the sender configured it (/dev/shm by default).
     */
    explicit StoreConsumer(std::string root);

    ~StoreConsumer();

    StoreConsumer(const StoreConsumer &) = delete;
    StoreConsumer &operator=(const StoreConsumer &) = delete;

    /**
     * Name of the per-user directory's suffix: the login name of this process's effective uid.
     *
     * @return the user name.
     * @throws StoreError if the uid has no name.
     */
    static std::string userName();

    /**
     * Open the store a StoreAnnounce named; a repeated announcement of the same store is a no-op.
     *
     * @param storeId       announced: one path component.
     * @param layoutVersion announced: must be LAYOUT_VERSION.
     * @param ownerPid      announced: must equal the owner pid in store.meta.
     * @throws StoreError if the store is missing, unsafe, not ready, of another layout, or another store is open.
     */
    void openStore(const std::string &storeId, std::int32_t layoutVersion, std::int64_t ownerPid);

    /**
     * Map a segment a SegmentAnnounce named; a repeated announcement with the same length is a no-op.
     *
     * @param segmentId     announced.
     * @param kind          announced: 0 RING, 1 OVERSIZE.
     * @param segmentLength announced.
     * @param fileName      announced: must be exactly segment-<segmentId>.
     * @throws StoreError if the announcement is malformed, disagrees with store.meta, or the file is unsafe.
     */
    void mapSegment(std::int32_t segmentId, std::uint8_t kind, std::int64_t segmentLength, const std::string &fileName);

    /**
     * Unmap a segment, for example an oversize one whose payload has been released.
     *
     * @param segmentId of the segment.
     * @return true if it was mapped.
     */
    bool unmapSegment(std::int32_t segmentId);

    /**
     * Kind of a mapped segment.
     *
     * @param segmentId of the segment.
     * @return 0 RING, 1 OVERSIZE, -1 if not mapped.
     */
    int segmentKind(std::int32_t segmentId) const;

    /**
     * Validate a descriptor and point a view at its payload, touching nothing but the region header before every
     * check passed.
     *
     * @param segmentId     from the descriptor.
     * @param regionOffset  from the descriptor.
     * @param payloadLength from the descriptor.
     * @param generation    from the descriptor.
     * @return the view.
     * @throws InvalidRegion if the descriptor names anything but a live region of a mapped segment.
     */
    PayloadView view(
        std::int32_t segmentId, std::int64_t regionOffset, std::int64_t payloadLength, std::int64_t generation) const;

private:
    struct Mapping
    {
        const std::uint8_t *address;
        std::uint64_t length;
        int kind;
    };

    std::string m_root;
    std::string m_storeId;
    std::string m_storePath;
    int m_storeDirectoryFd = -1;
    const std::uint8_t *m_meta = nullptr;
    std::uint64_t m_metaLength = 0;
    std::map<std::int32_t, Mapping> m_segments;

    bool hasLiveSegment(std::int32_t segmentId, int kind, std::int64_t length) const;
    void close() noexcept;
};

}}

#endif
