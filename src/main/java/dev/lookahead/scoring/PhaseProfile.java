package dev.lookahead.scoring;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A key's usual value at each hour of the day (its event times in {@link PhaseClock}'s local time: UTC by default),
 * per channel: a sense of phase that a one-step forecaster lacks. It knows that a sensor is high from 09:00 every
 * day, so a level that stays low past 09:00, or rises at 14:00, is a surprise. The step at 09:00 itself, a one-step
 * forecast error, is {@link HourlyPeaks}'s to expect.
 *
 * <p>The detector folds in each value less the key's level (the normaliser's location), in the channel's own units,
 * and divides by the key's current scale when it reads the profile. The normaliser's scale takes days to settle on a
 * daily pattern (its first days see only part of the cycle), so hours learned in normalised units on different days
 * were in different units, and the profile of a square wave was off by a third of its height a week later.
 *
 * <p>Each hour's mean is learned from that hour's own points, with weight {@code 1/n} at first and never below
 * the weight that remembers about {@code memoryDays} days of that hour; an hour seen for the first time starts
 * from the hour before it (no seasonality is assumed until the key shows one), so a key sampled many times an hour
 * gets a slowly moving level per hour and a key with no daily pattern a flat profile. Nothing is learned while the
 * key's incident is open.
 *
 * <p>24 floats and 24 counts per channel; floats as stored, so a save and restore changes no later output.
 */
public final class PhaseProfile {

    public static final int BINS = 24;
    private static final long BIN = PhaseClock.DAY / BINS;

    private final float[] mean;    // [ch * BINS + b]
    private final short[] count;
    private final int channels;

    public PhaseProfile(int channels) {
        this.channels = channels;
        mean = new float[channels * BINS];
        count = new short[channels * BINS];
    }

    /**
     * Whether channel {@code ch}'s day has a shape: the standard deviation of its hours' means is over {@code share}
     * times {@code scale} (the channel's scale, in its own units), once at least half the day's hours are known. A
     * key with no daily pattern has a flat profile and never does.
     */
    public boolean shaped(int ch, double scale, double share) {
        int n = 0;
        double sum = 0, sq = 0;
        for (int b = 0; b < BINS; b++) {
            if (count[ch * BINS + b] == 0) continue;
            double m = mean[ch * BINS + b];
            n++;
            sum += m;
            sq += m * m;
        }
        if (n < BINS / 2) return false;
        double mu = sum / n;
        return Math.sqrt(Math.max(0, sq / n - mu * mu)) / scale > share;
    }

    public static int bin(long time) {
        return (int) (PhaseClock.timeOfDay(time) / BIN);
    }

    /** Whether channel {@code ch} has a value for {@code bin}. */
    public boolean known(int ch, int bin) {
        return count[ch * BINS + bin] > 0;
    }

    /** The usual normalised value of channel {@code ch} in {@code bin} (0 when unknown). */
    public double expected(int ch, int bin) {
        return mean[ch * BINS + bin];
    }

    /**
     * The usual normalised value of channel {@code ch} at {@code time}: the hours' means taken at the middle of each
     * hour and interpolated linearly between them (a smooth daily curve has no steps at the hours); an hour not yet
     * seen stands in for by the nearest one before it; NaN before any.
     */
    public double at(int ch, long time) {
        return at(ch, time, 1);
    }

    /**
     * As {@link #at(int, long)}, but NaN unless both hours it interpolates between have at least {@code minCount}
     * points of their own: a profile is not trusted before it has seen its hours on more than one day (on the first
     * day it holds little more than the start of a key's normalisation).
     */
    public double at(int ch, long time, int minCount) {
        double u = PhaseClock.timeOfDay(time) / (double) BIN - 0.5;
        int b0 = (int) Math.floor(u);
        double w = u - b0;
        int i0 = ch * BINS + Math.floorMod(b0, BINS), i1 = ch * BINS + Math.floorMod(b0 + 1, BINS);
        if (minCount > 1 && (count[i0] < minCount || count[i1] < minCount)) return Double.NaN;
        double m0 = nearest(ch, b0), m1 = nearest(ch, b0 + 1);
        return (1 - w) * m0 + w * m1;
    }

    /**
     * Of {@code line} (this profile's {@link #at} for channel {@code ch} at {@code time}) and the mean of that time's
     * own hour, the one nearer {@code value}. Next to a step the key takes at a fixed time, the straight line
     * between the hours' middles cuts across it, by up to half the step's height at the edge of the step's hour;
     * the hour's own mean is where the key is on the hour's own side of the step.
     */
    public double nearerOfLineAndHour(int ch, long time, double value, double line) {
        double own = mean[ch * BINS + bin(time)];
        return Math.abs(value - own) < Math.abs(value - line) ? own : line;
    }

