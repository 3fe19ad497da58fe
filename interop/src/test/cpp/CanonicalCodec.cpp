/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
#include "CanonicalCodec.h"

#include "io_freight_codecs/Ack.h"
#include "io_freight_codecs/Heartbeat.h"
#include "io_freight_codecs/InlinePayload.h"
#include "io_freight_codecs/MessageHeader.h"
#include "io_freight_codecs/PayloadChunk.h"
#include "io_freight_codecs/PayloadDescriptor.h"
#include "io_freight_codecs/ReceiverAttach.h"
#include "io_freight_codecs/ReceiverDetach.h"
#include "io_freight_codecs/SegmentAnnounce.h"
#include "io_freight_codecs/StoreAnnounce.h"

#include <charconv>
#include <limits>
#include <map>
#include <stdexcept>

namespace freight { namespace interop {

namespace codecs = io::freight::codecs;

namespace
{
    constexpr std::size_t HEADER_LENGTH = codecs::MessageHeader::encodedLength();
    constexpr std::size_t MAX_MESSAGE_LENGTH = 64 * 1024;
    constexpr const char *HEX_PREFIX = "hex:";
    constexpr const char *CHECKSUM_PRESENT = "checksumPresent";
    constexpr const char *HEX_DIGITS = "0123456789abcdef";
    // A golden vector named v0-<name> holds its message as a version 0 sender wrote it (vectors.txt).
    constexpr const char *VERSION_0_PREFIX = "v0-";

    /**
     * The schema version that added a message, its sinceVersion in the XML.
     */
    int sinceVersion(const std::string &message)
    {
        return "PayloadChunk" == message || "Heartbeat" == message ? 1 : 0;
    }

    std::string hex(const std::string &bytes)
    {
        std::string text = HEX_PREFIX;
        for (const char c : bytes)
        {
            const auto b = static_cast<unsigned char>(c);
            text += HEX_DIGITS[b >> 4];
            text += HEX_DIGITS[b & 0xF];
        }

        return text;
    }

    /**
     * The fields of one vector, taken one by one so that a missing, unknown or malformed one is named.
     */
    class Fields
    {
    public:
        explicit Fields(const Vector &vector) : m_vector(vector)
        {
            for (const auto &field : vector.fields)
            {
                m_remaining.insert(field);
            }
        }

        std::int64_t int64(const char *name)
        {
            return parseInteger<std::int64_t>(name);
        }

        std::int32_t int32(const char *name)
        {
            return parseInteger<std::int32_t>(name);
        }

        std::uint32_t uint32(const char *name)
        {
            return parseInteger<std::uint32_t>(name);
        }

        bool flag(const char *name, const char *choice)
        {
            const std::string text = take(name);
            if (text.empty())
            {
                return false;
            }
            if (text == choice)
            {
                return true;
            }

            throw bad(name, text, std::string("expected '' or '") + choice + "'");
        }

        codecs::SegmentKind::Value segmentKind(const char *name)
        {
            const std::string text = take(name);
            if ("RING" == text)
            {
                return codecs::SegmentKind::RING;
            }
            if ("OVERSIZE" == text)
            {
                return codecs::SegmentKind::OVERSIZE;
            }

            throw bad(name, text, "expected RING or OVERSIZE");
        }

        std::vector<std::int64_t> int64List(const char *name)
        {
            const std::string text = take(name);
            std::vector<std::int64_t> values;
            std::size_t start = 0;
            while (!text.empty() && start <= text.size())
            {
                const std::size_t comma = text.find(',', start);
                const std::size_t end = std::string::npos == comma ? text.size() : comma;
                values.push_back(parse<std::int64_t>(name, text.substr(start, end - start)));
                start = end + 1;
            }

            return values;
        }

        std::string bytes(const char *name)
        {
            const std::string text = take(name);
            if (0 != text.rfind(HEX_PREFIX, 0) || 0 != (text.size() - 4) % 2)
            {
                throw bad(name, text, "expected 'hex:' and an even number of lowercase hex digits");
            }

            std::string bytes;
            for (std::size_t i = 4; i < text.size(); i += 2)
            {
                bytes += static_cast<char>((nibble(name, text, text[i]) << 4) | nibble(name, text, text[i + 1]));
            }

            return bytes;
        }

        std::string ascii(const char *name)
        {
            return take(name);
        }

