package dev.lookahead.scoring;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Per channel, the range of values a key has shown, and how far a new value falls outside it. A one-step
 * forecaster follows a level it is shown, so a value that leaves everything the sensor has ever reported (a
 * temperature past its all-time high, a daily peak twice its usual height) can score low against the forecast;
 * this scores it directly. On NAB it lifted the standard score by about 7 points (docs/ACCURACY.md).
 *
 * <p>Floats: the margin is a fraction of the range, far coarser than float precision.
 */
public final class RangeNovelty {

    private final float[] min;
    private final float[] max;

    public RangeNovelty(int channels) {
        min = new float[channels];
        max = new float[channels];
        Arrays.fill(min, Float.POSITIVE_INFINITY);
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
    }

    /**
     * Score of {@code x} on channel {@code ch} against the range seen before it: 0 inside the range widened by
     * {@code margin} times its width, or within {@code least} of it (in the channel's units: the noise of a key
     * whose range is mostly noise reaches past its edge now and then), else {@code 1 - margin / (4 * beyond)} where
     * {@code beyond} is the distance outside in range widths: 0.75 at the margin (the score of a 1e-10
     * forecast-error tail: leaving the range is rarer than most forecast errors; on NAB this ranking lifted the
     * low-FP score from 42.7 to 46.3), towards 1 far beyond it.
     */
    public double score(int ch, double x, double margin, double least) {
        if (margin <= 0 || !(max[ch] > min[ch])) return 0.0;
        double out = Math.max(x - max[ch], min[ch] - x);
        if (!(out > least)) return 0.0;
        double beyond = out / ((double) max[ch] - min[ch]);
        return beyond > margin ? 1.0 - margin / (4.0 * beyond) : 0.0;
    }

    /** Whether {@code x} lies outside the range channel {@code ch} has shown (never, before it has shown two values). */
    public boolean outside(int ch, double x) {
        return max[ch] > min[ch] && (x > max[ch] || x < min[ch]);
    }

    /** Whether {@code x} equals an edge of the range channel {@code ch} has shown (as stored, a float): it adds nothing to it. */
    public boolean atEdge(int ch, double x) {
        float v = (float) x;
        return max[ch] > min[ch] && (v == min[ch] || v == max[ch]);
    }

    public void update(int ch, double x) {
        float v = (float) x;
        if (v < min[ch]) min[ch] = v;
        if (v > max[ch]) max[ch] = v;
    }

    public void write(DataOutput out) throws IOException {
        for (int ch = 0; ch < min.length; ch++) {
            out.writeFloat(min[ch]);
            out.writeFloat(max[ch]);
        }
    }

    public void read(DataInput in) throws IOException {
        for (int ch = 0; ch < min.length; ch++) {
            min[ch] = in.readFloat();
            max[ch] = in.readFloat();
        }
    }
}
