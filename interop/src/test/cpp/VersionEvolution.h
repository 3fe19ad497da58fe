/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
#ifndef FREIGHT_INTEROP_VERSION_EVOLUTION_H
#define FREIGHT_INTEROP_VERSION_EVOLUTION_H

#include <ostream>
#include <string>

namespace freight { namespace interop {

/**
 * SBE's extension rules between the schema (version 1, io::freight::codecs) and the test-only version 2 of it
 * (interop/src/test/resources/freight-schema-v2.xml, io::freight::codecs::v2), which adds
 * PayloadDescriptor.committedNs and Ack.releasedBytes at the end of their blocks with sinceVersion="1".
 * <p>
 * Three parts, each printing one line per result:
 * <ul>
 * <li>{@code CHECK <name> OK|FAIL <detail>}: in-process, C++ encoders of one version against C++ decoders of the
 *     other, with every field compared here;</li>
 * <li>{@code DECODED file=<name> decoder=v1|v2 field=value ...}: each {@code java-*.bin} file in the directory, read
 *     with both C++ decoders after MessageValidator accepted it, for the Java test to compare;</li>
 * <li>{@code WROTE file=<name>}: {@code cpp-v1-descriptor.bin}, {@code cpp-v2-descriptor.bin}, {@code cpp-v1-ack.bin}
 *     and {@code cpp-v2-ack.bin} with the values in VersionEvolution.cpp, for the Java decoders to read.</li>
 * </ul>
 */
class VersionEvolution
{
public:
    /**
     * Run all three parts.
     *
     * @param directory holding the java-*.bin files, and where the cpp-*.bin files are written.
     * @param out       for the result lines.
     * @return the number of failed checks; a file that cannot be read or written throws.
     */
    static int run(const std::string &directory, std::ostream &out);
};

}}

#endif