        void requireNoneLeft() const
        {
            if (!m_remaining.empty())
            {
                throw std::invalid_argument(where() + "field '" + m_remaining.begin()->first +
                    "' is not a field of " + m_vector.message);
            }
        }

        std::string where() const
        {
            return std::string(VectorManifest::MANIFEST_FILE) + " line " + std::to_string(m_vector.line) + " (" +
                m_vector.name + "): ";
        }

    private:
        const Vector &m_vector;
        std::map<std::string, std::string> m_remaining;

        std::string take(const char *name)
        {
            const auto found = m_remaining.find(name);
            if (m_remaining.end() == found)
            {
                throw std::invalid_argument(where() + "field '" + name + "' of " + m_vector.message + " is missing");
            }

            std::string value = found->second;
            m_remaining.erase(found);
            return value;
        }

        template<typename T>
        T parseInteger(const char *name)
        {
            return parse<T>(name, take(name));
        }

        // Canonical decimal: what std::to_string renders, so "+1", "01" and "-0" are refused.
        template<typename T>
        T parse(const char *name, const std::string &text)
        {
            T value{};
            const char *first = text.data();
            const char *last = text.data() + text.size();
            const auto result = std::from_chars(first, last, value);
            if (result.ec != std::errc() || result.ptr != last || std::to_string(value) != text)
            {
                throw bad(name, text, "expected a canonical decimal integer in range");
            }

            return value;
        }

        int nibble(const char *name, const std::string &text, char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }
            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            throw bad(name, text, "expected lowercase hex digits");
        }

