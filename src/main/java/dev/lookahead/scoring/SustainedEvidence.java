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
 * <p>On a key of {@value #POOLED_FROM_CHANNELS} or more channels the level's 16- and 64-point averages are also judged
 * together (the constructor's {@code pooling}, {@link PooledSquare}): the multivariate EWMA chart beside the
 * per-channel ones. A small shift on several of the channels can leave each channel's averages within their own
 * ranges while their mean square is well outside its own. The 64-point square opens an incident and does not hold
 * one, as the slowest averages; the 16-point square holds one and does not open it: opening on it, measured too,
 * doubled the rig's brief false alarms, and holding on the 64-point one would keep an incident open for most of its
 * 64 points after a return.
 *
 * <p>Floats, as stored: a save and restore changes no later output.
 */
public final class SustainedEvidence {

    /** Keys with at least this many channels have their 16- and 64-point averages judged together (when pooling). */
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
    /** The pooled scales: the 16-point one holds an incident, the 64-point one opens it. */
    private static final int POOLED_HOLDS = 1, POOLED_OPENS = 2;
    /** A pooled square's range is trusted after its scale's {@link #TRUSTED_AFTER} plus this many values, counted once that scale is trusted on every channel. */
    private static final int POOLED_TRUSTED_AFTER = 100;
    /** A slower average holds while the next faster one is at least this share of its distance out, on its side. */
    private static final double HOLD_SLOW = 0.5;

    private final int channels;
    private final Holding holding;
    private final float[] average;   // [ch * S + k]
    private final float[] mean;
    private final float[] variance;
    private int count;
    // the pooled keys' mean squares over channels, by scale (null on other keys)
    private final PooledSquare[] pooled;
    private final double[] pooledSum;   // scratch: this point's sum of squares by scale
    private final int[] pooledChannels;   // scratch: and the channels in it

    // the verdict of the last update
    private double best;
    private double bestOfChannels;   // the largest single channel's average, signed: the pooled squares have no sign
    private double recent;   // the largest over the scales that hold: what says a key is still away
    private int bestChannel = -1;
    private int bestScale = -1;

    /** @param holding which averages hold an open incident */
    public SustainedEvidence(int channels, Holding holding) {
        this(channels, holding, false);
    }

    /**
     * @param pooling judge the 16- and 64-point averages together too, on a key of {@value #POOLED_FROM_CHANNELS} or more
     *                channels. With two, the mean square has little power the larger square lacks, and is one more
     *                statistic to pass by chance: the generated sample's two-channel pressure line opened one more
     *                false alarm
     */
    public SustainedEvidence(int channels, Holding holding, boolean pooling) {
        this.channels = channels;
        this.holding = holding;
        boolean pooling3 = pooling && channels >= POOLED_FROM_CHANNELS;
        pooled = pooling3 ? new PooledSquare[RATES.length] : null;
        if (pooling3) {
            pooled[POOLED_HOLDS] = new PooledSquare(TRUSTED_AFTER[POOLED_HOLDS] + POOLED_TRUSTED_AFTER);
            pooled[POOLED_OPENS] = new PooledSquare(TRUSTED_AFTER[POOLED_OPENS] + POOLED_TRUSTED_AFTER);
        }
        pooledSum = pooling3 ? new double[RATES.length] : null;
        pooledChannels = pooling3 ? new int[RATES.length] : null;
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
        bestOfChannels = 0;
        recent = 0;
        bestChannel = -1;
        bestScale = -1;
        if (pooled != null) {
            java.util.Arrays.fill(pooledSum, 0.0);
            java.util.Arrays.fill(pooledChannels, 0);
        }
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
                    if (pooled != null && pooled[k] != null) {
                        pooledSum[k] += Math.min(s * s, POOLED_CLIP * POOLED_CLIP);
                        pooledChannels[k]++;
                    }
                    if (k >= firstScale && Math.abs(s) > Math.abs(best)) {
                        best = s;
                        bestOfChannels = s;
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
        if (pooled != null) {
            // a square has no sign: the pooled scales can only say "further out"
            double z = pooledZ(POOLED_OPENS, learn, longWindow);
            if (z > Math.abs(best)) {
                best = z;   // its channel stays the farthest single one's: the caller names it
                bestScale = POOLED_OPENS;
            }
            z = pooledZ(POOLED_HOLDS, learn, longWindow);
            if (z > Math.abs(recent)) recent = z;
        }
        return best;
    }

    /** Scale {@code k}'s pooled square for this point, in its spreads; NaN under two channels or untrusted. */
    private double pooledZ(int k, boolean learn, int longWindow) {
        int n = pooledChannels[k];
        return n >= 2 ? pooled[k].update(pooledSum[k] / n, n, learn, longWindow, LEARN_CLIP) : Double.NaN;
    }

    /** The signed standardised average the last update found largest (0 for none). */
    public double best() {
        return best;
    }

    /**
     * The signed standardised average of {@link #bestChannel()} at its farthest scale: which way that channel went
     * (positive: above its usual level), also when a pooled square scored higher.
     */
    public double bestChannelDeviation() {
        return bestOfChannels;
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

    /** Channel {@code ch}'s averages start again from their usual values: what they held is over (a stuck sensor moved). */
    public void forget(int ch) {
        System.arraycopy(mean, ch * RATES.length, average, ch * RATES.length, RATES.length);
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
        if (pooled != null) {
            pooled[POOLED_OPENS].forget();
            pooled[POOLED_HOLDS].forget();
        }
    }

    /** Version 3: a pooled key's 64-point pooled range follows its channels' averages (version 2), then its 16-point one. */
    public void write(DataOutput out) throws IOException {
        out.writeInt(count);
        for (int i = 0; i < average.length; i++) {
            out.writeFloat(average[i]);
            out.writeFloat(mean[i]);
            out.writeFloat(variance[i]);
        }
        if (pooled == null) return;
        pooled[POOLED_OPENS].write(out);
        pooled[POOLED_HOLDS].write(out);
    }

    /**
     * Reads what {@link #write} wrote in {@code version}. A pooled range a body does not have (version 1: neither;
     * version 2: the 16-point one) is learned from the points to come.
     */
    public void read(DataInput in, int version) throws IOException {
        count = in.readInt();
        for (int i = 0; i < average.length; i++) {
            average[i] = in.readFloat();
            mean[i] = in.readFloat();
            variance[i] = in.readFloat();
        }
        if (pooled == null) return;
        if (version >= 2) pooled[POOLED_OPENS].read(in);
        else pooled[POOLED_OPENS].forget();
        if (version >= 3) pooled[POOLED_HOLDS].read(in);
        else pooled[POOLED_HOLDS].forget();
    }
}
