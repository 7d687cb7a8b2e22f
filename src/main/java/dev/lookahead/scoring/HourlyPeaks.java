package dev.lookahead.scoring;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The two largest forecast errors each hour of the day (its event times in {@link PhaseClock}'s local time) showed on the days it
 * was seen lately, per channel, in the channel's own units. A surprise that came at the same hour on two days is part
 * of the key's schedule: a heating plant that starts at 09:00, a batch job at 12:25. A one-step forecaster cannot see
 * such a step coming, and the hourly profile smears a step over its hour, so without this each of those steps would
 * be scored as new every day.
 *
 * <p>The detector scores a point's error against at least {@link #PEAK_SIGMAS}-th of the smaller of the two peaks in
 * its hour: the step scores as a few sigmas, not as thousands. In an hour with no recurring event the peaks are the
 * largest of that hour's noise, about 2 to 3.6 sigmas for 12 to 3,600 points an hour, so the floor stays under the
 * error scale and changes nothing. The smaller of two days, not a mean: one absurd reading, or one day's fault, does
 * not teach its hour to expect another. In an hour whose floor is over the error scale (a step of its own), an error
 * that is the hour's usual step ({@link #usualStep}) scores {@link #PEAK_SIGMAS} however far the smaller peak has
 * faded.
 *
 * <p>Each time its hour ends, a bin's two peaks first fade by {@link #FADE_PER_DAY} (1/8 of an octave: a peak is half
 * as large after 8 of the key's days) and then take the hour's peak in if it is larger than either. So a step
 * that comes on working days only is still expected on Monday, at the smaller of Thursday's and Friday's (Thursday's,
 * faded to 77% of its size), where the last two days, a weekend without it, would have forgotten it every week; and a fault at one hour is
 * learned only when another day brought one as large at that hour within about a week.
 *
 * <p>Peaks are kept as 16-bit base-2 logarithms (1/256 of an octave: 0.3%), so a channel costs 98 bytes with
 * its current hour's peak. The current hour is the hour of the key's last point, which the key's state already holds.
 */
public final class HourlyPeaks {

    /** The error a recurring peak is worth, in error-scale units: a step as large as the hour's usual one scores 4. */
    public static final double PEAK_SIGMAS = 4.0;
    /** How far apart an hour's two peaks may be for it to have a usual step: an octave. */
    static final double STEP_AGREEMENT = 2.0;
    /** How much larger than the larger of those peaks an error may be and still be the hour's usual step. */
    static final double STEP_MARGIN = 1.5;
    private static final int BINS = PhaseProfile.BINS;
    private static final long HOUR = 3_600_000L;
    private static final short NONE = Short.MIN_VALUE;
    /** How much a peak fades each day its hour comes round, in 1/256 of an octave. */
    static final int FADE_PER_DAY = 32;

    // every code's peak, computed once by the same expression: a point reads several, and Math.pow was 4% of a
    // point's cost (512 KiB for the JVM, not per key). The smallest code is an hour seen with no error: 0
    private static final double[] DECODED = new double[1 << 16];

    static {
        for (int code = Short.MIN_VALUE; code <= Short.MAX_VALUE; code++) DECODED[code - Short.MIN_VALUE] = Math.pow(2, code / 256.0);
        DECODED[NONE + 1 - Short.MIN_VALUE] = 0;
    }

    private final short[] largest;   // [ch * BINS + bin]
    private final short[] second;
    private final float[] current;     // per channel: the largest error so far in the current hour

    public HourlyPeaks(int channels) {
        largest = new short[channels * BINS];
        second = new short[channels * BINS];
        current = new float[channels];
        java.util.Arrays.fill(largest, NONE);
        java.util.Arrays.fill(second, NONE);
    }

    /** The smaller of the two peaks of channel {@code ch}'s hour at {@code time}, as faded; 0 until it has two. */
    public double recurring(int ch, long time) {
        int i = ch * BINS + PhaseProfile.bin(time);
        return second[i] == NONE ? 0 : decode(second[i]);
    }

    /**
     * The smaller of the two peaks of the hour before the one at {@code time}, as faded; 0 until it has two. The
     * detector's recent error level still holds that hour's points for a while into this one.
     */
    public double recurringHourBefore(int ch, long time) {
        return recurring(ch, time - HOUR);
    }

    /**
     * The largest of the recurring peaks ({@link #recurring}) of the hour at {@code time}, the hour before it and the
     * hour after it: whether a step the key takes daily is near, on either side of now.
     */
    public double recurringNear(int ch, long time) {
        int bin = PhaseProfile.bin(time), i = ch * BINS;
        // a peak's code grows with the peak: the largest of the three decoded once, on a path every scored point takes
        short code = (short) Math.max(second[i + bin], Math.max(second[i + Math.floorMod(bin - 1, BINS)], second[i + (bin + 1) % BINS]));
        return code == NONE ? 0 : decode(code);
    }

    /**
     * How many hours of the day have a recurring peak ({@link #recurring}) of at least {@code atLeast}: where a key's
     * large errors keep to the clock, a few; where they come at any hour, most.
     */
    public int hoursWithRecurring(int ch, double atLeast) {
        short code = encode((float) atLeast);
        int n = 0;
        for (int b = 0; b < BINS; b++) {
            short c = second[ch * BINS + b];
            if (c != NONE && c >= code) n++;
        }
        return n;
    }

    /**
     * Whether an error of {@code absError} at {@code time} is the hour's usual step: the hour's two peaks are within
     * {@link #STEP_AGREEMENT} of each other (a step of about one size comes each day) and the error is at most
     * {@link #STEP_MARGIN} times the larger. The detector scores such an error as {@link #PEAK_SIGMAS} however far the
     * smaller peak has faded. A step on working days only is faded by the weekend on Monday and Tuesday (the smaller
     * peak is Thursday's or Friday's, at 71% to 77% of itself), and judged against the smaller alone it scored 4.4 to
     * 5.7, over the threshold, as a step a little larger than usual did on any day. One day's fault at an hour is
     * still not expected the next day: it is the larger peak, many times the hour's plain errors.
     */
    public boolean usualStep(int ch, long time, double absError) {
        int i = ch * BINS + PhaseProfile.bin(time);
        if (second[i] == NONE) return false;
        double larger = decode(largest[i]);
        return larger <= STEP_AGREEMENT * decode(second[i]) && absError <= STEP_MARGIN * larger;
    }

    /**
     * Starts the hour of {@code time}, the key's previous point having come at {@code previous}
     * ({@link Long#MIN_VALUE} for none): the hour that ended fades its bin's peaks and may take the place of one.
     */
    public void advance(long previous, long time) {
        if (previous == Long.MIN_VALUE) return;
        if (Math.floorDiv(previous, HOUR) == Math.floorDiv(time, HOUR)) return;
        int bin = PhaseProfile.bin(previous);
        for (int ch = 0; ch < current.length; ch++) {
            int i = ch * BINS + bin;
            short peak = encode(current[ch]), a = fade(largest[i]), b = fade(second[i]);
            if (peak >= a) {
                second[i] = a;
                largest[i] = peak;
            } else {
                largest[i] = a;
                second[i] = (short) Math.max(b, peak);
            }
            current[ch] = 0f;
        }
    }

    private static short fade(short code) {
        return code == NONE ? NONE : (short) Math.max(NONE + 1, code - FADE_PER_DAY);
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
        return DECODED[code - Short.MIN_VALUE];
    }

    /**
     * Writes each channel's current hour's peak as the code its hour will keep (two bytes, not a float's four), then
     * each hour's two peaks. The code is all the hour's end reads: a peak read back from it is encoded to the same
     * code, and so is the larger of it and any later error (the code rounds the logarithm, which keeps their order).
     */
    public void write(DataOutput out) throws IOException {
        for (float v : current) out.writeShort(encode(v));
        for (short v : largest) out.writeShort(v);
        for (short v : second) out.writeShort(v);
    }

    /**
     * Reads what {@link #write} wrote; with {@code version} 2 or 1 the current hour's peak as a float, and with 1
     * the last two days' peaks in the order they came (yesterday, the day before): the larger of each bin's two
     * becomes its largest, so it expects what it did.
     */
    public void read(DataInput in, int version) throws IOException {
        for (int i = 0; i < current.length; i++) current[i] = version >= 3 ? (float) decode(in.readShort()) : in.readFloat();
        for (int i = 0; i < largest.length; i++) largest[i] = in.readShort();
        for (int i = 0; i < second.length; i++) second[i] = in.readShort();
        if (version == 1) {
            for (int i = 0; i < largest.length; i++) {
                short a = largest[i], b = second[i];
                largest[i] = (short) Math.max(a, b);
                second[i] = (short) Math.min(a, b);
            }
        }
    }
}
