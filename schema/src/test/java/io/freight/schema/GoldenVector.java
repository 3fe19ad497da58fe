package io.freight.schema;

import java.util.Map;

/**
 * One line of the golden vector manifest: a vector's name, its message type and its fields as canonical text.
 *
 * @param name    of the vector, also the base name of its {@code .bin} file.
 * @param message name of the message type, as in the schema.
 * @param fields  field name to canonical value text, in manifest order.
 * @param line    number of the manifest line, from 1, for error messages.
 */
record GoldenVector(String name, String message, Map<String, String> fields, int line)
{
    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return name;
    }
}
