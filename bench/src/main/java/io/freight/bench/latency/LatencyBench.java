/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.latency;

import io.freight.bench.support.BenchMedia;
import io.freight.bench.support.ChildProcess;
import io.freight.bench.support.MachineInfo;
import io.freight.bench.sweep.SweepSettings;
import io.freight.bench.sweep.ThroughputSweep;
import io.freight.transport.Freight;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Round-trip latency, ping-pong between two processes: this one sends a message and spins until the echo arrives;
 * the child ({@link PongMain}) spins until the message arrives and echoes it the same way. Cases: plain Aeron IPC at
 * 32 B, Freight at 32 B (inline, offered from a buffer), Freight zero-copy at 1 MiB and 64 MiB (claim, stamp the first
 * and last word in place, commit; both ways). Each round trip is recorded in an HdrHistogram.
 * <p>
 * Busy-spin everywhere, each process pinned to its own CPU: this process pins itself (all its threads, the embedded
 * media driver's included) to CPU 0 with {@code taskset -a -c -p 0 <pid>}, the child runs under
 * {@code taskset -c 1}; both are read back from {@code /proc/<pid>/task/<tid>/status} and printed. Every case is warmed
 * up, then measured in interleaved repetitions.
 * <p>
 * Settings: {@code sweep.mode} smoke (1 rep of 2,000), quick (3 reps of 100,000, default) or full (5 reps of 500,000);
 * {@code sweep.reps} overrides the repetitions; {@code bench.out} the folder under which results go;
 * {@code latency.stamps} how many words of a zero-copy payload are stamped and read (2, 1 or 0).
 */
public final class LatencyBench
{
    /**
     * Freight stream from the pinging to the echoing process.
     */
    static final int PING_PAYLOAD_STREAM_ID = 3101;

    /**
     * Freight stream back.
     */
    static final int PONG_PAYLOAD_STREAM_ID = 3102;

    /**
     * Aeron stream from the pinging to the echoing process.
     */
    static final int PING_AERON_STREAM_ID = 3001;

    /**
     * Aeron stream back.
     */
    static final int PONG_AERON_STREAM_ID = 3002;

    private static final long MIB = 1024 * 1024;
    private static final String[] NAMES = { "aeron-ipc-32B", "freight-inline-32B", "freight-zerocopy-1MiB",
        "freight-zerocopy-64MiB" };
    private static final LatencyEndpoint.Way[] WAYS = { LatencyEndpoint.Way.AERON, LatencyEndpoint.Way.FREIGHT_COPY,
        LatencyEndpoint.Way.FREIGHT_CLAIM, LatencyEndpoint.Way.FREIGHT_CLAIM };
    private static final long[] LENGTHS = { 32, 32, MIB, 64 * MIB };

    private LatencyBench()
    {
    }

    /**
     * Run the latency cases, print the results and write them.
     *
     * @param args none.
     * @throws Exception if the run fails; nothing is left under /dev/shm either way.
     */
    public static void main(final String[] args) throws Exception
    {
        run(System.getProperty(SweepSettings.MODE_PROP_NAME, "quick"), System.out);
    }

    /**
     * Run the latency cases.
     *
     * @param mode smoke, quick or full.
     * @param out  for the results.
     * @return the folder the results were written to.
     * @throws IOException if the child cannot be started or the results written.
     */
    static Path run(final String mode, final PrintStream out) throws IOException
    {
        final long warmup;
        final long count;
        int reps;
        switch (mode)
        {
            case "smoke":
                warmup = 1_000;
                count = 2_000;
                reps = 1;
                break;

            case "quick":
                warmup = 20_000;
                count = 100_000;
                reps = 3;
                break;

            case "full":
                warmup = 100_000;
                count = 500_000;
                reps = 5;
                break;

            default:
                throw new IllegalArgumentException(
                    SweepSettings.MODE_PROP_NAME + " must be smoke, quick or full: " + mode);
        }
        final int repsOverride = Integer.getInteger(SweepSettings.REPS_PROP_NAME, 0);
        if (repsOverride > 0)
        {
            reps = repsOverride;
        }

        final String started = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        final boolean isPinned = Runtime.getRuntime().availableProcessors() >= 2;
        if (isPinned)
        {
            CpuPinning.pinThisProcess("0");
        }

        final int stamps = LatencyEndpoint.checkStamps(Integer.getInteger(LatencyEndpoint.STAMPS_PROP_NAME, 2));
        final long ringLength = ThroughputSweep.ringLength(64 * MIB);
        final Histogram[][] histograms = new Histogram[NAMES.length][reps];
        final String pinning;
        try (BenchMedia media = BenchMedia.create();
            Freight freight = Freight.launch(new Freight.Context()
                .aeronDirectoryName(media.aeronDirectoryName())
                .storeRoot(media.storeRoot())
                .ringLength(ringLength));
            LatencyEndpoint endpoint = new LatencyEndpoint(
                freight, stamps, PING_PAYLOAD_STREAM_ID, PONG_PAYLOAD_STREAM_ID, PING_AERON_STREAM_ID, PONG_AERON_STREAM_ID);
            ChildProcess child = ChildProcess.start(
                isPinned ? "1" : null,
                List.of("-Xms256m", "-Xmx256m"),
                PongMain.class,
                media.aeronDirectoryName(),
                media.storeRoot().toString(),
                Long.toString(ringLength),
                Integer.toString(stamps)))
        {
            child.awaitLine("CONNECTED", 60, TimeUnit.SECONDS, endpoint::doWork);
            if (!endpoint.awaitConnected(TimeUnit.SECONDS.toNanos(30)))
            {
                throw new IllegalStateException("the echoing process never connected back");
            }

            final long pid = ProcessHandle.current().pid();
            pinning = isPinned ?
                "this process (pid " + pid + ", " + CpuPinning.threadCount(pid) + " threads) on CPUs " +
                CpuPinning.allowedCpus(pid) + "; child (pid " + child.pid() + ", " +
                CpuPinning.threadCount(child.pid()) + " threads) on CPUs " + CpuPinning.allowedCpus(child.pid()) :
                "not pinned: fewer than 2 CPUs";
            out.println("# latency, mode " + mode + ", " + reps + " repetitions of " + count +
                " round trips, started " + started);
            out.println("# machine: " + MachineInfo.describe());
            out.println("# pinning: " + pinning);
            out.println("# load average at start: " + MachineInfo.loadAverage());

            for (int c = 0; c < NAMES.length; c++)
            {
                pingPong(child, endpoint, c, warmup, null);
            }
            for (int rep = 0; rep < reps; rep++)
            {
                for (int c = 0; c < NAMES.length; c++)
                {
                    histograms[c][rep] = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
                    pingPong(child, endpoint, c, count, histograms[c][rep]);
                    out.println("rep " + (rep + 1) + "/" + reps + " " + NAMES[c] + ": p50 " +
                        micros(histograms[c][rep].getValueAtPercentile(50)) + " us");
                }
            }
            out.println("# load average at end: " + MachineInfo.loadAverage());
        }

        return report(mode, stamps, started, pinning, count, histograms, out);
    }

    private static void pingPong(
        final ChildProcess child,
        final LatencyEndpoint endpoint,
        final int c,
        final long count,
        final Histogram histogram)
    {
        final LatencyEndpoint.Way way = WAYS[c];
        final long length = LENGTHS[c];
        child.send("PONG " + way + " " + length + " " + count);
        child.awaitLine("READY", 60, TimeUnit.SECONDS);
        for (long i = 0; i < count; i++)
        {
            final long startNs = System.nanoTime();
            endpoint.send(way, length, i);
            final long echoed = endpoint.receive(way);
            final long roundTripNs = System.nanoTime() - startNs;
            if (echoed != i && endpoint.isStamped(way))
            {
                throw new IllegalStateException(NAMES[c] + ": sent " + i + ", echo carried " + echoed);
            }
            if (null != histogram)
            {
                histogram.recordValue(roundTripNs);
            }
        }
        child.awaitLine("DONE", 60, TimeUnit.SECONDS);
    }

    private static Path report(
        final String mode,
        final int stamps,
        final String started,
        final String pinning,
        final long count,
        final Histogram[][] histograms,
        final PrintStream out) throws IOException
    {
        final int reps = histograms[0].length;
        final StringBuilder md = new StringBuilder("# Round-trip latency\n\n")
            .append("- date: ").append(started).append('\n')
            .append("- machine: ").append(MachineInfo.describe()).append('\n')
            .append("- command: `mvn -B -q -Platency -DskipTests -pl bench -am verify -Dsweep.mode=").append(mode)
            .append(2 == stamps ? "" : " -D" + LatencyEndpoint.STAMPS_PROP_NAME + "=" + stamps).append("`\n")
            .append("- zero-copy payloads: ").append(2 == stamps ? "the first and last words" :
                1 == stamps ? "the first word" : "no word").append(" stamped and read, both ways\n")
            .append("- ping-pong between two processes, busy-spin, ").append(reps)
            .append(" interleaved repetitions of ").append(count)
            .append(" round trips per case after a warm-up; all repetitions merged below\n")
            .append("- pinning: ").append(pinning).append("\n\n")
            .append("| case | p50 µs | p99 µs | p99.9 µs | max µs | p50 per repetition µs |\n")
            .append("|---|---:|---:|---:|---:|---|\n");
        final StringBuilder csv = new StringBuilder("case,rep,count,p50_ns,p99_ns,p999_ns,max_ns\n");
        final double[] medianP50 = new double[NAMES.length];
        for (int c = 0; c < NAMES.length; c++)
        {
            final Histogram merged = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            final double[] p50s = new double[reps];
            for (int rep = 0; rep < reps; rep++)
            {
                final Histogram histogram = histograms[c][rep];
                merged.add(histogram);
                p50s[rep] = histogram.getValueAtPercentile(50);
                csv.append(NAMES[c]).append(',').append(rep + 1).append(',').append(histogram.getTotalCount())
                    .append(',').append(histogram.getValueAtPercentile(50))
                    .append(',').append(histogram.getValueAtPercentile(99))
                    .append(',').append(histogram.getValueAtPercentile(99.9))
                    .append(',').append(histogram.getMaxValue()).append('\n');
            }
            final double[] sorted = p50s.clone();
            Arrays.sort(sorted);
            medianP50[c] = (reps & 1) == 1 ? sorted[reps / 2] : (sorted[reps / 2 - 1] + sorted[reps / 2]) / 2;

            final StringBuilder perRep = new StringBuilder();
            for (final double p50 : p50s)
            {
                perRep.append(perRep.length() > 0 ? " / " : "").append(micros(p50));
            }
            md.append("| ").append(NAMES[c]).append(" | ").append(micros(merged.getValueAtPercentile(50)))
                .append(" | ").append(micros(merged.getValueAtPercentile(99)))
                .append(" | ").append(micros(merged.getValueAtPercentile(99.9)))
                .append(" | ").append(micros(merged.getMaxValue()))
                .append(" | ").append(perRep).append(" |\n");
            out.println("LATENCY case=" + NAMES[c] + " p50_us=" + micros(merged.getValueAtPercentile(50)) +
                " p99_us=" + micros(merged.getValueAtPercentile(99)) +
                " p999_us=" + micros(merged.getValueAtPercentile(99.9)) +
                " max_us=" + micros(merged.getMaxValue()));
        }

        final String ratios = "LATENCY_RATIO zerocopy_1mib_vs_aeron_32b_p50=" +
            String.format(Locale.ROOT, "%.2f", medianP50[2] / medianP50[0]) +
            " zerocopy_64mib_vs_aeron_32b_p50=" + String.format(Locale.ROOT, "%.2f", medianP50[3] / medianP50[0]) +
            " freight_32b_vs_aeron_32b_p50=" + String.format(Locale.ROOT, "%.2f", medianP50[1] / medianP50[0]);
        out.println(ratios);
        md.append("\nRatios of the median of the per-repetition p50s: `").append(ratios).append("`\n");

        final String timestamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss"));
        final Path directory = Path.of(System.getProperty(SweepSettings.OUT_PROP_NAME, "results/tmp"))
            .resolve("latency-" + mode + "-" + timestamp);
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("latency.md"), md, StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("latency.csv"), csv, StandardCharsets.UTF_8);
        out.println(md);
        out.println("results written to " + directory.toAbsolutePath().normalize());

        return directory;
    }

    private static String micros(final double nanos)
    {
        return String.format(Locale.ROOT, "%.2f", nanos / 1000.0);
    }
}
