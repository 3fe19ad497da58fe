/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */

/*
 * freight-interop: a C++ consumer of the Freight wire format and store layout, written from docs/PROTOCOL.md and
 * run as a real process by the Java tests in interop/src/test/java. One mode per run; every result is one line on
 * stdout, "<KIND> key=value ...", with a free-text "detail=" last when present.
 *
 *   golden <vectorsDir>                        decode every golden vector the manifest names and check each field,
 *                                              re-encode it and compare the bytes
 *   encode <outDir>                            encode this program's own vectors into <outDir>: <name>.bin files
 *                                              and the vectors.txt manifest that describes them
 *   consume <root> <storeId> <messagesFile> [receiverId]
 *                                              act as a receiver: validate and apply each message of the file
 *                                              (records of a little-endian uint32 length then the message bytes),
 *                                              open the store, map segments, validate descriptors, read payloads
 *                                              and verify their CRC32C. With a receiverId, the file is a session's
 *                                              data stream from before the attach: payloads are taken only from
 *                                              the echo of that receiverId on (PROTOCOL.md 5.3)
 *   evolution <dir>                            schema version 1 against a test-only version 2, see VersionEvolution.h
 *   crc32c <file>...                           the CRC32C of each file
 *
 * Exit status: 0 when every check passed (in consume mode, when the whole file was processed, rejections included),
 * 1 when a check failed, 2 for bad usage or an unreadable input.
 */

#include "CanonicalCodec.h"
#include "Crc32c.h"
#include "MessageValidator.h"
#include "StoreConsumer.h"
#include "VectorManifest.h"
#include "VersionEvolution.h"

#include "io_freight_codecs/InlinePayload.h"
#include "io_freight_codecs/MessageHeader.h"
#include "io_freight_codecs/PayloadDescriptor.h"
#include "io_freight_codecs/ReceiverAttach.h"
#include "io_freight_codecs/SegmentAnnounce.h"
#include "io_freight_codecs/StoreAnnounce.h"

#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace codecs = io::freight::codecs;
using namespace freight::interop;

namespace
{
    constexpr int EXIT_OK = 0;
    constexpr int EXIT_CHECK_FAILED = 1;
    constexpr int EXIT_USAGE = 2;
    constexpr std::uint64_t HEADER_LENGTH = codecs::MessageHeader::encodedLength();

    /*
     * This program's own vectors: values the golden set does not use, every message of schema version 1, empty and
     * full var data and groups, both segment kinds and both flag states.
     */
    const char *const OWN_VECTORS[] = {
        "cpp-descriptor PayloadDescriptor sequence=42 regionOffset=8388672 payloadLength=123457 generation=99 "
            "segmentId=0 checksum=2882400001 flags=checksumPresent",
        "cpp-descriptor-negative PayloadDescriptor sequence=-2 regionOffset=-64 payloadLength=-1 "
            "generation=-9223372036854775808 segmentId=-2147483648 checksum=1 flags=",
        "cpp-descriptor-oversize PayloadDescriptor sequence=7 regionOffset=0 payloadLength=10737418240 generation=8 "
            "segmentId=17 checksum=0 flags=",
        "cpp-inline InlinePayload sequence=43 payload=hex:c0ffee00112233445566778899aabbccddeeff",
        "cpp-inline-empty InlinePayload sequence=-1 payload=hex:",
        "cpp-ack Ack receiverId=5764607523034234881 sequence=41 sessionId=-12345 released=43,44,46,1000000000000",
        "cpp-ack-empty Ack receiverId=-9223372036854775808 sequence=-1 sessionId=0 released=",
        "cpp-segment-ring SegmentAnnounce segmentLength=1048576 segmentId=0 kind=RING fileName=segment-0",
        "cpp-segment-oversize SegmentAnnounce segmentLength=10737418304 segmentId=17 kind=OVERSIZE "
            "fileName=segment-17",
        "cpp-receiver-attach ReceiverAttach receiverId=-6148914691236517206",
        "cpp-receiver-detach ReceiverDetach receiverId=6148914691236517205",
        "cpp-store-announce StoreAnnounce ownerPid=31337 layoutVersion=1 storeId=31337-1f2e3d4c",
        "cpp-store-announce-long-id StoreAnnounce ownerPid=1 layoutVersion=-1 "
            "storeId=A.store_id-that-is-long-0123456789abcdefghijklmnopqrstuvwxyz",
        "cpp-chunk PayloadChunk sequence=44 payloadLength=10737418240 chunkOffset=8589934592 "
            "bytes=hex:0badc0de00ff7f80",
        "cpp-chunk-empty PayloadChunk sequence=-1 payloadLength=-9223372036854775808 chunkOffset=-1 bytes=hex:",
        "cpp-heartbeat-sender Heartbeat receiverId=0 sessionId=-559038737",
        "cpp-heartbeat-receiver Heartbeat receiverId=-6148914691236517206 sessionId=305419896",
    };

