/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
#include "VersionEvolution.h"

#include "MessageValidator.h"
#include "VectorManifest.h"

#include "io_freight_codecs/Ack.h"
#include "io_freight_codecs/MessageHeader.h"
#include "io_freight_codecs/PayloadDescriptor.h"
#include "io_freight_codecs_v2/Ack.h"
#include "io_freight_codecs_v2/MessageHeader.h"
#include "io_freight_codecs_v2/PayloadDescriptor.h"

#include <cstdint>
#include <sstream>
#include <vector>

namespace freight { namespace interop {

namespace v1 = io::freight::codecs;
namespace v2 = io::freight::codecs::v2;

namespace
{
    constexpr std::uint64_t HEADER_LENGTH = v1::MessageHeader::encodedLength();
    constexpr std::size_t CAPACITY = 256;

    // The values the cpp-*.bin files carry; VersionEvolutionInteropTest expects exactly these.
    constexpr std::int64_t DESCRIPTOR_SEQUENCE = 11;
    constexpr std::int64_t DESCRIPTOR_REGION_OFFSET = 128;
    constexpr std::int64_t DESCRIPTOR_PAYLOAD_LENGTH = 4096;
    constexpr std::int64_t DESCRIPTOR_GENERATION = 5;
    constexpr std::int32_t DESCRIPTOR_SEGMENT_ID = 3;
    constexpr std::uint32_t DESCRIPTOR_CHECKSUM = 0xCAFEF00D;
    constexpr std::int64_t DESCRIPTOR_COMMITTED_NS = 1700000000123456789LL;
    constexpr std::int64_t ACK_RECEIVER_ID = -77;
    constexpr std::int64_t ACK_SEQUENCE = 10;
    constexpr std::int32_t ACK_SESSION_ID = 1234;
    constexpr std::int64_t ACK_RELEASED_BYTES = 8192;
    constexpr std::int64_t ACK_RELEASED[] = { 12, 14 };

    using Bytes = std::vector<char>;

    struct Header
    {
        std::uint16_t blockLength;
        std::uint16_t version;
    };

    Header headerOf(Bytes &bytes)
    {
        v1::MessageHeader header(bytes.data(), 0, bytes.size(), v1::MessageHeader::sbeSchemaVersion());
        return Header{ header.blockLength(), header.version() };
    }

    Bytes encodeV2Descriptor()
    {
        Bytes bytes(CAPACITY);
        v2::PayloadDescriptor encoder;
        encoder.wrapAndApplyHeader(bytes.data(), 0, bytes.size())
            .sequence(DESCRIPTOR_SEQUENCE)
            .regionOffset(DESCRIPTOR_REGION_OFFSET)
            .payloadLength(DESCRIPTOR_PAYLOAD_LENGTH)
            .generation(DESCRIPTOR_GENERATION)
            .segmentId(DESCRIPTOR_SEGMENT_ID)
            .checksum(DESCRIPTOR_CHECKSUM)
            .committedNs(DESCRIPTOR_COMMITTED_NS)
            .flags().clear().checksumPresent(true);
        bytes.resize(HEADER_LENGTH + encoder.encodedLength());
        return bytes;
    }

    Bytes encodeV1Descriptor()
    {
        Bytes bytes(CAPACITY);
        v1::PayloadDescriptor encoder;
        encoder.wrapAndApplyHeader(bytes.data(), 0, bytes.size())
            .sequence(DESCRIPTOR_SEQUENCE)
            .regionOffset(DESCRIPTOR_REGION_OFFSET)
            .payloadLength(DESCRIPTOR_PAYLOAD_LENGTH)
            .generation(DESCRIPTOR_GENERATION)
            .segmentId(DESCRIPTOR_SEGMENT_ID)
            .checksum(DESCRIPTOR_CHECKSUM)
            .flags().clear().checksumPresent(true);
        bytes.resize(HEADER_LENGTH + encoder.encodedLength());
        return bytes;
    }

