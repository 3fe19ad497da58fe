/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.sweep;

import io.freight.bench.support.MachineInfo;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a throughput run's results: the machine-readable lines on the console, and into the run's folder a
 * Markdown table ({@code <suite>.md}), the raw numbers ({@code <suite>.csv}, one row per repetition) and a chart
 * ({@code <suite>.png}: GB/s against payload size, log-log, one line per contender).
 */
public final class SweepReport
{
    private final SweepSettings settings;
    private final SweepResults results;
    private final String machine;
    private final String started;

    /**
     * A report of a finished run.
     *
     * @param settings of the run.
     * @param results  of the run.
     * @param machine  description of the machine, {@link MachineInfo#describe()}.
     * @param started  when the run started, ISO-8601.
     */
    SweepReport(
        final SweepSettings settings, final SweepResults results, final String machine, final String started)
    {
        this.settings = settings;
        this.results = results;
        this.machine = machine;
        this.started = started;
    }

    /**
     * A size as people write it: 10 B, 1.5 KiB, 64 MiB.
     *
     * @param size in bytes.
     * @return the label.
     */
    public static String sizeLabel(final long size)
    {
        final String[] units = { "B", "KiB", "MiB", "GiB", "TiB" };
        double value = size;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1)
        {
            value /= 1024;
            unit++;
        }

