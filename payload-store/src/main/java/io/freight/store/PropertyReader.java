/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import org.agrona.SystemUtil;

/**
 * Reads a system property and parses it strictly: a value that does not parse is an
 * {@link IllegalArgumentException} naming the property, the value and what was expected, never a parse error that
 * names nothing (Agrona's) nor a silent fall back to the default ({@link Integer#getInteger(String, int)},
 * {@link Boolean#parseBoolean(String)}). An unset property gives the default. The configuration classes of every
 * module read through it ({@link StoreConfiguration}, and the transport's); it lives here because payload-store is
 * the lowest module that has properties.
 * <p>
 * Stateless and thread-safe.
 */
public final class PropertyReader
{
    private static final String SIZE = "bytes with an optional k, m or g suffix, e.g. 64m";
    private static final String WHOLE = ", decimal or 0x hexadecimal";
    private static final String DURATION = "a duration with an optional ns, us, ms or s suffix (ns if none), e.g. 50ms";

    private PropertyReader()
    {
    }

    /**
     * A size property as a long.
     *
     * @param name         of the property.
     * @param defaultValue when it is not set.
     * @return bytes.
     * @throws IllegalArgumentException naming the property and the value if it is not a size.
     */
    public static long sizeAsLong(final String name, final long defaultValue)
    {
        final String value = System.getProperty(name);
        if (null == value)
        {
            return defaultValue;
        }

        try
        {
            return SystemUtil.parseSize(name, value.trim());
        }
        catch (final RuntimeException ex)
        {
            throw invalid(name, value, "a size in " + SIZE, ex);
        }
    }

    /**
     * A size property that must fit in an int.
     *
     * @param name         of the property.
     * @param defaultValue when it is not set.
     * @return bytes.
     * @throws IllegalArgumentException naming the property and the value if it is not a size below 2 GiB.
     */
    public static int sizeAsInt(final String name, final int defaultValue)
    {
        final long size = sizeAsLong(name, defaultValue);
        if (size > Integer.MAX_VALUE)
        {
            throw invalid(name, System.getProperty(name), "a size under 2g in " + SIZE, null);
        }

        return (int)size;
    }

    /**
     * A duration property in nanoseconds.
     *
     * @param name           of the property.
     * @param defaultValueNs when it is not set.
     * @return nanoseconds.
     * @throws IllegalArgumentException naming the property and the value if it is not a duration.
     */
    public static long durationNs(final String name, final long defaultValueNs)
    {
        final String value = System.getProperty(name);
        if (null == value)
        {
            return defaultValueNs;
        }

        try
        {
            return SystemUtil.parseDuration(name, value.trim());
        }
        catch (final RuntimeException ex)
        {
            throw invalid(name, value, DURATION, ex);
        }
    }

    /**
     * An int property, decimal, or hexadecimal with 0x or #, as {@link Integer#decode(String)} reads it.
     *
     * @param name         of the property.
     * @param defaultValue when it is not set.
     * @return the value.
     * @throws IllegalArgumentException naming the property and the value if it is not an int.
     */
    public static int intValue(final String name, final int defaultValue)
    {
        final String value = System.getProperty(name);
        if (null == value)
        {
            return defaultValue;
        }

        try
        {
            return Integer.decode(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw invalid(
                name, value, "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + WHOLE, null);
        }
    }

    /**
     * A long property, decimal, or hexadecimal with 0x or #, as {@link Long#decode(String)} reads it.
     *
     * @param name         of the property.
     * @param defaultValue when it is not set.
     * @return the value.
     * @throws IllegalArgumentException naming the property and the value if it is not a long.
     */
    public static long longValue(final String name, final long defaultValue)
    {
        final String value = System.getProperty(name);
        if (null == value)
        {
            return defaultValue;
        }

        try
        {
            return Long.decode(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw invalid(
                name, value, "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE + WHOLE, null);
        }
    }

    /**
     * A boolean property: {@code true} or {@code false}, in any case.
     *
     * @param name         of the property.
     * @param defaultValue when it is not set.
     * @return the value.
     * @throws IllegalArgumentException naming the property and the value if it is neither.
     */
    public static boolean booleanValue(final String name, final boolean defaultValue)
    {
        final String value = System.getProperty(name);
        if (null == value)
        {
            return defaultValue;
        }

        final String trimmed = value.trim();
        if ("true".equalsIgnoreCase(trimmed))
        {
            return true;
        }
        if ("false".equalsIgnoreCase(trimmed))
        {
            return false;
        }

        throw invalid(name, value, "true or false", null);
    }

    private static IllegalArgumentException invalid(
        final String name, final String value, final String expected, final Throwable cause)
    {
        return new IllegalArgumentException(
            "-D" + name + "=" + value + " is not valid: expected " + expected, cause);
    }
}
