/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.cli;

import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.freight.samples.Demo;
import io.freight.transport.FreightCounters;
import io.freight.store.StoreJanitor;
import io.freight.store.StorePaths;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.io.PrintStream;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The {@code freight} tool, one runnable jar ({@code java -jar cli/target/freight.jar <command>}):
 * <pre>
 *   freight stat [aeronDir] [--once]   Freight's counters in a media driver's CnC file, refreshed every second
 *                                      (--once: print them once and exit); aeronDir defaults to Aeron's default
 *   freight janitor [root]             remove the stores of dead Freight processes under root (default /dev/shm)
 *   freight demo [--quick]             the demo the README's first command runs
 *   freight help                       this text
 * </pre>
 * {@code stat} reads the CnC file the way Aeron's AeronStat does, read-only, and lists only the counters of Freight's
 * type ids (7001–7010 senders, 7101–7110 receivers), value and label.
 */
public final class FreightCli
{
    private static final String USAGE = String.join("\n",
        "usage: freight <command>",
        "  stat [aeronDir] [--once]   Freight's counters in a media driver's CnC file, refreshed every second",
        "                             (--once: print them once and exit); aeronDir defaults to " +
            CommonContext.getAeronDirectoryName(),
        "  janitor [root]             remove the stores of dead Freight processes under root (default " +
            StorePaths.DEFAULT_ROOT + ")",
        "  demo [--quick]             the demo: payloads from 1 KiB to 1 GiB to a consumer process, every byte checked",
        BridgeCommand.USAGE,
        "  help                       this text");

    private FreightCli()
    {
    }

    /**
     * Run a command.
     *
     * @param args the command and its arguments.
     * @throws Exception if the command fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final String command = args.length > 0 ? args[0] : "help";
        final String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (command)
        {
            case "stat":
                System.exit(stat(rest, System.out));
                break;

            case "janitor":
                StoreJanitor.main(rest);
                break;

            case "demo":
                Demo.main(rest);
                break;

            case "bridge":
                System.exit(BridgeCommand.run(rest));
                break;

            case "help":
            case "-h":
            case "--help":
                System.out.println(USAGE);
                break;

            default:
                System.err.println("unknown command \"" + command + "\"\n" + USAGE);
                System.exit(2);
        }
    }

    /**
     * Print Freight's counters of a driver directory, once or every second until interrupted.
     *
     * @param args [aeronDir] [--once].
     * @param out  to print to.
     * @return exit code: 0, or 1 if no media driver's CnC file is there.
     * @throws InterruptedException if interrupted while waiting between refreshes.
     */
    static int stat(final String[] args, final PrintStream out) throws InterruptedException
    {
        boolean once = false;
        String aeronDirectoryName = CommonContext.getAeronDirectoryName();
        for (final String arg : args)
        {
            if ("--once".equals(arg))
            {
                once = true;
            }
            else
            {
                aeronDirectoryName = arg;
            }
        }

        final File cncFile = new File(aeronDirectoryName, CncFileDescriptor.CNC_FILE);
        if (!cncFile.exists())
        {
            out.println("no media driver in " + aeronDirectoryName + " (no " + CncFileDescriptor.CNC_FILE + "): " +
                "give the directory of a running one (aeron.dir)");
            return 1;
        }

        final MappedByteBuffer cnc = IoUtil.mapExistingFile(cncFile, "CnC file");
        try
        {
            final UnsafeBuffer metaData = CncFileDescriptor.createMetaDataBuffer(cnc);
            CncFileDescriptor.checkVersion(metaData.getInt(CncFileDescriptor.cncVersionOffset(0)));
            final CountersReader counters = new CountersReader(
                CncFileDescriptor.createCountersMetaDataBuffer(cnc, metaData),
                CncFileDescriptor.createCountersValuesBuffer(cnc, metaData),
                StandardCharsets.US_ASCII);
            do
            {
                out.println("Freight counters of " + aeronDirectoryName + " at " + java.time.Instant.now());
                print(counters, out);
                out.flush();
                if (!once)
                {
                    TimeUnit.SECONDS.sleep(1); // a display's refresh period, like AeronStat's
                }
            }
            while (!once);
        }
        finally
        {
            IoUtil.unmap(cnc);
        }

        return 0;
    }

    private static void print(final CountersReader counters, final PrintStream out)
    {
        final int[] printed = { 0 };
        counters.forEach((value, counterId, label) ->
        {
            if (FreightCounters.isFreightCounter(counters.getCounterTypeId(counterId)))
            {
                out.format("%5d: %,20d - %s%n", counterId, value, label);
                printed[0]++;
            }
        });
        if (0 == printed[0])
        {
            out.println("  (no Freight sender or receiver uses this driver now)");
        }
    }
}
