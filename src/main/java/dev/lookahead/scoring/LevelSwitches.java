package dev.lookahead.scoring;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The levels each channel switches between: equipment that runs and stops (a pump on and off, a valve open and shut)
 * at times no forecaster can see coming. Each channel keeps two levels it has jumped to and how often lately, counted
 * while the key is normal. Where the channel's switches do not keep to the clock (its caller says: a key that switches
 * by its clock is judged by its schedule, and a switch at another hour is news), a jump that lands on a level counted
 * {@link #TRUST} times is a usual switch: it is judged by the nearer of its forecast and that level. A one-step
 * forecaster overshoots a step it did not see coming and settles over tens of points, so for {@link #SETTLE} points
 * after a usual switch a point near the last value is judged by the nearer of its forecast and that value as well. A
 * jump anywhere else (a spike, a fault's step, a third level) is judged by its forecast alone.
 *
 * <p>A level is learned only from jumps made while the key is normal, and takes the place of the other only while
 * that one is not trusted: a fault that switches the pump on at another level opens an incident each time it comes,
 * and a level the channel has left for good is forgotten as its count halves (every {@link #HALVE_EVERY} of the key's
 * points, or minutes where it is read faster than once a minute) under the trust, after which a new one is learned in
 * {@link #TRUST} jumps. Without this, a pump switching at random about every three hours, read every minute, opened an
 * incident at a third of its switches, and the hourly peaks its switches left widened its band to about eight times
 * its noise.
 *
 * <p>Such a channel's level is also measured from the nearer of its two levels ({@link #fromLevels}, which its caller
 * sets) where its states hold their level and it keeps to its two ({@link #steady}: its last
 * {@link #STEADY_DEPARTURES} jumps while normal left from one of its levels, and none landed on a third): measured from
 * the key's level, somewhere between the two, every point of it was half a switch away, and a fault inside a level (the
 * pump running at 56 rather than 50, six of its noise sigmas, for two hours) was lost in that. A channel whose runs
 * climb or sink after it switches (jumping to 40, then rising to 55) leaves from elsewhere, and measured from the level
 * it jumped to its climbs opened incidents; a valve with a third position held an incident open through each visit.
 *
 * <p>Ten bytes a channel: the two levels (floats), their counts (a nibble each, at most 15), and one byte of the points
 * of settling left, the jumps in a row that left from a level (at most 3) and whether the level is measured from the
 * levels. What is stored is what is used.
 */
public final class LevelSwitches {

    /** A jump: the value moved from the last one by more than this many of the channel's error spreads. */
    public static final double JUMP = 8;
    /** A jump lands on a level within this many error spreads of it; a settling point is this near the last value. */
    public static final double NEAR = 4;
    /** Jumps to a level, counted while the key is normal, before a jump to it is a usual switch. */
    public static final int TRUST = 5;
    /** Points after a usual switch judged by the last value as well. */
    public static final int SETTLE = 30;
    /**
     * The key's points between two halvings of the levels' counts; minutes, for a key read faster than once a minute
     * ({@link #ageByTime}).
     */
    public static final int HALVE_EVERY = 5000;
    private static final long MINUTE = 60_000L;
    /** The largest count held. */
    public static final int MAX_COUNT = 15;
    /**
     * Jumps in a row, made while the key is normal, that left from one of the channel's levels and did not land on a
     * third: its states hold their level, and it keeps to its two.
     */
    public static final int STEADY_DEPARTURES = 2;
    /**
     * A jump lands on a third level farther than this share of the swing from both levels: a valve's third position,
     * an overpressure, not a level a little off one of the two (a fault inside it, which the levels are there to find).
     */
    public static final double THIRD_LEVEL = 0.25;
    /** A level follows the jumps that land on it by this share of their distance: slowly, as equipment wears. */
    private static final double FOLLOW = 1.0 / 8;
    /**
     * The settling byte: points of settling left in its low five bits (at most {@link #SETTLE}), the jumps in a row that
     * left from a level in the next two (at most 3), and whether the level is measured from the levels in the top one.
     */
    private static final int SETTLING_BITS = 0x1f, DEPARTURES = 0x60, DEPARTURES_SHIFT = 5, FROM_LEVELS = 0x80;

    private final float[] level;     // [ch * 2 + i]; NaN: none yet
    private final byte[] counts;     // per channel: level 0's count in the low nibble, level 1's in the high one
    private final byte[] settling;   // points of settling left (SETTLING_BITS), DEPARTURES and FROM_LEVELS

    public LevelSwitches(int channels) {
        level = new float[2 * channels];
        java.util.Arrays.fill(level, Float.NaN);
        counts = new byte[channels];
        settling = new byte[channels];
    }

    /**
     * Whether {@link #judge} has anything to do at channel {@code ch}'s point {@code x}: the channel is settling after
     * a usual switch, or it jumped. Most points of most keys do neither.
     */
    public boolean engaged(int ch, double x, double last, double spread) {
        return (settling[ch] & SETTLING_BITS) != 0 || Math.abs(x - last) > JUMP * spread;
    }

    /**
     * The error channel {@code ch}'s point at {@code x} is judged by, in the channel's units: {@code error} (its
     * forecast error) or, at a usual switch or while the channel settles after one, a smaller error from the level it
     * switched to or from the last value, where {@code byLevels} (its switches do not keep to the clock). Advances
     * the channel's settling and, at a jump while the key is normal ({@code learn}), its levels, judged by them or not.
     *
     * @param last the channel's last value seen (NaN: none)
     * @param spread the channel's error spread in its units, before any hourly peak widens it
     */
    public double judge(int ch, double x, double last, double spread, double error, boolean learn, boolean byLevels) {
        if (Double.isNaN(last) || !(spread > 0)) return error;
        double judged = error;
        double step = x - last;
        int settle = settling[ch] & SETTLING_BITS;
        if (settle > 0) {
            settling[ch] = (byte) ((settling[ch] & ~SETTLING_BITS) | (settle - 1));
            if (Math.abs(step) <= NEAR * spread && Math.abs(step) < Math.abs(judged)) judged = step;
        }
        if (Math.abs(step) > JUMP * spread) {
            int at = near(ch, x, NEAR * spread);
            if (byLevels && at >= 0 && count(ch, at) >= TRUST) {
                double fromLevel = x - level[2 * ch + at];
                if (Math.abs(fromLevel) < Math.abs(judged)) judged = fromLevel;
                settling[ch] = (byte) ((settling[ch] & ~SETTLING_BITS) | SETTLE);
            }
            if (learn) {
                int from = near(ch, last, NEAR * spread);
                boolean third = thirdLevel(ch, x);
                arrive(ch, at, x, from);
                departed(ch, from >= 0 && !third);
            }
        }
        return judged;
    }

    /** The nearer of channel {@code ch}'s levels within {@code within} of {@code x}, or -1. */
    private int near(int ch, double x, double within) {
        int best = -1;
        double bestDistance = within;
        for (int i = 0; i < 2; i++) {
            double d = Math.abs(x - level[2 * ch + i]);   // NaN for a level not yet held: never near
            if (d <= bestDistance) {
                best = i;
                bestDistance = d;
            }
        }
        return best;
    }

    /** A jump landed at {@code x}, on level {@code at} (-1: none), from level {@code from} (-1: none). */
    private void arrive(int ch, int at, double x, int from) {
        if (at >= 0) {
            setCount(ch, at, Math.min(MAX_COUNT, count(ch, at) + 1));
            level[2 * ch + at] += (float) (FOLLOW * (x - level[2 * ch + at]));
            return;
        }
        // a new level takes the place of an untrusted one, the less counted, but not of the level just left: the
        // channel uses that one
        int free = -1;
        for (int i = 0; i < 2; i++)
            if (i != from && count(ch, i) < TRUST && (free < 0 || count(ch, i) < count(ch, free))) free = i;
        if (free < 0) return;
        level[2 * ch + free] = (float) x;
        setCount(ch, free, 1);
    }

    /** How often lately channel {@code ch} has jumped to its level {@code i} (0 or 1), counted while the key was normal. */
    public int count(int ch, int i) {
        return (counts[ch] >> (4 * i)) & 0xf;
    }

    private void setCount(int ch, int i, int c) {
        counts[ch] = (byte) ((counts[ch] & ~(0xf << (4 * i))) | (c << (4 * i)));
    }

    /** Halves every level's count once every {@link #HALVE_EVERY} of the key's points: call once per point, with its number. */
    public void age(long point) {
        if (point % HALVE_EVERY == 0) halve(1);
    }

    /**
     * Halves every level's count once every {@link #HALVE_EVERY} minutes of event time, for a key read faster than once
     * a minute: call once per point with the time of the point before it and its own (epoch ms). Counted in its
     * points, such a key forgot its levels in hours: a pump switching every three hours or so, read every 10 seconds,
     * halved its counts every 14 hours, never trusted its levels, and opened an incident at a switch most hours.
     */
    public void ageByTime(long previousTime, long time) {
        long crossed = Math.floorDiv(time, HALVE_EVERY * MINUTE) - Math.floorDiv(previousTime, HALVE_EVERY * MINUTE);
        if (crossed > 0) halve((int) Math.min(crossed, 4));   // four halvings empty a count of at most 15
    }

    private void halve(int times) {
        for (int ch = 0; ch < counts.length; ch++) {
            setCount(ch, 0, count(ch, 0) >>> times);
            setCount(ch, 1, count(ch, 1) >>> times);
        }
    }

    /** Whether both of channel {@code ch}'s levels are trusted: it switches between them. */
    public boolean trusted(int ch) {
        return count(ch, 0) >= TRUST && count(ch, 1) >= TRUST;
    }

    /** The distance between channel {@code ch}'s two levels. */
    public double swing(int ch) {
        return Math.abs(level[2 * ch] - level[2 * ch + 1]);
    }

    /** Channel {@code ch}'s level {@code i} (0 or 1; NaN: none yet). */
    public double level(int ch, int i) {
        return level[2 * ch + i];
    }

    /** Points channel {@code ch} is still judged by its last value as well, after a usual switch. */
    public int settling(int ch) {
        return settling[ch] & SETTLING_BITS;
    }

    /**
     * Whether channel {@code ch}'s level is measured from the nearer of its two levels ({@link #nearer}) rather than
     * from the key's level: set by the caller, which relearns what it learned from the other measure when this changes.
     */
    public boolean fromLevels(int ch) {
        return (settling[ch] & FROM_LEVELS) != 0;
    }

    public void fromLevels(int ch, boolean on) {
        settling[ch] = (byte) (on ? settling[ch] | FROM_LEVELS : settling[ch] & ~FROM_LEVELS);
    }

    /**
     * Whether channel {@code ch}'s states hold their level and it keeps to its two: its last {@link #STEADY_DEPARTURES}
     * jumps made while the key was normal left from one of its levels, not from wherever a run had climbed or sunk to,
     * and none landed on a third level.
     */
    public boolean steady(int ch) {
        return departures(ch) >= STEADY_DEPARTURES;
    }

    /**
     * Jumps in a row, made while the key was normal, that left from one of channel {@code ch}'s levels and did not land
     * on a third (at most 3).
     */
    public int departures(int ch) {
        return (settling[ch] & DEPARTURES) >> DEPARTURES_SHIFT;
    }

    /** Whether {@code x} is farther than {@link #THIRD_LEVEL} of channel {@code ch}'s swing from both its levels. */
    private boolean thirdLevel(int ch, double x) {
        double a = level[2 * ch], b = level[2 * ch + 1];
        return Math.min(Math.abs(x - a), Math.abs(x - b)) > THIRD_LEVEL * Math.abs(a - b);   // false without both
    }

    /**
     * A jump made while the key was normal left from one of the channel's levels and did not land on a third
     * ({@code steadyJump}), or not: counted, or the count restarts.
     */
    private void departed(int ch, boolean steadyJump) {
        int n = steadyJump ? Math.min(3, departures(ch) + 1) : 0;
        settling[ch] = (byte) ((settling[ch] & ~DEPARTURES) | (n << DEPARTURES_SHIFT));
    }

    /** The nearer of channel {@code ch}'s two levels to {@code x} (NaN: it has none). */
    public double nearer(int ch, double x) {
        int i = near(ch, x, Double.POSITIVE_INFINITY);
        return i < 0 ? Double.NaN : level[2 * ch + i];
    }

    /** Writes channel {@code ch}: its two levels, their counts (one byte), and its settling byte. */
    public void write(DataOutput out, int ch) throws IOException {
        out.writeFloat(level[2 * ch]);
        out.writeFloat(level[2 * ch + 1]);
        out.writeByte(counts[ch]);
        out.writeByte(settling[ch]);
    }

    public void read(DataInput in, int ch) throws IOException {
        level[2 * ch] = in.readFloat();
        level[2 * ch + 1] = in.readFloat();
        counts[ch] = in.readByte();
        settling[ch] = in.readByte();
    }
}