        return (value == Math.rint(value) ? Long.toString((long)value) : String.format(Locale.ROOT, "%.1f", value)) +
            " " + units[unit];
    }

    /**
     * A rate with three significant digits and a k, M or G suffix.
     *
     * @param value to format.
     * @return the text, "n/a" for NaN.
     */
    static String rate(final double value)
    {
        if (Double.isNaN(value))
        {
            return "n/a";
        }
        if (value >= 1e9)
        {
            return significant(value / 1e9) + " G";
        }
        if (value >= 1e6)
        {
            return significant(value / 1e6) + " M";
        }
        if (value >= 1e3)
        {
            return significant(value / 1e3) + " k";
        }

        return significant(value);
    }

    /**
     * A number with three significant digits.
     *
     * @param value to format.
     * @return the text, "n/a" for NaN.
     */
    static String significant(final double value)
    {
        if (Double.isNaN(value))
        {
            return "n/a";
        }
        if (value >= 100)
        {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (value >= 10)
        {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (value >= 1)
        {
            return String.format(Locale.ROOT, "%.2f", value);
        }

        return String.format(Locale.ROOT, "%.3g", value);
    }

    /**
     * Print the machine-readable line of every size: for the sweep,
     * {@code RATIO size=<bytes> freight_vs_aeron=<x|n/a> freight_vs_uds=<x> freight_vs_memcpy=<x>
     * zerocopy_msgs_per_s=<n>}, ratios of median GB/s of Freight copy mode over the other; for the threshold sweep,
     * {@code THRESHOLD size=<bytes> inline_vs_store=<x>}.
     *
     * @param out to print to.
     */
    void printRatioLines(final PrintStream out)
    {
        final long[] sizes = results.sizes();
        for (int s = 0; s < sizes.length; s++)
        {
            out.println(ratioLine(s));
        }
    }

    /**
     * The machine-readable line of a size.
     *
     * @param sizeIndex into the sizes.
     * @return the line.
     */
    String ratioLine(final int sizeIndex)
    {
        final long size = results.sizes()[sizeIndex];
        if ("network".equals(settings.suite()))
        {
            return "NETWORK size=" + size + " freight_vs_aeron=" +
                formatRatio(ratio(Contender.FREIGHT_UDP, Contender.AERON_UDP, sizeIndex));
        }
        if ("threshold".equals(settings.suite()))
        {
            return "THRESHOLD size=" + size + " inline_vs_store=" +
                formatRatio(ratio(Contender.FREIGHT_INLINE, Contender.FREIGHT_STORE, sizeIndex));
        }

        return "RATIO size=" + size +
            " freight_vs_aeron=" + formatRatio(ratio(Contender.FREIGHT_COPY, Contender.AERON_IPC, sizeIndex)) +
            " freight_vs_uds=" + formatRatio(ratio(Contender.FREIGHT_COPY, Contender.UNIX_SOCKET, sizeIndex)) +
            " freight_vs_memcpy=" + formatRatio(ratio(Contender.FREIGHT_COPY, Contender.MEMCPY, sizeIndex)) +
            " zerocopy_msgs_per_s=" +
            (results.contenders().contains(Contender.FREIGHT_ZERO_COPY) ?
            Long.toString(Math.round(results.messagesPerSecond(Contender.FREIGHT_ZERO_COPY, sizeIndex)[0])) : "n/a");
    }

    /**
     * The Markdown tables: medians side by side with the ratios, then every contender's median and min–max.
     *
     * @return Markdown text.
     */
    String markdown()
    {
        final StringBuilder md = new StringBuilder();
        final List<Contender> contenders = results.contenders();
        final long[] sizes = results.sizes();
        final boolean isSweep = "sweep".equals(settings.suite());
        final boolean isNetwork = "network".equals(settings.suite());

        md.append("# ").append(isSweep ? "Throughput sweep" : isNetwork ? "Network sweep (UDP loopback)" :
            "Inline-threshold sweep").append('\n').append('\n');
        md.append("- date: ").append(started).append('\n');
        md.append("- machine: ").append(machine).append('\n');
        md.append("- command: `").append(settings.command()).append("`\n");
        md.append("- mode: ").append(settings.mode()).append(", ").append(results.reps())
            .append(" interleaved repetitions; median (min–max) over them; GB/s = 10^9 bytes/s; end to end: from the")
            .append(" sender's first send to the receiver holding the last payload (copied out, or its stamps")
            .append(" read)\n");
        if (isNetwork)
        {
            md.append("- channels: ").append(networkSettings()).append('\n');
        }
        md.append('\n');

        md.append("| size |");
        for (final Contender contender : contenders)
        {
            md.append(' ').append(contender.label())
                .append(contender == Contender.FREIGHT_ZERO_COPY ? " msgs/s |" : " GB/s |");
        }
        if (isSweep)
        {
            md.append(" copy/Aeron | copy/socket | copy/memcpy |\n");
        }
        else if (isNetwork)
        {
            md.append(" Freight/Aeron |\n");
        }
        else
        {
            md.append(" inline/store |\n");
        }
        md.append("|---:|");
        md.append("---:|".repeat(contenders.size() + (isSweep ? 3 : 1))).append('\n');

        for (int s = 0; s < sizes.length; s++)
        {
            md.append("| ").append(sizeLabel(sizes[s])).append(" |");
            for (final Contender contender : contenders)
            {
                if (results.isImpossible(contender, s))
                {
                    md.append(" impossible |");
                }
                else if (contender == Contender.FREIGHT_ZERO_COPY)
                {
                    md.append(' ').append(rate(results.messagesPerSecond(contender, s)[0])).append(" |");
                }
                else
                {
                    md.append(' ').append(significant(results.gigabytesPerSecond(contender, s)[0])).append(" |");
                }
            }
            if (isSweep)
            {
                md.append(' ').append(formatRatio(ratio(Contender.FREIGHT_COPY, Contender.AERON_IPC, s)))
                    .append(" | ").append(formatRatio(ratio(Contender.FREIGHT_COPY, Contender.UNIX_SOCKET, s)))
                    .append(" | ").append(formatRatio(ratio(Contender.FREIGHT_COPY, Contender.MEMCPY, s)))
                    .append(" |\n");
            }
            else if (isNetwork)
            {
                md.append(' ').append(formatRatio(ratio(Contender.FREIGHT_UDP, Contender.AERON_UDP, s)))
                    .append(" |\n");
            }
            else
            {
                md.append(' ').append(formatRatio(ratio(Contender.FREIGHT_INLINE, Contender.FREIGHT_STORE, s)))
                    .append(" |\n");
            }
        }

        md.append("\nEvery cell, median (min–max):\n\n");
        md.append("| size | contender | msgs/s | GB/s |\n|---:|---|---:|---:|\n");
        for (int s = 0; s < sizes.length; s++)
        {
            for (final Contender contender : contenders)
            {
                md.append("| ").append(sizeLabel(sizes[s])).append(" | ").append(contender.label()).append(" | ");
                if (results.isImpossible(contender, s))
                {
                    md.append("impossible | impossible |\n");
                    continue;
                }
                final double[] messages = results.messagesPerSecond(contender, s);
                final double[] gigabytes = results.gigabytesPerSecond(contender, s);
                md.append(rate(messages[0])).append(" (").append(rate(messages[1])).append("–")
                    .append(rate(messages[2])).append(") | ")
                    .append(significant(gigabytes[0])).append(" (").append(significant(gigabytes[1])).append("–")
                    .append(significant(gigabytes[2])).append(") |\n");
            }
        }

        return md.toString();
    }

    /**
     * The raw numbers, one row per contender, size and repetition.
     *
     * @return CSV text with a header row.
     */
    String csv()
    {
        final StringBuilder csv =
            new StringBuilder("suite,contender,size_bytes,rep,messages,elapsed_ns,msgs_per_s,gb_per_s\n");
        final long[] sizes = results.sizes();
        for (final Contender contender : results.contenders())
        {
            for (int s = 0; s < sizes.length; s++)
            {
                for (int rep = 0; rep < results.reps(); rep++)
                {
                    csv.append(settings.suite()).append(',').append(contender.id()).append(',').append(sizes[s])
                        .append(',').append(rep + 1).append(',');
                    if (results.isImpossible(contender, s))
                    {
                        csv.append("impossible,,,\n");
                        continue;
                    }
                    final double messagesPerSecond = results.messagesPerSecond(contender, s, rep);
                    csv.append(results.count(contender, s, rep)).append(',')
                        .append(results.elapsedNs(contender, s, rep)).append(',')
                        .append(String.format(Locale.ROOT, "%.1f", messagesPerSecond)).append(',')
                        .append(String.format(Locale.ROOT, "%.4f", messagesPerSecond * sizes[s] / 1e9)).append('\n');
                }
            }
        }

        return csv.toString();
    }

    /**
     * The chart: median GB/s against payload size, log-log, one line per contender (a contender's line stops where
     * the size is impossible for it).
     *
     * @return the chart.
     */
    XYChart chart()
    {
        final String suite = settings.suite();
        final XYChart chart = new XYChartBuilder()
            .width(1000)
            .height(650)
            .title(("sweep".equals(suite) ? "Throughput" : "network".equals(suite) ? "Between hosts (UDP loopback)" :
                "Inline vs store") + ", " + settings.mode() + " run " + started)
            .xAxisTitle("payload size (bytes)")
            .yAxisTitle("GB/s, median of " + results.reps() + " (payload bytes delivered)")
            .build();
        final XYStyler styler = chart.getStyler();
        styler.setXAxisLogarithmic(true);
        styler.setYAxisLogarithmic(true);
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesVisible(true);

        final long[] sizes = results.sizes();
        for (final Contender contender : results.contenders())
        {
            final List<Double> x = new ArrayList<>();
            final List<Double> y = new ArrayList<>();
            for (int s = 0; s < sizes.length; s++)
            {
                if (!results.isImpossible(contender, s))
                {
                    x.add((double)sizes[s]);
                    y.add(results.gigabytesPerSecond(contender, s)[0]);
                }
            }
            if (!x.isEmpty())
            {
                final XYSeries series = chart.addSeries(contender.label(), x, y);
                series.setMarker(SeriesMarkers.CIRCLE);
            }
        }

        return chart;
    }

    /**
     * Write the Markdown table, the CSV and the chart into the run's folder.
     *
     * @return the folder.
     * @throws IOException if a file cannot be written.
     */
    Path write() throws IOException
    {
        final Path directory = settings.outputDirectory();
        Files.createDirectories(directory);
        final String name = settings.suite();
        Files.writeString(directory.resolve(name + ".md"), markdown(), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve(name + ".csv"), csv(), StandardCharsets.UTF_8);
        BitmapEncoder.saveBitmap(chart(), directory.resolve(name + ".png").toString(), BitmapEncoder.BitmapFormat.PNG);

        return directory;
    }

    /**
     * The network suite's channel settings, as both UDP contenders' data channels carry them.
     *
     * @return e.g. {@code mtu=65504, term-length=67108864, so-sndbuf=so-rcvbuf=4194304, rcv-wnd=4194304}.
     */
    String networkSettings()
    {
        return "mtu=" + settings.netMtu() + ", term-length=" + settings.netTermLength() + ", so-sndbuf=so-rcvbuf=" +
            (0 == settings.netSocketBuffer() ? "kernel default" : Integer.toString(settings.netSocketBuffer())) +
            ", rcv-wnd=" +
            (0 == settings.netReceiverWindow() ? "Aeron default" : Integer.toString(settings.netReceiverWindow()));
    }

    private double ratio(final Contender numerator, final Contender denominator, final int sizeIndex)
    {
        return results.contenders().contains(numerator) && results.contenders().contains(denominator) ?
            results.ratio(numerator, denominator, sizeIndex) : Double.NaN;
    }

    private static String formatRatio(final double value)
    {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
    }
}
