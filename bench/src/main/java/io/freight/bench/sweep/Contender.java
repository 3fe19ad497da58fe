/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.sweep;

/**
 * What the throughput runners measure, one way of moving payloads each.
 */
public enum Contender
{
    /**
     * Freight, copy mode: the sender offers from a hot buffer (one copy into the store, or into the data stream when
     * inline), the receiver copies each payload out to its own buffer.
     */
    FREIGHT_COPY("freight-copy", "Freight copy"),

    /**
     * Freight's queue face, copy-into: the sender as in copy mode, the receiver taking each payload with
     * {@code FreightReceiver.poll(dst, offset)} into its own buffer (no allocation). Payloads up to 1 GiB.
     */
    FREIGHT_QUEUE("freight-queue", "Freight queue face copy-into"),

    /**
     * Freight, zero-copy: the sender claims, writes a stamp word at the start and the end in place, and commits; the
     * receiver reads the two stamps in place.
     */
    FREIGHT_ZERO_COPY("freight-zerocopy", "Freight zero-copy"),

    /**
     * Plain Aeron IPC: an exclusive publication offered from a hot buffer (fragmented above the MTU) and a
     * FragmentAssembler whose handler copies each message out.
     */
    AERON_IPC("aeron-ipc", "Aeron IPC"),

    /**
     * A Unix domain socket: length-prefixed messages, batched or gathering writes, the receiver copying out.
     */
    UNIX_SOCKET("unix-socket", "Unix socket"),

    /**
     * One thread copying the payload between two hot buffers in one process: the physical reference.
     */
    MEMCPY("memcpy", "memcpy"),

    /**
     * Freight copy mode with every payload inline in the data stream (inline threshold at its maximum).
     */
    FREIGHT_INLINE("freight-inline", "Freight forced inline"),

    /**
     * Freight copy mode with every payload through the store (inline threshold 0).
     */
    FREIGHT_STORE("freight-store", "Freight forced via store"),

    /**
     * Plain Aeron over UDP between two media drivers (two "hosts" on loopback): an exclusive publication offered from
     * a hot buffer (fragmented above the MTU) and a FragmentAssembler whose handler copies each message out.
     */
    AERON_UDP("aeron-udp", "Aeron UDP"),

    /**
     * Freight in network mode between two media drivers: the sender offers from a hot buffer into its own store,
     * whence the payload goes out as PayloadChunks into the receiver's own store; the receiver's handler copies each
     * payload out to its own buffer.
     */
    FREIGHT_UDP("freight-udp", "Freight UDP");

    private final String id;
    private final String label;

    Contender(final String id, final String label)
    {
        this.id = id;
        this.label = label;
    }

    /**
     * Short name used in files and machine-readable lines.
     *
     * @return the id.
     */
    public String id()
    {
        return id;
    }

    /**
     * Name for tables and charts.
     *
     * @return the label.
     */
    public String label()
    {
        return label;
    }
}