    std::string fieldValue(const std::vector<std::pair<std::string, std::string>> &fields, const std::string &name)
    {
        for (const auto &field : fields)
        {
            if (field.first == name)
            {
                return field.second;
            }
        }

        return "<missing>";
    }

    int golden(const std::string &directory)
    {
        const std::vector<Vector> vectors =
            VectorManifest::parse(VectorManifest::readFile(directory + "/" + VectorManifest::MANIFEST_FILE));
        int failures = 0;
        std::set<std::string> named;

        for (const Vector &vector : vectors)
        {
            named.insert(vector.name + ".bin");
            const std::string path = directory + "/" + vector.name + ".bin";
            if (!std::filesystem::is_regular_file(path))
            {
                std::cout << "FAIL name=" << vector.name << " detail=" << path << " is missing\n";
                failures++;
                continue;
            }

            const std::string bytes = VectorManifest::readFile(path);
            std::vector<std::string> problems;
            try
            {
                MessageValidator::validate(reinterpret_cast<const std::uint8_t *>(bytes.data()), bytes.size());
                const Decoded decoded = CanonicalCodec::decode(bytes);
                if (decoded.message != vector.message)
                {
                    problems.push_back("message " + decoded.message + " but the manifest says " + vector.message);
                }
                for (const auto &field : vector.fields)
                {
                    const std::string actual = fieldValue(decoded.fields, field.first);
                    if (actual != field.second)
                    {
                        problems.push_back(
                            "field " + field.first + " decoded as '" + actual + "', manifest '" + field.second + "'");
                    }
                }
                if (decoded.fields.size() != vector.fields.size())
                {
                    problems.push_back("the manifest has " + std::to_string(vector.fields.size()) +
                        " fields, the message " + std::to_string(decoded.fields.size()));
                }
                if (decoded.encodedLength != bytes.size())
                {
                    problems.push_back("decoders walked " + std::to_string(decoded.encodedLength) + " of " +
                        std::to_string(bytes.size()) + " bytes");
                }
                if (CanonicalCodec::encode(vector) != bytes)
                {
                    problems.push_back("the C++ encoders write other bytes than " + path);
                }
            }
            catch (const std::exception &ex)
            {
                problems.push_back(ex.what());
            }

            if (problems.empty())
            {
                std::cout << "OK name=" << vector.name << " message=" << vector.message
                    << " fields=" << vector.fields.size() << " bytes=" << bytes.size() << "\n";
            }
            for (const std::string &problem : problems)
            {
                std::cout << "FAIL name=" << vector.name << " detail=" << problem << "\n";
                failures++;
            }
        }

        for (const auto &entry : std::filesystem::directory_iterator(directory))
        {
            const std::string name = entry.path().filename().string();
            if (entry.path().extension() == ".bin" && 0 == named.count(name))
            {
                std::cout << "FAIL name=" << name << " detail=no manifest line names this file\n";
                failures++;
            }
        }

        std::cout << "SUMMARY vectors=" << vectors.size() << " failures=" << failures << "\n";
        return 0 == failures ? EXIT_OK : EXIT_CHECK_FAILED;
    }

    int encode(const std::string &directory)
    {
        std::string manifest =
            "# Vectors encoded by the C++ codecs of freight-interop (interop/src/test/cpp/FreightInterop.cpp),\n"
            "# in the format of schema/src/test/resources/vectors/vectors.txt.\n";
        for (const char *line : OWN_VECTORS)
        {
            const Vector vector = VectorManifest::parse(line).at(0);
            const std::string bytes = CanonicalCodec::encode(vector);
            VectorManifest::writeFile(directory + "/" + vector.name + ".bin", bytes);
            manifest += VectorManifest::format(vector) + "\n";
            std::cout << "WROTE name=" << vector.name << " message=" << vector.message << " bytes=" << bytes.size()
                << "\n";
        }
        VectorManifest::writeFile(directory + "/" + VectorManifest::MANIFEST_FILE, manifest);

        return EXIT_OK;
    }

