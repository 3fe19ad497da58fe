/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
#ifndef FREIGHT_INTEROP_MESSAGE_VALIDATOR_H
#define FREIGHT_INTEROP_MESSAGE_VALIDATOR_H

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace freight { namespace interop {

/**
 * A received fragment is not one well-formed Freight message. The message names the message, field, value and limit.
 */
class ProtocolError : public std::runtime_error
{
public:
    explicit ProtocolError(const std::string &message) : std::runtime_error(message)
    {
    }
};

/**
 * The check every fragment passes before a generated decoder touches it, as docs/PROTOCOL.md ("Validating a
 * message") requires and io.freight.schema.MessageValidator does in Java: the standard header fits; the schema id is
 * Freight's; the template id is a Freight message (1 to 9: PayloadChunk and Heartbeat since version 1); the
 * header's block length is at least the block these codecs know and fits; every group header and entry, var-data
 * length prefix and var-data byte of the known layout fits; a uint32 var-data length (InlinePayload.payload,
 * PayloadChunk.bytes) has its top bit clear; SegmentAnnounce.kind is RING or OVERSIZE. A message of version 0 or 1
 * ends exactly at the end of the fragment; a newer version may carry bytes after the parts version 1 defines.
 * <p>
 * Never reads outside [buffer, buffer + length). Stateless and thread-safe.
 */
class MessageValidator
{
public:
    /**
     * Validate a fragment and return its template id.
     *
     * @param buffer first byte of the fragment (the message header).
     * @param length of the fragment in bytes.
     * @return the template id, one of the generated codecs' sbeTemplateId().
     * @throws ProtocolError if the fragment is not one well-formed Freight message.
     */
    static std::uint16_t validate(const std::uint8_t *buffer, std::size_t length);

    /**
     * Validate a fragment and return the length these decoders walk: the fragment's length for a message of a
     * version they know (0 or 1), possibly less for a newer one.
     *
     * @param buffer first byte of the fragment (the message header).
     * @param length of the fragment in bytes.
     * @return bytes from buffer that the known layout defines, header included.
     * @throws ProtocolError if the fragment is not one well-formed Freight message.
     */
    static std::size_t encodedLength(const std::uint8_t *buffer, std::size_t length);

    /**
     * Name of a message type, for diagnostics.
     *
     * @param templateId of the message.
     * @return its schema name, or "unknown".
     */
    static const char *messageName(std::uint16_t templateId) noexcept;
};

/**
 * Read a little-endian uint16 from possibly unaligned memory.
 */
inline std::uint16_t getUint16(const std::uint8_t *at) noexcept
{
    return static_cast<std::uint16_t>(at[0] | (at[1] << 8));
}

/**
 * Read a little-endian uint32 from possibly unaligned memory.
 */
inline std::uint32_t getUint32(const std::uint8_t *at) noexcept
{
    return static_cast<std::uint32_t>(at[0]) |
        (static_cast<std::uint32_t>(at[1]) << 8) |
        (static_cast<std::uint32_t>(at[2]) << 16) |
        (static_cast<std::uint32_t>(at[3]) << 24);
}

}}

#endif
