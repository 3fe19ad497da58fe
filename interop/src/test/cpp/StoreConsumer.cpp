/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
#include "StoreConsumer.h"

#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <pwd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace freight { namespace interop {

namespace
{
    // store.meta, little-endian (io.freight.store.StoreMetaFile).
    constexpr std::int64_t META_MAGIC = 0x5254535448475246LL; // "FRGHTSTR"
    constexpr std::size_t META_HEADER_LENGTH = 64;
    constexpr std::size_t META_ENTRY_LENGTH = 32;
    constexpr std::size_t META_MAGIC_OFFSET = 0;
    constexpr std::size_t META_VERSION_OFFSET = 8;
    constexpr std::size_t META_LENGTH_OFFSET = 12;
    constexpr std::size_t META_OWNER_PID_OFFSET = 24;
    constexpr std::size_t META_TABLE_CAPACITY_OFFSET = 56;
    constexpr std::size_t ENTRY_STATE_OFFSET = 0;
    constexpr std::size_t ENTRY_SEGMENT_ID_OFFSET = 4;
    constexpr std::size_t ENTRY_LENGTH_OFFSET = 8;
    constexpr std::size_t ENTRY_KIND_OFFSET = 16;
    constexpr std::int32_t ENTRY_LIVE = 1;

    // The region header (io.freight.store.RegionHeader).
    constexpr std::int64_t REGION_ALIGNMENT = 64;
    constexpr std::int64_t REGION_HEADER_LENGTH = 64;
    constexpr std::size_t PAYLOAD_LENGTH_OFFSET = 0;
    constexpr std::size_t GENERATION_OFFSET = 8;
    constexpr std::size_t SEQUENCE_OFFSET = 16;
    constexpr std::size_t CHECKSUM_OFFSET = 24;
    constexpr std::size_t FLAGS_OFFSET = 28;
    constexpr std::int32_t FLAG_CHECKSUM_PRESENT = 1;

    constexpr const char *USER_DIRECTORY_PREFIX = "freight-";
    constexpr const char *META_FILE_NAME = "store.meta";
    constexpr const char *SEGMENT_FILE_PREFIX = "segment-";
    constexpr std::size_t MAX_NAME_LENGTH = 128;

    template<typename T>
    T load(const std::uint8_t *at) noexcept
    {
        T value;
        std::memcpy(&value, at, sizeof(T));
        return value;
    }

    // The owner writes these fields last with release semantics; the acquire pairs with it. Aligned: regions and
    // table entries start on 64- and 32-byte boundaries of page-aligned mappings.
    template<typename T>
    T loadAcquire(const std::uint8_t *at) noexcept
    {
        return __atomic_load_n(reinterpret_cast<const T *>(at), __ATOMIC_ACQUIRE);
    }

    std::string errorText(const std::string &what)
    {
        return what + ": " + std::strerror(errno);
    }

    // StorePaths.checkName: 1 to 128 of [A-Za-z0-9._-], starting with a letter or digit, so never "." or "..".
    bool isPlainName(const std::string &name)
    {
        if (name.empty() || name.size() > MAX_NAME_LENGTH)
        {
            return false;
        }

        for (std::size_t i = 0; i < name.size(); i++)
        {
            const char c = name[i];
            const bool alphanumeric = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alphanumeric && (0 == i || (c != '.' && c != '_' && c != '-')))
            {
                return false;
            }
        }

