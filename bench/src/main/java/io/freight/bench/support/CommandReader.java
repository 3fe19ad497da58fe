/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.support;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a child process's commands from stdin on a daemon thread, one a line, into a queue. When stdin ends (the
 * parent closed it, or died) it queues {@link #EXIT}, gives the main thread 30 s to finish and close what it holds,
 * then halts the JVM, so a child whose parent was killed never lingers, busy-spinning, holding shared memory.
 */
public final class CommandReader
{
    /**
     * The command that ends a child.
     */
    public static final String EXIT = "EXIT";

    private CommandReader()
    {
    }

    /**
     * Start reading stdin.
     *
     * @return the queue the commands arrive in, trimmed.
     */
    public static BlockingQueue<String> start()
    {
        final Thread mainThread = Thread.currentThread();
        final BlockingQueue<String> commands = new LinkedBlockingQueue<>();
        final Thread reader = new Thread(
            () ->
            {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))
                {
                    String line;
                    while (null != (line = in.readLine()))
                    {
                        commands.add(line.trim());
                    }
                }
                catch (final Exception ignore)
                {
                    // Treated as the parent gone.
                }

                commands.add(EXIT);
                try
                {
                    mainThread.join(TimeUnit.SECONDS.toMillis(30));
                }
                catch (final InterruptedException ignore)
                {
                    // Halting anyway.
                }
                Runtime.getRuntime().halt(2);
            },
            "commands");
        reader.setDaemon(true);
        reader.start();

        return commands;
    }
}