    std::vector<std::string> readMessages(const std::string &path)
    {
        const std::string content = VectorManifest::readFile(path);
        std::vector<std::string> messages;
        std::size_t position = 0;
        while (position < content.size())
        {
            if (content.size() - position < 4)
            {
                throw std::runtime_error(path + ": truncated length prefix at byte " + std::to_string(position));
            }

            const std::uint32_t length = getUint32(reinterpret_cast<const std::uint8_t *>(content.data() + position));
            position += 4;
            if (length > content.size() - position)
            {
                throw std::runtime_error(path + ": record at byte " + std::to_string(position) + " is truncated");
            }
            messages.push_back(content.substr(position, length));
            position += length;
        }

        return messages;
    }

    /*
     * One receiver of one sender session, fed from a file instead of an Aeron subscription: every message is
     * validated before it is decoded, every descriptor before its payload is read, and a rejection is reported and
     * counted while the stream goes on.
     *
     * Without a receiver id the file starts after the attach: every payload in it is this receiver's. With one, the
     * file is the session's data stream as a receiver with that id saw it from before its attach, and PROTOCOL.md 5.3
     * applies: until the echo of its own ReceiverAttach, payloads are ignored (neither read nor acked), and so are
     * oversize segments, which only hold such payloads (5.2); announcements of the store and the ring are acted on.
     * Echoes of other receivers and repeated echoes change nothing.
     */
    class Receiver
    {
    public:
        Receiver(const std::string &root, std::string expectedStoreId, bool hasReceiverId, std::int64_t receiverId) :
            m_store(root),
            m_expectedStoreId(std::move(expectedStoreId)),
            m_hasReceiverId(hasReceiverId),
            m_receiverId(receiverId),
            m_isAttached(!hasReceiverId)
        {
        }

        void onMessage(std::size_t index, std::string &message)
        {
            const auto *bytes = reinterpret_cast<const std::uint8_t *>(message.data());
            std::uint16_t templateId;
            try
            {
                templateId = MessageValidator::validate(bytes, message.size());
            }
            catch (const ProtocolError &ex)
            {
                reject(index, "unknown", "PROTOCOL", ex.what());
                return;
            }

            char *buffer = message.data();
            const std::uint64_t length = message.size();
            codecs::MessageHeader header(buffer, 0, length, codecs::MessageHeader::sbeSchemaVersion());
            const std::uint64_t blockLength = header.blockLength();
            const std::uint64_t version = header.version();

            switch (templateId)
            {
                case codecs::StoreAnnounce::SBE_TEMPLATE_ID:
                {
                    codecs::StoreAnnounce announce;
                    announce.wrapForDecode(buffer, HEADER_LENGTH, blockLength, version, length);
                    onStoreAnnounce(index, announce.ownerPid(), announce.layoutVersion(), announce.getStoreIdAsString());
                    break;
                }

                case codecs::SegmentAnnounce::SBE_TEMPLATE_ID:
                {
                    codecs::SegmentAnnounce announce;
                    announce.wrapForDecode(buffer, HEADER_LENGTH, blockLength, version, length);
                    if (!m_isAttached && codecs::SegmentKind::OVERSIZE == announce.kind())
                    {
                        skip(index, "SegmentAnnounce", "segmentId", announce.segmentId());
                        break;
                    }
                    onSegmentAnnounce(
                        index,
                        announce.segmentId(),
                        static_cast<std::uint8_t>(announce.kind()),
                        announce.segmentLength(),
                        announce.getFileNameAsString());
                    break;
                }

                case codecs::PayloadDescriptor::SBE_TEMPLATE_ID:
                {
                    codecs::PayloadDescriptor descriptor;
                    descriptor.wrapForDecode(buffer, HEADER_LENGTH, blockLength, version, length);
                    if (!m_isAttached)
                    {
                        skip(index, "PayloadDescriptor", "sequence", descriptor.sequence());
                        break;
                    }
                    onDescriptor(index, descriptor);
                    break;
                }

                case codecs::InlinePayload::SBE_TEMPLATE_ID:
                {
                    codecs::InlinePayload inlinePayload;
                    inlinePayload.wrapForDecode(buffer, HEADER_LENGTH, blockLength, version, length);
                    const std::int64_t sequence = inlinePayload.sequence();
                    if (!m_isAttached)
                    {
                        skip(index, "InlinePayload", "sequence", sequence);
                        break;
                    }
                    const std::string payload = inlinePayload.getPayloadAsString();
                    const std::uint32_t crc = Crc32c::compute(
                        reinterpret_cast<const std::uint8_t *>(payload.data()), payload.size());
                    std::cout << "INLINE index=" << index << " sequence=" << sequence << " length=" << payload.size()
                        << " crc32c=" << crc << "\n";
                    m_payloads++;
                    break;
                }

                case codecs::ReceiverAttach::SBE_TEMPLATE_ID:
                {
                    // On the data stream a ReceiverAttach is the sender's echo of a receiver's attach.
                    codecs::ReceiverAttach echo;
                    echo.wrapForDecode(buffer, HEADER_LENGTH, blockLength, version, length);
                    onEcho(index, echo.receiverId());
                    break;
                }

                default:
                    reject(index, MessageValidator::messageName(templateId), "UNEXPECTED",
                        "a control stream message on the data stream");
                    break;
            }
        }