    /**
     * Whether {@code value} (channel {@code ch} at {@code time}, in the profile's units) is on a step between its hour's
     * mean and the hour before's or after's, with a forecast that lags it: {@code error} (the reading less its
     * forecast) over {@code beyond} and the way the key goes from the earlier of the two hours to the later. A reading
     * between them whose forecast does not lag (the key stopped half-way, or is late) is not.
     */
    public boolean lagsStep(int ch, long time, double value, double error, double beyond) {
        if (!(Math.abs(error) > beyond)) return false;
        int b = bin(time);
        double own = mean[ch * BINS + b];
        for (int k = -1; k <= 1; k += 2) {
            int i = ch * BINS + Math.floorMod(b + k, BINS);
            if (count[i] == 0) continue;
            double way = k < 0 ? own - mean[i] : mean[i] - own;
            if (error * way > 0 && value >= Math.min(own, mean[i]) && value <= Math.max(own, mean[i])) return true;
        }
        return false;
    }

    /** The mean of {@code bin} (any integer, taken modulo a day), or of the nearest hour before it that is known; NaN if none is. */
    private double nearest(int ch, int bin) {
        for (int k = 0; k < BINS; k++) {
            int i = ch * BINS + Math.floorMod(bin - k, BINS);
            if (count[i] > 0) return mean[i];
        }
        return Double.NaN;
    }

    /**
     * The usual change from {@code bin} to {@code next} (0 when either is unknown): the seasonal step the next point
     * is expected to take.
     */
    public double step(int ch, int bin, int next) {
        if (bin == next || !known(ch, bin) || !known(ch, next)) return 0.0;
        return mean[ch * BINS + next] - mean[ch * BINS + bin];
    }

    /** The larger change of channel {@code ch} into {@code bin} from the hour before and out of it to the hour after (0 where unknown). */
    public double stepIntoOrOutOf(int ch, int bin) {
        return Math.max(Math.abs(step(ch, Math.floorMod(bin - 1, BINS), bin)), Math.abs(step(ch, bin, (bin + 1) % BINS)));
    }

    /**
     * The largest change between two adjacent hours of channel {@code ch} from two hours before {@code bin} to two
     * after it (0 where an hour is unknown): how far the profile's straight lines between hours can be from a key
     * whose level changes sharply within the hour, near now.
     */
    public double steepestNear(int ch, int bin) {
        double most = 0;
        for (int k = -2; k < 2; k++)
            most = Math.max(most, Math.abs(step(ch, Math.floorMod(bin + k, BINS), Math.floorMod(bin + k + 1, BINS))));
        return most;
    }

    /**
     * Folds the normalised value {@code z} of channel {@code ch} at {@code time} in.
     *
     * @param perDay the key's points per day (from its sampling interval); with {@code memoryDays} it sets the slowest weight
     */
    public boolean update(int ch, long time, double z, double perDay, double memoryDays, int previousBin, int trustedAfter) {
        int b = bin(time);
        int i = ch * BINS + b;
        if (count[i] == 0) {
            // a new hour starts from the hour before it: no daily pattern is assumed until one is seen
            int p = previousBin >= 0 ? ch * BINS + previousBin : -1;
            if (p >= 0 && count[p] > 0) {
                mean[i] = mean[p];
                count[i] = 1;   // a start, not a belief: the hour's own points soon outweigh it
            }
        }
        int n = Math.min(count[i] + 1, Short.MAX_VALUE);
        count[i] = (short) n;
        double slowest = perDay > 0 ? BINS / (memoryDays * perDay) : 0;
        double w = Math.max(1.0 / n, slowest);
        mean[i] = (float) (mean[i] + w * (z - mean[i]));
        return n == trustedAfter && trusted(ch, trustedAfter);
    }

    /** Whether every hour of channel {@code ch} has at least {@code minCount} points of its own. */
    public boolean trusted(int ch, int minCount) {
        for (int b = 0; b < BINS; b++) if (count[ch * BINS + b] < minCount) return false;
        return true;
    }

    /** Moves every hour of a channel by {@code delta} (the key re-baselined its level by that much). */
    public void shift(int ch, double delta) {
        for (int b = 0; b < BINS; b++) mean[ch * BINS + b] = (float) (mean[ch * BINS + b] + delta);
    }

    /** Multiplies every hour of a channel by {@code factor}: the means change units. */
    public void scale(int ch, double factor) {
        for (int b = 0; b < BINS; b++) mean[ch * BINS + b] = (float) (mean[ch * BINS + b] * factor);
    }

    /** Forgets every hour of every channel (the key re-baselined onto a new normal). */
    public void clear() {
        java.util.Arrays.fill(mean, 0f);
        java.util.Arrays.fill(count, (short) 0);
    }

    public int channels() {
        return channels;
    }

    public void write(DataOutput out) throws IOException {
        for (int i = 0; i < mean.length; i++) {
            out.writeFloat(mean[i]);
            out.writeShort(count[i]);
        }
    }

    public void read(DataInput in) throws IOException {
        for (int i = 0; i < mean.length; i++) {
            mean[i] = in.readFloat();
            count[i] = in.readShort();
        }
    }
}
