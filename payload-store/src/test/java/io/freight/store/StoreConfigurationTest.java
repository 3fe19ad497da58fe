/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreConfigurationTest
{
    private final List<String> setProperties = new ArrayList<>();

    @AfterEach
    void after()
    {
        setProperties.forEach(System::clearProperty);
    }

    private void set(final String name, final String value)
    {
        setProperties.add(name);
        System.setProperty(name, value);
    }

    @Test
    void shouldGiveTheDefaultsWhenNoPropertyIsSet()
    {
        assertEquals(Path.of(StoreConfiguration.ROOT_DEFAULT), StoreConfiguration.root());
        assertEquals(StoreConfiguration.RING_LENGTH_DEFAULT, StoreConfiguration.ringLength());
        assertEquals(0, StoreConfiguration.maxStoreLength());
        assertEquals(StoreConfiguration.MAX_REGIONS_DEFAULT, StoreConfiguration.maxRegionsInFlight());
        assertEquals(StoreConfiguration.MAX_OVERSIZE_SEGMENTS_DEFAULT, StoreConfiguration.maxOversizeSegments());
        assertEquals(StoreConfiguration.PRE_TOUCH_DEFAULT, StoreConfiguration.preTouch());
        assertEquals(StoreConfiguration.OVERSIZE_IDLE_TIMEOUT_DEFAULT_NS, StoreConfiguration.oversizeIdleTimeoutNs());
    }

    @Test
    void shouldReadEveryPropertyIntoANewContext()
    {
        set(StoreConfiguration.ROOT_PROP_NAME, "/tmp/freight-root");
        set(StoreConfiguration.RING_LENGTH_PROP_NAME, "2m");
        set(StoreConfiguration.MAX_STORE_LENGTH_PROP_NAME, "1g");
        set(StoreConfiguration.MAX_REGIONS_PROP_NAME, "256");
        set(StoreConfiguration.MAX_OVERSIZE_SEGMENTS_PROP_NAME, "3");
        set(StoreConfiguration.PRE_TOUCH_PROP_NAME, "FALSE");
        set(StoreConfiguration.OVERSIZE_IDLE_TIMEOUT_PROP_NAME, "250ms");

        final PayloadStore.Context ctx = new PayloadStore.Context();
        assertEquals(Path.of("/tmp/freight-root"), ctx.root());
        assertEquals(2L * 1024 * 1024, ctx.ringLength());
        assertEquals(1024L * 1024 * 1024, ctx.maxStoreLength());
        assertEquals(256, ctx.maxRegionsInFlight());
        assertEquals(3, ctx.maxOversizeSegments());
        assertFalse(ctx.preTouch());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(250), ctx.oversizeIdleTimeoutNs());
    }

    @Test
    void shouldNameThePropertyTheValueAndTheExpectationOfAMalformedSize()
    {
        set(StoreConfiguration.RING_LENGTH_PROP_NAME, "banana");

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, PayloadStore.Context::new);
        assertMessage(ex, "freight.store.ring.length=banana", "a size in bytes");
    }

    @Test
    void shouldNameThePropertyTheValueAndTheExpectationOfAMalformedDuration()
    {
        set(StoreConfiguration.OVERSIZE_IDLE_TIMEOUT_PROP_NAME, "soon");

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, PayloadStore.Context::new);
        assertMessage(ex, "freight.store.oversize.idle.timeout=soon", "a duration");
    }

    @Test
    void shouldNameThePropertyTheValueAndTheExpectationOfAMalformedInt()
    {
        set(StoreConfiguration.MAX_REGIONS_PROP_NAME, "many");

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, PayloadStore.Context::new);
        assertMessage(ex, "freight.store.max.regions=many", "a whole number");
    }

    @Test
    void shouldRejectABooleanThatIsNeitherTrueNorFalseInsteadOfReadingItAsFalse()
    {
        set(StoreConfiguration.PRE_TOUCH_PROP_NAME, "yes");

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, PayloadStore.Context::new);
        assertMessage(ex, "freight.store.pre.touch=yes", "true or false");
    }

    private static void assertMessage(final Exception ex, final String propertyAndValue, final String expected)
    {
        final String message = ex.getMessage();
        assertTrue(message.contains(propertyAndValue), message);
        assertTrue(message.contains("expected " + expected), message);
    }
}
