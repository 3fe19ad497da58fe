/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.transport;

import io.aeron.Aeron;
import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.driver.exceptions.ActiveDriverException;
import io.freight.store.PayloadStore;
import io.freight.store.StoreJanitor;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Entry point: an Aeron client (and, by default, an embedded media driver) from which payload publications and
 * subscriptions are created, the way {@link Aeron} creates publications and subscriptions.
 * <pre>{@code
 * try (Freight freight = Freight.launch(new Freight.Context());
 *      FreightSender sender = freight.sender(1001))
 * {
 *     sender.put(bytes);
 *     sender.awaitAllAcked(10, TimeUnit.SECONDS);
 * }
 * }</pre>
 * Three ways to reach a media driver: an embedded one launched here (the default), in the context's directory,
 * which is Aeron's default ({@code aeron.dir}, else {@code /dev/shm/aeron-<user>}) unless set, so that
 * {@link #connect()} in another process finds it with no name passed around (its directory is removed on close;
 * launching where a live driver already runs fails with Aeron's {@code ActiveDriverException} naming the remedy
 * rather than replacing it, and a stale directory left by a dead driver is reused); an external one by directory
 * ({@link #connect()}, {@link #connect(String)}, or {@link Context#embeddedDriver(boolean) embeddedDriver(false)}
 * and {@link Context#aeronDirectoryName(String)}), which fails at once, saying what to do, when no live driver runs
 * there; or the caller's own {@link Aeron} client ({@link Context#aeron(Aeron)}), which Freight then never closes.
 * On launch the stores of dead Freight processes under the store root are removed.
 * <p>
 * Thread-safe for creating and closing senders and receivers; each sender and receiver is used by one thread.
 */
public final class Freight implements AutoCloseable
{
    private final Context ctx;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final boolean ownsAeron;
    private static final ThreadFactory DAEMON_THREADS = Freight::newDaemonThread;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::close, "freight-close-at-exit");
    private boolean isClosed;

    private Freight(final Context ctx)
    {
        this.ctx = ctx;
        StoreJanitor.sweep(ctx.storeRoot());

        MediaDriver driver = null;
        Aeron aeron = ctx.aeron();
        boolean ownsAeron = false;
        try
        {
            if (null == aeron)
            {
                if (ctx.embeddedDriver())
                {
                    driver = launchDriver(ctx.aeronDirectoryName());
                }
                else
                {
                    checkDriverRuns(ctx.aeronDirectoryName());
                }

                aeron = Aeron.connect(new Aeron.Context()
                    .aeronDirectoryName(null != driver ? driver.aeronDirectoryName() : ctx.aeronDirectoryName())
                    .errorHandler(ctx.errorHandler())
                    .threadFactory(DAEMON_THREADS));
                ownsAeron = true;
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(driver);
            throw ex;
        }

        this.driver = driver;
        this.aeron = aeron;
        this.ownsAeron = ownsAeron;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    // Every thread Freight starts (the embedded driver's, the Aeron client's conductor) is a daemon: a user's main
    // that returns or throws without closing its Freight ends the JVM, and the shutdown hook then closes what is open
    // (stores deleted, the embedded driver's directory removed) as close() would.
    private static Thread newDaemonThread(final Runnable runnable)
    {
        final Thread thread = new Thread(runnable);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Launch an embedded driver in exactly the directory asked for (Aeron's default directory by default, where
     * {@link #connect()} of another process finds it), never in a generated one as
     * {@link MediaDriver#launchEmbedded(MediaDriver.Context)} would for the default, and never over a live driver.
     */
    private static MediaDriver launchDriver(final String aeronDirectoryName)
    {
        try
        {
            return MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(aeronDirectoryName)
                .threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnStart(false)
                .dirDeleteOnShutdown(true)
                .termBufferSparseFile(true)
                .conductorThreadFactory(DAEMON_THREADS)
                .senderThreadFactory(DAEMON_THREADS)
                .receiverThreadFactory(DAEMON_THREADS)
                .sharedThreadFactory(DAEMON_THREADS)
                .sharedNetworkThreadFactory(DAEMON_THREADS)
                .asyncExecutorThreadFactory(DAEMON_THREADS));
        }
        catch (final ActiveDriverException ex)
        {
            throw new ActiveDriverException("a live media driver already runs in " + aeronDirectoryName +
                ": connect to it instead (Freight.connect(), or " + FreightConfiguration.EMBEDDED_DRIVER_PROP_NAME + "=false), " +
                "or launch this one in another directory (-D" + CommonContext.AERON_DIR_PROP_NAME + "=... or " +
                "Context.aeronDirectoryName; every process of the application must then use the same)");
        }
    }

    /**
     * Fail at once, saying what to do, when no media driver runs in a directory: Aeron's client would wait for its
     * driver timeout (10 s) first and then name only a missing file.
     */
    private static void checkDriverRuns(final String aeronDirectoryName)
    {
        final File directory = new File(aeronDirectoryName);
        final String remedy = ": start the process that launches the driver first (Freight.launch() embeds one in " +
            "Aeron's default directory, " + CommonContext.getAeronDirectoryName() + "), or run a media driver there, " +
            "or point -D" + CommonContext.AERON_DIR_PROP_NAME + " at the directory of the driver that runs";
        if (!new File(directory, CncFileDescriptor.CNC_FILE).exists())
        {
            throw new IllegalStateException("no media driver runs in " + aeronDirectoryName + " (no " +
                CncFileDescriptor.CNC_FILE + ")" + remedy);
        }
        if (!CommonContext.isDriverActive(directory, new Aeron.Context().driverTimeoutMs(), (message) -> { }))
        {
            throw new IllegalStateException("the media driver of " + aeronDirectoryName + " is not running (its " +
                "heartbeat is older than the driver timeout: it died or was stopped)" + remedy);
        }
    }

    /**
     * Connect to a media driver as the context says (launching an embedded one by default).
     *
     * @param ctx configuration; {@link Context#conclude()} is called here.
     * @return the running instance.
     */
    public static Freight launch(final Context ctx)
    {
        return new Freight(ctx.conclude());
    }

    /**
     * Launch with the default configuration: an embedded media driver in Aeron's default directory
     * ({@code aeron.dir}, else {@code /dev/shm/aeron-<user>}), where {@link #connect()} in another process finds it.
     *
     * @return the running instance.
     * @throws ActiveDriverException if a live media driver already runs there (the message says what to do).
     */
    public static Freight launch()
    {
        return launch(new Context());
    }

    /**
     * Connect to the media driver running in Aeron's default directory ({@code aeron.dir}, else
     * {@code /dev/shm/aeron-<user>}): the one another process's {@link #launch()} embedded, or a standalone driver.
     *
     * @return the running instance.
     * @throws IllegalStateException at once if no live driver runs there (the message says what to do).
     */
    public static Freight connect()
    {
        return launch(new Context().embeddedDriver(false));
    }

    /**
     * Connect to a media driver already running in another process, by its directory.
     *
     * @param aeronDirectoryName of the running driver.
     * @return the running instance.
     * @throws IllegalStateException at once if no live driver runs there (the message says what to do).
     */
    public static Freight connect(final String aeronDirectoryName)
    {
        return launch(new Context().embeddedDriver(false).aeronDirectoryName(aeronDirectoryName));
    }

    /**
     * The concluded configuration.
     *
     * @return the context.
     */
    public Context context()
    {
        return ctx;
    }

    /**
     * The Aeron client in use.
     *
     * @return the client.
     */
    public Aeron aeron()
    {
        return aeron;
    }

    /**
     * Directory of the media driver in use, to hand to other processes ({@link #connect(String)}).
     *
     * @return the directory name.
     */
    public String aeronDirectoryName()
    {
        return aeron.context().aeronDirectoryName();
    }

    /**
     * Create a payload publication (Aeron face: non-blocking, result codes) with its own store.
     *
     * @param streamId of the data stream; the control stream is {@link Context#controlStreamId(int)}.
     * @return the publication.
     */
    public synchronized PayloadPublication addPublication(final int streamId)
    {
        checkOpen();
        return track(new PayloadPublication(ctx, aeron, streamId));
    }

    /**
     * Create a payload subscription (Aeron face: poll with a handler).
     *
     * @param streamId of the data stream.
     * @return the subscription.
     */
    public synchronized PayloadSubscription addSubscription(final int streamId)
    {
        checkOpen();
        return track(new PayloadSubscription(ctx, aeron, streamId));
    }

    /**
     * Create a sender with the queue face: blocking put, timed offer, awaitAllAcked.
     *
     * @param streamId of the data stream.
     * @return the sender.
     */
    public synchronized FreightSender sender(final int streamId)
    {
        checkOpen();
        return track(new FreightSender(
            new PayloadPublication(ctx, aeron, streamId), ctx.idleStrategySupplier().get(), aeronDirectoryName()));
    }

    /**
     * Create a receiver with the queue face: take, poll, timed poll.
     *
     * @param streamId of the data stream.
     * @return the receiver.
     */
    public synchronized FreightReceiver receiver(final int streamId)
    {
        checkOpen();
        return track(
            new FreightReceiver(
            new PayloadSubscription(ctx, aeron, streamId), ctx.idleStrategySupplier().get(), aeronDirectoryName()));
    }

    /**
     * Close every sender and receiver created here (senders delete their stores), then the Aeron client and the
     * embedded driver (and its directory) if they were launched here. Idempotent. A Freight still open when the JVM
     * exits is closed by a shutdown hook (its threads are daemons, so an unclosed Freight never keeps the JVM alive).
     */
    public synchronized void close()
    {
        if (isClosed)
        {
            return;
        }
        isClosed = true;
        if (Thread.currentThread() != shutdownHook)
        {
            try
            {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            }
            catch (final IllegalStateException ignore)
            {
                // The JVM is shutting down: the hook runs, finds this closed and returns.
            }
        }

        for (int i = resources.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(resources.get(i));
        }
        resources.clear();
        if (ownsAeron)
        {
            CloseHelper.quietClose(aeron);
        }
        CloseHelper.quietClose(driver);
    }

    private <T extends AutoCloseable> T track(final T resource)
    {
        resources.add(resource);
        return resource;
    }

    private void checkOpen()
    {
        if (isClosed)
        {
            throw new IllegalStateException("Freight is closed");
        }
    }

    /**
     * Configuration, Aeron style: fluent setters, defaults from the system properties of {@link FreightConfiguration}
     * (the store's from {@link io.freight.store.StoreConfiguration}), and {@link #conclude()} validating once, naming
     * the property of a bad value, and writing the derived values back so that the getters then return what is used.
     * Store settings apply to the store of every publication. The constants here are {@link FreightConfiguration}'s,
     * kept under their old names.
     */
    public static final class Context
    {
        /** {@link FreightConfiguration#EMBEDDED_DRIVER_PROP_NAME}. */
        public static final String EMBEDDED_DRIVER_PROP_NAME = FreightConfiguration.EMBEDDED_DRIVER_PROP_NAME;

        /** {@link FreightConfiguration#CHANNEL_PROP_NAME}. */
        public static final String CHANNEL_PROP_NAME = FreightConfiguration.CHANNEL_PROP_NAME;

        /** {@link FreightConfiguration#DATA_TERM_LENGTH_PROP_NAME}. */
        public static final String DATA_TERM_LENGTH_PROP_NAME = FreightConfiguration.DATA_TERM_LENGTH_PROP_NAME;

        /** {@link FreightConfiguration#DATA_MTU_LENGTH_PROP_NAME}. */
        public static final String DATA_MTU_LENGTH_PROP_NAME = FreightConfiguration.DATA_MTU_LENGTH_PROP_NAME;

        /** {@link FreightConfiguration#CONTROL_TERM_LENGTH_PROP_NAME}. */
        public static final String CONTROL_TERM_LENGTH_PROP_NAME = FreightConfiguration.CONTROL_TERM_LENGTH_PROP_NAME;

        /** {@link FreightConfiguration#CONTROL_STREAM_ID_OFFSET_PROP_NAME}. */
        public static final String CONTROL_STREAM_ID_OFFSET_PROP_NAME = FreightConfiguration.CONTROL_STREAM_ID_OFFSET_PROP_NAME;

        /** {@link FreightConfiguration#INLINE_THRESHOLD_PROP_NAME}. */
        public static final String INLINE_THRESHOLD_PROP_NAME = FreightConfiguration.INLINE_THRESHOLD_PROP_NAME;

        /** {@link FreightConfiguration#CHECKSUMS_PROP_NAME}. */
        public static final String CHECKSUMS_PROP_NAME = FreightConfiguration.CHECKSUMS_PROP_NAME;

        /** {@link FreightConfiguration#MAX_UNACKED_PROP_NAME}. */
        public static final String MAX_UNACKED_PROP_NAME = FreightConfiguration.MAX_UNACKED_PROP_NAME;

        /** {@link FreightConfiguration#MAX_RETAINED_PROP_NAME}. */
        public static final String MAX_RETAINED_PROP_NAME = FreightConfiguration.MAX_RETAINED_PROP_NAME;

        /** {@link FreightConfiguration#ATTACH_INTERVAL_PROP_NAME}. */
        public static final String ATTACH_INTERVAL_PROP_NAME = FreightConfiguration.ATTACH_INTERVAL_PROP_NAME;

        /** {@link FreightConfiguration#LIVENESS_CHECK_INTERVAL_PROP_NAME}. */
        public static final String LIVENESS_CHECK_INTERVAL_PROP_NAME = FreightConfiguration.LIVENESS_CHECK_INTERVAL_PROP_NAME;

        /** {@link FreightConfiguration#CONTROL_CHANNEL_PROP_NAME}. */
        public static final String CONTROL_CHANNEL_PROP_NAME = FreightConfiguration.CONTROL_CHANNEL_PROP_NAME;

        /** {@link FreightConfiguration#NETWORK_LIVENESS_TIMEOUT_PROP_NAME}. */
        public static final String NETWORK_LIVENESS_TIMEOUT_PROP_NAME =
            FreightConfiguration.NETWORK_LIVENESS_TIMEOUT_PROP_NAME;

        /** {@link FreightConfiguration#DATA_TERM_LENGTH_DEFAULT}. */
        public static final int DATA_TERM_LENGTH_DEFAULT = FreightConfiguration.DATA_TERM_LENGTH_DEFAULT;

        /** {@link FreightConfiguration#DATA_MTU_LENGTH_DEFAULT}. */
        public static final int DATA_MTU_LENGTH_DEFAULT = FreightConfiguration.DATA_MTU_LENGTH_DEFAULT;

        /** {@link FreightConfiguration#CONTROL_TERM_LENGTH_DEFAULT}. */
        public static final int CONTROL_TERM_LENGTH_DEFAULT = FreightConfiguration.CONTROL_TERM_LENGTH_DEFAULT;

        /** {@link FreightConfiguration#CONTROL_STREAM_ID_OFFSET_DEFAULT}. */
        public static final int CONTROL_STREAM_ID_OFFSET_DEFAULT = FreightConfiguration.CONTROL_STREAM_ID_OFFSET_DEFAULT;

        /** {@link FreightConfiguration#INLINE_THRESHOLD_DEFAULT}. */
        public static final int INLINE_THRESHOLD_DEFAULT = FreightConfiguration.INLINE_THRESHOLD_DEFAULT;

        /** {@link FreightConfiguration#MAX_RETAINED_DEFAULT}. */
        public static final int MAX_RETAINED_DEFAULT = FreightConfiguration.MAX_RETAINED_DEFAULT;

        private boolean embeddedDriver = FreightConfiguration.embeddedDriver();
        private String aeronDirectoryName = CommonContext.getAeronDirectoryName();
        private Aeron aeron;
        private String channel = FreightConfiguration.channel();
        private String controlChannel = FreightConfiguration.controlChannel();
        private long networkLivenessTimeoutNs = FreightConfiguration.networkLivenessTimeoutNs();
        private int dataTermLength = FreightConfiguration.dataTermLength();
        private int dataMtuLength = FreightConfiguration.dataMtuLength();
        private int controlTermLength = FreightConfiguration.controlTermLength();
        private int controlStreamIdOffset = FreightConfiguration.controlStreamIdOffset();
        private int inlineThreshold = FreightConfiguration.inlineThreshold();
        private boolean checksums = FreightConfiguration.checksums();
        private int maxRetained = FreightConfiguration.maxRetained();
        private long maxUnacked = FreightConfiguration.maxUnacked();
        private long attachIntervalNs = FreightConfiguration.attachIntervalNs();
        private long livenessCheckIntervalNs = FreightConfiguration.livenessCheckIntervalNs();
        private Supplier<IdleStrategy> idleStrategySupplier =
            () -> new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));

        private final PayloadStore.Context store = new PayloadStore.Context();
        private ErrorHandler errorHandler = Context::printError;
        private boolean isConcluded;

        /**
         * Validate once, failing fast with the property name and the bad value, and write the derived values back:
         * the maximum store length derived from the store root's size when it is 0, and the directory of the caller's
         * own Aeron client when one is given. Called by {@link Freight#launch(Context)}.
         *
         * @return this for a fluent API.
         * @throws IllegalArgumentException naming the property and the bad value.
         * @throws IllegalStateException    if this context was concluded already (one context per launch).
         */
        public Context conclude()
        {
            if (isConcluded)
            {
                throw new IllegalStateException("Freight.Context is already concluded: it configures one " +
                    "Freight.launch; create a new Context for another");
            }

            if (dataTermLength < 64 * 1024 || Integer.bitCount(dataTermLength) != 1)
            {
                throw new IllegalArgumentException(DATA_TERM_LENGTH_PROP_NAME +
                    " must be a power of two of at least 64k: " + dataTermLength);
            }
            if (dataMtuLength < 1408 || dataMtuLength > DATA_MTU_LENGTH_DEFAULT || (dataMtuLength & 31) != 0 ||
                dataMtuLength > dataTermLength / 8)
            {
                throw new IllegalArgumentException(DATA_MTU_LENGTH_PROP_NAME + " must be a multiple of 32 from 1408 to " +
                    DATA_MTU_LENGTH_DEFAULT + " and at most a data term / 8: " + dataMtuLength);
            }
            if (controlTermLength < 64 * 1024 || Integer.bitCount(controlTermLength) != 1)
            {
                throw new IllegalArgumentException(CONTROL_TERM_LENGTH_PROP_NAME +
                    " must be a power of two of at least 64k: " + controlTermLength);
            }
            final int maxInline = maxInlineThreshold(dataTermLength);
            if (inlineThreshold < 0 || inlineThreshold > maxInline)
            {
                throw new IllegalArgumentException(INLINE_THRESHOLD_PROP_NAME + " must be 0.." + maxInline +
                    " for " + DATA_TERM_LENGTH_PROP_NAME + "=" + dataTermLength + ": " + inlineThreshold);
            }
            if (0 == controlStreamIdOffset)
            {
                throw new IllegalArgumentException(CONTROL_STREAM_ID_OFFSET_PROP_NAME +
                    " must not be 0: the control stream must differ from the data stream");
            }
            if (maxUnacked < 0)
            {
                throw new IllegalArgumentException(MAX_UNACKED_PROP_NAME + " must not be negative: " + maxUnacked);
            }
            if (maxRetained < 0)
            {
                throw new IllegalArgumentException(MAX_RETAINED_PROP_NAME + " must not be negative: " + maxRetained);
            }
            if (attachIntervalNs <= 0 || livenessCheckIntervalNs <= 0)
            {
                throw new IllegalArgumentException(ATTACH_INTERVAL_PROP_NAME + " and " +
                    LIVENESS_CHECK_INTERVAL_PROP_NAME + " must be positive");
            }
            if (null == channel || !channel.startsWith("aeron:"))
            {
                throw new IllegalArgumentException(CHANNEL_PROP_NAME +
                    " must be an Aeron channel, aeron:ipc on one host or aeron:udp?... between hosts: " + channel);
            }
            if (isNetwork())
            {
                if (null == controlChannel || controlChannel.startsWith("aeron:ipc"))
                {
                    throw new IllegalArgumentException("network mode (" + CHANNEL_PROP_NAME + "=" + channel +
                        ") needs " + CONTROL_CHANNEL_PROP_NAME + ", the channel on which the sender's host hears " +
                        "acks, e.g. aeron:udp?endpoint=sender-host:40124: " + controlChannel);
                }
                if (networkLivenessTimeoutNs <= 0)
                {
                    throw new IllegalArgumentException(NETWORK_LIVENESS_TIMEOUT_PROP_NAME + " must be positive: " +
                        networkLivenessTimeoutNs + " ns");
                }
            }
            else if (null == controlChannel)
            {
                controlChannel = channel;
            }
            else if (!controlChannel.startsWith("aeron:ipc"))
            {
                throw new IllegalArgumentException(CONTROL_CHANNEL_PROP_NAME + " must be aeron:ipc when " +
                    CHANNEL_PROP_NAME + " is (" + channel + "): " + controlChannel);
            }

            // The template stays unconcluded (each publication's store concludes a copy with its own id); what a
            // copy derives from the root is the same for all, so it is written back for the getters to show.
            store.maxStoreLength(storeContext().conclude().maxStoreLength());
            if (null != aeron)
            {
                aeronDirectoryName = aeron.context().aeronDirectoryName();
            }
            isConcluded = true;
            return this;
        }

        /**
         * The largest inline threshold a data term length allows: Aeron's largest message is a term / 8, less the
         * InlinePayload header.
         *
         * @param dataTermLength term length of the data publication.
         * @return largest inline payload in bytes.
         */
        public static int maxInlineThreshold(final int dataTermLength)
        {
            return Math.min(dataTermLength / 8, 16 * 1024 * 1024) - 64;
        }

        /**
         * A fresh store context with the store settings of this context, for one publication's store.
         *
         * @return a new, unconcluded store context.
         */
        public PayloadStore.Context storeContext()
        {
            return store.copy();
        }

        /**
         * Control stream id for a data stream id.
         *
         * @param streamId of the data stream.
         * @return stream id of its control stream.
         */
        public int controlStreamId(final int streamId)
        {
            return streamId + controlStreamIdOffset;
        }

        /**
         * Errors of the Aeron client Freight creates (not of a client given with {@link #aeron(Aeron)}). The default
         * prints them to stderr. Unlike Aeron's own default it never exits the JVM when the media driver goes away:
         * the client closes, and the senders and receivers report themselves closed.
         *
         * @param errorHandler for the Aeron client's errors.
         * @return this for a fluent API.
         */
        public Context errorHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = errorHandler;
            return this;
        }

        /**
         * Errors of the Aeron client Freight creates.
         *
         * @return the handler.
         */
        public ErrorHandler errorHandler()
        {
            return errorHandler;
        }

        private static void printError(final Throwable throwable)
        {
            synchronized (System.err)
            {
                System.err.println(System.currentTimeMillis() + " Freight's Aeron client: " + throwable);
                throwable.printStackTrace(System.err);
            }
        }

        /**
         * Launch an embedded media driver (default) or connect to a running one.
         *
         * @param embeddedDriver true to launch one.
         * @return this for a fluent API.
         */
        public Context embeddedDriver(final boolean embeddedDriver)
        {
            this.embeddedDriver = embeddedDriver;
            return this;
        }

        /**
         * Launch an embedded media driver?
         *
         * @return true if so.
         */
        public boolean embeddedDriver()
        {
            return embeddedDriver;
        }

        /**
         * Directory of the media driver: where the embedded one is launched, or where the external one runs.
         * Defaults to Aeron's ({@code aeron.dir}).
         *
         * @param aeronDirectoryName directory.
         * @return this for a fluent API.
         */
        public Context aeronDirectoryName(final String aeronDirectoryName)
        {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
        }

        /**
         * Directory of the media driver.
         *
         * @return directory.
         */
        public String aeronDirectoryName()
        {
            return aeronDirectoryName;
        }

        /**
         * Use the caller's own Aeron client; Freight will not close it and launches no driver.
         *
         * @param aeron client.
         * @return this for a fluent API.
         */
        public Context aeron(final Aeron aeron)
        {
            this.aeron = aeron;
            return this;
        }

        /**
         * The caller's own Aeron client, if given.
         *
         * @return client or null.
         */
        public Aeron aeron()
        {
            return aeron;
        }

        /**
         * Aeron channel of the data stream: {@code aeron:ipc} (the default) on one host, where payloads stay in the
         * sender's shared-memory store; any other, e.g. {@code aeron:udp?endpoint=receiver-host:40123}, is network
         * mode, where payload bytes travel in the stream as chunks into each receiver's own store, and
         * {@link #controlChannel(String)} must be set too.
         *
         * @param channel e.g. {@code aeron:ipc}.
         * @return this for a fluent API.
         */
        public Context channel(final String channel)
        {
            this.channel = channel;
            return this;
        }

        /**
         * Aeron channel of the data stream.
         *
         * @return channel.
         */
        public String channel()
        {
            return channel;
        }

        /**
         * Is this network mode: a data channel other than {@code aeron:ipc}?
         *
         * @return true when payload bytes travel in the stream.
         */
        public boolean isNetwork()
        {
            return null != channel && !channel.startsWith("aeron:ipc");
        }

        /**
         * Aeron channel of the control stream (receivers to sender): the data channel on IPC; in network mode the
         * endpoint on the sender's host, e.g. {@code aeron:udp?endpoint=sender-host:40124}.
         *
         * @param controlChannel the channel, or null for the data channel.
         * @return this for a fluent API.
         */
        public Context controlChannel(final String controlChannel)
        {
            this.controlChannel = controlChannel;
            return this;
        }

        /**
         * Aeron channel of the control stream.
         *
         * @return channel; after {@link #conclude()} never null.
         */
        public String controlChannel()
        {
            return null == controlChannel ? channel : controlChannel;
        }

        /**
         * Network mode: how long the other side may stay silent before it is taken for dead.
         *
         * @param networkLivenessTimeoutNs nanoseconds; heartbeats go every tenth of it.
         * @return this for a fluent API.
         */
        public Context networkLivenessTimeoutNs(final long networkLivenessTimeoutNs)
        {
            this.networkLivenessTimeoutNs = networkLivenessTimeoutNs;
            return this;
        }

        /**
         * Network mode: how long the other side may stay silent before it is taken for dead.
         *
         * @return nanoseconds.
         */
        public long networkLivenessTimeoutNs()
        {
            return networkLivenessTimeoutNs;
        }

        /**
         * Term length of each data publication.
         *
         * @param dataTermLength power of two, at least 64 KiB.
         * @return this for a fluent API.
         */
        public Context dataTermLength(final int dataTermLength)
        {
            this.dataTermLength = dataTermLength;
            return this;
        }

        /**
         * Term length of each data publication.
         *
         * @return bytes.
         */
        public int dataTermLength()
        {
            return dataTermLength;
        }

        /**
         * MTU of each data publication: inline payloads that fit in one are read in place, never reassembled.
         *
         * @param dataMtuLength multiple of 32, 1408 to 65504.
         * @return this for a fluent API.
         */
        public Context dataMtuLength(final int dataMtuLength)
        {
            this.dataMtuLength = dataMtuLength;
            return this;
        }

        /**
         * MTU of each data publication.
         *
         * @return bytes.
         */
        public int dataMtuLength()
        {
            return dataMtuLength;
        }

        /**
         * Term length of each control publication.
         *
         * @param controlTermLength power of two, at least 64 KiB.
         * @return this for a fluent API.
         */
        public Context controlTermLength(final int controlTermLength)
        {
            this.controlTermLength = controlTermLength;
            return this;
        }

        /**
         * Term length of each control publication.
         *
         * @return bytes.
         */
        public int controlTermLength()
        {
            return controlTermLength;
        }

        /**
         * Offset added to a data stream id to give its control stream id.
         *
         * @param controlStreamIdOffset non-zero.
         * @return this for a fluent API.
         */
        public Context controlStreamIdOffset(final int controlStreamIdOffset)
        {
            this.controlStreamIdOffset = controlStreamIdOffset;
            return this;
        }

        /**
         * Offset added to a data stream id to give its control stream id.
         *
         * @return offset.
         */
        public int controlStreamIdOffset()
        {
            return controlStreamIdOffset;
        }

        /**
         * Payloads up to this length travel inline on the data stream; longer ones through the store.
         *
         * @param inlineThreshold bytes.
         * @return this for a fluent API.
         */
        public Context inlineThreshold(final int inlineThreshold)
        {
            this.inlineThreshold = inlineThreshold;
            return this;
        }

        /**
         * Payloads up to this length travel inline.
         *
         * @return bytes.
         */
        public int inlineThreshold()
        {
            return inlineThreshold;
        }

        /**
         * Compute a CRC32C of every stored payload on send and verify it on receipt (costs a pass over each payload on
         * each side).
         *
         * @param checksums true to enable.
         * @return this for a fluent API.
         */
        public Context checksums(final boolean checksums)
        {
            this.checksums = checksums;
            return this;
        }

        /**
         * Are checksums computed and verified?
         *
         * @return true if so.
         */
        public boolean checksums()
        {
            return checksums;
        }

        /**
         * The sender's capacity in messages: payloads sent and not yet acked by every receiver, inline ones included.
         * An offer beyond it is back-pressured.
         *
         * @param maxUnacked count, 0 for no bound beyond the store's regions and bytes.
         * @return this for a fluent API.
         */
        public Context maxUnacked(final long maxUnacked)
        {
            this.maxUnacked = maxUnacked;
            return this;
        }

        /**
         * The sender's capacity in messages.
         *
         * @return count, 0 for no bound beyond the store's.
         */
        public long maxUnacked()
        {
            return maxUnacked;
        }

        /**
         * Payloads a receiver may retain past its handler at once.
         *
         * @param maxRetained count.
         * @return this for a fluent API.
         */
        public Context maxRetained(final int maxRetained)
        {
            this.maxRetained = maxRetained;
            return this;
        }

        /**
         * Payloads a receiver may retain past its handler at once.
         *
         * @return count.
         */
        public int maxRetained()
        {
            return maxRetained;
        }

        /**
         * How often a receiver looks for new senders and repeats unanswered attaches.
         *
         * @param attachIntervalNs nanoseconds.
         * @return this for a fluent API.
         */
        public Context attachIntervalNs(final long attachIntervalNs)
        {
            this.attachIntervalNs = attachIntervalNs;
            return this;
        }

        /**
         * How often a receiver looks for new senders and repeats unanswered attaches.
         *
         * @return nanoseconds.
         */
        public long attachIntervalNs()
        {
            return attachIntervalNs;
        }

        /**
         * How often a sender probes its receivers' liveness.
         *
         * @param livenessCheckIntervalNs nanoseconds.
         * @return this for a fluent API.
         */
        public Context livenessCheckIntervalNs(final long livenessCheckIntervalNs)
        {
            this.livenessCheckIntervalNs = livenessCheckIntervalNs;
            return this;
        }

        /**
         * How often a sender probes its receivers' liveness.
         *
         * @return nanoseconds.
         */
        public long livenessCheckIntervalNs()
        {
            return livenessCheckIntervalNs;
        }

        /**
         * Idle strategies for the blocking loops of the queue faces, one per sender or receiver.
         *
         * @param idleStrategySupplier supplier of fresh idle strategies.
         * @return this for a fluent API.
         */
        public Context idleStrategySupplier(final Supplier<IdleStrategy> idleStrategySupplier)
        {
            this.idleStrategySupplier = idleStrategySupplier;
            return this;
        }

        /**
         * Idle strategies for the blocking loops of the queue faces.
         *
         * @return the supplier.
         */
        public Supplier<IdleStrategy> idleStrategySupplier()
        {
            return idleStrategySupplier;
        }

        /**
         * Root directory of stores ({@code freight.store.root}).
         *
         * @param storeRoot directory, /dev/shm by default.
         * @return this for a fluent API.
         */
        public Context storeRoot(final Path storeRoot)
        {
            store.root(storeRoot);
            return this;
        }

        /**
         * Root directory of stores.
         *
         * @return directory.
         */
        public Path storeRoot()
        {
            return store.root();
        }

        /**
         * Ring segment length of each publication's store ({@code freight.store.ring.length}).
         *
         * @param ringLength bytes, a multiple of 64.
         * @return this for a fluent API.
         */
        public Context ringLength(final long ringLength)
        {
            store.ringLength(ringLength);
            return this;
        }

        /**
         * Ring segment length.
         *
         * @return bytes.
         */
        public long ringLength()
        {
            return store.ringLength();
        }

        /**
         * Maximum length of each publication's store, ring plus oversize segments ({@code freight.store.max.length}).
         *
         * @param maxStoreLength bytes, 0 for the default.
         * @return this for a fluent API.
         */
        public Context maxStoreLength(final long maxStoreLength)
        {
            store.maxStoreLength(maxStoreLength);
            return this;
        }

        /**
         * Maximum length of each publication's store.
         *
         * @return bytes.
         */
        public long maxStoreLength()
        {
            return store.maxStoreLength();
        }

        /**
         * Ring regions in flight per publication ({@code freight.store.max.regions}).
         *
         * @param maxRegionsInFlight power of two.
         * @return this for a fluent API.
         */
        public Context maxRegionsInFlight(final int maxRegionsInFlight)
        {
            store.maxRegionsInFlight(maxRegionsInFlight);
            return this;
        }

        /**
         * Ring regions in flight per publication.
         *
         * @return count.
         */
        public int maxRegionsInFlight()
        {
            return store.maxRegionsInFlight();
        }

        /**
         * How long a released oversize segment is kept mapped, by the sender and by receivers, for the next payload
         * that fits ({@code freight.store.oversize.idle.timeout}); 0 unlinks and unmaps it at release.
         *
         * @param oversizeIdleTimeoutNs nanoseconds.
         * @return this for a fluent API.
         */
        public Context oversizeIdleTimeoutNs(final long oversizeIdleTimeoutNs)
        {
            store.oversizeIdleTimeoutNs(oversizeIdleTimeoutNs);
            return this;
        }

        /**
         * How long a released oversize segment is kept mapped for reuse.
         *
         * @return nanoseconds.
         */
        public long oversizeIdleTimeoutNs()
        {
            return store.oversizeIdleTimeoutNs();
        }

        /**
         * Oversize segments per publication, in flight or idle ({@code freight.store.max.oversize.segments}).
         *
         * @param maxOversizeSegments count.
         * @return this for a fluent API.
         */
        public Context maxOversizeSegments(final int maxOversizeSegments)
        {
            store.maxOversizeSegments(maxOversizeSegments);
            return this;
        }

        /**
         * Oversize segments per publication, in flight or idle.
         *
         * @return count.
         */
        public int maxOversizeSegments()
        {
            return store.maxOversizeSegments();
        }

        /**
         * Commit the ring's pages when a store is created ({@code freight.store.pre.touch}).
         *
         * @param preTouch true to pre-touch.
         * @return this for a fluent API.
         */
        public Context preTouch(final boolean preTouch)
        {
            store.preTouch(preTouch);
            return this;
        }

        /**
         * Commit the ring's pages when a store is created?
         *
         * @return true if so.
         */
        public boolean preTouch()
        {
            return store.preTouch();
        }
    }
}
