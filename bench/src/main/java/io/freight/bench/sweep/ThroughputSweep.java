/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.sweep;

import io.freight.bench.support.BenchMedia;
import io.freight.bench.support.ChildProcess;
import io.freight.bench.support.FreightSource;
import io.freight.bench.support.HotBuffer;
import io.freight.bench.support.IdleStrategies;
import io.freight.bench.support.MachineInfo;
import io.freight.bench.support.SinkMain;
import io.freight.bench.support.SocketSource;
import io.freight.bench.support.UdpPorts;
import io.freight.store.RegionHeader;
import io.freight.store.StorePaths;
import io.freight.transport.Freight;
import org.agrona.BitUtil;
import org.agrona.CloseHelper;
import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The throughput runner: Freight against what a user would pick instead, in one run, interleaved.
 * <p>
 * Two suites. {@code sweep}: sizes 10 B to 1 GiB (4 GiB with {@code -Dsweep.4g=true}) for Freight copy mode, Freight
 * zero-copy, plain Aeron IPC, a Unix domain socket and single-thread memcpy. {@code threshold}: Freight copy mode with
 * every payload forced inline against every payload forced through the store, 256 B to 64 KiB, the measurement behind
 * the default inline threshold. {@code network}: Freight in network mode against plain Aeron, both over UDP between
 * two media drivers on 127.0.0.1, 1 KiB to 1 GiB (plain Aeron up to its largest message).
 * <p>
 * In the network suite this process and the child are two "hosts": each launches its own embedded media driver in
 * its own Aeron directory and has its own store root, and they talk over UDP on loopback, on ports picked free at
 * the start. Both contenders' data channels carry the same MTU, term length, socket buffers and receiver window
 * ({@link SweepSettings}); the Freight receiver writes each payload's chunks into its own store, and its handler
 * copies each payload out as in copy mode. The rings of both stores hold two of the largest payloads: a payload's
 * region at the sender is given back once its last chunk is in Aeron's term, and at the receiver once copied out.
 * <p>
 * This process sends; a long-lived child JVM ({@link SinkMain}) receives, driven over stdin and stdout, so no cell
 * pays a JVM start. Each cell is timed end to end: {@link System#nanoTime()} is CLOCK_MONOTONIC on Linux, the same
 * clock in both processes, so the sender's time before its first send and the receiver's time after its last receive
 * bound the cell. After a Freight cell the sender runs its duty cycle until every payload is released, outside the
 * timing, so that the next cell does not pay for this one's releases. memcpy runs in this process. Every cell runs
 * once unmeasured first (warm-up, and to size the measured cells, see {@link SweepSettings}); then repetition 1 of
 * every size and contender, then repetition 2, and so on, so that drift over the run spreads over every contender
 * alike; every other repetition runs a size's contenders in reverse order.
 * <p>
 * The ring of the Freight store holds eight of the largest payloads, at most 4 GiB: mapped in 1 GiB chunks, it holds
 * three 1 GiB payloads in flight (each 1 GiB + a 64 B header, spanning chunks) and twelve of 256 MiB (a region up to
 * a chunk long never crosses a chunk boundary). Its pages are committed once at the start (pre-touch) and stay
 * resident. With 4 GiB payloads in the sweep the ring holds two of them instead: 8 GiB + 4 KiB. The store's maximum
 * leaves room for two oversize segments of the largest size besides.
 * <p>
 * Usage: {@code ThroughputSweep sweep|threshold}; settings from system properties, see {@link SweepSettings}.
 */
public final class ThroughputSweep implements AutoCloseable
{
    /**
     * Data stream of the Freight contenders.
     */
    public static final int FREIGHT_STREAM_ID = 1001;

    /**
     * Data stream of the queue-face contender.
     */
    private static final int QUEUE_STREAM_ID = 1002;

    /**
     * Data stream of the forced-inline publication of the threshold suite.
     */
    private static final int INLINE_STREAM_ID = 1101;

    /**
     * Data stream of the forced-store publication of the threshold suite.
     */
    private static final int STORE_STREAM_ID = 1102;

    /**
     * Stream of the plain Aeron contender.
     */
    public static final int AERON_STREAM_ID = 2001;

    /**
     * Term length of the plain Aeron contender: the shortest whose largest message (a term / 8) is Aeron's cap of
     * 16 MiB, so it carries every size Aeron can carry at all.
     */
    public static final int AERON_TERM_LENGTH = 128 * 1024 * 1024;

    /**
     * Largest ring for payloads up to 2 GiB: 4 GiB, three 1 GiB payloads in flight; longer payloads get a ring of two
     * of them (see {@link #ringLength(long)}).
     */
    private static final long MAX_RING_LENGTH = 4L << 30;

    private static final long TIMEOUT_S = 600;

    private final SweepSettings settings;
    private final PrintStream out;
    private final List<Contender> contenders = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final long maxLength;
    private final BenchMedia media;
    private final BenchMedia childMedia;
    private final Path socketDirectory;
    private final ChildProcess child;
    private final HotBuffer source;
    private HotBuffer copy;
    private FreightSource freightSource;
    private FreightSource queueSource;
    private FreightSource inlineSource;
    private FreightSource storeSource;
    private AeronSource aeronSource;
    private SocketSource socketSource;

    /**
     * Set up a run: shared memory, the media driver, the publications, the receiving child and its connections.
     *
     * @param settings of the run, concluded.
     * @param out      for progress and results.
     * @throws IOException if a process or a socket cannot be started.
     */
    ThroughputSweep(final SweepSettings settings, final PrintStream out) throws IOException
    {
        this.settings = settings;
        this.out = out;
        long maxLength = 0;
        for (final long size : settings.sizes())
        {
            maxLength = Math.max(maxLength, size);
        }
        this.maxLength = maxLength;

        media = BenchMedia.create();
        resources.add(media);
        socketDirectory = Files.createTempDirectory("freight-bench-socket-");
        final boolean isNetwork = "network".equals(settings.suite());
        try
        {
            final long ringLength = isNetwork ? networkRingLength(maxLength) : ringLength(maxLength);
            final Freight.Context context = new Freight.Context()
                .aeronDirectoryName(media.aeronDirectoryName())
                .storeRoot(media.storeRoot());
            if (!settings.defaults())
            {
                context.ringLength(ringLength).maxStoreLength(maxStoreLength(ringLength, maxLength));
            }
            final String dataChannel = isNetwork ? udpChannel(UdpPorts.free()) : null;
            final String controlChannel = isNetwork ? "aeron:udp?endpoint=127.0.0.1:" + UdpPorts.free() : null;
            if (isNetwork)
            {
                context
                    .channel(dataChannel)
                    .controlChannel(controlChannel)
                    .dataMtuLength(settings.netMtu())
                    .dataTermLength(settings.netTermLength())
                    .idleStrategySupplier(IdleStrategies::fromSystemProperty);
            }
            final Freight freight = track(Freight.launch(context));

            final List<String> childFlags = new ArrayList<>(List.of(
                "-Xms256m",
                "-Xmx256m",
                "-XX:MaxDirectMemorySize=" + (Math.min(maxLength, HotBuffer.CHUNK_LENGTH) + (64 << 20)),
                "-D" + IdleStrategies.IDLE_PROP_NAME + "=" +
                System.getProperty(IdleStrategies.IDLE_PROP_NAME, "yield")));
            if ("threshold".equals(settings.suite()))
            {
                // The forced-inline sender's threshold is the largest the term allows: a receiver refuses (and
                // counts) inline payloads longer than its own threshold (PROTOCOL.md 4.5), so the child's must match.
                childFlags.add("-D" + Freight.Context.INLINE_THRESHOLD_PROP_NAME + "=" +
                    Freight.Context.maxInlineThreshold(Freight.Context.DATA_TERM_LENGTH_DEFAULT));
            }
            childFlags.addAll(settings.childFlags());
            if (isNetwork)
            {
                // The other host: its own media driver, Aeron directory and store root.
                childMedia = track(BenchMedia.create());
                child = track(ChildProcess.start(
                    null,
                    childFlags,
                    SinkMain.class,
                    childMedia.aeronDirectoryName(),
                    childMedia.storeRoot().toString(),
                    Long.toString(maxLength),
                    Long.toString(ringLength),
                    Long.toString(maxStoreLength(ringLength, maxLength))));
            }
            else
            {
                childMedia = null;
                child = track(ChildProcess.start(
                    null,
                    childFlags,
                    SinkMain.class,
                    media.aeronDirectoryName(),
                    media.storeRoot().toString(),
                    Long.toString(maxLength)));
            }
            source = new HotBuffer(maxLength);

            if ("sweep".equals(settings.suite()))
            {
                for (final Contender contender : List.of(Contender.FREIGHT_COPY, Contender.FREIGHT_QUEUE,
                    Contender.FREIGHT_ZERO_COPY, Contender.AERON_IPC, Contender.UNIX_SOCKET, Contender.MEMCPY))
                {
                    if (settings.includes(contender))
                    {
                        contenders.add(contender);
                    }
                }
                copy = new HotBuffer(maxLength);
                freightSource = connect(freight, "freight", FREIGHT_STREAM_ID);
                if (contenders.contains(Contender.FREIGHT_QUEUE))
                {
                    queueSource = connect(freight, "QUEUE", "queue", QUEUE_STREAM_ID);
                }
                aeronSource = track(new AeronSource(
                    freight.aeron(),
                    "aeron:ipc?term-length=" + AERON_TERM_LENGTH + "|mtu=" + settings.aeronMtu(),
                    AERON_STREAM_ID,
                    IdleStrategies.fromSystemProperty()));
                child.send("AERON aeron " + AERON_STREAM_ID);
                child.awaitLine("OK aeron", TIMEOUT_S, TimeUnit.SECONDS);
                socketSource = track(new SocketSource(socketDirectory.resolve("socket")));
                child.send("SOCKET socket " + socketSource.path());
                child.awaitLine("OK socket", TIMEOUT_S, TimeUnit.SECONDS);
                socketSource.accept();
            }
            else if (isNetwork)
            {
                for (final Contender contender : List.of(Contender.FREIGHT_UDP, Contender.AERON_UDP))
                {
                    if (settings.includes(contender))
                    {
                        contenders.add(contender);
                    }
                }
                final IdleStrategy idleStrategy = IdleStrategies.fromSystemProperty();
                freightSource = track(new FreightSource(freight.sender(FREIGHT_STREAM_ID), idleStrategy));
                child.send("UDPFREIGHT freight " + FREIGHT_STREAM_ID + " " + dataChannel + " " + controlChannel);
                child.awaitLine("OK freight", TIMEOUT_S, TimeUnit.SECONDS, freightSource::doWork);
                final String aeronChannel = udpChannel(UdpPorts.free());
                aeronSource = track(new AeronSource(
                    freight.aeron(), aeronChannel, AERON_STREAM_ID, IdleStrategies.fromSystemProperty()));
                child.send("UDPAERON aeron " + AERON_STREAM_ID + " " + aeronChannel);
                child.awaitLine("OK aeron", TIMEOUT_S, TimeUnit.SECONDS);
                out.println("# data channels: " + dataChannel + " (Freight), " + aeronChannel + " (Aeron); " +
                    "Freight's control channel: " + controlChannel);
            }
            else
            {
                contenders.addAll(List.of(Contender.FREIGHT_INLINE, Contender.FREIGHT_STORE));
                final Freight.Context inline = connectedContext(freight)
                    .inlineThreshold(Freight.Context.maxInlineThreshold(Freight.Context.DATA_TERM_LENGTH_DEFAULT));
                inlineSource = connect(track(Freight.launch(inline)), "inline", INLINE_STREAM_ID);
                storeSource = connect(track(Freight.launch(connectedContext(freight).inlineThreshold(0))),
                    "store", STORE_STREAM_ID);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    /**
     * Ring length of the network suite's stores, at both ends: two of the largest payloads, at least 64 MiB. A
     * sender's region goes back to its ring once its last chunk is in Aeron's term, a receiver's once copied out, so
     * two let one payload be written while the other is read.
     *
     * @param maxLength longest payload.
     * @return bytes.
     */
    static long networkRingLength(final long maxLength)
    {
        return Math.max(64L << 20, BitUtil.align(2 * RegionHeader.regionLength(maxLength), 4096L));
    }

    // A data channel of the network suite: both contenders get the same settings, on ports of their own.
    private String udpChannel(final int port)
    {
        final StringBuilder channel = new StringBuilder("aeron:udp?endpoint=127.0.0.1:").append(port)
            .append("|mtu=").append(settings.netMtu())
            .append("|term-length=").append(settings.netTermLength());
        if (settings.netSocketBuffer() > 0)
        {
            channel.append("|so-sndbuf=").append(settings.netSocketBuffer())
                .append("|so-rcvbuf=").append(settings.netSocketBuffer());
        }
        if (settings.netReceiverWindow() > 0)
        {
            channel.append("|rcv-wnd=").append(settings.netReceiverWindow());
        }

        return channel.toString();
    }

    /**
     * Run the suite the system properties name, print the results and write them to the output folder.
     *
     * @param args {@code sweep} (default), {@code threshold} or {@code network}.
     * @throws Exception if the run fails; nothing is left under /dev/shm either way.
     */
    public static void main(final String[] args) throws Exception
    {
        final SweepSettings settings = new SweepSettings(args.length > 0 ? args[0] : "sweep").conclude();
        try (ThroughputSweep sweep = new ThroughputSweep(settings, System.out))
        {
            sweep.run();
        }
    }

    /**
     * Ring length for payloads up to a length: room for eight of the largest, at least 64 MiB, at most
     * {@link #MAX_RING_LENGTH} (see the class comment); for payloads over 2 GiB, room for two of them, so that one is
     * written while the other is read and none takes an oversize segment.
     *
     * @param maxLength longest payload.
     * @return bytes.
     */
    public static long ringLength(final long maxLength)
    {
        final long region = RegionHeader.regionLength(maxLength);
        if (region > MAX_RING_LENGTH / 2)
        {
            return BitUtil.align(2 * region, 4096L);
        }

        return Math.max(64L << 20, Math.min(MAX_RING_LENGTH, 8 * region));
    }

    /**
     * Store maximum: the ring plus two oversize segments of the longest payload.
     *
     * @param ringLength of the ring.
     * @param maxLength  longest payload.
     * @return bytes.
     */
    private static long maxStoreLength(final long ringLength, final long maxLength)
    {
        return ringLength + 2 * BitUtil.align(RegionHeader.regionLength(maxLength), 4096L);
    }

    /**
     * Warm up, measure every repetition, print the results and write them.
     *
     * @return the results.
     * @throws IOException if the results cannot be written.
     */
    SweepResults run() throws IOException
    {
        final String started = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        final String machine = MachineInfo.describe();
        final long[] sizes = settings.sizes();
        final SweepResults results = new SweepResults(contenders, sizes, settings.reps());
        out.println("# " + settings.suite() + ", mode " + settings.mode() + ", " + settings.reps() + " repetitions, " +
            "started " + started);
        out.println("# machine: " + machine);
        final String loadAtStart = MachineInfo.loadAverage();
        out.println("# load average at start: " + loadAtStart);

        final long[][] counts = new long[contenders.size()][sizes.length];
        final long warmupStartNs = System.nanoTime();
        prime();
        for (int s = 0; s < sizes.length; s++)
        {
            final StringBuilder line =
                new StringBuilder("warm-up ").append(SweepReport.sizeLabel(sizes[s])).append(':');
            for (int c = 0; c < contenders.size(); c++)
            {
                final Contender contender = contenders.get(c);
                if (isImpossible(contender, sizes[s]))
                {
                    results.recordImpossible(contender, s);
                    line.append(' ').append(contender.id()).append(" impossible;");
                    continue;
                }
                // A warm-up of a few large payloads says little about a contender whose cost does not grow with the
                // size (zero-copy) and leaves it cold: it grows until it lasts a quarter of a cell. Its first pass
                // pays what only a first use pays (fresh pages, oversize segments created for the store's pool), so
                // the cells are sized from a later pass.
                long count = settings.warmupCount(sizes[s]);
                runCell(contender, sizes[s], count);
                long elapsedNs = runCell(contender, sizes[s], count);
                while (elapsedNs < settings.cellSeconds() * 0.25e9 && count < settings.maxCount())
                {
                    count = Math.min(settings.maxCount(), 4 * count);
                    elapsedNs = runCell(contender, sizes[s], count);
                }
                counts[c][s] = settings.cellCount(count * 1e9 / elapsedNs);
                line.append(' ').append(contender.id()).append(" x").append(counts[c][s]).append(';');
            }
            out.println(line);
        }
        out.println("warm-up took " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - warmupStartNs) + " s");

        for (int rep = 0; rep < settings.reps(); rep++)
        {
            for (int s = 0; s < sizes.length; s++)
            {
                final StringBuilder line = new StringBuilder("rep ").append(rep + 1).append('/')
                    .append(settings.reps()).append(' ').append(SweepReport.sizeLabel(sizes[s])).append(':');
                for (int i = 0; i < contenders.size(); i++)
                {
                    // Every other repetition runs the contenders in reverse, so none always follows the same one.
                    final int c = (rep & 1) == 0 ? i : contenders.size() - 1 - i;
                    final Contender contender = contenders.get(c);
                    if (results.isImpossible(contender, s))
                    {
                        continue;
                    }
                    final long elapsedNs = runCell(contender, sizes[s], counts[c][s]);
                    results.record(contender, s, rep, counts[c][s], elapsedNs);
                    final double messagesPerSecond = results.messagesPerSecond(contender, s, rep);
                    line.append(' ').append(contender.id()).append(' ')
                        .append(SweepReport.rate(messagesPerSecond)).append(" msgs/s ")
                        .append(SweepReport.significant(messagesPerSecond * sizes[s] / 1e9)).append(" GB/s;");
                }
                out.println(line);
            }
        }

        final String loadAtEnd = MachineInfo.loadAverage();
        out.println("# load average at end: " + loadAtEnd);
        final SweepReport report = new SweepReport(
            settings, results, machine + "; /proc/loadavg at start " + loadAtStart + ", at end " + loadAtEnd, started);
        out.println();
        out.println(report.markdown());
        report.printRatioLines(out);
        final Path directory = report.write();
        out.println("results written to " + directory.toAbsolutePath().normalize());

        return results;
    }

    /**
     * Close the receiving child, the publications (deleting their stores), the driver and the shared memory.
     */
    public void close()
    {
        // The receiver first, so that it detaches while the publications it reads are still there.
        CloseHelper.quietClose(child);
        for (int i = resources.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(resources.get(i));
        }
        resources.clear();
        try
        {
            StorePaths.deleteTree(socketDirectory);
        }
        catch (final IOException ex)
        {
            out.println("cannot delete " + socketDirectory + ": " + ex);
        }
    }

    /**
     * Cycle every Aeron log used at least once before anything is measured: term buffers are sparse files, and the
     * first write to each of their pages costs a page fault on fresh tmpfs memory, which a long-running user never
     * pays. The store's ring needs nothing: it is pre-touched.
     */
    private void prime()
    {
        for (final Contender contender : contenders)
        {
            if (Contender.MEMCPY == contender || Contender.UNIX_SOCKET == contender)
            {
                continue;
            }

            final long termLength;
            final long size;
            if (Contender.AERON_IPC == contender || Contender.AERON_UDP == contender)
            {
                // Both the publication's log and, over UDP, the receiving driver's image of it.
                termLength = Contender.AERON_IPC == contender ? AERON_TERM_LENGTH : settings.netTermLength();
                size = Math.min(maxLength, aeronSource.maxMessageLength());
            }
            else if (Contender.FREIGHT_UDP == contender)
            {
                termLength = settings.netTermLength();
                size = Math.min(maxLength, 1 << 20);
            }
            else
            {
                termLength = Freight.Context.DATA_TERM_LENGTH_DEFAULT;
                size = Math.min(maxLength, 1024);
            }
            runCell(contender, size, Math.max(2, 4 * termLength / size));
        }
    }

    private boolean isImpossible(final Contender contender, final long size)
    {
        return ((Contender.AERON_IPC == contender || Contender.AERON_UDP == contender) &&
            size > aeronSource.maxMessageLength()) ||
            (Contender.FREIGHT_QUEUE == contender && size > HotBuffer.CHUNK_LENGTH);
    }

    private long runCell(final Contender contender, final long size, final long count)
    {
        switch (contender)
        {
            case MEMCPY:
            {
                final long startNs = System.nanoTime();
                for (long i = 0; i < count; i++)
                {
                    source.copyTo(copy, size);
                }
                return System.nanoTime() - startNs;
            }

            case FREIGHT_COPY:
                return runRemote("freight", "copy", size, count, contender);

            case FREIGHT_QUEUE:
                return runRemote("queue", "copy", size, count, contender);

            case FREIGHT_ZERO_COPY:
                return runRemote("freight", "zerocopy", size, count, contender);

            case FREIGHT_INLINE:
                return runRemote("inline", "copy", size, count, contender);

            case FREIGHT_STORE:
                return runRemote("store", "copy", size, count, contender);

            case AERON_IPC:
                return runRemote("aeron", "copy", size, count, contender);

            case UNIX_SOCKET:
                return runRemote("socket", "copy", size, count, contender);

            case FREIGHT_UDP:
                return runRemote("freight", "copy", size, count, contender);

            case AERON_UDP:
                return runRemote("aeron", "copy", size, count, contender);

            default:
                throw new IllegalArgumentException("no cell for " + contender);
        }
    }

    private long runRemote(
        final String sink, final String mode, final long size, final long count, final Contender contender)
    {
        child.send("RUN " + sink + " " + mode + " " + size + " " + count);
        child.awaitLine("READY", TIMEOUT_S, TimeUnit.SECONDS);

        final long startNs;
        try
        {
            switch (contender)
            {
                case FREIGHT_COPY:
                    startNs = freightSource.sendCopies(source, size, count);
                    break;

                case FREIGHT_QUEUE:
                    startNs = queueSource.sendCopies(source, size, count);
                    break;

                case FREIGHT_ZERO_COPY:
                    startNs = freightSource.sendClaims(size, count);
                    break;

                case FREIGHT_INLINE:
                    startNs = inlineSource.sendCopies(source, size, count);
                    break;

                case FREIGHT_STORE:
                    startNs = storeSource.sendCopies(source, size, count);
                    break;

                case AERON_IPC:
                    startNs = aeronSource.send(source, (int)size, count);
                    break;

                case UNIX_SOCKET:
                    startNs = socketSource.send(source, size, count);
                    break;

                case FREIGHT_UDP:
                    startNs = freightSource.sendCopies(source, size, count);
                    // Network mode: what is still queued after the last offer goes out only from the sender's duty
                    // cycle, which this runs until every payload is acked (and so received: the end is the child's).
                    freightSource.awaitAllAcked(TimeUnit.SECONDS.toNanos(TIMEOUT_S));
                    break;

                case AERON_UDP:
                    startNs = aeronSource.send(source, (int)size, count);
                    break;

                default:
                    throw new IllegalArgumentException("not a two-process contender: " + contender);
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(contender.id() + " failed at " + size + " bytes", ex);
        }

        final String[] done = child.awaitLine("DONE ", TIMEOUT_S, TimeUnit.SECONDS).split(" ");
        final FreightSource freightSender = freightSource(contender);
        if (null != freightSender)
        {
            freightSender.awaitAllAcked(TimeUnit.SECONDS.toNanos(TIMEOUT_S));
        }
        final long mismatches = Long.parseLong(done[1]);
        if (0 != mismatches)
        {
            throw new IllegalStateException(contender.id() + " at " + size + " bytes: " + mismatches + " of " + count +
                " payloads arrived with a wrong length or stamp");
        }

        return Long.parseLong(done[0]) - startNs;
    }

    private FreightSource freightSource(final Contender contender)
    {
        switch (contender)
        {
            case FREIGHT_COPY:
            case FREIGHT_ZERO_COPY:
            case FREIGHT_UDP:
                return freightSource;

            case FREIGHT_QUEUE:
                return queueSource;

            case FREIGHT_INLINE:
                return inlineSource;

            case FREIGHT_STORE:
                return storeSource;

            default:
                return null;
        }
    }

    private FreightSource connect(final Freight freight, final String name, final int streamId)
    {
        return connect(freight, "FREIGHT", name, streamId);
    }

    // The child's sink: FREIGHT (the Aeron face's handler) or QUEUE (the queue face's copy-into poll).
    private FreightSource connect(final Freight freight, final String sinkKind, final String name, final int streamId)
    {
        final IdleStrategy idleStrategy = IdleStrategies.fromSystemProperty();
        final FreightSource source = track(new FreightSource(freight.sender(streamId), idleStrategy));
        child.send(sinkKind + " " + name + " " + streamId);
        child.awaitLine("OK " + name, TIMEOUT_S, TimeUnit.SECONDS, source::doWork);

        return source;
    }

    private Freight.Context connectedContext(final Freight freight)
    {
        final Freight.Context context = new Freight.Context()
            .embeddedDriver(false)
            .aeronDirectoryName(freight.aeronDirectoryName())
            .storeRoot(media.storeRoot());

        return settings.defaults() ? context : context.ringLength(ringLength(maxLength));
    }

    private <T extends AutoCloseable> T track(final T resource)
    {
        resources.add(resource);
        return resource;
    }
}
