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
import io.freight.bench.support.SocketSource;
import io.freight.bench.sweep.Contender;
import io.freight.bench.sweep.SweepReport;
import io.freight.bench.sweep.SweepSettings;
import io.freight.bench.sweep.ThroughputSweep;
import io.freight.store.StorePaths;
import io.freight.transport.Freight;
import org.agrona.CloseHelper;

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
 * What moving payloads costs besides time, Freight copy mode against the Unix domain socket, at 1 KiB and 64 KiB:
 * <ul>
 *   <li>footprint: bytes of /dev/shm held by the store and by the media driver's directory ({@code du -B1}), and the
 *   resident set of both processes ({@code VmRSS}, with its anonymous and shared-memory parts), after warming up until
 *   /dev/shm stops growing (log buffers are sparse files allocated as first written) and again after 10^6 more
 *   messages: a store and a driver that neither grow nor leak stay flat. Both JVMs pre-touch their heaps;</li>
 *   <li>system I/O per message from {@code /proc/<pid>/io} (bytes through read and write calls, and their counts) and
 *   context switches per message summed over the threads of {@code /proc/<pid>/task/*}, for both processes.</li>
 * </ul>
 * The Freight store is the default one (64 MiB ring, pre-touched); the same two processes and the same child as the
 * throughput sweep ({@link SinkMain}), so the control lines over stdin and stdout (a few per run) are counted too.
 * <p>
 * Settings: {@code sweep.mode} smoke (10^4 messages after 10^3), quick or full (10^6 after 10^6, default);
 * {@code bench.out} the folder under which results go.
 */
public final class CostBench
{
    private static final long[] SIZES = { 1024, 64 * 1024 };
    private static final Contender[] CONTENDERS = { Contender.FREIGHT_COPY, Contender.UNIX_SOCKET };
    private static final int MAX_WARMUP_ROUNDS = 8;

    private CostBench()
    {
    }

    /**
     * Run the footprint and I/O measurements, print them and write them.
     *
     * @param args none.
     * @throws Exception if the run fails; nothing is left under /dev/shm either way.
     */
    public static void main(final String[] args) throws Exception
    {
        run(System.getProperty(SweepSettings.MODE_PROP_NAME, "full"), System.out);
    }

    /**
     * Run the measurements.
     *
     * @param mode smoke, quick or full.
     * @param out  for the results.
     * @return the folder the results were written to.
     * @throws IOException if the child or the socket cannot be started, or the results written.
     */
    static Path run(final String mode, final PrintStream out) throws IOException
    {
        final boolean isSmoke = "smoke".equals(mode);
        final long warmup = isSmoke ? 1_000 : 1_000_000;
        final long count = isSmoke ? 10_000 : 1_000_000;
        final String started = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        final long maxLength = SIZES[SIZES.length - 1];
        final long pid = ProcessHandle.current().pid();

        final StringBuilder md = new StringBuilder("# Footprint and system I/O\n\n")
            .append("- date: ").append(started).append('\n')
            .append("- machine: ").append(MachineInfo.describe()).append('\n')
            .append("- command: `mvn -B -q -Pcost -DskipTests -pl bench -am verify")
            .append(isSmoke ? " -Dsweep.mode=smoke" : "").append("`\n")
            .append("- ").append(count).append(" messages per row after warm-up rounds of ").append(warmup)
            .append(" repeated until /dev/shm stops growing (at most ").append(MAX_WARMUP_ROUNDS)
            .append("); sender = this process, receiver = the child; Freight with its default store (64 MiB ring);")
            .append(" both JVMs with -XX:+AlwaysPreTouch, so heap pages do not show up as growth\n\n");
        final StringBuilder csv = new StringBuilder("contender,size_bytes,messages,process,metric,before,after\n");

        final Path socketDirectory = Files.createTempDirectory("freight-bench-socket-");
        try (BenchMedia media = BenchMedia.create())
        {
            Freight freight = null;
            ChildProcess child = null;
            FreightSource freightSource = null;
            SocketSource socketSource = null;
            try
            {
                freight = Freight.launch(new Freight.Context()
                    .aeronDirectoryName(media.aeronDirectoryName())
                    .storeRoot(media.storeRoot()));
                child = ChildProcess.start(
                    null,
                    List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"),
                    SinkMain.class,
                    media.aeronDirectoryName(),
                    media.storeRoot().toString(),
                    Long.toString(maxLength));
                freightSource = new FreightSource(
                    freight.sender(ThroughputSweep.FREIGHT_STREAM_ID), IdleStrategies.fromSystemProperty());
                child.send("FREIGHT freight " + ThroughputSweep.FREIGHT_STREAM_ID);
                child.awaitLine("OK freight", 60, TimeUnit.SECONDS, freightSource::doWork);
                socketSource = new SocketSource(socketDirectory.resolve("socket"));
                child.send("SOCKET socket " + socketSource.path());
                child.awaitLine("OK socket", 60, TimeUnit.SECONDS);
                socketSource.accept();

                final long[] setupShm = media.shmBytes();
                final long aeronApparent = ProcStats.apparentBytes(Path.of(media.aeronDirectoryName()));
                out.println("# cost, " + count + " messages per row, started " + started);
                out.println("# machine: " + MachineInfo.describe());
                out.println("# load average at start: " + MachineInfo.loadAverage());
                out.println("# /dev/shm after setup, before any message: store " + setupShm[0] +
                    " B, Aeron directory " + setupShm[1] + " B");
                out.println("# Aeron directory apparent size (every log buffer fully written): " +
                    aeronApparent + " B");
                md.append("/dev/shm after setup, before any message: store ").append(setupShm[0])
                    .append(" B, Aeron directory ").append(setupShm[1]).append(" B. The Aeron directory's log buffers")
                    .append(" are sparse files whose pages are allocated as they are first written; its apparent size,")
                    .append(" the most it can ever hold, is ").append(aeronApparent).append(" B.\n\n");

                final HotBuffer source = new HotBuffer(maxLength);
                md.append("## Footprint\n\n")
                    .append("| contender | size | /dev/shm store B: before → after (Δ)")
                    .append(" | /dev/shm Aeron dir B: before → after (Δ)")
                    .append(" | sender VmRSS kB: before → after (Δ) | receiver VmRSS kB: before → after (Δ) |")
                    .append(" sender RssAnon kB | receiver RssAnon kB | sender RssShmem kB | receiver RssShmem kB |\n")
                    .append("|---|---:|---|---|---|---|---|---|---|---|\n");
                final StringBuilder io = new StringBuilder("## System I/O and context switches per message\n\n")
                    .append("| contender | size | process | rchar B | wchar B | syscr | syscw |")
                    .append(" voluntary switches | involuntary switches |\n")
                    .append("|---|---:|---|---:|---:|---:|---:|---:|---:|\n");

                for (final Contender contender : CONTENDERS)
                {
                    for (final long size : SIZES)
                    {
                        // Warm up until /dev/shm stops growing: log buffers are sparse files, allocated page by page
                        // as they are first written, so a short run leaves part of a log still to be allocated.
                        long[] shmBefore = media.shmBytes();
                        int rounds = 0;
                        boolean isSettled = false;
                        while (!isSettled && rounds < MAX_WARMUP_ROUNDS)
                        {
                            run(contender, size, warmup, child, freightSource, socketSource, source);
                            rounds++;
                            final long[] shm = media.shmBytes();
                            isSettled = Arrays.equals(shm, shmBefore);
                            shmBefore = shm;
                        }
                        final ProcStats.Sample senderBefore = ProcStats.sample(pid);
                        final ProcStats.Sample receiverBefore = ProcStats.sample(child.pid());

                        run(contender, size, count, child, freightSource, socketSource, source);

                        final long[] shmAfter = media.shmBytes();
                        final ProcStats.Sample senderAfter = ProcStats.sample(pid);
                        final ProcStats.Sample receiverAfter = ProcStats.sample(child.pid());

                        final String row = "| " + contender.label() + " | " + SweepReport.sizeLabel(size) + " | ";
                        out.println("# " + contender.id() + " " + size + " B: " + rounds + " warm-up round(s) of " +
                            warmup);
                        md.append(row)
                            .append(change(shmBefore[0], shmAfter[0])).append(" | ")
                            .append(change(shmBefore[1], shmAfter[1])).append(" | ")
                            .append(change(senderBefore.rssKb, senderAfter.rssKb)).append(" | ")
                            .append(change(receiverBefore.rssKb, receiverAfter.rssKb)).append(" | ")
                            .append(change(senderBefore.rssAnonKb, senderAfter.rssAnonKb)).append(" | ")
                            .append(change(receiverBefore.rssAnonKb, receiverAfter.rssAnonKb)).append(" | ")
                            .append(change(senderBefore.rssShmemKb, senderAfter.rssShmemKb)).append(" | ")
                            .append(change(receiverBefore.rssShmemKb, receiverAfter.rssShmemKb)).append(" |\n");
                        io.append(row).append("sender | ").append(perMessage(senderBefore, senderAfter, count))
                            .append('\n');
                        io.append(row).append("receiver | ").append(perMessage(receiverBefore, receiverAfter, count))
                            .append('\n');

                        final String prefix = contender.id() + "," + size + "," + count + ",";
                        appendRow(csv, prefix + "-,shm_store_bytes,", shmBefore[0], shmAfter[0]);
                        appendRow(csv, prefix + "-,shm_aeron_bytes,", shmBefore[1], shmAfter[1]);
                        appendSample(csv, prefix + "sender,", senderBefore, senderAfter);
                        appendSample(csv, prefix + "receiver,", receiverBefore, receiverAfter);

                        out.println("FOOTPRINT contender=" + contender.id() + " size=" + size + " messages=" + count +
                            " shm_store=" + shmBefore[0] + "->" + shmAfter[0] +
                            " shm_aeron=" + shmBefore[1] + "->" + shmAfter[1] +
                            " sender_rss_kb=" + senderBefore.rssKb + "->" + senderAfter.rssKb +
                            " receiver_rss_kb=" + receiverBefore.rssKb + "->" + receiverAfter.rssKb);
                        out.println("IO contender=" + contender.id() + " size=" + size +
                            " sender=[" + perMessageLine(senderBefore, senderAfter, count) + "]" +
                            " receiver=[" + perMessageLine(receiverBefore, receiverAfter, count) + "]");
                    }
                }
                out.println("# load average at end: " + MachineInfo.loadAverage());
                md.append('\n').append(io);
            }
            finally
            {
                CloseHelper.quietCloseAll(socketSource, freightSource, child, freight);
            }
        }
        finally
        {
            StorePaths.deleteTree(socketDirectory);
        }

        return writeResults(
            Path.of(System.getProperty(SweepSettings.OUT_PROP_NAME, "results/tmp")), "cost", isSmoke, md, csv, out);
    }

    /**
     * Write a run's table and CSV to a new folder {@code <name>-[smoke-]<timestamp>} under a root, and print the table.
     *
     * @param resultsRoot under which the folder is made.
     * @param name        of the run, the folder's prefix and the files' names ({@code <name>.md}, {@code <name>.csv}).
     * @param isSmoke     whether the run was a smoke run.
     * @param md          the table.
     * @param csv         the figures.
     * @param out         to print the table to.
     * @return the folder.
     * @throws IOException if the files cannot be written.
     */
    static Path writeResults(
        final Path resultsRoot,
        final String name,
        final boolean isSmoke,
        final CharSequence md,
        final CharSequence csv,
        final PrintStream out) throws IOException
    {
        final String timestamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss"));
        final Path directory = resultsRoot.resolve(name + "-" + (isSmoke ? "smoke-" : "") + timestamp);
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(name + ".md"), md, StandardCharsets.UTF_8);
        Files.writeString(directory.resolve(name + ".csv"), csv, StandardCharsets.UTF_8);
        out.println();
        out.println(md);
        out.println("results written to " + directory.toAbsolutePath().normalize());

        return directory;
    }

    private static void run(
        final Contender contender,
        final long size,
        final long count,
        final ChildProcess child,
        final FreightSource freightSource,
        final SocketSource socketSource,
        final HotBuffer source) throws IOException
    {
        final boolean isFreight = Contender.FREIGHT_COPY == contender;
        child.send("RUN " + (isFreight ? "freight" : "socket") + " copy " + size + " " + count);
        child.awaitLine("READY", 60, TimeUnit.SECONDS);
        if (isFreight)
        {
            freightSource.sendCopies(source, size, count);
        }
        else
        {
            socketSource.send(source, size, count);
        }

        final String[] done = child.awaitLine("DONE ", 600, TimeUnit.SECONDS).split(" ");
        if (!"0".equals(done[1]))
        {
            throw new IllegalStateException(contender.id() + " at " + size + " bytes: " + done[1] + " mismatches");
        }
    }

    private static String change(final long before, final long after)
    {
        return before + " → " + after + " (" + (after - before >= 0 ? "+" : "") + (after - before) + ")";
    }

    private static String perMessage(final ProcStats.Sample before, final ProcStats.Sample after, final long count)
    {
        return per(after.rchar - before.rchar, count) + " | " + per(after.wchar - before.wchar, count) + " | " +
            per(after.syscr - before.syscr, count) + " | " + per(after.syscw - before.syscw, count) + " | " +
            per(after.voluntarySwitches - before.voluntarySwitches, count) + " | " +
            per(after.involuntarySwitches - before.involuntarySwitches, count) + " |";
    }

    private static String perMessageLine(final ProcStats.Sample before, final ProcStats.Sample after, final long count)
    {
        return "rchar=" + per(after.rchar - before.rchar, count) +
            " wchar=" + per(after.wchar - before.wchar, count) +
            " syscr=" + per(after.syscr - before.syscr, count) +
            " syscw=" + per(after.syscw - before.syscw, count) +
            " vcsw=" + per(after.voluntarySwitches - before.voluntarySwitches, count) +
            " ivcsw=" + per(after.involuntarySwitches - before.involuntarySwitches, count);
    }

    private static String per(final long delta, final long count)
    {
        return String.format(Locale.ROOT, "%.4g", (double)delta / count);
    }

    private static void appendSample(
        final StringBuilder csv, final String prefix, final ProcStats.Sample before, final ProcStats.Sample after)
    {
        appendRow(csv, prefix + "vm_rss_kb,", before.rssKb, after.rssKb);
        appendRow(csv, prefix + "rss_anon_kb,", before.rssAnonKb, after.rssAnonKb);
        appendRow(csv, prefix + "rss_file_kb,", before.rssFileKb, after.rssFileKb);
        appendRow(csv, prefix + "rss_shmem_kb,", before.rssShmemKb, after.rssShmemKb);
        appendRow(csv, prefix + "rchar,", before.rchar, after.rchar);
        appendRow(csv, prefix + "wchar,", before.wchar, after.wchar);
        appendRow(csv, prefix + "syscr,", before.syscr, after.syscr);
        appendRow(csv, prefix + "syscw,", before.syscw, after.syscw);
        appendRow(csv, prefix + "voluntary_ctxt_switches,", before.voluntarySwitches, after.voluntarySwitches);
        appendRow(csv, prefix + "nonvoluntary_ctxt_switches,", before.involuntarySwitches, after.involuntarySwitches);
    }

    private static void appendRow(final StringBuilder csv, final String prefix, final long before, final long after)
    {
        csv.append(prefix).append(before).append(',').append(after).append('\n');
    }
}
