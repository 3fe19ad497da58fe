/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.sweep;

import io.freight.transport.Freight;
import org.agrona.SystemUtil;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Settings of a throughput run, Context style: fluent setters, defaults from system properties (below), and
 * {@link #conclude()} validating once.
 * <p>
 * A mode sets the repetitions and how long each measured cell lasts. Each cell's message count is calibrated from
 * an unmeasured warm-up pass over every cell (count = warm-up rate x cell time, within the mode's bounds; a warm-up
 * shorter than a quarter of a cell is repeated with 4 times the messages) and is the same in every repetition, so
 * repetitions are comparable:
 * <table>
 *   <caption>modes</caption>
 *   <tr><th>mode</th><th>reps</th><th>cell</th><th>messages per cell</th></tr>
 *   <tr><td>smoke</td><td>1</td><td>20 ms</td><td>2 .. 2,000</td></tr>
 *   <tr><td>quick</td><td>3</td><td>0.25 s</td><td>2 .. 2,000,000</td></tr>
 *   <tr><td>full</td><td>5</td><td>1 s</td><td>4 .. 20,000,000</td></tr>
 * </table>
 */
public final class SweepSettings
{
    /**
     * {@code smoke}, {@code quick} (default) or {@code full}.
     */
    public static final String MODE_PROP_NAME = "sweep.mode";

    /**
     * Add 4 GiB to the sweep's sizes; {@code true} or {@code false} (default).
     */
    static final String FOUR_GIB_PROP_NAME = "sweep.4g";

    /**
     * Run the Freight contenders with the default store settings (no ring or store length set: what
     * {@code Freight.launch()} gives a user) instead of a ring sized for the sweep; {@code true} or {@code false}
     * (default).
     */
    static final String DEFAULTS_PROP_NAME = "sweep.defaults";

    /**
     * Comma-separated sizes overriding the suite's, with k, m, g suffixes (powers of 1024).
     */
    static final String SIZES_PROP_NAME = "sweep.sizes";

    /**
     * Repetitions overriding the mode's.
     */
    public static final String REPS_PROP_NAME = "sweep.reps";

    /**
     * Comma-separated contender ids to run (e.g. {@code freight-copy,aeron-ipc}), for profiling one of them; all of
     * the suite's by default. RATIO lines need all of them.
     */
    static final String CONTENDERS_PROP_NAME = "sweep.contenders";

    /**
     * Extra JVM flags for the receiving child (e.g. {@code -XX:StartFlightRecording=...}), whitespace-separated.
     */
    static final String CHILD_FLAGS_PROP_NAME = "bench.child.flags";

    /**
     * MTU of the plain Aeron IPC contender's publication; default 65504, the largest, as Freight's data stream uses.
     */
    static final String AERON_MTU_PROP_NAME = "sweep.aeron.mtu";

    /**
     * Network suite: MTU of both UDP contenders' data publications (the channel's {@code mtu}); default 65504.
     */
    static final String NET_MTU_PROP_NAME = "sweep.net.mtu";

    /**
     * Network suite: term length of both UDP contenders' data publications (the channel's {@code term-length});
     * default 64m, the shortest whose largest message (a term / 8) carries plain Aeron's 8 MiB row.
     */
    static final String NET_TERM_LENGTH_PROP_NAME = "sweep.net.term";

    /**
     * Network suite: {@code so-sndbuf} and {@code so-rcvbuf} of both UDP contenders' channels; 0 leaves them out
     * (the kernel's defaults, net.core.wmem_default and rmem_default). Default 4m.
     */
    static final String NET_SOCKET_BUFFER_PROP_NAME = "sweep.net.sobuf";

    /**
     * Network suite: the receiver window of both UDP contenders' channels ({@code rcv-wnd}, what
     * {@code aeron.rcv.initial.window.length} sets for every channel of a driver); 0 leaves it out (Aeron's 128 KiB
     * default, capped at half a term). Default 4m.
     */
    static final String NET_RECEIVER_WINDOW_PROP_NAME = "sweep.net.rcvwnd";

    /**
     * Folder under which each run writes its own folder of results; default {@code results/tmp}.
     */
    public static final String OUT_PROP_NAME = "bench.out";

    /**
     * The throughput sweep's sizes.
     */
    static final long[] SWEEP_SIZES = {
        10, 100, 1024, 10 * 1024, 100 * 1024, 1 << 20, 8 << 20, 16 << 20, 64 << 20, 256 << 20, 1L << 30 };

    /**
     * The inline-threshold sweep's sizes.
     */
    static final long[] THRESHOLD_SIZES = {
        256, 512, 1024, 1536, 2048, 3072, 4096, 8192, 16 * 1024, 64 * 1024 };

    /**
     * The network suite's sizes: issue 12's, plain Aeron UDP up to 8 MiB and Freight alone beyond.
     */
    static final long[] NETWORK_SIZES = {
        1024, 64 * 1024, 1 << 20, 8 << 20, 64 << 20, 256 << 20, 1L << 30 };

    private final String suite;
    private String mode = System.getProperty(MODE_PROP_NAME, "quick");
    private boolean fourGiB = Boolean.getBoolean(FOUR_GIB_PROP_NAME);
    private boolean defaults = Boolean.getBoolean(DEFAULTS_PROP_NAME);
    private String sizesOverride = blankToNull(System.getProperty(SIZES_PROP_NAME));
    private long[] sizes = parseSizes(sizesOverride);
    private int reps = Integer.getInteger(REPS_PROP_NAME, 0);
    private final String repsOverride = 0 == reps ? null : Integer.toString(reps);
    private int aeronMtu = SystemUtil.getSizeAsInt(AERON_MTU_PROP_NAME, Freight.Context.DATA_MTU_LENGTH_DEFAULT);
    private int netMtu = SystemUtil.getSizeAsInt(NET_MTU_PROP_NAME, Freight.Context.DATA_MTU_LENGTH_DEFAULT);
    private int netTermLength = SystemUtil.getSizeAsInt(NET_TERM_LENGTH_PROP_NAME, 64 << 20);
    private int netSocketBuffer = SystemUtil.getSizeAsInt(NET_SOCKET_BUFFER_PROP_NAME, 4 << 20);
    private int netReceiverWindow = SystemUtil.getSizeAsInt(NET_RECEIVER_WINDOW_PROP_NAME, 4 << 20);
    private String contenders = System.getProperty(CONTENDERS_PROP_NAME, "");
    private String childFlags = System.getProperty(CHILD_FLAGS_PROP_NAME, "");
    private Path outputRoot = Path.of(System.getProperty(OUT_PROP_NAME, "results/tmp"));
    private Path outputDirectory;
    private double cellSeconds;
    private long minCount;
    private long maxCount;
    private long warmupBytes;
    private long warmupMaxCount;
    private boolean isConcluded;

    /**
     * Settings for a suite, defaults from system properties.
     *
     * @param suite {@code sweep} or {@code threshold}.
     */
    SweepSettings(final String suite)
    {
        this.suite = suite;
    }

    /**
     * Validate, and derive what the mode implies.
     *
     * @return this for a fluent API.
     */
    SweepSettings conclude()
    {
        if (isConcluded)
        {
            return this;
        }

        if (!"sweep".equals(suite) && !"threshold".equals(suite) && !"network".equals(suite))
        {
            throw new IllegalArgumentException("suite must be sweep, threshold or network: " + suite);
        }
        if (Integer.bitCount(netTermLength) != 1 || netTermLength < 64 * 1024 || (netMtu & 31) != 0 ||
            netMtu < 1408 || netMtu > Freight.Context.DATA_MTU_LENGTH_DEFAULT || netMtu > netTermLength / 8 ||
            netSocketBuffer < 0 || netReceiverWindow < 0)
        {
            throw new IllegalArgumentException(NET_TERM_LENGTH_PROP_NAME + " must be a power of two of at least 64k, " +
                NET_MTU_PROP_NAME + " a multiple of 32 from 1408 to 65504 and at most a term / 8, " +
                NET_SOCKET_BUFFER_PROP_NAME + " and " + NET_RECEIVER_WINDOW_PROP_NAME + " not negative: " +
                netTermLength + ", " + netMtu + ", " + netSocketBuffer + ", " + netReceiverWindow);
        }

        switch (mode)
        {
            case "smoke":
                setMode(1, 0.02, 2, 2_000, 1 << 20, 200);
                break;

            case "quick":
                setMode(3, 0.25, 2, 2_000_000, 256L << 20, 100_000);
                break;

            case "full":
                setMode(5, 1.0, 4, 20_000_000, 1L << 30, 200_000);
                break;

            default:
                throw new IllegalArgumentException(MODE_PROP_NAME + " must be smoke, quick or full: " + mode);
        }

        if (reps <= 0)
        {
            throw new IllegalArgumentException(REPS_PROP_NAME + " must be positive: " + reps);
        }

        if (null == sizes)
        {
            sizes = "sweep".equals(suite) ? SWEEP_SIZES : "network".equals(suite) ? NETWORK_SIZES : THRESHOLD_SIZES;
            if (fourGiB && "sweep".equals(suite))
            {
                sizes = Arrays.copyOf(sizes, sizes.length + 1);
                sizes[sizes.length - 1] = 4L << 30;
            }
        }
        for (final long size : sizes)
        {
            if (size < Long.BYTES)
            {
                throw new IllegalArgumentException(SIZES_PROP_NAME + " must be at least 8 bytes each: " + size);
            }
        }

        if (null == outputDirectory)
        {
            outputDirectory = outputRoot.resolve(suite + "-" + mode + "-" +
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss")));
        }

        isConcluded = true;
        return this;
    }

    /**
     * Set the mode.
     *
     * @param mode smoke, quick or full.
     * @return this for a fluent API.
     */
    SweepSettings mode(final String mode)
    {
        this.mode = mode;
        return this;
    }

    /**
     * Set the sizes, overriding the suite's.
     *
     * @param sizes in bytes.
     * @return this for a fluent API.
     */
    SweepSettings sizes(final long... sizes)
    {
        this.sizes = sizes.clone();
        this.sizesOverride = Arrays.stream(sizes).mapToObj(Long::toString).collect(Collectors.joining(","));
        return this;
    }

    /**
     * Set the folder the results are written to.
     *
     * @param outputDirectory folder; created if missing.
     * @return this for a fluent API.
     */
    SweepSettings outputDirectory(final Path outputDirectory)
    {
        this.outputDirectory = outputDirectory;
        return this;
    }

    /**
     * The suite: sweep or threshold.
     *
     * @return the suite.
     */
    String suite()
    {
        return suite;
    }

    /**
     * The mode.
     *
     * @return smoke, quick or full.
     */
    String mode()
    {
        return mode;
    }

    /**
     * Is 4 GiB in the sweep?
     *
     * @return true if so.
     */
    boolean fourGiB()
    {
        return fourGiB;
    }

    /**
     * Sizes measured, ascending as given.
     *
     * @return sizes in bytes.
     */
    long[] sizes()
    {
        return sizes;
    }

    /**
     * Interleaved repetitions of every cell.
     *
     * @return count.
     */
    int reps()
    {
        return reps;
    }

    /**
     * MTU of the plain Aeron contender.
     *
     * @return bytes.
     */
    int aeronMtu()
    {
        return aeronMtu;
    }

    /**
     * Set the network suite's channel settings.
     *
     * @param mtu            of the data publications.
     * @param termLength     of the data publications.
     * @param socketBuffer   so-sndbuf and so-rcvbuf, 0 for the kernel's default.
     * @param receiverWindow rcv-wnd, 0 for Aeron's default.
     * @return this for a fluent API.
     */
    SweepSettings network(final int mtu, final int termLength, final int socketBuffer, final int receiverWindow)
    {
        this.netMtu = mtu;
        this.netTermLength = termLength;
        this.netSocketBuffer = socketBuffer;
        this.netReceiverWindow = receiverWindow;
        return this;
    }

    /**
     * MTU of the network suite's data publications.
     *
     * @return bytes.
     */
    int netMtu()
    {
        return netMtu;
    }

    /**
     * Term length of the network suite's data publications.
     *
     * @return bytes.
     */
    int netTermLength()
    {
        return netTermLength;
    }

    /**
     * {@code so-sndbuf} and {@code so-rcvbuf} of the network suite's channels.
     *
     * @return bytes, 0 for the kernel's default.
     */
    int netSocketBuffer()
    {
        return netSocketBuffer;
    }

    /**
     * {@code rcv-wnd} of the network suite's channels.
     *
     * @return bytes, 0 for Aeron's default.
     */
    int netReceiverWindow()
    {
        return netReceiverWindow;
    }

    /**
     * Is a contender to be run?
     *
     * @param contender of the suite.
     * @return true unless {@link #CONTENDERS_PROP_NAME} leaves it out.
     */
    boolean includes(final Contender contender)
    {
        return contenders.isBlank() || Arrays.asList(contenders.split(",")).contains(contender.id());
    }

    /**
     * Extra JVM flags for the receiving child.
     *
     * @return the flags, possibly none.
     */
    List<String> childFlags()
    {
        return childFlags.isBlank() ? List.of() : Arrays.asList(childFlags.trim().split("\\s+"));
    }

    /**
     * Where this run's results go.
     *
     * @return the folder.
     */
    Path outputDirectory()
    {
        return outputDirectory;
    }

    /**
     * How long a measured cell should last.
     *
     * @return seconds.
     */
    double cellSeconds()
    {
        return cellSeconds;
    }

    /**
     * Fewest messages in a measured cell.
     *
     * @return count.
     */
    long minCount()
    {
        return minCount;
    }

    /**
     * Most messages in a measured cell.
     *
     * @return count.
     */
    long maxCount()
    {
        return maxCount;
    }

    /**
     * Messages of a warm-up cell: about {@code warmupBytes} of payload, 2 at least.
     *
     * @param size of each message.
     * @return count.
     */
    long warmupCount(final long size)
    {
        return Math.max(2, Math.min(warmupMaxCount, warmupBytes / size));
    }

    /**
     * Messages of a measured cell, from the rate its warm-up reached.
     *
     * @param warmupMessagesPerSecond rate of the warm-up cell.
     * @return count.
     */
    long cellCount(final double warmupMessagesPerSecond)
    {
        return Math.max(minCount, Math.min(maxCount, (long)(warmupMessagesPerSecond * cellSeconds)));
    }

    /**
     * Do the Freight contenders run with the default store settings?
     *
     * @return true for {@link #DEFAULTS_PROP_NAME}{@code =true}.
     */
    boolean defaults()
    {
        return defaults;
    }

    /**
     * The command that reproduces this run.
     *
     * @return a shell command line, run from the project root.
     */
    String command()
    {
        final StringBuilder command = new StringBuilder("mvn -B -q -P").append(suite)
            .append(" -DskipTests -pl bench -am verify -Dsweep.mode=").append(mode);
        if (fourGiB)
        {
            command.append(" -D").append(FOUR_GIB_PROP_NAME).append("=true");
        }
        if (defaults)
        {
            command.append(" -D").append(DEFAULTS_PROP_NAME).append("=true");
        }
        if (null != sizesOverride)
        {
            command.append(" -D").append(SIZES_PROP_NAME).append('=').append(sizesOverride);
        }
        if (null != repsOverride)
        {
            command.append(" -D").append(REPS_PROP_NAME).append('=').append(repsOverride);
        }
        if (!contenders.isBlank())
        {
            command.append(" -D").append(CONTENDERS_PROP_NAME).append('=').append(contenders);
        }
        if ("network".equals(suite))
        {
            command.append(" -D").append(NET_MTU_PROP_NAME).append('=').append(netMtu)
                .append(" -D").append(NET_TERM_LENGTH_PROP_NAME).append('=').append(netTermLength)
                .append(" -D").append(NET_SOCKET_BUFFER_PROP_NAME).append('=').append(netSocketBuffer)
                .append(" -D").append(NET_RECEIVER_WINDOW_PROP_NAME).append('=').append(netReceiverWindow);
        }

        return command.toString();
    }

    private void setMode(
        final int reps,
        final double cellSeconds,
        final long minCount,
        final long maxCount,
        final long warmupBytes,
        final long warmupMaxCount)
    {
        if (0 == this.reps)
        {
            this.reps = reps;
        }
        this.cellSeconds = cellSeconds;
        this.minCount = minCount;
        this.maxCount = maxCount;
        this.warmupBytes = warmupBytes;
        this.warmupMaxCount = warmupMaxCount;
    }

    private static String blankToNull(final String value)
    {
        return null == value || value.isBlank() ? null : value.trim();
    }

    private static long[] parseSizes(final String value)
    {
        if (null == value)
        {
            return null;
        }

        final String[] parts = value.split(",");
        final long[] sizes = new long[parts.length];
        for (int i = 0; i < parts.length; i++)
        {
            sizes[i] = SystemUtil.parseSize(SIZES_PROP_NAME, parts[i].trim());
        }

        return sizes;
    }
}
