package dev.lookahead.preprocessing;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A key's last event time and its expected sampling interval, learned from its own timestamps, and the gap rule
 * built on them.
 *
 * <p>The interval is the mean of the first intervals, then an exponentially weighted mean of intervals clipped to
 * [0.5, 2] times the current estimate, so jitter moves it and a gap does not. A fixed interval can be configured
 * instead.
 */
public final class IntervalTracker {

    private static final int EXACT_FIRST = 8;
    private static final double RATE = 0.05;

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

    /** Records a point at {@code time}; gaps (missingSteps > 0) do not move the interval estimate. */
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
