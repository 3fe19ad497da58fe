/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
#ifndef FREIGHT_INTEROP_CANONICAL_CODEC_H
#define FREIGHT_INTEROP_CANONICAL_CODEC_H

#include "VectorManifest.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace freight { namespace interop {

/**
 * A message read back with the generated C++ decoders, every field rendered as canonical manifest text.
 */
struct Decoded
{
    std::string message;
    std::vector<std::pair<std::string, std::string>> fields;
    std::size_t encodedLength = 0;
};

/**
 * Between golden vector text and wire bytes, through the C++ codecs SbeTool generated from the schema
 * (namespace io::freight::codecs): what proves that C++ reads and writes exactly the bytes Java does.
 * <p>
 * Values use the manifest's canonical forms: decimal integers, enum and set choice names, comma-joined group
 * entries, "hex:" var data for bytes and plain text for ASCII.
 */
class CanonicalCodec
{
public:
    /**
     * Decode a validated message, honouring the block length and version in its header.
     *
     * @param bytes of the message, header included; must have passed MessageValidator.
     * @return the message name, its fields in schema order and the bytes the decoders walked.
     * @throws std::runtime_error for a template id that is not a Freight message.
     */
    static Decoded decode(const std::string &bytes);

    /**
     * Encode a vector's values with the generated encoders, header included, with version 0 in the header for a
     * vector named v0-<name> (a message as a version 0 sender wrote it) and the schema's version for any other.
     *
     * @param vector to encode: a schema message name and each of its fields exactly once, in canonical form.
     * @return the message bytes.
     * @throws std::invalid_argument naming the line for an unknown message or field, a missing field, a bad value or
     *                               a v0- vector of a message added in version 1.
     */
    static std::string encode(const Vector &vector);
};

}}

#endif
