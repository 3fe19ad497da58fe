/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
#include "MessageValidator.h"

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

namespace freight { namespace interop {

namespace codecs = io::freight::codecs;

namespace
{
    constexpr std::size_t HEADER_LENGTH = codecs::MessageHeader::encodedLength();
    constexpr std::uint16_t SCHEMA_ID = codecs::MessageHeader::sbeSchemaId();
    constexpr std::uint16_t SCHEMA_VERSION = codecs::MessageHeader::sbeSchemaVersion();

    std::string at(std::uint16_t templateId, const char *part)
    {
        return std::string(MessageValidator::messageName(templateId)) + part;
    }

    void checkBlock(std::uint16_t templateId, std::size_t minBlockLength, std::size_t blockLength, std::size_t length)
    {
        if (blockLength < minBlockLength)
        {
            throw ProtocolError(at(templateId, ": header blockLength=") + std::to_string(blockLength) +
                " is shorter than the " + std::to_string(minBlockLength) + "-byte block of schema version " +
                std::to_string(SCHEMA_VERSION));
        }

        if (HEADER_LENGTH + blockLength > length)
        {
            throw ProtocolError(at(templateId, ": header 8 + blockLength=") + std::to_string(blockLength) +
                " bytes exceed a fragment of " + std::to_string(length) + " bytes");
        }
    }

    std::size_t checkGroup(
        const std::uint8_t *buffer,
        std::size_t length,
        std::size_t position,
        std::uint16_t templateId,
        const char *groupName,
        std::size_t groupHeaderLength,
        std::size_t minEntryLength)
    {
        if (groupHeaderLength > length - position)
        {
            throw ProtocolError(at(templateId, ".") + groupName + ": the group header at byte " +
                std::to_string(position) + " exceeds a fragment of " + std::to_string(length) + " bytes");
        }

        const std::size_t entryLength = getUint16(buffer + position);
        const std::size_t numInGroup = getUint16(buffer + position + 2);
        if (entryLength < minEntryLength)
        {
            throw ProtocolError(at(templateId, ".") + groupName + ": group blockLength=" +
                std::to_string(entryLength) + " is shorter than the " + std::to_string(minEntryLength) +
                "-byte entry of schema version " + std::to_string(SCHEMA_VERSION));
        }

        // Both factors are below 2^16, so the product cannot overflow a size_t.
        const std::size_t entriesStart = position + groupHeaderLength;
        const std::size_t entriesLength = numInGroup * entryLength;
        if (entriesLength > length - entriesStart)
        {
            throw ProtocolError(at(templateId, ".") + groupName + ": numInGroup=" + std::to_string(numInGroup) +
                " x blockLength=" + std::to_string(entryLength) + " bytes exceed the " +
                std::to_string(length - entriesStart) + " bytes left in a fragment of " + std::to_string(length) +
                " bytes");
        }

        return entriesStart + entriesLength;
    }

    std::size_t checkVarData(
        const std::uint8_t *buffer,
        std::size_t length,
        std::size_t position,
        std::uint16_t templateId,
        const char *fieldName,
        std::size_t lengthPrefixSize)
    {
        if (lengthPrefixSize > length - position)
        {
            throw ProtocolError(at(templateId, ".") + fieldName + ": the length prefix at byte " +
                std::to_string(position) + " exceeds a fragment of " + std::to_string(length) + " bytes");
        }

        const std::uint32_t dataLength =
            4 == lengthPrefixSize ? getUint32(buffer + position) : getUint16(buffer + position);
        // Java decoders read a uint32 length as an int: with the top bit set it turns negative there.
        if (dataLength > 0x7FFFFFFFu)
        {
            throw ProtocolError(at(templateId, ".") + fieldName + ": length=" + std::to_string(dataLength) +
                " has the top bit set");
        }

        const std::size_t dataStart = position + lengthPrefixSize;
        if (dataLength > length - dataStart)
        {
            throw ProtocolError(at(templateId, ".") + fieldName + ": length=" + std::to_string(dataLength) +
                " exceeds the " + std::to_string(length - dataStart) + " bytes left in a fragment of " +
                std::to_string(length) + " bytes");
        }

        return dataStart + dataLength;
    }

