package dev.lookahead.scoring;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * How often the key has lately shown raw scores (standardised forecast errors) at least as large as a few fixed
 * sizes: a floor under the point test's tail. The point test's Gamma fit learns its values clipped at 25 times its
 * mean, so that one spike does not widen it for thousands of points. A key whose errors that large come again and
 * again (a tank that drains every three hours, a counter that resets, a process that cycles out of step with the
 * clock) then had each of them scored as a one-in-a-billion point, and an incident each time. An error as large as
 * ones the key has shown at least {@link #MIN_COUNT} times in about its last {@link #WINDOW} points is no rarer than
 * that record: its tail is at least that count over the window. Twenty is enough to estimate a rate (to about a
 * fifth); fewer would take a key's second or third spike of one size for its habit.
 *
 * <p>Errors are counted only while no incident is open, as the rest of the key's normal is learned: a fault's spikes
 * do not teach the key to expect them. Absurd points (past {@link AnomalyLikelihood#RAW_CLIP}) are not counted.
 *
 * <p>Floats, as stored: a save and restore changes no later output.
 */
public final class RecurringErrors {

    /** The sizes counted, in error spreads: each count is of raw scores at least that large. */
    static final double[] SIZES = {4, 8, 16, 32, 64};
    /** Points over which a count decays by e. */
    public static final int WINDOW = 3000;
    /** Errors of a size the key must have shown in about {@link #WINDOW} points before they floor the tail. */
    public static final int MIN_COUNT = 20;
    private static final float DECAY = (float) (1.0 - 1.0 / WINDOW);

    private final float[] counts = new float[SIZES.length];

    /**
     * {@code log10} of the least tail a raw score of {@code raw} can have on the key's record: the count of errors at
     * least the largest size it reaches, over {@link #WINDOW}; negative infinity (no floor) below the smallest size or
     * while that count is under {@link #MIN_COUNT}.
     */
    public double log10Floor(double raw) {
        int k = level(raw);
        return k >= 0 && counts[k] >= MIN_COUNT ? Math.log10(counts[k] / (double) WINDOW) : Double.NEGATIVE_INFINITY;
    }

    /** Ages every count by a point and, with {@code count}, counts {@code raw} in each size it reaches. */
    public void record(double raw, boolean count) {
        int k = count && raw <= AnomalyLikelihood.RAW_CLIP ? level(raw) : -1;
        for (int i = 0; i < counts.length; i++) counts[i] = counts[i] * DECAY + (i <= k ? 1f : 0f);
    }

    /** The count of errors at least {@code SIZES[k]}, decayed. */
    double count(int k) {
        return counts[k];
    }

    /** Index of the largest size {@code raw} reaches, or -1 (under the smallest, or NaN). */
    private static int level(double raw) {
        int k = -1;
        for (int i = 0; i < SIZES.length && raw >= SIZES[i]; i++) k = i;
        return k;
    }

    public void write(DataOutput out) throws IOException {
        for (float c : counts) out.writeFloat(c);
    }

    public void read(DataInput in) throws IOException {
        for (int i = 0; i < counts.length; i++) counts[i] = in.readFloat();
    }
}
