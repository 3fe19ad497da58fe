/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import org.agrona.CloseHelper;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A process whose queue faces use another process's media driver, for {@link DriverDeathTest}: a receiver polling
 * stream {@code streamId} with a timed poll, and on a second thread a sender blocked in {@code put} on
 * {@code streamId + 1}, where nobody receives. Prints {@code READY} once both exist; then, when each ends with an
 * {@link IllegalStateException}, {@code RECEIVER <message>} and {@code SENDER <message>}; then closes its Freight, prints
 * {@code EXIT} and returns from main, so that the process ends only if no thread of Freight's or Aeron's keeps the
 * JVM alive.
 * <p>
 * Arguments: aeronDir storeRoot streamId driverTimeoutMs (Aeron's client {@code aeron.driver.timeout}).
 */
public final class DriverClientMain
{
    private DriverClientMain()
    {
    }

    /**
     * Run the client.
     *
     * @param args see the class comment.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception
    {
        System.setProperty("aeron.driver.timeout", args[3]);
        final int streamId = Integer.parseInt(args[2]);
        final Freight freight = Freight.launch(new Freight.Context()
            .embeddedDriver(false)
            .aeronDirectoryName(args[0])
            .storeRoot(Path.of(args[1]))
            .ringLength(1024 * 1024)
            .preTouch(false)
            .errorHandler((ex) -> System.out.println("ERROR-HANDLER " + ex)));
        try
        {
            final FreightReceiver receiver = freight.receiver(streamId);
            final FreightSender sender = freight.sender(streamId + 1);
            final Thread putter = new Thread(() ->
            {
                try
                {
                    while (true)
                    {
                        sender.put(new byte[100]);
                    }
                }
                catch (final IllegalStateException ex)
                {
                    System.out.println("SENDER " + ex.getMessage());
                }
                catch (final InterruptedException ex)
                {
                    System.out.println("SENDER interrupted");
                }
            }, "putter");
            putter.start();
            System.out.println("READY");
            System.out.flush();

            try
            {
                while (true)
                {
                    try
                    {
                        receiver.poll(100, TimeUnit.MILLISECONDS);
                    }
                    catch (final SenderGoneException ex)
                    {
                        System.out.println("GONE " + ex.getMessage());
                    }
                }
            }
            catch (final IllegalStateException ex)
            {
                System.out.println("RECEIVER " + ex.getMessage());
            }
            putter.join(TimeUnit.SECONDS.toMillis(30));
        }
        finally
        {
            CloseHelper.quietClose(freight);
            System.out.println("EXIT");
            System.out.flush();
        }
    }
}
