package dev.lookahead.preprocessing;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A key's last event time and its expected sampling interval, learned from its own timestamps, and the gap rule
 * built on them.
 *
 * <p>The interval is the mean of the first intervals, then an exponentially weighted mean of intervals clipped to
 * [0.5, 2] times the current estimate, so jitter moves it and a gap does not. A gap is readings missed: an interval
 * past the gap factor and within a quarter of a whole number of expected intervals. One between whole numbers is an
 * interval of a key sampled at irregular times (one that reports on change, say) and teaches the estimate as any
 * other: learned from its short intervals alone, the estimate of such a key fell until nearly every interval was a
 * gap too long to impute, and the key spent its life restarting and warming up. A fixed interval can be configured
 * instead.
 */
public final class IntervalTracker {

    private static final int EXACT_FIRST = 8;
    private static final double RATE = 0.05;
    /** How far from a whole number of expected intervals a gap of missed readings may be. */
    private static final double WHOLE_STEPS = 0.25;

    private long lastTime = Long.MIN_VALUE;
    private double expected;      // millis; 0 = unknown yet
    private int observed;         // intervals folded in, saturating

    public boolean hasLast() {
        return lastTime != Long.MIN_VALUE;
    }

    public long lastTime() {
        return lastTime;
    }

    /** Forgets when the last point came and keeps the interval learned: the next point starts a run of its own. */
    public void forgetLast() {
        lastTime = Long.MIN_VALUE;
    }

    /** Expected interval in millis, or 0 while unknown. */
    public double expected(double fixedInterval) {
        return fixedInterval > 0 ? fixedInterval : expected;
    }

    /**
     * Missing steps between the last point and one at {@code time}: 0 when the interval is normal or unknown,
     * otherwise {@code round(dt / expected) - 1} once {@code dt > gapFactor * expected}.
     */
    public long missingSteps(long time, double gapFactor, double fixedInterval) {
        double e = expected(fixedInterval);
        if (!hasLast() || e <= 0) return 0;
        double dt = time - lastTime;
        if (dt <= gapFactor * e) return 0;
        return Math.max(1, Math.round(dt / e) - 1);
    }

    /**
     * Whether the interval from the last point to one at {@code time} is within {@value #WHOLE_STEPS} of a whole number
     * of expected intervals: readings a regular key missed, rather than an interval of a key sampled at irregular times.
     */
    public boolean wholeSteps(long time, double fixedInterval) {
        double e = expected(fixedInterval);
        if (!hasLast() || e <= 0) return false;
        double steps = (time - lastTime) / e;
        return Math.abs(steps - Math.rint(steps)) <= WHOLE_STEPS;
    }

    /**
     * Records a point at {@code time}; a {@code gap} (readings missed, or a pause the key restarted after) does not move
     * the interval estimate.
     */
    public void advance(long time, boolean gap) {
        if (hasLast() && !gap) {
            double dt = time - lastTime;
            if (dt > 0) {
                if (observed < EXACT_FIRST) {
                    observed++;
                    expected += (dt - expected) / observed;
                } else {
                    double clipped = Math.min(Math.max(dt, 0.5 * expected), 2.0 * expected);
                    expected += RATE * (clipped - expected);
                }
            }
        }
        lastTime = time;
    }

    public void write(DataOutput out) throws IOException {
        out.writeLong(lastTime);
        out.writeDouble(expected);
        out.writeByte(observed);
    }

    public void read(DataInput in) throws IOException {
        lastTime = in.readLong();
        expected = in.readDouble();
        observed = in.readUnsignedByte();
    }
}
