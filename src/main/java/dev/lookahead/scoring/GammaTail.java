package dev.lookahead.scoring;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * How rare a non-negative statistic is for this key: a Gamma distribution fitted by moments to the statistic's
 * own values while the key was normal, and the upper tail of a new value under it. The fit learns the key's own
 * tail: a bursty sensor whose statistic is often large gets a small shape and a heavy tail, so its large values
 * count for less than a quiet sensor's would. Updates are clipped at {@code 25} times the fitted mean, so one wild
 * value does not widen the fit for thousands of points.
 *
 * <p>Floats, as stored: a save and restore changes no later output.
 */
public final class GammaTail {

    private static final double CLIP = 25.0;
    private float mean;
    private float variance;
    private int count;

    /** Folds {@code x} (>= 0) into the fit, over about {@code window} values. */
    public void update(double x, int window) {
        if (count < Integer.MAX_VALUE) count++;
        double b = Math.max(1.0 / count, 1.0 / window);
        double v = count > 2 ? Math.min(x, CLIP * Math.max(mean, 1e-3)) : x;
        double d = v - mean;
        mean = (float) (mean + b * d);
        variance = (float) (count == 1 ? 0.0 : (1 - b) * (variance + b * d * d));
    }

    /** Values folded in so far. */
    public int count() {
        return count;
    }

    /** The fitted mean (0 before any value). */
    public double mean() {
        return mean;
    }

    /** {@code log10 P(X > x)} under the fit; 0 (certain) while the fit is degenerate. */
    public double log10Tail(double x) {
        if (count < 2 || mean <= 0 || variance <= 0 || !(x > 0)) return 0.0;
        double shape = (double) mean * mean / variance;
        return TailProbability.log10GammaUpperTail(shape, x * mean / variance);
    }

    /** The value below which the tail is certainly larger than {@code 10^log10Tail}: a cheap bound to skip the exact tail. */
    public double cheapBelow() {
        return mean + 2.0 * Math.sqrt(Math.max(variance, 0));
    }

    /** Forgets the fit: it is learned again from the values to come. */
    public void relearn() {
        count = 0;
        mean = 0;
        variance = 0;
    }

    public void write(DataOutput out) throws IOException {
        out.writeInt(count);
        out.writeFloat(mean);
        out.writeFloat(variance);
    }

    public void read(DataInput in) throws IOException {
        count = in.readInt();
        mean = in.readFloat();
        variance = in.readFloat();
    }
}