        int summary() const
        {
            std::cout << "SUMMARY payloads=" << m_payloads << " rejected=" << m_rejected << " skipped=" << m_skipped
                << " attached=" << (m_isAttached ? "true" : "false") << "\n";
            return EXIT_OK;
        }

    private:
        StoreConsumer m_store;
        std::string m_expectedStoreId;
        bool m_hasReceiverId;
        std::int64_t m_receiverId;
        bool m_isAttached;
        std::size_t m_payloads = 0;
        std::size_t m_rejected = 0;
        std::size_t m_skipped = 0;

        void onEcho(std::size_t index, std::int64_t receiverId)
        {
            const bool isOwn = m_hasReceiverId && receiverId == m_receiverId;
            std::cout << "ECHO index=" << index << " receiverId=" << receiverId << " own=" << (isOwn ? "true" : "false")
                << "\n";
            if (isOwn)
            {
                m_isAttached = true;
            }
        }

        void skip(std::size_t index, const char *message, const char *key, std::int64_t value)
        {
            m_skipped++;
            std::cout << "SKIP index=" << index << " message=" << message << " " << key << "=" << value
                << " detail=before the echo of this receiver's attach\n";
        }

        void onStoreAnnounce(std::size_t index, std::int64_t ownerPid, std::int32_t layoutVersion, const std::string &id)
        {
            if (id != m_expectedStoreId)
            {
                reject(index, "StoreAnnounce", "BAD_STORE", "store " + id + " is not the expected " + m_expectedStoreId);
                return;
            }

            try
            {
                m_store.openStore(id, layoutVersion, ownerPid);
                std::cout << "STORE index=" << index << " storeId=" << id << " ownerPid=" << ownerPid
                    << " layoutVersion=" << layoutVersion << "\n";
            }
            catch (const StoreError &ex)
            {
                reject(index, "StoreAnnounce", "BAD_STORE", ex.what());
            }
        }

        void onSegmentAnnounce(
            std::size_t index, std::int32_t segmentId, std::uint8_t kind, std::int64_t length, const std::string &name)
        {
            try
            {
                m_store.mapSegment(segmentId, kind, length, name);
                std::cout << "SEGMENT index=" << index << " segmentId=" << segmentId << " kind="
                    << codecs::SegmentKind::c_str(codecs::SegmentKind::get(kind)) << " length=" << length << "\n";
            }
            catch (const StoreError &ex)
            {
                reject(index, "SegmentAnnounce", "BAD_SEGMENT", ex.what());
            }
        }