    Bytes encodeV2Ack()
    {
        Bytes bytes(CAPACITY);
        v2::Ack encoder;
        encoder.wrapAndApplyHeader(bytes.data(), 0, bytes.size())
            .receiverId(ACK_RECEIVER_ID)
            .sequence(ACK_SEQUENCE)
            .sessionId(ACK_SESSION_ID)
            .releasedBytes(ACK_RELEASED_BYTES);
        auto &released = encoder.releasedCount(static_cast<std::uint16_t>(std::size(ACK_RELEASED)));
        for (const std::int64_t sequence : ACK_RELEASED)
        {
            released.next().sequence(sequence);
        }
        bytes.resize(HEADER_LENGTH + encoder.encodedLength());
        return bytes;
    }

    Bytes encodeV1Ack()
    {
        Bytes bytes(CAPACITY);
        v1::Ack encoder;
        encoder.wrapAndApplyHeader(bytes.data(), 0, bytes.size())
            .receiverId(ACK_RECEIVER_ID)
            .sequence(ACK_SEQUENCE)
            .sessionId(ACK_SESSION_ID);
        auto &released = encoder.releasedCount(static_cast<std::uint16_t>(std::size(ACK_RELEASED)));
        for (const std::int64_t sequence : ACK_RELEASED)
        {
            released.next().sequence(sequence);
        }
        bytes.resize(HEADER_LENGTH + encoder.encodedLength());
        return bytes;
    }

    // Every decoder is wrapped with the block length and version of the message's own header: the SBE rule that lets
    // an old decoder skip fields it does not know and a new decoder see that an old message lacks them.
    template<typename Descriptor>
    std::string describeDescriptor(Bytes &bytes, Descriptor &decoder)
    {
        const Header header = headerOf(bytes);
        decoder.wrapForDecode(bytes.data(), HEADER_LENGTH, header.blockLength, header.version, bytes.size());
        std::ostringstream text;
        text << "version=" << header.version
            << " blockLength=" << header.blockLength
            << " sequence=" << decoder.sequence()
            << " regionOffset=" << decoder.regionOffset()
            << " payloadLength=" << decoder.payloadLength()
            << " generation=" << decoder.generation()
            << " segmentId=" << decoder.segmentId()
            << " checksum=" << decoder.checksum()
            << " flags=" << (decoder.flags().checksumPresent() ? "checksumPresent" : "");
        return text.str();
    }

    template<typename Ack>
    std::string describeAck(Bytes &bytes, Ack &decoder)
    {
        const Header header = headerOf(bytes);
        decoder.wrapForDecode(bytes.data(), HEADER_LENGTH, header.blockLength, header.version, bytes.size());
        std::ostringstream text;
        text << "version=" << header.version
            << " blockLength=" << header.blockLength
            << " receiverId=" << decoder.receiverId()
            << " sequence=" << decoder.sequence()
            << " sessionId=" << decoder.sessionId();
        return text.str();
    }

    template<typename Ack>
    std::string describeReleased(Ack &decoder)
    {
        std::string released;
        auto &group = decoder.released();
        while (group.hasNext())
        {
            released += (released.empty() ? "" : ",") + std::to_string(group.next().sequence());
        }

        return " released=" + released + " encodedLength=" + std::to_string(HEADER_LENGTH + decoder.encodedLength());
    }

    std::string readV1(Bytes &bytes)
    {
        const std::uint16_t templateId = MessageValidator::validate(
            reinterpret_cast<const std::uint8_t *>(bytes.data()), bytes.size());
        if (v1::PayloadDescriptor::SBE_TEMPLATE_ID == templateId)
        {
            v1::PayloadDescriptor decoder;
            const std::string fields = describeDescriptor(bytes, decoder);
            return fields + " encodedLength=" + std::to_string(HEADER_LENGTH + decoder.encodedLength());
        }

        v1::Ack decoder;
        const std::string fields = describeAck(bytes, decoder);
        return fields + describeReleased(decoder);
    }

    std::string readV2(Bytes &bytes)
    {
        const std::uint16_t templateId = MessageValidator::validate(
            reinterpret_cast<const std::uint8_t *>(bytes.data()), bytes.size());
        if (v2::PayloadDescriptor::SBE_TEMPLATE_ID == templateId)
        {
            v2::PayloadDescriptor decoder;
            const std::string fields = describeDescriptor(bytes, decoder);
            return fields +
                " committedNs=" + std::to_string(decoder.committedNs()) +
                " committedNsInActingVersion=" + (decoder.committedNsInActingVersion() ? "true" : "false") +
                " encodedLength=" + std::to_string(HEADER_LENGTH + decoder.encodedLength());
        }

        v2::Ack decoder;
        const std::string fields = describeAck(bytes, decoder);
        return fields +
            " releasedBytes=" + std::to_string(decoder.releasedBytes()) +
            " releasedBytesInActingVersion=" + (decoder.releasedBytesInActingVersion() ? "true" : "false") +
            describeReleased(decoder);
    }

