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
 * <p>With {@code moved} tracking, each channel also keeps the mean square residual of the points whose value moved
 * (differed from the last value the key learned), and its typical error is the larger of the two. A key idle at one value most of the
 * time has its residuals near 0 on the idle points: by them alone the bursts it is known for are absurd each time,
 * and the clipped mean collapses. Judged by the points that moved, a burst is as large as a burst usually is. A key
 * that moves on most points has both means alike.
 *
 * <p>Held as {@code float}, exactly as stored, so a save and restore changes no later output.
 */
public final class ErrorScale {

    private static final double FLOOR = 1e-4;   // variance floor: 1% of a scale
    /** The least rate at which an idle channel's moved points' scale learns: one move in a hundred. */
    public static final double IDLE_MOVED_RATE = 1.0 / 100;
    private final float[] variance;
    private final float[] movedVariance;   // null without moved tracking
    private int count;

    /** A scale of every point's residuals alone. */
    public ErrorScale(int channels) {
        this(channels, false);
    }

    /** With {@code moved}, a scale that is also at least that of the points whose value moved. */
    public ErrorScale(int channels, boolean moved) {
        variance = new float[channels];
        Arrays.fill(variance, 1f);
        movedVariance = moved ? new float[channels] : null;
        if (moved) Arrays.fill(movedVariance, 1f);
    }

    public double std(int ch) {
        return Math.sqrt(inForce(ch));
    }

    private double inForce(int ch) {
        double v = Math.max(variance[ch], FLOOR);
        return movedVariance == null ? v : Math.max(v, movedVariance[ch]);
    }

    /** Folds one point's residuals in; imputed channels are skipped. */
    public void update(double[] residual, boolean[] imputed, int window, double clip) {
        update(residual, imputed, null, null, window, clip);
    }

    /**
     * Folds one point's residuals in; imputed channels are skipped, and those {@code moved} marks (null: none) teach
     * the moved points' scale too, learned at least at {@link #IDLE_MOVED_RATE} where {@code idle} marks them (null:
     * none). At the key's rate, one point in {@code window} once the key is old, a channel that moves on one point in
     * a hundred learns how large its moves are over hundreds of thousands of points, and its usual bursts stay
     * surprises for weeks.
     */
    public void update(double[] residual, boolean[] imputed, boolean[] moved, boolean[] idle, int window, double clip) {
        if (count < Integer.MAX_VALUE) count++;
        double alpha = Math.max(1.0 / (count + 1), 1.0 / window);
        for (int ch = 0; ch < variance.length; ch++) {
            if (imputed[ch]) continue;
            double limit = clip * clip * inForce(ch);
            double r2 = Math.min(residual[ch] * residual[ch], limit);
            variance[ch] = (float) (variance[ch] + alpha * (r2 - variance[ch]));
            if (movedVariance != null && moved != null && moved[ch]) {
                double rate = idle != null && idle[ch] ? Math.max(alpha, IDLE_MOVED_RATE) : alpha;
                movedVariance[ch] = (float) (movedVariance[ch] + rate * (r2 - movedVariance[ch]));
            }
        }
    }

    /**
     * Follows a change of the unit residuals are measured in: when the normaliser's scale for {@code ch} goes from
     * {@code before} to {@code after}, the same error in the data is {@code before / after} times as many new units.
     */
    public void rescale(int ch, double before, double after) {
        double r = before / after;
        if (Double.isFinite(r) && r > 0) {
            variance[ch] = (float) (variance[ch] * r * r);
            if (movedVariance != null) movedVariance[ch] = (float) (movedVariance[ch] * r * r);
        }
    }

    /** Takes {@code other}'s scale and count: the same channels, as learned there (the moved points' too, if both keep it). */
    public void copyFrom(ErrorScale other) {
        System.arraycopy(other.variance, 0, variance, 0, variance.length);
        if (movedVariance != null) System.arraycopy(other.movedVariance != null ? other.movedVariance : other.variance, 0, movedVariance, 0, movedVariance.length);
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

    /** Writes the moved points' mean squares, one per channel; nothing without moved tracking. */
    public void writeMoved(DataOutput out) throws IOException {
        if (movedVariance != null) for (float v : movedVariance) out.writeFloat(v);
    }

    /** Reads what {@link #writeMoved} wrote. */
    public void readMoved(DataInput in) throws IOException {
        if (movedVariance != null) for (int i = 0; i < movedVariance.length; i++) movedVariance[i] = in.readFloat();
    }

    /** A state written before the moved points were kept: they start as every point's scale, which they then follow. */
    public void movedFromAll() {
        if (movedVariance != null) System.arraycopy(variance, 0, movedVariance, 0, variance.length);
    }
}
