/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a vectors manifest in the format documented at the top of
 * {@code schema/src/test/resources/vectors/vectors.txt}: one vector a line,
 * {@code <name> <message> <field>=<value> ...}, '#' comments and blank lines ignored.
 */
final class VectorManifest
{
    /**
     * File name of the manifest in a vectors directory.
     */
    static final String MANIFEST_FILE = "vectors.txt";

    private VectorManifest()
    {
    }

    /**
     * One manifest line.
     *
     * @param name    of the vector and base name of its {@code .bin} file.
     * @param message name of the message type.
     * @param fields  field name to canonical value text, in manifest order.
     */
    record Vector(String name, String message, Map<String, String> fields)
    {
        /**
         * {@inheritDoc}
         */
        public String toString()
        {
            return name;
        }
    }

    /**
     * The committed golden vectors directory of the schema module.
     *
     * @return the directory holding vectors.txt and the .bin files.
     */
    static Path goldenDirectory()
    {
        final String configured = System.getProperty("freight.interop.vectors");
        return Path.of(null != configured ? configured : "../schema/src/test/resources/vectors").toAbsolutePath();
    }

    /**
     * Read the manifest of a vectors directory.
     *
     * @param directory holding vectors.txt.
     * @return the vectors in manifest order.
     * @throws IOException if it cannot be read.
     */
    static List<Vector> read(final Path directory) throws IOException
    {
        final List<Vector> vectors = new ArrayList<>();
        for (final String rawLine : Files.readAllLines(directory.resolve(MANIFEST_FILE), StandardCharsets.UTF_8))
        {
            final String line = rawLine.strip();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }

            final String[] tokens = line.split(" +");
            final Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 2; i < tokens.length; i++)
            {
                final int equals = tokens[i].indexOf('=');
                if (equals <= 0 || null != fields.put(tokens[i].substring(0, equals), tokens[i].substring(equals + 1)))
                {
                    throw new IllegalArgumentException(MANIFEST_FILE + ": bad or repeated field in '" + line + "'");
                }
            }
            vectors.add(new Vector(tokens[0], tokens[1], fields));
        }

        return vectors;
    }

    /**
     * The bytes of a vector.
     *
     * @param directory holding the vectors.
     * @param vector    whose bytes are wanted.
     * @return the content of {@code <name>.bin}.
     * @throws IOException if it cannot be read.
     */
    static byte[] bytes(final Path directory, final Vector vector) throws IOException
    {
        return Files.readAllBytes(directory.resolve(vector.name() + ".bin"));
    }
}
