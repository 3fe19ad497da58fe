/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
package io.freight.bench.sweep;

import java.util.Arrays;
import java.util.List;

/**
 * The measurements of a throughput run: for every contender, size and repetition, the messages moved and the
 * nanoseconds they took end to end; or that the contender cannot move a message of that size at all. Statistics are
 * over repetitions: the median and the min–max, of messages per second and of GB/s (10^9 bytes per second).
 * <p>
 * Not thread-safe.
 */
final class SweepResults
{
    private final List<Contender> contenders;
    private final long[] sizes;
    private final int reps;
    private final long[][][] counts;
    private final long[][][] elapsedNs;
    private final boolean[][] isImpossible;

    /**
     * Room for a run's measurements.
     *
     * @param contenders measured.
     * @param sizes      measured.
     * @param reps       per contender and size.
     */
    SweepResults(final List<Contender> contenders, final long[] sizes, final int reps)
    {
        this.contenders = List.copyOf(contenders);
        this.sizes = sizes.clone();
        this.reps = reps;
        counts = new long[contenders.size()][sizes.length][reps];
        elapsedNs = new long[contenders.size()][sizes.length][reps];
        isImpossible = new boolean[contenders.size()][sizes.length];
    }

    /**
     * Record one measured cell.
     *
     * @param contender measured.
     * @param sizeIndex into {@link #sizes()}.
     * @param rep       0-based repetition.
     * @param count     messages moved.
     * @param elapsedNs end to end.
     */
    void record(
        final Contender contender, final int sizeIndex, final int rep, final long count, final long elapsedNs)
    {
        final int c = contenders.indexOf(contender);
        counts[c][sizeIndex][rep] = count;
        this.elapsedNs[c][sizeIndex][rep] = Math.max(1, elapsedNs);
    }

    /**
     * Record that a contender cannot move a message of a size at all.
     *
     * @param contender that cannot.
     * @param sizeIndex into {@link #sizes()}.
     */
    void recordImpossible(final Contender contender, final int sizeIndex)
    {
        isImpossible[contenders.indexOf(contender)][sizeIndex] = true;
    }

    /**
     * Contenders measured, in run order.
     *
     * @return the contenders.
     */
    List<Contender> contenders()
    {
        return contenders;
    }

    /**
     * Sizes measured.
     *
     * @return bytes.
     */
    long[] sizes()
    {
        return sizes.clone();
    }

    /**
     * Repetitions per cell.
     *
     * @return count.
     */
    int reps()
    {
        return reps;
    }

    /**
     * Was the size impossible for the contender?
     *
     * @param contender measured.
     * @param sizeIndex into {@link #sizes()}.
     * @return true if it cannot move a message of that size.
     */
    boolean isImpossible(final Contender contender, final int sizeIndex)
    {
        return isImpossible[contenders.indexOf(contender)][sizeIndex];
    }

    /**
     * Messages in one repetition of a cell.
     *
     * @param contender measured.
     * @param sizeIndex into {@link #sizes()}.
     * @param rep       0-based.
     * @return count.
     */
    long count(final Contender contender, final int sizeIndex, final int rep)
    {
        return counts[contenders.indexOf(contender)][sizeIndex][rep];
    }

    /**
     * Nanoseconds of one repetition of a cell.
     *
     * @param contender measured.
     * @param sizeIndex into {@link #sizes()}.
     * @param rep       0-based.
     * @return nanoseconds.
     */
    long elapsedNs(final Contender contender, final int sizeIndex, final int rep)
    {
        return elapsedNs[contenders.indexOf(contender)][sizeIndex][rep];
    }

    /**
     * Messages per second of one repetition.
     *
     * @param contender measured.
     * @param sizeIndex into {@link #sizes()}.
     * @param rep       0-based.
     * @return messages per second.
     */
    double messagesPerSecond(final Contender contender, final int sizeIndex, final int rep)
    {
        final int c = contenders.indexOf(contender);
        return counts[c][sizeIndex][rep] * 1e9 / elapsedNs[c][sizeIndex][rep];
    }

    /**
     * Messages per second over the repetitions.
     *
     * @param contender measured.
     * @param sizeIndex into {@link #sizes()}.
     * @return {median, min, max}, or NaNs if impossible.
     */
    double[] messagesPerSecond(final Contender contender, final int sizeIndex)
    {
        if (isImpossible(contender, sizeIndex))
        {
            return new double[]{ Double.NaN, Double.NaN, Double.NaN };
        }

        final double[] rates = new double[reps];
        for (int rep = 0; rep < reps; rep++)
        {
            rates[rep] = messagesPerSecond(contender, sizeIndex, rep);
        }
        Arrays.sort(rates);
        final double median = (reps & 1) == 1 ?
            rates[reps / 2] : (rates[reps / 2 - 1] + rates[reps / 2]) / 2;

        return new double[]{ median, rates[0], rates[reps - 1] };
    }

    /**
     * GB/s (10^9 bytes per second) over the repetitions.
     *
     * @param contender measured.
     * @param sizeIndex into {@link #sizes()}.
     * @return {median, min, max}, or NaNs if impossible.
     */
    double[] gigabytesPerSecond(final Contender contender, final int sizeIndex)
    {
        final double[] rates = messagesPerSecond(contender, sizeIndex);
        for (int i = 0; i < rates.length; i++)
        {
            rates[i] = rates[i] * sizes[sizeIndex] / 1e9;
        }

        return rates;
    }

    /**
     * Ratio of two contenders' median throughputs at a size.
     *
     * @param numerator   contender.
     * @param denominator contender.
     * @param sizeIndex   into {@link #sizes()}.
     * @return the ratio, NaN if either is impossible.
     */
    double ratio(final Contender numerator, final Contender denominator, final int sizeIndex)
    {
        return messagesPerSecond(numerator, sizeIndex)[0] / messagesPerSecond(denominator, sizeIndex)[0];
    }
}
