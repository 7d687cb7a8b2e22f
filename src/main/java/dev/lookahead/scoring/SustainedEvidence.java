package dev.lookahead.scoring;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Evidence that accumulates over time, per channel: exponentially weighted averages, at several time scales, of a
 * signed deviation (clipped, so one wild point adds a bounded amount), each standardised by its own long-run mean
 * and spread. A one-point test sees a shift of one noise sigma as noise; an average over 16 points sees it at 4
 * of its own sigmas, and over 64 points at 8: this is the EWMA control chart, run at several speeds at once so a
 * fast shift is found in a few points and a slow drift before it has gone far.
 *
 * <p>The standardisation is learned from the key's own averages while it is normal (never while an incident is
 * open, so an anomaly does not teach the key that its averages wander, and by at most {@link #LEARN_CLIP} spreads a
 * point, so a fault just under the threshold does not either), which calibrates each scale to the key's own
 * autocorrelation: a wandering sensor's long average has a wide spread and needs a larger move to count.
 *
 * <p>On a key of {@value #POOLED_FROM_CHANNELS} or more channels the level's slowest averages are also judged together
 * (the constructor's {@code pooling}): the multivariate EWMA chart beside the per-channel ones. A small shift on several
 * of the channels can leave each channel's 64-point average within its own range while their mean square is well
 * outside its own.
 *
 * <p>Floats, as stored: a save and restore changes no later output.
 */
public final class SustainedEvidence {

    /** Keys with at least this many channels have their slowest averages judged together (when pooling). */
    public static final int POOLED_FROM_CHANNELS = 3;

    /** The averaging rates: time constants of 4, 16 and 64 points. */
    static final double[] RATES = {1.0 / 4, 1.0 / 16, 1.0 / 64};
    /** Points before a scale is trusted: a few of its time constants, so its spread is known. */
    private static final int[] TRUSTED_AFTER = {48, 96, 256};
    /** Spread floor of an average, as a fraction of what unit white noise gives it. */
    private static final double FLOOR = 1.0;
    /** The most an average moves its learned mean and spread by, in its spreads (a bounded-influence estimate). */
    private static final double LEARN_CLIP = 3.0;
    /** Each channel's square is clipped at this many spreads before pooling: one wild channel is not a group. */
    private static final double POOLED_CLIP = 5.0;
    /** Values of the pooled square learned, once every slowest average is trusted, before its range is trusted. */
    private static final int POOLED_TRUSTED_AFTER = TRUSTED_AFTER[TRUSTED_AFTER.length - 1] + 100;
    /** A slower average holds while the next faster one is at least this share of its distance out, on its side. */
    private static final double HOLD_SLOW = 0.5;

    private final int channels;
    private final Holding holding;
    private final float[] average;   // [ch * S + k]
    private final float[] mean;
    private final float[] variance;
    private int count;
    // the slowest averages' mean square over channels: its learned mean and variance (pooled keys only)
    private final boolean pooled;
    private float pooledMean;
    private float pooledVariance;
    private int pooledCount;

    // the verdict of the last update
    private double best;
    private double recent;   // the largest over the scales that hold: what says a key is still away
    private int bestChannel = -1;
    private int bestScale = -1;

    /** @param holding which averages hold an open incident */
    public SustainedEvidence(int channels, Holding holding) {
        this(channels, holding, false);
    }

    /**
     * @param pooling judge the slowest averages together too, on a key of {@value #POOLED_FROM_CHANNELS} or more
     *                channels. With two, the mean square has little power the larger square lacks, and is one more
     *                statistic to pass by chance: the generated sample's two-channel pressure line opened one more
     *                false alarm
     */
    public SustainedEvidence(int channels, Holding holding, boolean pooling) {
        this.channels = channels;
        this.holding = holding;
        this.pooled = pooling && channels >= POOLED_FROM_CHANNELS;
        int n = channels * RATES.length;
        average = new float[n];
        mean = new float[n];
        variance = new float[n];
    }

    public static int scales() {
        return RATES.length;
    }

    /**
     * Folds one point's deviations in ({@code present[ch]} false: the channel is skipped) and returns the largest
     * standardised average, in absolute value, over channels and trusted scales (0 while none is trusted).
     *
     * @param clip       deviations are clipped to +/- this before averaging
     * @param longWindow points over which the averages' mean and spread are learned
     * @param learn      false while an incident is open: the averages move, their normal range does not
     */
    public double update(double[] deviation, boolean[] present, double clip, int longWindow, boolean learn) {
        return update(deviation, present, clip, longWindow, learn, 0);
    }

    /**
     * As above, with only the scales from {@code firstScale} on (an index into {@link #RATES}) judged for the largest
     * average; every scale is still updated and learned, and still holds an incident as {@link Holding} says.
     */
    public double update(double[] deviation, boolean[] present, double clip, int longWindow, boolean learn, int firstScale) {
        return update(deviation, present, clip, longWindow, learn, firstScale, null);
    }

    /**
     * As above, with each channel's averages judged against at least what white noise of spread
     * {@code floorSpread[ch]} gives them (null: 1, unit noise in the deviation's units), however narrow the spread
     * they learned.
     */
    public double update(double[] deviation, boolean[] present, double clip, int longWindow, boolean learn, int firstScale,
                         double[] floorSpread) {
        if (learn && count < Integer.MAX_VALUE) count++;
        double b = Math.max(1.0 / Math.max(count, 1), 1.0 / longWindow);
        best = 0;
        recent = 0;
        bestChannel = -1;
        bestScale = -1;
        double pooledSum = 0;
        int pooledChannels = 0;
        for (int ch = 0; ch < channels; ch++) {
            if (!present[ch]) continue;
            double d = clip > 0 ? Math.max(-clip, Math.min(clip, deviation[ch])) : deviation[ch];
            double faster = 0;   // the previous scale's average, from its usual value
            boolean fasterHolds = true;   // and whether it held
            for (int k = 0; k < RATES.length; k++) {
                int i = ch * RATES.length + k;
                double r = RATES[k];
                double a = count <= 1 && learn ? d : average[i] + r * (d - average[i]);
                average[i] = (float) a;
                double spread = Double.POSITIVE_INFINITY;   // the average's spread, once its scale is trusted
                if (count >= TRUSTED_AFTER[k]) {
                    double unit = floorSpread == null ? 1 : floorSpread[ch];
                    double floor = FLOOR * FLOOR * unit * unit * r / (2 - r);
                    spread = Math.sqrt(Math.max(variance[i], floor));
                    double s = (a - mean[i]) / spread;
                    if (pooled && k == RATES.length - 1) {
                        pooledSum += Math.min(s * s, POOLED_CLIP * POOLED_CLIP);
                        pooledChannels++;
                    }
                    if (k >= firstScale && Math.abs(s) > Math.abs(best)) {
                        best = s;
                        bestChannel = ch;
                        bestScale = k;
                    }
                    double away = a - mean[i];
                    // a slower average holds an incident only while the faster one is still out with it: after a return
                    // the faster one is back within a few points while the slower one lags (see Holding)
                    boolean outWith = away * faster > 0 && Math.abs(faster) >= HOLD_SLOW * Math.abs(away);
                    boolean still = switch (holding) {
                        case FAST -> k < RATES.length - 1;
                        case SLOWEST_WITH_NEXT -> k < RATES.length - 1 || outWith;
                        case CHAINED -> k == 0 || (fasterHolds && outWith);
                    };
                    if (still && Math.abs(s) > Math.abs(recent)) recent = s;
                    faster = away;
                    fasterHolds = still;
                }
                if (learn) {
                    // once its scale is trusted, an average moves its range by at most LEARN_CLIP spreads a point: a
                    // fault that stays just under the threshold for hundreds of points must not widen the range it is
                    // judged against (through one such level shift on the rig, the 16-point spreads grew by 40%)
                    double lim = LEARN_CLIP * spread;
                    double dm = Math.max(-lim, Math.min(lim, a - mean[i]));
                    mean[i] = (float) (mean[i] + b * dm);
                    variance[i] = (float) (count == 1 ? 0.0 : (1 - b) * (variance[i] + b * dm * dm));
                }
            }
        }
        if (pooledChannels >= 2) pool(pooledSum / pooledChannels, pooledChannels, learn, longWindow);
        return best;
    }

    /**
     * The slowest averages judged together: their mean square against its own learned range. It can only say "further
     * out" (a square has no sign), and, like the slowest averages, it opens an incident but does not hold one: the
     * 16-point pooled square, measured as well, reopened incidents after their faults, where the key's level given its
     * other channels lags the operating point that moved while the incident held its references still.
     */
    private void pool(double meanSquare, int n, boolean learn, int longWindow) {
        if (learn && pooledCount < Integer.MAX_VALUE) pooledCount++;
        // at least the spread of a mean of n squared unit normals, 2/n, however narrow the one learned
        double spread = Math.sqrt(Math.max(pooledVariance, 2.0 / n));
        boolean trusted = pooledCount > POOLED_TRUSTED_AFTER;
        if (trusted) {
            double z = (meanSquare - pooledMean) / spread;
            if (z > Math.abs(best)) {
                best = z;   // its channel stays the farthest single one's: the caller names it
                bestScale = RATES.length - 1;
            }
        }
        if (!learn) return;
        double b = Math.max(1.0 / pooledCount, 1.0 / longWindow);
        double lim = trusted ? LEARN_CLIP * spread : Double.POSITIVE_INFINITY;
        double dm = Math.max(-lim, Math.min(lim, meanSquare - pooledMean));
        pooledMean = (float) (pooledMean + b * dm);
        pooledVariance = (float) (pooledCount == 1 ? 0.0 : (1 - b) * (pooledVariance + b * dm * dm));
    }

    /** The signed standardised average the last update found largest (0 for none). */
    public double best() {
        return best;
    }

    /**
     * The largest standardised average of the last update over the scales that hold ({@link Holding}): what holds an
     * open incident. A slower average alone would remember any incident for tens or hundreds of points after the key
     * returned; but a variance change or a small shift shows most in the slow averages, and closing on the fast ones
     * alone let such an incident close while the key was still away.
     */
    public double recent() {
        return recent;
    }

    /** Its channel, or -1. */
    public int bestChannel() {
        return bestChannel;
    }

    /** Its scale index into {@link #RATES}, or -1. */
    public int bestScale() {
        return bestScale;
    }

    /** Points the scales' normal ranges have learned from. */
    public int count() {
        return count;
    }

    /**
     * A channel's current level of deviation: the average over about 16 points (the slowest average still lags a
     * change by most of its 64 points; the fastest is noisy).
     */
    public double current(int ch) {
        return average[ch * RATES.length + 1];
    }

    /** The key has returned (its incident closed): every average starts again from its usual value. */
    public void forget() {
        System.arraycopy(mean, 0, average, 0, average.length);
    }

    /** A new normal: the averages and their normal ranges are learned again from the points to come. */
    public void relearn() {
        java.util.Arrays.fill(average, 0f);
        java.util.Arrays.fill(mean, 0f);
        java.util.Arrays.fill(variance, 0f);
        count = 0;
        forgetPooled();
    }

    private void forgetPooled() {
        pooledMean = 0;
        pooledVariance = 0;
        pooledCount = 0;
    }

    /** Version 2: a pooled key's pooled range follows its channels' averages. */
    public void write(DataOutput out) throws IOException {
        out.writeInt(count);
        for (int i = 0; i < average.length; i++) {
            out.writeFloat(average[i]);
            out.writeFloat(mean[i]);
            out.writeFloat(variance[i]);
        }
        if (!pooled) return;
        out.writeInt(pooledCount);
        out.writeFloat(pooledMean);
        out.writeFloat(pooledVariance);
    }

    /** Reads what {@link #write} wrote in {@code version}. A version-1 body has no pooled range: learned from the points to come. */
    public void read(DataInput in, int version) throws IOException {
        count = in.readInt();
        for (int i = 0; i < average.length; i++) {
            average[i] = in.readFloat();
            mean[i] = in.readFloat();
            variance[i] = in.readFloat();
        }
        if (!pooled) return;
        if (version < 2) {
            forgetPooled();
            return;
        }
        pooledCount = in.readInt();
        pooledMean = in.readFloat();
        pooledVariance = in.readFloat();
    }
}
