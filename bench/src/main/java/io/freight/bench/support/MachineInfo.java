/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The machine a run happened on, for the header of every result: CPUs available, CPU model ({@code /proc/cpuinfo}),
 * memory ({@code /proc/meminfo}), kernel and JVM.
 */
public final class MachineInfo
{
    private MachineInfo()
    {
    }

    /**
     * One line describing this machine. CPUs are counted in {@code /proc/cpuinfo}, not by the JVM, which counts only
     * the CPUs this process may run on (one, once pinned).
     *
     * @return e.g. {@code 2 CPUs (AMD EPYC), 23.5 GiB RAM, Linux 6.1, OpenJDK 64-Bit Server VM 17.0.15}.
     */
    public static String describe()
    {
        final long memoryKb = Long.parseLong(ProcStats.line(Path.of("/proc/meminfo"), "MemTotal:").split("\\s+")[0]);
        return cpuCount() + " CPUs (" +
            ProcStats.line(Path.of("/proc/cpuinfo"), "model name").replaceFirst("^:\\s*", "") + "), " +
            String.format(Locale.ROOT, "%.1f", memoryKb / (1024.0 * 1024.0)) + " GiB RAM, " +
            System.getProperty("os.name") + " " + System.getProperty("os.version") + ", " +
            System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    }

    /**
     * The load average when called, for the start and end lines of a run: a busy machine explains a slow cell.
     *
     * @return the contents of {@code /proc/loadavg}, or why they could not be read.
     */
    public static String loadAverage()
    {
        try
        {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        }
        catch (final IOException ex)
        {
            return "unknown (" + ex.getMessage() + ")";
        }
    }

    private static long cpuCount()
    {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo")))
        {
            return lines.filter((line) -> line.startsWith("processor")).count();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read /proc/cpuinfo", ex);
        }
    }
}
