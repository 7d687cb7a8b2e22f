package dev.lookahead.scoring;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A key's usual value on weekend days (Saturday and Sunday in {@link PhaseClock}'s local time, unless
 * {@code detector.weekend-days} names others) at six four-hour points of the day, per channel: the weekend's own
 * shape, for a key whose weekends differ from its working days in shape and not only in level (taxi demand without
 * a commute, a plant idle from Saturday morning). The {@link PhaseProfile} then learns the working days alone, and a
 * working day that takes a weekend's shape (a holiday) is far from it, where the average of both kinds of day
 * expected something in between.
 *
 * <p>The detector folds in each normal weekend value less the key's level, in the channel's own units, as the daily
 * profile does. The first weekend value a channel learns starts every point from the daily profile (so a point not
 * yet seen expects what the other days do). Each point's mean is weighted {@code 1 / n}, n the points it has had at
 * the key's interval (weekend days before this one times the points in four hours, plus this one's so far), and
 * never less than the weight that remembers about {@code memoryDays} of its days; read between the points' middles
 * along straight lines.
 *
 * <p>It is used on a channel's weekends only when its weekend is read (the third weekend date it learns on, two whole
 * days in it) and differs from the daily profile in shape: the difference between its points and the daily profile's
 * means over the same four hours, less its mean, varies over the day by more than {@code share} of the channel's
 * scale (the share at which a day has a shape). Compared at its own resolution, a shape it cannot hold (a cycle of
 * a few hours) is no difference. Decided at the first point of each weekend date: a key without a weekly shape keeps
 * judging its weekends against the daily profile and the days of the week's offsets, and its daily profile keeps
 * learning them, as if this class were not there.
 *
 * <p>6 floats, a day count and whether it is used, per channel: 27 bytes; floats as stored, so a save and restore
 * changes no later output.
 */
public final class WeekendProfile {

    public static final int BINS = 6;
    private static final long BIN = PhaseClock.DAY / BINS;
    /** Weekend dates learned on, the current one included, before it is read: two whole days. */
    static final int TRUSTED_DAYS = 3;

    private final float[] mean;   // [ch * BINS + b]
    private final short[] days;
    private final boolean[] used;

    public WeekendProfile(int channels) {
        mean = new float[channels * BINS];
        days = new short[channels];
        used = new boolean[channels];
    }

    /** The days as bits, Monday's the lowest. */
    public static int mask(java.util.Set<java.time.DayOfWeek> days) {
        int m = 0;
        for (java.time.DayOfWeek d : days) m |= 1 << (d.getValue() - 1);
        return m;
    }

    /** Whether the local time {@code time} falls on one of the {@link #mask}'s days. */
    public static boolean weekend(long time, int days) {
        return (days >>> PhaseClock.weekday(time) & 1) != 0;
    }

    /** Whether channel {@code ch}'s weekends are judged against this profile. */
    public boolean used(int ch) {
        return used[ch];
    }

    /** Channel {@code ch}'s usual value at {@code time} (less the key's level, in its units). */
    public double at(int ch, long time) {
        double u = PhaseClock.timeOfDay(time) / (double) BIN - 0.5;
        int b0 = (int) Math.floor(u);
        double w = u - b0;
        return (1 - w) * mean[ch * BINS + Math.floorMod(b0, BINS)] + w * mean[ch * BINS + Math.floorMod(b0 + 1, BINS)];
    }

    /**
     * The largest change between two adjacent points from two before {@code time}'s to two after it: how far the
     * straight lines can be from a weekend whose level changes sharply between them.
     */
    public double steepestNear(int ch, long time) {
        int b = (int) (PhaseClock.timeOfDay(time) / BIN);
        double most = 0;
        for (int k = -2; k < 2; k++) {
            double d = mean[ch * BINS + Math.floorMod(b + k + 1, BINS)] - mean[ch * BINS + Math.floorMod(b + k, BINS)];
            most = Math.max(most, Math.abs(d));
        }
        return most;
    }

    /**
     * Decides at a weekend date's first point whether channel {@code ch}'s weekends are judged against this profile;
     * true when they are from now and were not.
     *
     * @param day          the daily profile, trusted or not
     * @param scale        the channel's scale, in its units
     * @param share        how much of the scale the two profiles' difference must vary by
     * @param trustedHour  points an hour of the daily profile needs before it is used
     */
    public boolean decide(int ch, PhaseProfile day, double scale, double share, int trustedHour) {
        boolean was = used[ch];
        used[ch] = days[ch] >= TRUSTED_DAYS && day.trusted(ch, trustedHour) && differs(ch, day, scale, share);
        return used[ch] && !was;
    }

    /** Whether the weekend's points, less their mean, differ from the daily profile's four-hour means, less theirs, by more than {@code share} of {@code scale} (root mean square). */
    private boolean differs(int ch, PhaseProfile day, double scale, double share) {
        if (!(scale > 0)) return false;
        int hours = PhaseProfile.BINS / BINS;
        double sum = 0, sq = 0;
        for (int b = 0; b < BINS; b++) {
            double working = 0;
            for (int h = 0; h < hours; h++) working += day.expected(ch, b * hours + h);
            double d = mean[ch * BINS + b] - working / hours;
            sum += d;
            sq += d * d;
        }
        double mu = sum / BINS;
        return Math.sqrt(Math.max(0, sq / BINS - mu * mu)) > share * scale;
    }

    /**
     * Folds in channel {@code ch}'s normal weekend value {@code value} (less the key's level, in its units) at
     * {@code time}.
     *
     * @param newDate  whether this is the key's first point on its date
     * @param interval the key's sampling interval in ms (nothing is learned without one)
     * @param day      the daily profile: where every point starts
     */
    public void update(int ch, long time, double value, boolean newDate, double interval, double memoryDays, PhaseProfile day) {
        if (!(interval > 0)) return;
        if (days[ch] == 0) {
            for (int b = 0; b < BINS; b++) {
                double start = day.at(ch, b * BIN + BIN / 2);
                mean[ch * BINS + b] = (float) (Double.isNaN(start) ? value : start);
            }
            days[ch] = 1;
        } else if (newDate && days[ch] < Short.MAX_VALUE) {
            days[ch]++;
        }
        double perBin = BIN / interval;
        double n = (days[ch] - 1) * perBin + Math.floor(Math.floorMod(time, BIN) / interval) + 1;
        double w = Math.max(1.0 / Math.max(1.0, n), 1.0 / Math.max(1.0, memoryDays * perBin));
        int i = ch * BINS + (int) (PhaseClock.timeOfDay(time) / BIN);
        mean[i] = (float) (mean[i] + w * (value - mean[i]));
    }

    /** Forgets every channel's weekends (the key re-baselined onto a new normal). */
    public void clear() {
        java.util.Arrays.fill(mean, 0f);
        java.util.Arrays.fill(days, (short) 0);
        java.util.Arrays.fill(used, false);
    }

    public void write(DataOutput out) throws IOException {
        for (int ch = 0; ch < days.length; ch++) {
            for (int b = 0; b < BINS; b++) out.writeFloat(mean[ch * BINS + b]);
            out.writeShort(days[ch]);
            out.writeBoolean(used[ch]);
        }
    }

    public void read(DataInput in) throws IOException {
        for (int ch = 0; ch < days.length; ch++) {
            for (int b = 0; b < BINS; b++) mean[ch * BINS + b] = in.readFloat();
            days[ch] = in.readShort();
            used[ch] = in.readBoolean();
        }
    }
}