        void onDescriptor(std::size_t index, codecs::PayloadDescriptor &descriptor)
        {
            const std::int32_t segmentId = descriptor.segmentId();
            const std::int64_t sequence = descriptor.sequence();
            PayloadView view;
            try
            {
                view = m_store.view(
                    segmentId, descriptor.regionOffset(), descriptor.payloadLength(), descriptor.generation());
            }
            catch (const InvalidRegion &ex)
            {
                reject(index, "PayloadDescriptor", ex.reason(), ex.what(), sequence);
                return;
            }

            // Validated: from here on the payload lies inside the mapping, header and all.
            const std::uint32_t crc = Crc32c::compute(view.payload, view.length);
            const bool checksumPresent = descriptor.flags().checksumPresent();
            if (checksumPresent && crc != descriptor.checksum())
            {
                reject(index, "PayloadDescriptor", "CHECKSUM_MISMATCH", "CRC32C of the payload is " +
                    std::to_string(crc) + ", the descriptor says " + std::to_string(descriptor.checksum()), sequence);
            }
            else
            {
                std::cout << "PAYLOAD index=" << index << " sequence=" << sequence << " segmentId=" << segmentId
                    << " regionOffset=" << descriptor.regionOffset() << " length=" << view.length
                    << " generation=" << descriptor.generation() << " headerSequence=" << view.headerSequence()
                    << " crc32c=" << crc << " checksum=" << (checksumPresent ? "verified" : "absent")
                    << " headerChecksum=" << (view.headerHasChecksum() ? std::to_string(view.headerChecksum()) : "absent")
                    << "\n";
                m_payloads++;
            }

            // Released: this consumer unmaps an oversize segment at once (4.6 allows keeping it for reuse); the sender
            // announces it again before any descriptor that reuses it.
            if (codecs::SegmentKind::OVERSIZE == m_store.segmentKind(segmentId) && m_store.unmapSegment(segmentId))
            {
                std::cout << "UNMAP index=" << index << " segmentId=" << segmentId << "\n";
            }
        }

        void reject(
            std::size_t index,
            const std::string &message,
            const std::string &reason,
            const std::string &detail,
            std::int64_t sequence = -1)
        {
            m_rejected++;
            std::cout << "REJECT index=" << index << " message=" << message << " reason=" << reason;
            if ("PayloadDescriptor" == message)
            {
                std::cout << " sequence=" << sequence;
            }
            std::cout << " detail=" << detail << "\n";
        }
    };

    int consume(
        const std::string &root,
        const std::string &storeId,
        const std::string &messagesFile,
        bool hasReceiverId,
        std::int64_t receiverId)
    {
        std::vector<std::string> messages = readMessages(messagesFile);
        Receiver receiver(root, storeId, hasReceiverId, receiverId);
        for (std::size_t i = 0; i < messages.size(); i++)
        {
            receiver.onMessage(i, messages[i]);
        }

        return receiver.summary();
    }

    int crc32c(int argc, char **argv)
    {
        for (int i = 2; i < argc; i++)
        {
            const std::string bytes = VectorManifest::readFile(argv[i]);
            std::cout << "CRC32C file=" << std::filesystem::path(argv[i]).filename().string() << " value="
                << Crc32c::compute(reinterpret_cast<const std::uint8_t *>(bytes.data()), bytes.size()) << "\n";
        }

        return EXIT_OK;
    }

    std::int64_t parseInt64(const std::string &text)
    {
        std::size_t end = 0;
        const long long value = std::stoll(text, &end, 10);
        if (end != text.size())
        {
            throw std::invalid_argument("not a decimal int64: " + text);
        }

        return static_cast<std::int64_t>(value);
    }

    int usage()
    {
        std::cerr <<
            "usage: freight-interop golden <vectorsDir>\n"
            "       freight-interop encode <outDir>\n"
            "       freight-interop consume <root> <storeId> <messagesFile> [receiverId]\n"
            "       freight-interop evolution <dir>\n"
            "       freight-interop crc32c <file>...\n";
        return EXIT_USAGE;
    }
}

int main(int argc, char **argv)
{
    const std::string mode = argc > 1 ? argv[1] : "";
    try
    {
        int status;
        if ("golden" == mode && 3 == argc)
        {
            status = golden(argv[2]);
        }
        else if ("encode" == mode && 3 == argc)
        {
            status = encode(argv[2]);
        }
        else if ("consume" == mode && (5 == argc || 6 == argc))
        {
            status = consume(argv[2], argv[3], argv[4], 6 == argc, 6 == argc ? parseInt64(argv[5]) : 0);
        }
        else if ("evolution" == mode && 3 == argc)
        {
            status = 0 == VersionEvolution::run(argv[2], std::cout) ? EXIT_OK : EXIT_CHECK_FAILED;
        }
        else if ("crc32c" == mode && argc > 2)
        {
            status = crc32c(argc, argv);
        }
        else
        {
            status = usage();
        }

        std::cout.flush();
        return status;
    }
    catch (const std::exception &ex)
    {
        std::cout.flush();
        std::cerr << "freight-interop " << mode << ": " << ex.what() << "\n";
        return EXIT_USAGE;
    }
}
