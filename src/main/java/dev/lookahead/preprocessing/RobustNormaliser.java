package dev.lookahead.preprocessing;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Per-channel online location and scale, robust to outliers, so one key's values reach the LSTM around 0 with
 * unit spread whatever their units.
 *
 * <p>Location is an exponentially weighted mean and scale an exponentially weighted mean absolute deviation;
 * the weight is {@code 1/n} at first (an exact running mean, so a new key settles in a few points) and never
 * below {@code 1/window}. After {@code robustAfter} points each update is clipped to {@code clip} scales
 * (Huber-style), so a spike moves the normalisation by at most a small, bounded amount and stays visible as a
 * large standardised value.
 */
public final class RobustNormaliser {

    private final double[] loc;
    private final double[] scale;
    private final long[] count;

    public RobustNormaliser(int channels) {
        loc = new double[channels];
        scale = new double[channels];
        count = new long[channels];
    }

    public int channels() {
        return loc.length;
    }

    public boolean initialised(int ch) {
        return count[ch] > 0;
    }

    public double location(int ch) {
        return loc[ch];
    }

    /** The scale in force, never below a floor relative to the location (a flat signal must not divide by 0). */
    public double scale(int ch) {
        return Math.max(scale[ch], floor(loc[ch]));
    }

    public double normalise(int ch, double x) {
        return (x - loc[ch]) / scale(ch);
    }

    public double denormalise(int ch, double z) {
        return loc[ch] + z * scale(ch);
    }

    /** Folds {@code x} (finite) into channel {@code ch}'s statistics. */
    public void update(int ch, double x, int window, int robustAfter, double clip) {
        long n = ++count[ch];
        if (n == 1) {
            loc[ch] = x;
            scale[ch] = 0;
            return;
        }
        double alpha = Math.max(1.0 / n, 1.0 / window);
        double s = scale(ch);
        double d = x - loc[ch];
        double ad = Math.abs(d);
        if (n > robustAfter) {
            double lim = clip * s;
            if (d > lim) d = lim;
            else if (d < -lim) d = -lim;
            if (ad > lim) ad = lim;
        }
        loc[ch] += alpha * d;
        scale[ch] += alpha * (ad - scale[ch]);
    }

    /**
     * Whether channel {@code ch} is still estimating its scale rather than tracking it: in its first {@code window}
     * points (and after a {@link #relearn}, until its count is back at {@code window}), each update averages
     * everything seen so far, so the scale moves towards the signal's from wherever it started.
     */
    public boolean estimating(int ch, int window) {
        return count[ch] < window;
    }

    /** Moves channel {@code ch}'s location by {@code delta}: the key re-baselines onto a level it now keeps. */
    public void shift(int ch, double delta) {
        loc[ch] += delta;
    }

    /** Weighs the next points as if channel {@code ch} had seen only {@code points} so far: quick to learn a new normal. */
    public void relearn(int ch, int points) {
        count[ch] = Math.min(count[ch], points);
    }

    private static double floor(double location) {
        // 1e-6 of the level, at least 1e-9: below that a difference is noise in the sensor's own resolution.
        return Math.max(1e-9, 1e-6 * Math.abs(location));
    }

    public void write(DataOutput out) throws IOException {
        for (int i = 0; i < loc.length; i++) {
            out.writeDouble(loc[i]);
            out.writeDouble(scale[i]);
            out.writeLong(count[i]);
        }
    }

    public void read(DataInput in) throws IOException {
        for (int i = 0; i < loc.length; i++) {
            loc[i] = in.readDouble();
            scale[i] = in.readDouble();
            count[i] = in.readLong();
        }
    }
}
