/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.freight.store.StoreConfiguration;
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

class FreightConfigurationTest
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
        final Freight.Context ctx = new Freight.Context();

        assertEquals(FreightConfiguration.EMBEDDED_DRIVER_DEFAULT, ctx.embeddedDriver());
        assertEquals(FreightConfiguration.CHANNEL_DEFAULT, ctx.channel());
        assertEquals(FreightConfiguration.DATA_TERM_LENGTH_DEFAULT, ctx.dataTermLength());
        assertEquals(FreightConfiguration.DATA_MTU_LENGTH_DEFAULT, ctx.dataMtuLength());
        assertEquals(FreightConfiguration.CONTROL_TERM_LENGTH_DEFAULT, ctx.controlTermLength());
        assertEquals(FreightConfiguration.CONTROL_STREAM_ID_OFFSET_DEFAULT, ctx.controlStreamIdOffset());
        assertEquals(FreightConfiguration.INLINE_THRESHOLD_DEFAULT, ctx.inlineThreshold());
        assertEquals(FreightConfiguration.CHECKSUMS_DEFAULT, ctx.checksums());
        assertEquals(FreightConfiguration.MAX_UNACKED_DEFAULT, ctx.maxUnacked());
        assertEquals(FreightConfiguration.MAX_RETAINED_DEFAULT, ctx.maxRetained());
        assertEquals(FreightConfiguration.ATTACH_INTERVAL_DEFAULT_NS, ctx.attachIntervalNs());
        assertEquals(FreightConfiguration.LIVENESS_CHECK_INTERVAL_DEFAULT_NS, ctx.livenessCheckIntervalNs());
        assertEquals(Path.of(StoreConfiguration.ROOT_DEFAULT), ctx.storeRoot());
        assertEquals(StoreConfiguration.RING_LENGTH_DEFAULT, ctx.ringLength());
        assertEquals(StoreConfiguration.MAX_REGIONS_DEFAULT, ctx.maxRegionsInFlight());
        assertEquals(StoreConfiguration.MAX_OVERSIZE_SEGMENTS_DEFAULT, ctx.maxOversizeSegments());
        assertEquals(StoreConfiguration.PRE_TOUCH_DEFAULT, ctx.preTouch());
        assertEquals(StoreConfiguration.OVERSIZE_IDLE_TIMEOUT_DEFAULT_NS, ctx.oversizeIdleTimeoutNs());
    }

    @Test
    void shouldReadEveryPropertyIntoANewContext()
    {
        set(FreightConfiguration.EMBEDDED_DRIVER_PROP_NAME, "false");
        set(FreightConfiguration.CHANNEL_PROP_NAME, "aeron:ipc?alias=freight");
        set(FreightConfiguration.DATA_TERM_LENGTH_PROP_NAME, "16m");
        set(FreightConfiguration.DATA_MTU_LENGTH_PROP_NAME, "8k");
        set(FreightConfiguration.CONTROL_TERM_LENGTH_PROP_NAME, "128k");
        set(FreightConfiguration.CONTROL_STREAM_ID_OFFSET_PROP_NAME, "0x100");
        set(FreightConfiguration.INLINE_THRESHOLD_PROP_NAME, "4k");
        set(FreightConfiguration.CHECKSUMS_PROP_NAME, "true");
        set(FreightConfiguration.MAX_UNACKED_PROP_NAME, "1000");
        set(FreightConfiguration.MAX_RETAINED_PROP_NAME, "7");
        set(FreightConfiguration.ATTACH_INTERVAL_PROP_NAME, "20ms");
        set(FreightConfiguration.LIVENESS_CHECK_INTERVAL_PROP_NAME, "1s");
        set(StoreConfiguration.RING_LENGTH_PROP_NAME, "4m");

        final Freight.Context ctx = new Freight.Context();

        assertFalse(ctx.embeddedDriver());
        assertEquals("aeron:ipc?alias=freight", ctx.channel());
        assertEquals(16 * 1024 * 1024, ctx.dataTermLength());
        assertEquals(8 * 1024, ctx.dataMtuLength());
        assertEquals(128 * 1024, ctx.controlTermLength());
        assertEquals(0x100, ctx.controlStreamIdOffset());
        assertEquals(4 * 1024, ctx.inlineThreshold());
        assertTrue(ctx.checksums());
        assertEquals(1000, ctx.maxUnacked());
        assertEquals(7, ctx.maxRetained());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(20), ctx.attachIntervalNs());
        assertEquals(TimeUnit.SECONDS.toNanos(1), ctx.livenessCheckIntervalNs());
        assertEquals(4L * 1024 * 1024, ctx.ringLength());
    }

    @Test
    void shouldNameThePropertyTheValueAndTheExpectationOfAMalformedSize()
    {
        set(StoreConfiguration.RING_LENGTH_PROP_NAME, "banana");

        assertMessage(
            assertThrows(IllegalArgumentException.class, Freight.Context::new),
            "-Dfreight.store.ring.length=banana", "a size in bytes with an optional k, m or g suffix");
    }

    @Test
    void shouldNameThePropertyTheValueAndTheExpectationOfASizeTooLargeForAnInt()
    {
        set(FreightConfiguration.DATA_TERM_LENGTH_PROP_NAME, "4g");

        assertMessage(
            assertThrows(IllegalArgumentException.class, Freight.Context::new),
            "-Dfreight.data.term.length=4g", "a size under 2g in bytes");
    }

    @Test
    void shouldNameThePropertyTheValueAndTheExpectationOfAMalformedDuration()
    {
        set(FreightConfiguration.ATTACH_INTERVAL_PROP_NAME, "50 parsecs");

        assertMessage(
            assertThrows(IllegalArgumentException.class, Freight.Context::new),
            "-Dfreight.attach.interval=50 parsecs", "a duration");
    }

    @Test
    void shouldNameThePropertyTheValueAndTheExpectationOfAMalformedInt()
    {
        set(FreightConfiguration.MAX_RETAINED_PROP_NAME, "lots");

        assertMessage(
            assertThrows(IllegalArgumentException.class, Freight.Context::new),
            "-Dfreight.max.retained=lots", "a whole number");
    }

    @Test
    void shouldNameThePropertyTheValueAndTheExpectationOfAMalformedBoolean()
    {
        set(FreightConfiguration.CHECKSUMS_PROP_NAME, "on");

        assertMessage(
            assertThrows(IllegalArgumentException.class, Freight.Context::new),
            "-Dfreight.checksums=on", "true or false");
    }

    @Test
    void shouldKeepTheContextConstantsAsTheConfigurationNames()
    {
        assertEquals(FreightConfiguration.MAX_RETAINED_PROP_NAME, Freight.Context.MAX_RETAINED_PROP_NAME);
        assertEquals(FreightConfiguration.INLINE_THRESHOLD_DEFAULT, Freight.Context.INLINE_THRESHOLD_DEFAULT);
    }

    private static void assertMessage(final Exception ex, final String propertyAndValue, final String expected)
    {
        final String message = ex.getMessage();
        assertTrue(message.contains(propertyAndValue), message);
        assertTrue(message.contains("expected " + expected), message);
    }
}