    class Checks
    {
    public:
        explicit Checks(std::ostream &out) : m_out(out)
        {
        }

        void expect(const char *name, const std::string &actual, const std::string &expected)
        {
            if (actual == expected)
            {
                m_out << "CHECK " << name << " OK\n";
            }
            else
            {
                m_failures++;
                m_out << "CHECK " << name << " FAIL expected [" << expected << "] actual [" << actual << "]\n";
            }
        }

        int failures() const
        {
            return m_failures;
        }

    private:
        std::ostream &m_out;
        int m_failures = 0;
    };

    const std::string DESCRIPTOR_V1_FIELDS =
        " sequence=11 regionOffset=128 payloadLength=4096 generation=5 segmentId=3 checksum=3405705229"
        " flags=checksumPresent";
    const std::string ACK_V1_FIELDS = " receiverId=-77 sequence=10 sessionId=1234";
    const std::string NULL_INT64 = std::to_string(INT64_MIN);
}

int VersionEvolution::run(const std::string &directory, std::ostream &out)
{
    Checks checks(out);

    Bytes v2Descriptor = encodeV2Descriptor();
    Bytes v1Descriptor = encodeV1Descriptor();
    Bytes v2Ack = encodeV2Ack();
    Bytes v1Ack = encodeV1Ack();

    // The v1 decoder walks the whole 49-byte block of a v2 descriptor and sees every v1 field.
    checks.expect("v2-descriptor-read-by-v1-decoder", readV1(v2Descriptor),
        "version=2 blockLength=49" + DESCRIPTOR_V1_FIELDS + " encodedLength=57");
    // The v2 decoder sees that a v1 descriptor has no committedNs and reads the null value, not the next bytes.
    checks.expect("v1-descriptor-read-by-v2-decoder", readV2(v1Descriptor),
        "version=1 blockLength=41" + DESCRIPTOR_V1_FIELDS + " committedNs=" + NULL_INT64 +
        " committedNsInActingVersion=false encodedLength=49");
    checks.expect("v2-descriptor-read-by-v2-decoder", readV2(v2Descriptor),
        "version=2 blockLength=49" + DESCRIPTOR_V1_FIELDS + " committedNs=1700000000123456789"
        " committedNsInActingVersion=true encodedLength=57");
    // The released group starts after the v2 block, which the v1 decoder finds only through the header's blockLength.
    checks.expect("v2-ack-read-by-v1-decoder", readV1(v2Ack),
        "version=2 blockLength=28" + ACK_V1_FIELDS + " released=12,14 encodedLength=56");
    checks.expect("v1-ack-read-by-v2-decoder", readV2(v1Ack),
        "version=1 blockLength=20" + ACK_V1_FIELDS + " releasedBytes=" + NULL_INT64 +
        " releasedBytesInActingVersion=false released=12,14 encodedLength=48");

    for (const char *name : { "java-v1-descriptor", "java-v2-descriptor", "java-v1-ack", "java-v2-ack" })
    {
        const std::string content = VectorManifest::readFile(directory + "/" + name + ".bin");
        Bytes bytes(content.begin(), content.end());
        out << "DECODED file=" << name << " decoder=v1 " << readV1(bytes) << "\n";
        out << "DECODED file=" << name << " decoder=v2 " << readV2(bytes) << "\n";
    }

    const std::pair<const char *, const Bytes *> written[] = {
        { "cpp-v1-descriptor", &v1Descriptor },
        { "cpp-v2-descriptor", &v2Descriptor },
        { "cpp-v1-ack", &v1Ack },
        { "cpp-v2-ack", &v2Ack } };
    for (const auto &file : written)
    {
        VectorManifest::writeFile(
            directory + "/" + file.first + ".bin", std::string(file.second->begin(), file.second->end()));
        out << "WROTE file=" << file.first << "\n";
    }

    return checks.failures();
}

}}
