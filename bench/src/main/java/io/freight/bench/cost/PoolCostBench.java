/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.cost;

import io.freight.bench.support.BenchMedia;
import io.freight.bench.support.ChildProcess;
import io.freight.bench.support.FreightSource;
import io.freight.bench.support.HotBuffer;
import io.freight.bench.support.IdleStrategies;
import io.freight.bench.support.MachineInfo;
import io.freight.bench.support.ProcStats;
import io.freight.bench.support.SinkMain;
import io.freight.bench.sweep.SweepSettings;
import io.freight.bench.sweep.ThroughputSweep;
import io.freight.store.PayloadStore;
import io.freight.store.StorePaths;
import io.freight.transport.Freight;
import org.agrona.CloseHelper;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the store's pool of oversize segments holds over a long run of mixed sizes, and whether it gives it back:
 * payloads of random lengths, log-uniform from 1 MiB to 1 GiB (seeded, so every run sends the same sequence), one
 * after the other through the default {@code Freight.Context} (64 MiB ring, the store's default maximum and idle
 * timeout), copied out by a receiving child. Sampled every {@code count / 10} payloads: bytes of /dev/shm under the
 * store ({@code du}) and the resident set of both processes, private ({@code RssAnon}) and shared ({@code RssShmem},
 * the store's pages each process has mapped). After the last payload both processes keep running their duty cycles
 * (nothing sent) until the store is back to its ring alone, what it held before the first payload, and neither
 * process maps an oversize segment any more ({@code /proc/<pid>/maps}): the time that took is printed beside the idle
 * timeout.
 * <p>
 * Settings: {@code sweep.mode} smoke (40 payloads of 1–96 MiB) or full (10^4 of 1 MiB–1 GiB, default);
 * {@code bench.out} the folder under which results go.
 */
public final class PoolCostBench
{
    private static final long MIN_LENGTH = 1L << 20;
    private static final long SEED = 0x5EED_F00DL;
    private static final long SETTLE_MARGIN_NS = TimeUnit.SECONDS.toNanos(30);

    private PoolCostBench()
    {
    }

    /**
     * Run the mixed-size footprint measurement, print it and write it.
     *
     * @param args none.
     * @throws Exception if the run fails; nothing is left under /dev/shm either way.
     */
    public static void main(final String[] args) throws Exception
    {
        run(
            System.getProperty(SweepSettings.MODE_PROP_NAME, "full"),
            Path.of(System.getProperty(SweepSettings.OUT_PROP_NAME, "results/tmp")),
            System.out);
    }

    /**
     * Run the measurement.
     *
     * @param mode       smoke or full.
     * @param resultsRoot under which the results folder is made.
     * @param out        for the results.
     * @return the folder the results were written to.
     * @throws IOException if the child cannot be started or the results written.
     */
    static Path run(final String mode, final Path resultsRoot, final PrintStream out) throws IOException
    {
        final boolean isSmoke = "smoke".equals(mode);
        final int count = isSmoke ? 40 : 10_000;
        final long maxLength = isSmoke ? 96L << 20 : HotBuffer.CHUNK_LENGTH;
        final int sampleEvery = count / 10;
        final String started = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        final long pid = ProcessHandle.current().pid();
        final long idleTimeoutNs = new PayloadStore.Context().oversizeIdleTimeoutNs();

        final StringBuilder md = new StringBuilder("# Store footprint over mixed large payloads\n\n")
            .append("- date: ").append(started).append('\n')
            .append("- machine: ").append(MachineInfo.describe()).append('\n')
            .append("- command: `mvn -B -q -Ppool -DskipTests -pl bench -am verify")
            .append(isSmoke ? " -Dsweep.mode=smoke" : "").append("`\n")
            .append("- ").append(count).append(" payloads, lengths log-uniform from ").append(MIN_LENGTH)
            .append(" B to ").append(maxLength).append(" B (seed ").append(Long.toHexString(SEED))
            .append("), copy mode, default Freight.Context (64 MiB ring, default store maximum, oversize idle")
            .append(" timeout ").append(TimeUnit.NANOSECONDS.toMillis(idleTimeoutNs))
            .append(" ms); sender = this process, receiver = the child; both JVMs with -XX:+AlwaysPreTouch\n\n");
        final StringBuilder csv = new StringBuilder(
            "payloads,bytes_sent,shm_store_bytes,sender_rss_anon_kb,receiver_rss_anon_kb," +
            "sender_rss_shmem_kb,receiver_rss_shmem_kb\n");

        try (BenchMedia media = BenchMedia.create())
        {
            Freight freight = null;
            ChildProcess child = null;
            FreightSource freightSource = null;
            try
            {
                freight = Freight.launch(new Freight.Context()
                    .aeronDirectoryName(media.aeronDirectoryName())
                    .storeRoot(media.storeRoot()));
                child = ChildProcess.start(
                    null,
                    List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch",
                        "-XX:MaxDirectMemorySize=" + (maxLength + (64 << 20))),
                    SinkMain.class,
                    media.aeronDirectoryName(),
                    media.storeRoot().toString(),
                    Long.toString(maxLength));
                freightSource = new FreightSource(
                    freight.sender(ThroughputSweep.FREIGHT_STREAM_ID), IdleStrategies.fromSystemProperty());
                child.send("FREIGHT freight " + ThroughputSweep.FREIGHT_STREAM_ID);
                child.awaitLine("OK freight", 60, TimeUnit.SECONDS, freightSource::doWork);
                final HotBuffer source = new HotBuffer(maxLength);

                // One ring payload first, so that both processes have mapped the ring and the logs before the baseline.
                send(child, freightSource, source, MIN_LENGTH);
                final long ringOnlyStoreBytes = media.shmBytes()[0];
                md.append("## Samples\n\n")
                    .append("| payloads | GB sent | /dev/shm store MiB | sender RssAnon MiB | receiver RssAnon MiB |")
                    .append(" sender RssShmem MiB | receiver RssShmem MiB |\n")
                    .append("|---:|---:|---:|---:|---:|---:|---:|\n");
                sample(0, 0, media, pid, child.pid(), md, csv, out);

                final SplittableRandom random = new SplittableRandom(SEED);
                final double logSpan = Math.log((double)maxLength / MIN_LENGTH);
                long bytesSent = 0;
                long maxStoreBytes = 0;
                final long startNs = System.nanoTime();
                for (int i = 1; i <= count; i++)
                {
                    final long length = Math.min(maxLength, (long)(MIN_LENGTH * Math.exp(random.nextDouble() * logSpan)));
                    send(child, freightSource, source, length);
                    bytesSent += length;
                    maxStoreBytes = Math.max(maxStoreBytes, media.shmBytes()[0]);
                    if (i % sampleEvery == 0)
                    {
                        sample(i, bytesSent, media, pid, child.pid(), md, csv, out);
                    }
                }
                final long elapsedNs = System.nanoTime() - startNs;

                // Nothing sent from here: both duty cycles run (the child's between commands) until the store is
                // back to its ring alone and the receiver no longer maps any oversize segment.
                final long idleStartNs = System.nanoTime();
                final long deadlineNs = idleStartNs + idleTimeoutNs + SETTLE_MARGIN_NS;
                long storeBytes;
                int senderMapped;
                int receiverMapped;
                do
                {
                    freightSource.doWork();
                    storeBytes = media.shmBytes()[0];
                    senderMapped = oversizeMappings(pid, media.storeRoot());
                    receiverMapped = oversizeMappings(child.pid(), media.storeRoot());
                }
                while ((storeBytes > ringOnlyStoreBytes || senderMapped > 0 || receiverMapped > 0) &&
                    System.nanoTime() < deadlineNs);
                final long settledNs = System.nanoTime() - idleStartNs;
                final boolean isSettled = storeBytes <= ringOnlyStoreBytes && senderMapped == 0 && receiverMapped == 0;
                sample(-1, bytesSent, media, pid, child.pid(), md, csv, out);

                final String summary = String.format(Locale.ROOT,
                    "%d payloads, %.1f GB in %.1f s (%.2f GB/s); /dev/shm store at most %d MiB during the run; " +
                    "%s %.1f s after the last payload (idle timeout %.1f s): store %d MiB (ring alone %d MiB), " +
                    "oversize segments still mapped: sender %d, receiver %d",
                    count, bytesSent / 1e9, elapsedNs / 1e9, bytesSent / (double)elapsedNs,
                    maxStoreBytes >> 20, isSettled ? "back to the ring alone" : "NOT back to the ring alone",
                    settledNs / 1e9, idleTimeoutNs / 1e9, storeBytes >> 20, ringOnlyStoreBytes >> 20,
                    senderMapped, receiverMapped);
                md.append("\n(the last row, payloads -1: after the idle wait)\n\n").append(summary).append(".\n");
                out.println("POOL " + summary);
                out.println("# load average at end: " + MachineInfo.loadAverage());
                if (!isSettled)
                {
                    throw new IllegalStateException("store not given back: " + summary);
                }
            }
            finally
            {
                CloseHelper.quietCloseAll(freightSource, child, freight);
            }
        }

        return CostBench.writeResults(resultsRoot, "pool", isSmoke, md, csv, out);
    }

    private static void send(
        final ChildProcess child, final FreightSource freightSource, final HotBuffer source, final long length)
    {
        child.send("RUN freight copy " + length + " 1");
        child.awaitLine("READY", 60, TimeUnit.SECONDS);
        freightSource.sendCopies(source, length, 1);
        final String[] done = child.awaitLine("DONE ", 600, TimeUnit.SECONDS, freightSource::doWork).split(" ");
        if (!"0".equals(done[1]))
        {
            throw new IllegalStateException("payload of " + length + " B: " + done[1] + " mismatches");
        }
    }

    /**
     * Distinct oversize segment files of the store a process maps: every {@code segment-<id>} under the root but the
     * ring's, deleted or not (an unlinked file stays mapped, and its pages held, until unmapped).
     */
    private static int oversizeMappings(final long pid, final Path storeRoot)
    {
        final String root = storeRoot.toAbsolutePath().normalize() + "/";
        final String ring = "/" + StorePaths.segmentFileName(PayloadStore.RING_SEGMENT_ID);
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "maps")))
        {
            return (int)lines
                .map((line) -> line.indexOf(root) < 0 ? null : line.substring(line.indexOf(root)))
                .filter((path) -> null != path && path.contains("/" + StorePaths.SEGMENT_FILE_PREFIX))
                .map((path) -> path.replace(" (deleted)", ""))
                .filter((path) -> !path.endsWith(ring))
                .distinct()
                .count();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the mappings of process " + pid, ex);
        }
    }

    private static void sample(
        final int payloads,
        final long bytesSent,
        final BenchMedia media,
        final long senderPid,
        final long receiverPid,
        final StringBuilder md,
        final StringBuilder csv,
        final PrintStream out)
    {
        final long storeBytes = media.shmBytes()[0];
        final ProcStats.Sample sender = ProcStats.sample(senderPid);
        final ProcStats.Sample receiver = ProcStats.sample(receiverPid);
        md.append("| ").append(payloads).append(" | ")
            .append(String.format(Locale.ROOT, "%.1f", bytesSent / 1e9)).append(" | ")
            .append(storeBytes >> 20).append(" | ").append(sender.rssAnonKb >> 10).append(" | ")
            .append(receiver.rssAnonKb >> 10).append(" | ").append(sender.rssShmemKb >> 10).append(" | ")
            .append(receiver.rssShmemKb >> 10).append(" |\n");
        csv.append(payloads).append(',').append(bytesSent).append(',').append(storeBytes).append(',')
            .append(sender.rssAnonKb).append(',').append(receiver.rssAnonKb).append(',')
            .append(sender.rssShmemKb).append(',').append(receiver.rssShmemKb).append('\n');
        out.println("SAMPLE payloads=" + payloads + " bytes=" + bytesSent + " shm_store=" + storeBytes +
            " sender_anon_kb=" + sender.rssAnonKb + " receiver_anon_kb=" + receiver.rssAnonKb +
            " sender_shmem_kb=" + sender.rssShmemKb + " receiver_shmem_kb=" + receiver.rssShmemKb);
    }
}
