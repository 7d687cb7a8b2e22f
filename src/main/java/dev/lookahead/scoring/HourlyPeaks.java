package dev.lookahead.scoring;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The largest forecast error each hour of the day (UTC, from the key's own event times) showed on each of the last
 * two days it was seen, per channel, in the channel's own units. A surprise that came at the same hour on both days
 * is part of the key's schedule: a heating plant that starts at 09:00, a batch job at 12:25. A one-step forecaster
 * cannot see such a step coming, and the hourly profile smears a step over its hour, so without this each of those
 * steps would be scored as new every day.
 *
 * <p>The detector scores a point's error against at least {@link #PEAK_SIGMAS}-th of the smaller of the two days'
 * peaks in its hour: the step scores as a few sigmas, not as thousands. In an hour with no recurring event the peak is
 * the largest of that hour's noise, about 2 to 3.6 sigmas for 12 to 3,600 points an hour, so the floor stays under
 * the error scale and changes nothing. The smaller of two days, not a mean: one absurd reading, or one day's fault,
 * does not teach its hour to expect another.
 *
 * <p>Peaks are kept as 16-bit base-2 logarithms (1/256 of an octave: 0.3%), so a channel costs 100 bytes with
 * its current hour's peak. The current hour is the hour of the key's last point, which the key's state already holds.
 */
public final class HourlyPeaks {

    /** The error a recurring peak is worth, in error-scale units: a step as large as the hour's usual one scores 4. */
    public static final double PEAK_SIGMAS = 4.0;
    private static final int BINS = PhaseProfile.BINS;
    private static final long HOUR = 3_600_000L;
    private static final short NONE = Short.MIN_VALUE;

    private final short[] yesterday;   // [ch * BINS + bin]
    private final short[] dayBefore;
    private final float[] current;     // per channel: the largest error so far in the current hour

    public HourlyPeaks(int channels) {
        yesterday = new short[channels * BINS];
        dayBefore = new short[channels * BINS];
        current = new float[channels];
        java.util.Arrays.fill(yesterday, NONE);
        java.util.Arrays.fill(dayBefore, NONE);
    }

    /** The peak of channel {@code ch}'s hour at {@code time} on both of the last two days it was seen; 0 until then. */
    public double recurring(int ch, long time) {
        int i = ch * BINS + PhaseProfile.bin(time);
        if (yesterday[i] == NONE || dayBefore[i] == NONE) return 0;
        return decode((short) Math.min(yesterday[i], dayBefore[i]));
    }

    /**
     * Starts the hour of {@code time}, the key's previous point having come at {@code previous}
     * ({@link Long#MIN_VALUE} for none): the hour that ended becomes its bin's latest day.
     */
    public void advance(long previous, long time) {
        if (previous == Long.MIN_VALUE) return;
        if (Math.floorDiv(previous, HOUR) == Math.floorDiv(time, HOUR)) return;
        int bin = PhaseProfile.bin(previous);
        for (int ch = 0; ch < current.length; ch++) {
            int i = ch * BINS + bin;
            dayBefore[i] = yesterday[i];
            yesterday[i] = encode(current[ch]);
            current[ch] = 0f;
        }
    }

    /** Folds channel {@code ch}'s absolute forecast error (channel units) into the current hour. */
    public void record(int ch, double absError) {
        if (absError > current[ch] && absError < Float.MAX_VALUE) current[ch] = (float) absError;
    }

    private static short encode(float v) {
        if (!(v > 0)) return (short) (NONE + 1);   // an hour seen, with no error: the smallest peak
        double code = Math.rint(Math.log(v) / Math.log(2) * 256);
        return (short) Math.max(NONE + 1, Math.min(Short.MAX_VALUE, code));
    }

    private static double decode(short code) {
        return code == NONE + 1 ? 0 : Math.pow(2, code / 256.0);
    }

    public void write(DataOutput out) throws IOException {
        for (float v : current) out.writeFloat(v);
        for (short v : yesterday) out.writeShort(v);
        for (short v : dayBefore) out.writeShort(v);
    }

    public void read(DataInput in) throws IOException {
        for (int i = 0; i < current.length; i++) current[i] = in.readFloat();
        for (int i = 0; i < yesterday.length; i++) yesterday[i] = in.readShort();
        for (int i = 0; i < dayBefore.length; i++) dayBefore[i] = in.readShort();
    }
}
