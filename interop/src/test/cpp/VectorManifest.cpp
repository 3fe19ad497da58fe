/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
#include "VectorManifest.h"

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace freight { namespace interop {

namespace
{
    bool isName(const std::string &name)
    {
        if (name.empty())
        {
            return false;
        }

        for (const char c : name)
        {
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    std::string strip(const std::string &text)
    {
        const std::size_t first = text.find_first_not_of(" \t\r");
        if (std::string::npos == first)
        {
            return "";
        }

        return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
    }

    std::vector<std::string> splitOnSpaces(const std::string &line)
    {
        std::vector<std::string> tokens;
        std::size_t start = 0;
        while (start < line.size())
        {
            const std::size_t end = line.find(' ', start);
            const std::size_t tokenEnd = std::string::npos == end ? line.size() : end;
            if (tokenEnd > start)
            {
                tokens.push_back(line.substr(start, tokenEnd - start));
            }
            start = tokenEnd + 1;
        }

        return tokens;
    }
}

std::vector<Vector> VectorManifest::parse(const std::string &text)
{
    std::vector<Vector> vectors;
    std::set<std::string> names;
    std::istringstream lines(text);
    std::string rawLine;
    int lineNumber = 0;

    while (std::getline(lines, rawLine))
    {
        lineNumber++;
        const std::string line = strip(rawLine);
        if (line.empty() || '#' == line[0])
        {
            continue;
        }

        const std::string where = std::string(MANIFEST_FILE) + " line " + std::to_string(lineNumber) + ": ";
        const std::vector<std::string> tokens = splitOnSpaces(line);
        if (tokens.size() < 2)
        {
            throw std::invalid_argument(where + "expected '<name> <message> field=value ...': " + line);
        }
        if (!isName(tokens[0]))
        {
            throw std::invalid_argument(where + "name '" + tokens[0] + "' does not match [a-z0-9-]+");
        }
        if (!names.insert(tokens[0]).second)
        {
            throw std::invalid_argument(where + "vector name '" + tokens[0] + "' is used twice");
        }

        Vector vector;
        vector.name = tokens[0];
        vector.message = tokens[1];
        vector.line = lineNumber;
        std::set<std::string> fieldNames;
        for (std::size_t i = 2; i < tokens.size(); i++)
        {
            const std::size_t equals = tokens[i].find('=');
            if (std::string::npos == equals || 0 == equals)
            {
                throw std::invalid_argument(where + "expected field=value, got '" + tokens[i] + "'");
            }

            std::string field = tokens[i].substr(0, equals);
            if (!fieldNames.insert(field).second)
            {
                throw std::invalid_argument(where + "field '" + field + "' appears twice");
            }
            vector.fields.emplace_back(std::move(field), tokens[i].substr(equals + 1));
        }

        vectors.push_back(std::move(vector));
    }

    return vectors;
}

std::string VectorManifest::format(const Vector &vector)
{
    std::string line = vector.name + " " + vector.message;
    for (const auto &field : vector.fields)
    {
        line += " " + field.first + "=" + field.second;
    }

    return line;
}

std::string VectorManifest::readFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw std::runtime_error("cannot open " + path);
    }

    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad())
    {
        throw std::runtime_error("cannot read " + path);
    }

    return bytes.str();
}

void VectorManifest::writeFile(const std::string &path, const std::string &bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out)
    {
        throw std::runtime_error("cannot write " + path);
    }
}

}}
