package dev.lookahead.scoring;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A key's usual offset on each day of the week (its event times in {@link PhaseClock}'s local time: UTC by default) from its daily profile, per channel.
 * The daily {@link PhaseProfile} learns every day alike, so a weekday that looks like a Sunday (a holiday, a site
 * shut on a Monday) or a Saturday as busy as a Tuesday is within what it expects; this is the week's part of the
 * key's phase.
 *
 * <p>The detector folds in each normal value's deviation from the daily profile once that profile is trusted, in the
 * channel's own units as the profile holds them. A weekday's offset starts at its first such point and is an
 * exponentially weighted average of its points, each weighted {@code 1 / (days x points per day)} while the weekday
 * has been seen on fewer than {@code memoryDays} days, then {@code 1 / (memoryDays x points per day)}: it remembers
 * about as many of that weekday's days as the daily profile remembers of each hour. It is read from the third date it
 * is learned on, when two of its days are in it; before that it is 0, so a key shows no weekly pattern until it has
 * had one for two weeks, and a key without one learns offsets near 0.
 *
 * <p>7 floats and 7 day counts per channel (a count stops at 255 days, past any memory it is read with); floats as
 * stored, so a save and restore changes no later output.
 */
public final class WeekdayProfile {

    private static final int DAYS = 7;
    /** Days a weekday must have been seen on, the current one included, before its offset is read. */
    static final int TRUSTED_DAYS = 3;
    /** A day count stops here: one byte in the key's state. */
    private static final int MAX_DAYS = 255;

    private final float[] offset;   // [ch * DAYS + d]
    private final short[] days;

    public WeekdayProfile(int channels) {
        offset = new float[channels * DAYS];
        days = new short[channels * DAYS];
    }

    /** The slot of {@code time}'s day of the week: the state's layout, 0 for Thursday (1970-01-01's), not {@link PhaseClock#weekday}'s. */
    private static int day(long time) {
        return (int) Math.floorMod(PhaseClock.date(time), (long) DAYS);
    }

    /** Whether {@code time} falls on another date than {@code previous} (true when there is no previous point). */
    public static boolean newDate(long previous, long time) {
        return previous == Long.MIN_VALUE || PhaseClock.date(previous) != PhaseClock.date(time);
    }

    /** Channel {@code ch}'s usual offset from its daily profile on the day of {@code time}, in its units; 0 until trusted. */
    public double offset(int ch, long time) {
        int i = ch * DAYS + day(time);
        return days[i] >= TRUSTED_DAYS ? offset[i] : 0.0;
    }

    /**
     * Folds in channel {@code ch}'s deviation from its daily profile at {@code time}; true when this point made the
     * last of the channel's days of the week read: the whole week is read from now.
     *
     * @param perDay  the key's points per day (from its sampling interval)
     * @param newDate whether this point is the key's first on its date: the weekday has come round once more
     */
    public boolean update(int ch, long time, double deviation, double perDay, double memoryDays, boolean newDate) {
        if (!(perDay > 0)) return false;
        int i = ch * DAYS + day(time);
        if (days[i] == 0) {
            // the weekday's first learned point, wherever in its day: its offset starts there
            offset[i] = (float) deviation;
            days[i] = 1;
            return false;
        }
        boolean counted = newDate && days[i] < MAX_DAYS;
        if (counted) days[i]++;
        double w = 1.0 / (Math.min(days[i], memoryDays) * perDay);
        offset[i] = (float) (offset[i] + w * (deviation - offset[i]));
        return counted && days[i] == TRUSTED_DAYS && trusted(ch);
    }

    /** Whether every day of the week of channel {@code ch} is read. */
    private boolean trusted(int ch) {
        for (int d = 0; d < DAYS; d++) if (days[ch * DAYS + d] < TRUSTED_DAYS) return false;
        return true;
    }

    /** Forgets every weekday of every channel (the key re-baselined onto a new normal). */
    public void clear() {
        java.util.Arrays.fill(offset, 0f);
        java.util.Arrays.fill(days, (short) 0);
    }

    public void write(DataOutput out) throws IOException {
        for (int i = 0; i < offset.length; i++) {
            out.writeFloat(offset[i]);
            out.writeByte(days[i]);
        }
    }

    /** Reads what {@link #write} wrote; with {@code shortCounts}, the layout before the counts were a byte. */
    public void read(DataInput in, boolean shortCounts) throws IOException {
        for (int i = 0; i < offset.length; i++) {
            offset[i] = in.readFloat();
            days[i] = (short) (shortCounts ? Math.min(in.readShort(), MAX_DAYS) : in.readUnsignedByte());
        }
    }
}
