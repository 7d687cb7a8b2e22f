package dev.lookahead.scoring;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Per-channel typical forecast error of a key (in normalised units): an exponentially weighted mean square
 * residual, updated with each residual clipped to {@code clip} typical errors, so an anomaly does not teach the
 * key that large errors are normal. Starts at 1 (an uninformed forecast is off by about one scale).
 *
 * <p>Held as {@code float}, exactly as stored, so a save and restore changes no later output.
 */
public final class ErrorScale {

    private static final double FLOOR = 1e-4;   // variance floor: 1% of a scale
    private final float[] variance;
    private int count;

    public ErrorScale(int channels) {
        variance = new float[channels];
        Arrays.fill(variance, 1f);
    }

    public double std(int ch) {
        return Math.sqrt(Math.max(variance[ch], FLOOR));
    }

    /** Folds one point's residuals in; imputed channels are skipped. */
    public void update(double[] residual, boolean[] imputed, int window, double clip) {
        if (count < Integer.MAX_VALUE) count++;
        double alpha = Math.max(1.0 / (count + 1), 1.0 / window);
        for (int ch = 0; ch < variance.length; ch++) {
            if (imputed[ch]) continue;
            double v = Math.max(variance[ch], FLOOR);
            double r2 = Math.min(residual[ch] * residual[ch], clip * clip * v);
            variance[ch] = (float) (variance[ch] + alpha * (r2 - variance[ch]));
        }
    }

    /**
     * Follows a change of the unit residuals are measured in: when the normaliser's scale for {@code ch} goes from
     * {@code before} to {@code after}, the same error in the data is {@code before / after} times as many new units.
     */
    public void rescale(int ch, double before, double after) {
        double r = before / after;
        if (Double.isFinite(r) && r > 0) variance[ch] = (float) (variance[ch] * r * r);
    }

    /** Takes {@code other}'s scale and count: the same channels, as learned there. */
    public void copyFrom(ErrorScale other) {
        System.arraycopy(other.variance, 0, variance, 0, variance.length);
        count = other.count;
    }

    /** Weighs the next points as if only {@code points} had been seen: quick to learn a new normal. */
    public void relearn(int points) {
        count = Math.min(count, points);
    }

    public void write(DataOutput out) throws IOException {
        out.writeInt(count);
        for (float v : variance) out.writeFloat(v);
    }

    public void read(DataInput in) throws IOException {
        count = in.readInt();
        for (int i = 0; i < variance.length; i++) variance[i] = in.readFloat();
    }
}