    void checkSegmentKind(std::uint8_t kind)
    {
        if (codecs::SegmentKind::RING != kind && codecs::SegmentKind::OVERSIZE != kind)
        {
            throw ProtocolError("SegmentAnnounce.kind: " + std::to_string(kind) +
                " is not a SegmentKind (known: RING=0, OVERSIZE=1)");
        }
    }
}

std::uint16_t MessageValidator::validate(const std::uint8_t *buffer, std::size_t length)
{
    encodedLength(buffer, length);

    return getUint16(buffer + codecs::MessageHeader::templateIdEncodingOffset());
}

std::size_t MessageValidator::encodedLength(const std::uint8_t *buffer, std::size_t length)
{
    if (length < HEADER_LENGTH)
    {
        throw ProtocolError("message header: a fragment of " + std::to_string(length) +
            " bytes is shorter than the " + std::to_string(HEADER_LENGTH) + "-byte message header");
    }

    const std::uint16_t schemaId = getUint16(buffer + codecs::MessageHeader::schemaIdEncodingOffset());
    if (SCHEMA_ID != schemaId)
    {
        throw ProtocolError("message header: schemaId=" + std::to_string(schemaId) +
            " is not Freight's schema id " + std::to_string(SCHEMA_ID));
    }

    const std::uint16_t templateId = getUint16(buffer + codecs::MessageHeader::templateIdEncodingOffset());
    const std::size_t blockLength = getUint16(buffer + codecs::MessageHeader::blockLengthEncodingOffset());
    const std::uint16_t version = getUint16(buffer + codecs::MessageHeader::versionEncodingOffset());
    const std::size_t blockEnd = HEADER_LENGTH + blockLength;
    std::size_t end;

    switch (templateId)
    {
        case codecs::PayloadDescriptor::SBE_TEMPLATE_ID:
            checkBlock(templateId, codecs::PayloadDescriptor::sbeBlockLength(), blockLength, length);
            end = blockEnd;
            break;

        case codecs::InlinePayload::SBE_TEMPLATE_ID:
            checkBlock(templateId, codecs::InlinePayload::sbeBlockLength(), blockLength, length);
            end = checkVarData(
                buffer, length, blockEnd, templateId, "payload", codecs::InlinePayload::payloadHeaderLength());
            break;

        case codecs::Ack::SBE_TEMPLATE_ID:
            checkBlock(templateId, codecs::Ack::sbeBlockLength(), blockLength, length);
            end = checkGroup(
                buffer,
                length,
                blockEnd,
                templateId,
                "released",
                codecs::Ack::Released::sbeHeaderSize(),
                codecs::Ack::Released::sbeBlockLength());
            break;

        case codecs::SegmentAnnounce::SBE_TEMPLATE_ID:
            checkBlock(templateId, codecs::SegmentAnnounce::sbeBlockLength(), blockLength, length);
            checkSegmentKind(buffer[HEADER_LENGTH + codecs::SegmentAnnounce::kindEncodingOffset()]);
            end = checkVarData(
                buffer, length, blockEnd, templateId, "fileName", codecs::SegmentAnnounce::fileNameHeaderLength());
            break;

        case codecs::ReceiverAttach::SBE_TEMPLATE_ID:
            checkBlock(templateId, codecs::ReceiverAttach::sbeBlockLength(), blockLength, length);
            end = blockEnd;
            break;

        case codecs::ReceiverDetach::SBE_TEMPLATE_ID:
            checkBlock(templateId, codecs::ReceiverDetach::sbeBlockLength(), blockLength, length);
            end = blockEnd;
            break;

        case codecs::StoreAnnounce::SBE_TEMPLATE_ID:
            checkBlock(templateId, codecs::StoreAnnounce::sbeBlockLength(), blockLength, length);
            end = checkVarData(
                buffer, length, blockEnd, templateId, "storeId", codecs::StoreAnnounce::storeIdHeaderLength());
            break;

        case codecs::PayloadChunk::SBE_TEMPLATE_ID:
            checkBlock(templateId, codecs::PayloadChunk::sbeBlockLength(), blockLength, length);
            end = checkVarData(
                buffer, length, blockEnd, templateId, "bytes", codecs::PayloadChunk::bytesHeaderLength());
            break;

        case codecs::Heartbeat::SBE_TEMPLATE_ID:
            checkBlock(templateId, codecs::Heartbeat::sbeBlockLength(), blockLength, length);
            end = blockEnd;
            break;

        default:
            throw ProtocolError("message header: templateId=" + std::to_string(templateId) +
                " is not a Freight message type (known: 1 to 9)");
    }

    // A newer version may append fields, groups or var data after what this version defines; a known one may not.
    if (end != length && version <= SCHEMA_VERSION)
    {
        throw ProtocolError(at(templateId, ": ") + std::to_string(length - end) +
            " bytes follow the end of the message at byte " + std::to_string(end) + "; schema version " +
            std::to_string(version) + " defines nothing after it");
    }

    return end;
}

const char *MessageValidator::messageName(std::uint16_t templateId) noexcept
{
    switch (templateId)
    {
        case codecs::PayloadDescriptor::SBE_TEMPLATE_ID: return "PayloadDescriptor";
        case codecs::InlinePayload::SBE_TEMPLATE_ID: return "InlinePayload";
        case codecs::Ack::SBE_TEMPLATE_ID: return "Ack";
        case codecs::SegmentAnnounce::SBE_TEMPLATE_ID: return "SegmentAnnounce";
        case codecs::ReceiverAttach::SBE_TEMPLATE_ID: return "ReceiverAttach";
        case codecs::ReceiverDetach::SBE_TEMPLATE_ID: return "ReceiverDetach";
        case codecs::StoreAnnounce::SBE_TEMPLATE_ID: return "StoreAnnounce";
        case codecs::PayloadChunk::SBE_TEMPLATE_ID: return "PayloadChunk";
        case codecs::Heartbeat::SBE_TEMPLATE_ID: return "Heartbeat";
        default: return "unknown";
    }
}

}}
