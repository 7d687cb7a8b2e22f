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
 *
 * <p>A key that sits at one value most of the time (idle, with bursts) would take its scale from the idle points
 * alone: with more than three quarters of its values the same, the clipped deviation shrinks towards 0 and every
 * burst becomes absurd. So each channel also keeps the mean absolute deviation of the points that moved (differ from
 * the last value learned), and the scale in force is at least a quarter of it: a key idle most of the time is scaled
 * as if it were idle three quarters of the time, and a key that moves on most points is not affected (its moved
 * points' scale is about its scale).
 *
 * <p>Each channel also keeps the share of its normal points whose value moved: a sensor that reports a new value at
 * almost every point and now repeats one is standing still, which a channel idle most of the time, or one that holds a
 * setpoint, does not say. And it counts the readings in a row, up to {@link #MAX_REPEATS}, that repeated the one before
 * (how long such a sensor has stood still), and the longest run of them that ended lately (how long the channel holds
 * still as it works: a machine that rests for a few readings every night).
 */
public final class RobustNormaliser {

    private final double[] loc;
    private final double[] scale;
    private final long[] count;
    private final float[] movedScale;   // float, as stored: a save and restore changes no later output
    private final float[] last;   // the last value learned, NaN before the first: what a point moved from
    private final float[] movedShare;   // of the normal points, those that moved; in steps of 1/65535, as stored
    private final float[] seen;   // the last value seen, learned or not (through an incident): what a frozen reading repeats
    private final byte[] repeats;   // readings in a row that repeated the last seen, saturating at MAX_REPEATS
    private final byte[] usualRepeats;   // the longest run of repeats that ended, less one a date since

    /** The scale in force is at least this share of the moved points' scale: idle up to three quarters of the time. */
    static final double MOVED_SHARE = 0.25;
    /** The moved share's unit: it is stored in two bytes. */
    private static final double SHARE_STEPS = 65535.0;
    /**
     * Normal points the moved share averages over, whatever the normalisation window: in steps of 1/65535 an average over
     * {@code W} points stops climbing at {@code 1 - W / 131070} (an update under half a step rounds back), so over 10,000
     * points a sensor that never repeats a reading would read as one that repeats one in thirteen.
     */
    static final int SHARE_WINDOW = 2000;
    /** The repeats counted in a row: they are stored in four bits, as is the usual run. */
    public static final int MAX_REPEATS = 15;
    /**
     * The count saturates here: it is stored in the 23 bits under the repeats' and the usual run's four each. A window or
     * a robust start past it would never be reached ({@code detector.normalisation-window} and {@code
     * detector.robust-after} stop here).
     */
    public static final int MAX_COUNT = (1 << 23) - 1;

    public RobustNormaliser(int channels) {
        loc = new double[channels];
        scale = new double[channels];
        count = new long[channels];
        movedScale = new float[channels];
        last = new float[channels];
        java.util.Arrays.fill(last, Float.NaN);
        movedShare = new float[channels];
        seen = new float[channels];
        java.util.Arrays.fill(seen, Float.NaN);
        repeats = new byte[channels];
        usualRepeats = new byte[channels];
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
        return Math.max(Math.max(scale[ch], MOVED_SHARE * movedScale[ch]), floor(loc[ch]));   // a held one is negative
    }

    /** The last value channel {@code ch} has seen, learned or not (NaN before its first). */
    public double seen(int ch) {
        return seen[ch];
    }

    /**
     * The readings in a row, {@code x} the last of them, that repeated the one before (as stored, a float), at most
     * {@link #MAX_REPEATS}: 0 where {@code x} moved from the last value seen.
     */
    public int repeatsWith(int ch, double x) {
        return (float) x == seen[ch] ? Math.min(repeats[ch] + 1, MAX_REPEATS) : 0;
    }

    /** The readings in a row, up to the last seen, that repeated the one before, at most {@link #MAX_REPEATS}. */
    public int repeats(int ch) {
        return repeats[ch];
    }

    /**
     * The longest run of repeats channel {@code ch} has ended (it moved again), less one for each date since
     * ({@link #ageRepeats}): how long it holds still as it works.
     */
    public int usualRepeats(int ch) {
        return usualRepeats[ch];
    }

    /**
     * A new date: each channel's usual run is one shorter. A rest the channel takes every day stays usual; one it took
     * once (a sensor stuck for hours, then mended) is forgotten over a few days, as a weekly one is over its week.
     */
    public void ageRepeats() {
        for (int ch = 0; ch < usualRepeats.length; ch++) if (usualRepeats[ch] > 0) usualRepeats[ch]--;
    }

    /** The share of channel {@code ch}'s normal points that moved from the one before, in steps of 1/65535. */
    public double movedShare(int ch) {
        return movedShare[ch];
    }

    /** Whether {@code x} differs from the last value channel {@code ch} learned (as stored, a float): the key moved. */
    public boolean moves(int ch, double x) {
        return (float) x != last[ch];
    }

    public double normalise(int ch, double x) {
        return (x - loc[ch]) / scale(ch);
    }

    public double denormalise(int ch, double z) {
        return loc[ch] + z * scale(ch);
    }

    /**
     * Folds {@code x} (finite) into channel {@code ch}'s statistics: its location and scale, whether it moved, and, if it
     * moved from the last value learned, the moved points' scale; then it is the last value.
     */
    public void learn(int ch, double x, int window, int robustAfter, double clip) {
        boolean moved = moves(ch, x);
        if (moved) learnMoved(ch, x, window, robustAfter, clip);
        update(ch, x, window, robustAfter, clip);
        double share = movedShare[ch] + Math.max(1.0 / count[ch], 1.0 / SHARE_WINDOW) * ((moved ? 1.0 : 0.0) - movedShare[ch]);
        movedShare[ch] = (float) (Math.round(share * SHARE_STEPS) / SHARE_STEPS);
        last[ch] = (float) x;
        see(ch, x);
    }

    /** {@code x} is the last value seen: a reading in a row that repeats it, or the first of a new one. */
    private void see(int ch, double x) {
        int run = repeats[ch];
        repeats[ch] = (byte) repeatsWith(ch, x);
        if (repeats[ch] == 0 && run > usualRepeats[ch]) usualRepeats[ch] = (byte) run;
        seen[ch] = (float) x;
    }

    /**
     * Whether channel {@code ch} stands still at {@code x}: it repeats the last value learned or the last value seen
     * (a reading that jumped to a constant, through an incident that learned none of it), and at least {@code share}
     * of its normal points moved. A sensor frozen at a reading, told from one that is often idle or holds a setpoint.
     */
    public boolean standsStill(int ch, double x, double share) {
        return (!moves(ch, x) || (float) x == seen[ch]) && movesMostly(ch, share);
    }

    /** Whether at least {@code share} of channel {@code ch}'s normal points moved from the one before. */
    public boolean movesMostly(int ch, double share) {
        return movedShare[ch] >= share;
    }

    /**
     * A point that is not learned (an anomaly) is still the last value seen, and still counts towards the channel's
     * first moves, while its moved points' scale is not yet known: nothing else measures what a move of this key is. A
     * key idle since it started has its scale at the floor, so its first bursts are absurd and anomalous, and if they
     * could not set this scale, no burst ever could.
     */
    public void moveNotLearned(int ch, double x, double clip) {
        if (count[ch] > 0 && movedScale[ch] <= 0 && moves(ch, x)) firstMoves(ch, Math.abs(x - loc[ch]), clip);
        see(ch, x);
    }

    /**
     * Until the moved points' scale is known, a move is held (stored negative, and not used) until a second move
     * within {@code clip} times its size confirms it: the scale is then their mean. One glitch (1e30 on a flat key)
     * is replaced by the next move, rather than taken as the size of the key's moves.
     */
    private void firstMoves(int ch, double am, double clip) {
        double held = -movedScale[ch];
        movedScale[ch] = (float) (held > 0 && am <= clip * held && am * clip >= held ? (held + am) / 2 : -am);
    }

    private void learnMoved(int ch, double x, int window, int robustAfter, double clip) {
        long n = count[ch];
        if (n == 0) return;   // no location yet to move from
        double m = movedScale[ch];
        double am = Math.abs(x - loc[ch]);
        if (m <= 0) {
            firstMoves(ch, am, clip);
            return;
        }
        if (n > robustAfter) am = Math.min(am, clip * m);   // clipped as the scale's updates are, by its own size
        movedScale[ch] = (float) (m + Math.max(1.0 / n, 1.0 / window) * (am - m));
    }

    /** Folds {@code x} (finite) into channel {@code ch}'s location and scale. */
    private void update(int ch, double x, int window, int robustAfter, double clip) {
        long n = count[ch] = Math.min(count[ch] + 1, MAX_COUNT);
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

    /**
     * Writes version 8: location, scale, the repeats in a row (the top four bits) and the usual run (the next four) over
     * the count (23 bits, saturating), the moved points' scale, the last value learned, the moved share (two bytes, in
     * steps of 1/65535) and the last value seen.
     */
    public void write(DataOutput out) throws IOException {
        for (int i = 0; i < loc.length; i++) {
            out.writeDouble(loc[i]);
            out.writeDouble(scale[i]);
            out.writeInt(repeats[i] << 27 | usualRepeats[i] << 23 | (int) count[i]);
            out.writeFloat(movedScale[i]);
            out.writeFloat(last[i]);
            out.writeShort((int) Math.round(movedShare[i] * SHARE_STEPS));
            out.writeFloat(seen[i]);
        }
    }

    /**
     * Reads what {@link #write} wrote in {@code version}. Version 1 has a long count and neither the moved points'
     * scale (it starts as the scale, so the floor under it is a quarter of the scale and does not bind) nor the last
     * value (the next point counts as moved). Before version 3 there is no moved share: it starts at 0, so no channel
     * stands still until its next normal points have taught it (about twice the normalisation window to 0.9). Before
     * version 4 there is no last value seen: it starts as the last value learned, which it is outside an incident.
     * Before version 8 the count has all 31 bits (it saturates at {@link #MAX_COUNT} as read) and no repeats are
     * counted: the next reading that repeats is the first, and no run is usual yet.
     */
    public void read(DataInput in, int version) throws IOException {
        for (int i = 0; i < loc.length; i++) {
            loc[i] = in.readDouble();
            scale[i] = in.readDouble();
            if (version >= 2) {
                int packed = in.readInt();
                repeats[i] = (byte) (version >= 8 ? packed >>> 27 : 0);
                usualRepeats[i] = (byte) (version >= 8 ? packed >>> 23 & MAX_REPEATS : 0);
                count[i] = version >= 8 ? packed & MAX_COUNT : Math.min(packed, MAX_COUNT);
                movedScale[i] = in.readFloat();
                last[i] = in.readFloat();
            } else {
                repeats[i] = 0;
                usualRepeats[i] = 0;
                count[i] = Math.min(in.readLong(), MAX_COUNT);
                movedScale[i] = (float) scale[i];
                last[i] = Float.NaN;
            }
            movedShare[i] = version >= 3 ? (float) (in.readUnsignedShort() / SHARE_STEPS) : 0f;
            seen[i] = version >= 4 ? in.readFloat() : last[i];
        }
    }
}
