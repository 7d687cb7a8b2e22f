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
 * <p>A fit learned again (the key's new normal) can keep the one it replaces as a prior, for its caller to judge by
 * beside the new fit: {@link #relearnKeepingPrior()}. The prior stays until a later relearn keeps another in its
 * place. It is kept in 16-bit floats (the upper half of each float, rounded), as stored: it tells a key that is far
 * away, and bounds a tail the new fit may have learned too light, neither of which needs more digits.
 *
 * <p>A fit can be given a largest shape ({@link #GammaTail(double)}): its tail is then taken as no lighter than that
 * shape's at the same mean. Moments fitted to a statistic whose values are bounded (the averages of a plain cycle's
 * forecast errors, which rise at every peak by about as much) give a large shape, a tail that falls off fast past
 * them, and each peak that noise lifts a little further is called a one-in-a-million value. The cap is not stored:
 * it is the caller's, as the window is.
 *
 * <p>Floats, as stored: a save and restore changes no later output.
 */
public final class GammaTail {

    /** The count saturates here: a fit over a longer window learns as one over this many values. */
    public static final int MAX_COUNT = (1 << 20) - 1;
    private static final double CLIP = 25.0;
    private final double maxShape;
    private float mean;
    private float variance;
    private int count;
    // the fit before the last relearnKeepingPrior, as 16-bit floats; both 0: none
    private short priorMean;
    private short priorVariance;

    /** A fit of any shape. */
    public GammaTail() {
        this(Double.POSITIVE_INFINITY);
    }

    /** A fit whose tail is judged at a shape of at most {@code maxShape} (positive). */
    public GammaTail(double maxShape) {
        if (!(maxShape > 0)) throw new IllegalArgumentException("a Gamma fit's largest shape must be positive, not " + maxShape);
        this.maxShape = maxShape;
    }

    /** Folds {@code x} (>= 0) into the fit, over about {@code window} values. */
    public void update(double x, int window) {
        if (count < MAX_COUNT) count++;
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
        return log10Tail(mean, judged(mean, variance), x);
    }

    /** The value below which the tail is certainly larger than {@code 10^log10Tail}: a cheap bound to skip the exact tail. */
    public double cheapBelow() {
        return cheapBelow(mean, judged(mean, variance));
    }

    /** Forgets the fit: it is learned again from the values to come. A prior kept is kept. */
    public void relearn() {
        count = 0;
        mean = 0;
        variance = 0;
    }

    /** As {@link #relearn()}, keeping the fit it forgets as the prior, in place of any prior kept before. */
    public void relearnKeepingPrior() {
        priorMean = half(mean);
        priorVariance = half(variance);
        relearn();
    }

    /** Whether a prior is kept, with a tail to judge by. */
    public boolean hasPrior() {
        return priorMean > 0 && priorVariance > 0;
    }

    /** {@code log10 P(X > x)} under the prior; 0 (certain) without one. */
    public double priorLog10Tail(double x) {
        if (!hasPrior() || !(x > 0)) return 0.0;
        return log10Tail(full(priorMean), judged(full(priorMean), full(priorVariance)), x);
    }

    /** As {@link #cheapBelow()}, for the prior. */
    public double priorCheapBelow() {
        return cheapBelow(full(priorMean), judged(full(priorMean), full(priorVariance)));
    }

    /** The variance a tail is judged at: the fit's, or the larger one that brings its shape down to the largest. */
    private double judged(double mean, double variance) {
        return variance > 0 && mean * mean / variance > maxShape ? mean * mean / maxShape : variance;
    }

    /** {@code log10 P(X > x)} under the Gamma of this mean and variance (both positive), fitted by moments. */
    private static double log10Tail(double mean, double variance, double x) {
        return TailProbability.log10GammaUpperTail(mean * mean / variance, x * mean / variance);
    }

    /** Two standard deviations over the mean: under it the tail is too likely to be worth computing exactly. */
    private static double cheapBelow(double mean, double variance) {
        return mean + 2.0 * Math.sqrt(Math.max(variance, 0));
    }

    /** The upper 16 bits of a non-negative float, rounded to nearest (a value past the 16-bit range is truncated). */
    static short half(float v) {
        if (!(v > 0)) return 0;
        int bits = Float.floatToIntBits(v);
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
        if (!Float.isFinite(Float.intBitsToFloat(rounded & 0xFFFF0000))) rounded = bits;
        return (short) (rounded >>> 16);
    }

    static double full(short h) {
        return Float.intBitsToFloat((h & 0xFFFF) << 16);
    }

    /** The fit's mean and variance (its {@link #count()} is its caller's to write), then the prior's two 16-bit floats when {@link #hasPrior()}. */
    public void writeFit(DataOutput out) throws IOException {
        out.writeFloat(mean);
        out.writeFloat(variance);
        if (hasPrior()) {
            out.writeShort(priorMean);
            out.writeShort(priorVariance);
        }
    }

    /** Reads what {@link #writeFit} wrote, given the count and whether a prior follows. */
    public void readFit(DataInput in, int count, boolean prior) throws IOException {
        if (count < 0 || count > MAX_COUNT) throw new IOException("a Gamma fit's count of " + count + ", outside 0.." + MAX_COUNT);
        this.count = count;
        mean = in.readFloat();
        variance = in.readFloat();
        priorMean = prior ? in.readShort() : 0;
        priorVariance = prior ? in.readShort() : 0;
        if (prior && !hasPrior()) throw new IOException("a Gamma fit's prior with a mean or variance that is not positive");
    }

    /** Reads the first layout: the count as an int, the mean and the variance; no prior. */
    public void read(DataInput in) throws IOException {
        count = Math.min(MAX_COUNT, in.readInt());
        if (count < 0) throw new IOException("a Gamma fit's count of " + count);
        mean = in.readFloat();
        variance = in.readFloat();
        priorMean = 0;
        priorVariance = 0;
    }
}