        return true;
    }

    class FileDescriptor
    {
    public:
        explicit FileDescriptor(int fd) : m_fd(fd)
        {
        }

        ~FileDescriptor()
        {
            if (m_fd >= 0)
            {
                ::close(m_fd);
            }
        }

        FileDescriptor(FileDescriptor &&other) noexcept : m_fd(other.release())
        {
        }

        FileDescriptor(const FileDescriptor &) = delete;
        FileDescriptor &operator=(const FileDescriptor &) = delete;
        FileDescriptor &operator=(FileDescriptor &&) = delete;

        int get() const noexcept
        {
            return m_fd;
        }

        int release() noexcept
        {
            return std::exchange(m_fd, -1);
        }

    private:
        int m_fd;
    };

    struct stat statOf(int fd, const std::string &path)
    {
        struct stat st{};
        if (0 != ::fstat(fd, &st))
        {
            throw StoreError(errorText("cannot fstat " + path));
        }

        return st;
    }

    // StorePaths.checkPrivateDirectory, on an open descriptor.
    FileDescriptor openPrivateDirectory(int parentFd, const std::string &name, const std::string &path)
    {
        FileDescriptor fd(::openat(parentFd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (fd.get() < 0)
        {
            throw StoreError(errorText("cannot open directory " + path + " (a link is refused)"));
        }

        const struct stat st = statOf(fd.get(), path);
        if (st.st_uid != ::geteuid())
        {
            throw StoreError(path + " is owned by uid " + std::to_string(st.st_uid) + ", not by us");
        }
        if (0 != (st.st_mode & 0077))
        {
            throw StoreError(path + " is open to other users (mode " + std::to_string(st.st_mode & 07777) + ")");
        }

        return fd;
    }

    // O_NONBLOCK: opening a FIFO planted in place of a file must fail the fstat check, not hang.
    FileDescriptor openRegularFile(int directoryFd, const std::string &name, const std::string &path, off_t minSize)
    {
        FileDescriptor fd(::openat(directoryFd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
        if (fd.get() < 0)
        {
            throw StoreError(errorText("cannot open " + path + " (a link is refused)"));
        }

        const struct stat st = statOf(fd.get(), path);
        if (!S_ISREG(st.st_mode))
        {
            throw StoreError(path + " is not a regular file");
        }
        if (st.st_uid != ::geteuid())
        {
            throw StoreError(path + " is owned by uid " + std::to_string(st.st_uid) + ", not by us");
        }
        if (st.st_size < minSize)
        {
            throw StoreError(path + " is " + std::to_string(st.st_size) + " bytes, shorter than the " +
                std::to_string(minSize) + " expected");
        }

        return fd;
    }

    const std::uint8_t *mapReadOnly(int fd, std::uint64_t length, const std::string &path)
    {
        void *address = ::mmap(nullptr, static_cast<std::size_t>(length), PROT_READ, MAP_SHARED, fd, 0);
        if (MAP_FAILED == address)
        {
            throw StoreError(errorText("cannot map " + path));
        }

        return static_cast<const std::uint8_t *>(address);
    }
}

std::int64_t PayloadView::headerSequence() const noexcept
{
    return load<std::int64_t>(header + SEQUENCE_OFFSET);
}

bool PayloadView::headerHasChecksum() const noexcept
{
    return 0 != (load<std::int32_t>(header + FLAGS_OFFSET) & FLAG_CHECKSUM_PRESENT);
}

std::uint32_t PayloadView::headerChecksum() const noexcept
{
    return load<std::uint32_t>(header + CHECKSUM_OFFSET);
}

StoreConsumer::StoreConsumer(std::string root) : m_root(std::move(root))
{
}

StoreConsumer::~StoreConsumer()
{
    close();
}

std::string StoreConsumer::userName()
{
    const struct passwd *entry = ::getpwuid(::geteuid());
    if (nullptr == entry || nullptr == entry->pw_name)
    {
        throw StoreError("uid " + std::to_string(::geteuid()) + " has no user name: cannot find freight-<user>");
    }

    return entry->pw_name;
}

void StoreConsumer::openStore(const std::string &storeId, std::int32_t layoutVersion, std::int64_t ownerPid)
{
    if (m_storeDirectoryFd >= 0)
    {
        if (storeId == m_storeId)
        {
            return;
        }
        throw StoreError("store " + storeId + " announced, but this session's store is " + m_storeId);
    }
    if (!isPlainName(storeId))
    {
        throw StoreError("store id \"" + storeId + "\" is not one plain path component");
    }
    if (LAYOUT_VERSION != layoutVersion)
    {
        throw StoreError("store layout version " + std::to_string(layoutVersion) + " announced; this consumer reads " +
            std::to_string(LAYOUT_VERSION));
    }

    const std::string userDirectoryName = USER_DIRECTORY_PREFIX + userName();
    const std::string userPath = m_root + "/" + userDirectoryName;
    const std::string storePath = userPath + "/" + storeId;
    const std::string metaPath = storePath + "/" + META_FILE_NAME;

    FileDescriptor rootFd(::open(m_root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (rootFd.get() < 0)
    {
        throw StoreError(errorText("cannot open store root " + m_root));
    }
    FileDescriptor userFd = openPrivateDirectory(rootFd.get(), userDirectoryName, userPath);
    FileDescriptor storeFd = openPrivateDirectory(userFd.get(), storeId, storePath);
    FileDescriptor metaFd = openRegularFile(storeFd.get(), META_FILE_NAME, metaPath, META_HEADER_LENGTH);

    std::uint8_t header[META_HEADER_LENGTH];
    if (static_cast<ssize_t>(sizeof(header)) != ::pread(metaFd.get(), header, sizeof(header), 0))
    {
        throw StoreError(errorText("cannot read the header of " + metaPath));
    }

    const std::int64_t magic = load<std::int64_t>(header + META_MAGIC_OFFSET);
    const std::int32_t version = load<std::int32_t>(header + META_VERSION_OFFSET);
    const std::int32_t metaLength = load<std::int32_t>(header + META_LENGTH_OFFSET);
    const std::int32_t capacity = load<std::int32_t>(header + META_TABLE_CAPACITY_OFFSET);
    const std::int64_t metaOwnerPid = load<std::int64_t>(header + META_OWNER_PID_OFFSET);
    if (META_MAGIC != magic)
    {
        throw StoreError(metaPath + " is not a Freight store meta file");
    }
    if (0 == version)
    {
        throw StoreError(metaPath + " is not ready yet: its owner is still creating the store");
    }
    if (LAYOUT_VERSION != version)
    {
        throw StoreError(metaPath + " has layout version " + std::to_string(version));
    }

    const off_t fileSize = statOf(metaFd.get(), metaPath).st_size;
    const std::int64_t expectedLength = static_cast<std::int64_t>(META_HEADER_LENGTH) +
        static_cast<std::int64_t>(capacity) * static_cast<std::int64_t>(META_ENTRY_LENGTH);
    if (capacity < 0 || metaLength != expectedLength || metaLength > fileSize)
    {
        throw StoreError(metaPath + " is inconsistent: length " + std::to_string(metaLength) + ", table capacity " +
            std::to_string(capacity) + ", file size " + std::to_string(fileSize));
    }
    if (metaOwnerPid != ownerPid)
    {
        throw StoreError(metaPath + " belongs to pid " + std::to_string(metaOwnerPid) + ", the announcement says " +
            std::to_string(ownerPid));
    }

    m_meta = mapReadOnly(metaFd.get(), static_cast<std::uint64_t>(metaLength), metaPath);
    m_metaLength = static_cast<std::uint64_t>(metaLength);
    m_storeDirectoryFd = storeFd.release();
    m_storeId = storeId;
    m_storePath = storePath;
}

void StoreConsumer::mapSegment(
    std::int32_t segmentId, std::uint8_t kind, std::int64_t segmentLength, const std::string &fileName)
{
    if (m_storeDirectoryFd < 0)
    {
        throw StoreError("segment " + std::to_string(segmentId) + " announced before any store");
    }
    if (!isPlainName(fileName))
    {
        throw StoreError("segment file name \"" + fileName + "\" is not one plain path component");
    }
    if (SEGMENT_FILE_PREFIX + std::to_string(segmentId) != fileName)
    {
        throw StoreError("segment " + std::to_string(segmentId) + " announced as file \"" + fileName +
            "\", but segment files are named " + SEGMENT_FILE_PREFIX + std::to_string(segmentId));
    }
    if (segmentLength < REGION_HEADER_LENGTH || 0 != (segmentLength & (REGION_ALIGNMENT - 1)))
    {
        throw StoreError("segment " + std::to_string(segmentId) + " announced with length " +
            std::to_string(segmentLength) + ", which is not a positive multiple of 64");
    }

    const auto existing = m_segments.find(segmentId);
    if (m_segments.end() != existing)
    {
        if (existing->second.length != static_cast<std::uint64_t>(segmentLength))
        {
            throw StoreError("segment " + std::to_string(segmentId) + " announced again with length " +
                std::to_string(segmentLength) + ", it was mapped with length " +
                std::to_string(existing->second.length));
        }
        return;
    }

    if (!hasLiveSegment(segmentId, kind, segmentLength))
    {
        throw StoreError("segment " + std::to_string(segmentId) + " (kind " + std::to_string(kind) + ", " +
            std::to_string(segmentLength) + " bytes) is not in the segment table of store " + m_storeId);
    }

    const std::string path = m_storePath + "/" + fileName;
    FileDescriptor fd = openRegularFile(m_storeDirectoryFd, fileName, path, static_cast<off_t>(segmentLength));
    const std::uint8_t *address = mapReadOnly(fd.get(), static_cast<std::uint64_t>(segmentLength), path);
    m_segments.emplace(segmentId, Mapping{ address, static_cast<std::uint64_t>(segmentLength), kind });
}

bool StoreConsumer::unmapSegment(std::int32_t segmentId)
{
    const auto found = m_segments.find(segmentId);
    if (m_segments.end() == found)
    {
        return false;
    }

    ::munmap(const_cast<std::uint8_t *>(found->second.address), static_cast<std::size_t>(found->second.length));
    m_segments.erase(found);
    return true;
}

int StoreConsumer::segmentKind(std::int32_t segmentId) const
{
    const auto found = m_segments.find(segmentId);
    return m_segments.end() == found ? -1 : found->second.kind;
}

PayloadView StoreConsumer::view(
    std::int32_t segmentId, std::int64_t regionOffset, std::int64_t payloadLength, std::int64_t generation) const
{
    const auto found = m_segments.find(segmentId);
    if (m_segments.end() == found)
    {
        throw InvalidRegion("UNKNOWN_SEGMENT", "segment " + std::to_string(segmentId) + " is not mapped");
    }
    if (regionOffset < 0 || payloadLength < 0)
    {
        throw InvalidRegion("NEGATIVE", "region offset " + std::to_string(regionOffset) + " and payload length " +
            std::to_string(payloadLength) + " must not be negative");
    }
    if (0 != (regionOffset & (REGION_ALIGNMENT - 1)))
    {
        throw InvalidRegion("MISALIGNED", "region offset " + std::to_string(regionOffset) +
            " is not a multiple of 64");
    }

    // Both sides are non-negative and segmentLength >= 64, so neither subtraction can overflow: no sum is formed.
    const auto segmentLength = static_cast<std::int64_t>(found->second.length);
    if (regionOffset > segmentLength - REGION_HEADER_LENGTH)
    {
        throw InvalidRegion("OUT_OF_BOUNDS", "region header at offset " + std::to_string(regionOffset) +
            " does not fit in segment " + std::to_string(segmentId) + " of " + std::to_string(segmentLength) +
            " bytes");
    }
    if (payloadLength > segmentLength - regionOffset - REGION_HEADER_LENGTH)
    {
        throw InvalidRegion("OUT_OF_BOUNDS", "payload of " + std::to_string(payloadLength) +
            " bytes at offset " + std::to_string(regionOffset) + " ends past segment " + std::to_string(segmentId) +
            " of " + std::to_string(segmentLength) + " bytes");
    }
    if (generation <= 0)
    {
        throw InvalidRegion("STALE_GENERATION", "generation " + std::to_string(generation) +
            " was never claimed: generations start at 1");
    }

    const std::uint8_t *header = found->second.address + regionOffset;
    const auto headerGeneration = loadAcquire<std::int64_t>(header + GENERATION_OFFSET);
    if (headerGeneration != generation)
    {
        throw InvalidRegion("STALE_GENERATION", "region at offset " + std::to_string(regionOffset) + " has generation " +
            std::to_string(headerGeneration) + ", the descriptor says " + std::to_string(generation));
    }

    const auto headerLength = load<std::int64_t>(header + PAYLOAD_LENGTH_OFFSET);
    if (headerLength != payloadLength)
    {
        throw InvalidRegion("LENGTH_MISMATCH", "region at offset " + std::to_string(regionOffset) + " holds " +
            std::to_string(headerLength) + " bytes, the descriptor says " + std::to_string(payloadLength));
    }

    return PayloadView{ header, header + REGION_HEADER_LENGTH, static_cast<std::uint64_t>(payloadLength) };
}

bool StoreConsumer::hasLiveSegment(std::int32_t segmentId, int kind, std::int64_t length) const
{
    const std::uint64_t capacity = (m_metaLength - META_HEADER_LENGTH) / META_ENTRY_LENGTH;
    for (std::uint64_t i = 0; i < capacity; i++)
    {
        const std::uint8_t *entry = m_meta + META_HEADER_LENGTH + i * META_ENTRY_LENGTH;
        if (ENTRY_LIVE == loadAcquire<std::int32_t>(entry + ENTRY_STATE_OFFSET) &&
            segmentId == load<std::int32_t>(entry + ENTRY_SEGMENT_ID_OFFSET))
        {
            return kind == load<std::int32_t>(entry + ENTRY_KIND_OFFSET) &&
                length == load<std::int64_t>(entry + ENTRY_LENGTH_OFFSET);
        }
    }

    return false;
}

void StoreConsumer::close() noexcept
{
    for (const auto &segment : m_segments)
    {
        ::munmap(const_cast<std::uint8_t *>(segment.second.address), static_cast<std::size_t>(segment.second.length));
    }
    m_segments.clear();

    if (nullptr != m_meta)
    {
        ::munmap(const_cast<std::uint8_t *>(m_meta), static_cast<std::size_t>(m_metaLength));
        m_meta = nullptr;
    }
    if (m_storeDirectoryFd >= 0)
    {
        ::close(m_storeDirectoryFd);
        m_storeDirectoryFd = -1;
    }
}

}}
