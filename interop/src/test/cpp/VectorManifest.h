/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
#ifndef FREIGHT_INTEROP_VECTOR_MANIFEST_H
#define FREIGHT_INTEROP_VECTOR_MANIFEST_H

#include <string>
#include <utility>
#include <vector>

namespace freight { namespace interop {

/**
 * One line of a golden vector manifest: {@code <name> <message> <field>=<value> ...}, the format documented at the top
 * of schema/src/test/resources/vectors/vectors.txt.
 */
struct Vector
{
    std::string name;
    std::string message;
    std::vector<std::pair<std::string, std::string>> fields;
    int line = 0;
};

/**
 * Reads and writes golden vector manifests (vectors.txt) and the {@code <name>.bin} files beside them.
 */
class VectorManifest
{
public:
    /**
     * File name of the manifest in a vectors directory.
     */
    static constexpr const char *MANIFEST_FILE = "vectors.txt";

    /**
     * Parse manifest text: blank lines and '#' comments are skipped; names must match [a-z0-9-]+ and be unique;
     * every other token is field=value, each field at most once.
     *
     * @param text of the manifest.
     * @return the vectors in manifest order.
     * @throws std::invalid_argument naming the line of the first malformed one.
     */
    static std::vector<Vector> parse(const std::string &text);

    /**
     * Render a vector as one manifest line.
     *
     * @param vector to render.
     * @return the line, without a line break.
     */
    static std::string format(const Vector &vector);

    /**
     * Read a whole file.
     *
     * @param path of the file.
     * @return its bytes.
     * @throws std::runtime_error naming the file if it cannot be read.
     */
    static std::string readFile(const std::string &path);

    /**
     * Write a whole file, replacing it.
     *
     * @param path  of the file.
     * @param bytes to write.
     * @throws std::runtime_error naming the file if it cannot be written.
     */
    static void writeFile(const std::string &path, const std::string &bytes);
};

}}

#endif