        std::invalid_argument bad(const char *name, const std::string &text, const std::string &expected) const
        {
            return std::invalid_argument(where() + name + "='" + text + "': " + expected);
        }
    };
}

Decoded CanonicalCodec::decode(const std::string &bytes)
{
    std::vector<char> copy(bytes.begin(), bytes.end());
    char *buffer = copy.data();
    const std::uint64_t length = copy.size();
    codecs::MessageHeader header(buffer, 0, length, codecs::MessageHeader::sbeSchemaVersion());
    const std::uint64_t blockLength = header.blockLength();
    const std::uint64_t version = header.version();

    Decoded decoded;
    auto &fields = decoded.fields;
    std::uint64_t bodyLength = 0;

    switch (header.templateId())
    {
        case codecs::PayloadDescriptor::SBE_TEMPLATE_ID:
        {
            codecs::PayloadDescriptor decoder;
            decoder.wrapForDecode(buffer, HEADER_LENGTH, blockLength, version, length);
            decoded.message = "PayloadDescriptor";
            fields.emplace_back("sequence", std::to_string(decoder.sequence()));
            fields.emplace_back("regionOffset", std::to_string(decoder.regionOffset()));
            fields.emplace_back("payloadLength", std::to_string(decoder.payloadLength()));
            fields.emplace_back("generation", std::to_string(decoder.generation()));
            fields.emplace_back("segmentId", std::to_string(decoder.segmentId()));
            fields.emplace_back("checksum", std::to_string(decoder.checksum()));
            fields.emplace_back("flags", decoder.flags().checksumPresent() ? CHECKSUM_PRESENT : "");
            bodyLength = decoder.encodedLength();
            break;
        }

        case codecs::InlinePayload::SBE_TEMPLATE_ID:
        {
            codecs::InlinePayload decoder;
            decoder.wrapForDecode(buffer, HEADER_LENGTH, blockLength, version, length);
            decoded.message = "InlinePayload";
            fields.emplace_back("sequence", std::to_string(decoder.sequence()));
            fields.emplace_back("payload", hex(decoder.getPayloadAsString()));
            bodyLength = decoder.encodedLength();
            break;
        }

        case codecs::Ack::SBE_TEMPLATE_ID:
        {
            codecs::Ack decoder;
            decoder.wrapForDecode(buffer, HEADER_LENGTH, blockLength, version, length);
            decoded.message = "Ack";
            fields.emplace_back("receiverId", std::to_string(decoder.receiverId()));
            fields.emplace_back("sequence", std::to_string(decoder.sequence()));
            fields.emplace_back("sessionId", std::to_string(decoder.sessionId()));
            std::string released;
            auto &group = decoder.released();
            while (group.hasNext())
            {
                released += (released.empty() ? "" : ",") + std::to_string(group.next().sequence());
            }
            fields.emplace_back("released", released);
            bodyLength = decoder.encodedLength();
            break;
        }

        case codecs::SegmentAnnounce::SBE_TEMPLATE_ID:
        {
            codecs::SegmentAnnounce decoder;
            decoder.wrapForDecode(buffer, HEADER_LENGTH, blockLength, version, length);
            decoded.message = "SegmentAnnounce";
            fields.emplace_back("segmentLength", std::to_string(decoder.segmentLength()));
            fields.emplace_back("segmentId", std::to_string(decoder.segmentId()));
            fields.emplace_back("kind", codecs::SegmentKind::c_str(decoder.kind()));
            fields.emplace_back("fileName", decoder.getFileNameAsString());
            bodyLength = decoder.encodedLength();
            break;
        }

        case codecs::ReceiverAttach::SBE_TEMPLATE_ID:
        {
            codecs::ReceiverAttach decoder;
            decoder.wrapForDecode(buffer, HEADER_LENGTH, blockLength, version, length);
            decoded.message = "ReceiverAttach";
            fields.emplace_back("receiverId", std::to_string(decoder.receiverId()));
            bodyLength = decoder.encodedLength();
            break;
        }

        case codecs::ReceiverDetach::SBE_TEMPLATE_ID:
        {
            codecs::ReceiverDetach decoder;
            decoder.wrapForDecode(buffer, HEADER_LENGTH, blockLength, version, length);
            decoded.message = "ReceiverDetach";
            fields.emplace_back("receiverId", std::to_string(decoder.receiverId()));
            bodyLength = decoder.encodedLength();
            break;
        }

        case codecs::StoreAnnounce::SBE_TEMPLATE_ID:
        {
            codecs::StoreAnnounce decoder;
            decoder.wrapForDecode(buffer, HEADER_LENGTH, blockLength, version, length);
            decoded.message = "StoreAnnounce";
            fields.emplace_back("ownerPid", std::to_string(decoder.ownerPid()));
            fields.emplace_back("layoutVersion", std::to_string(decoder.layoutVersion()));
            fields.emplace_back("storeId", decoder.getStoreIdAsString());
            bodyLength = decoder.encodedLength();
            break;
        }

        case codecs::PayloadChunk::SBE_TEMPLATE_ID:
        {
            codecs::PayloadChunk decoder;
            decoder.wrapForDecode(buffer, HEADER_LENGTH, blockLength, version, length);
            decoded.message = "PayloadChunk";
            fields.emplace_back("sequence", std::to_string(decoder.sequence()));
            fields.emplace_back("payloadLength", std::to_string(decoder.payloadLength()));
            fields.emplace_back("chunkOffset", std::to_string(decoder.chunkOffset()));
            fields.emplace_back("bytes", hex(decoder.getBytesAsString()));
            bodyLength = decoder.encodedLength();
            break;
        }

        case codecs::Heartbeat::SBE_TEMPLATE_ID:
        {
            codecs::Heartbeat decoder;
            decoder.wrapForDecode(buffer, HEADER_LENGTH, blockLength, version, length);
            decoded.message = "Heartbeat";
            fields.emplace_back("receiverId", std::to_string(decoder.receiverId()));
            fields.emplace_back("sessionId", std::to_string(decoder.sessionId()));
            bodyLength = decoder.encodedLength();
            break;
        }

        default:
            throw std::runtime_error("templateId " + std::to_string(header.templateId()) + " is not a Freight message");
    }

    decoded.encodedLength = static_cast<std::size_t>(HEADER_LENGTH + bodyLength);
    return decoded;
}

std::string CanonicalCodec::encode(const Vector &vector)
{
    std::vector<char> storage(MAX_MESSAGE_LENGTH);
    char *buffer = storage.data();
    const std::uint64_t capacity = storage.size();
    Fields fields(vector);
    std::uint64_t bodyLength = 0;

    if ("PayloadDescriptor" == vector.message)
    {
        codecs::PayloadDescriptor encoder;
        encoder.wrapAndApplyHeader(buffer, 0, capacity)
            .sequence(fields.int64("sequence"))
            .regionOffset(fields.int64("regionOffset"))
            .payloadLength(fields.int64("payloadLength"))
            .generation(fields.int64("generation"))
            .segmentId(fields.int32("segmentId"))
            .checksum(fields.uint32("checksum"));
        encoder.flags().clear().checksumPresent(fields.flag("flags", CHECKSUM_PRESENT));
        bodyLength = encoder.encodedLength();
    }
    else if ("InlinePayload" == vector.message)
    {
        codecs::InlinePayload encoder;
        encoder.wrapAndApplyHeader(buffer, 0, capacity).sequence(fields.int64("sequence"));
        const std::string payload = fields.bytes("payload");
        encoder.putPayload(payload.data(), static_cast<std::uint32_t>(payload.size()));
        bodyLength = encoder.encodedLength();
    }
    else if ("Ack" == vector.message)
    {
        codecs::Ack encoder;
        encoder.wrapAndApplyHeader(buffer, 0, capacity)
            .receiverId(fields.int64("receiverId"))
            .sequence(fields.int64("sequence"))
            .sessionId(fields.int32("sessionId"));
        const std::vector<std::int64_t> released = fields.int64List("released");
        auto &group = encoder.releasedCount(static_cast<std::uint16_t>(released.size()));
        for (const std::int64_t sequence : released)
        {
            group.next().sequence(sequence);
        }
        bodyLength = encoder.encodedLength();
    }
    else if ("SegmentAnnounce" == vector.message)
    {
        codecs::SegmentAnnounce encoder;
        encoder.wrapAndApplyHeader(buffer, 0, capacity)
            .segmentLength(fields.int64("segmentLength"))
            .segmentId(fields.int32("segmentId"))
            .kind(fields.segmentKind("kind"))
            .putFileName(fields.ascii("fileName"));
        bodyLength = encoder.encodedLength();
    }
    else if ("ReceiverAttach" == vector.message)
    {
        codecs::ReceiverAttach encoder;
        encoder.wrapAndApplyHeader(buffer, 0, capacity).receiverId(fields.int64("receiverId"));
        bodyLength = encoder.encodedLength();
    }
    else if ("ReceiverDetach" == vector.message)
    {
        codecs::ReceiverDetach encoder;
        encoder.wrapAndApplyHeader(buffer, 0, capacity).receiverId(fields.int64("receiverId"));
        bodyLength = encoder.encodedLength();
    }
    else if ("StoreAnnounce" == vector.message)
    {
        codecs::StoreAnnounce encoder;
        encoder.wrapAndApplyHeader(buffer, 0, capacity)
            .ownerPid(fields.int64("ownerPid"))
            .layoutVersion(fields.int32("layoutVersion"))
            .putStoreId(fields.ascii("storeId"));
        bodyLength = encoder.encodedLength();
    }
    else if ("PayloadChunk" == vector.message)
    {
        codecs::PayloadChunk encoder;
        encoder.wrapAndApplyHeader(buffer, 0, capacity)
            .sequence(fields.int64("sequence"))
            .payloadLength(fields.int64("payloadLength"))
            .chunkOffset(fields.int64("chunkOffset"));
        const std::string bytes = fields.bytes("bytes");
        encoder.putBytes(bytes.data(), static_cast<std::uint32_t>(bytes.size()));
        bodyLength = encoder.encodedLength();
    }
    else if ("Heartbeat" == vector.message)
    {
        codecs::Heartbeat encoder;
        encoder.wrapAndApplyHeader(buffer, 0, capacity)
            .receiverId(fields.int64("receiverId"))
            .sessionId(fields.int32("sessionId"));
        bodyLength = encoder.encodedLength();
    }
    else
    {
        throw std::invalid_argument(fields.where() + "unknown message '" + vector.message + "'");
    }

    fields.requireNoneLeft();

    // The encoders write their own schema version; a v0- vector is the same bytes with version 0 in the header.
    if (0 == vector.name.rfind(VERSION_0_PREFIX, 0))
    {
        if (sinceVersion(vector.message) > 0)
        {
            throw std::invalid_argument(fields.where() + vector.message + " exists since schema version " +
                std::to_string(sinceVersion(vector.message)) + ": no sender of version 0 writes it");
        }
        codecs::MessageHeader header(buffer, 0, capacity, codecs::MessageHeader::sbeSchemaVersion());
        header.version(0);
    }

    return std::string(buffer, static_cast<std::size_t>(HEADER_LENGTH + bodyLength));
}

}}
