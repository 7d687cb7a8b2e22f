package dev.lookahead.scoring;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One scale of a key's channels judged together: the mean over channels of their squared standardised averages,
 * standardised in turn by its own learned mean and spread (the multivariate EWMA chart). Learned as each average's
 * range is: from normal points only, each moving it by at most a bounded number of its spreads once trusted.
 *
 * <p>Floats, as stored: a save and restore changes no later output.
 */
final class PooledSquare {

    /** Points learned before the range is trusted. */
    private final int trustedAfter;
    private float mean;
    private float variance;
    private int count;

    PooledSquare(int trustedAfter) {
        this.trustedAfter = trustedAfter;
    }

    /**
     * Judges one point's mean square over {@code n} channels and, when {@code learn}, learns from it. Returns how
     * many of its spreads it is above its usual value, or NaN while its range is not yet trusted.
     *
     * @param learnClip the most one point moves the range by, in its spreads, once trusted
     */
    double update(double meanSquare, int n, boolean learn, int longWindow, double learnClip) {
        if (learn && count < Integer.MAX_VALUE) count++;
        // at least the spread of a mean of n squared unit normals, 2/n, however narrow the one learned
        double spread = Math.sqrt(Math.max(variance, 2.0 / n));
        boolean trusted = count > trustedAfter;
        double z = trusted ? (meanSquare - mean) / spread : Double.NaN;
        if (learn) {
            double b = Math.max(1.0 / count, 1.0 / longWindow);
            double lim = trusted ? learnClip * spread : Double.POSITIVE_INFINITY;
            double dm = Math.max(-lim, Math.min(lim, meanSquare - mean));
            mean = (float) (mean + b * dm);
            variance = (float) (count == 1 ? 0.0 : (1 - b) * (variance + b * dm * dm));
        }
        return z;
    }

    /** The range is learned again from the points to come. */
    void forget() {
        mean = 0;
        variance = 0;
        count = 0;
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(count);
        out.writeFloat(mean);
        out.writeFloat(variance);
    }

    void read(DataInput in) throws IOException {
        count = in.readInt();
        mean = in.readFloat();
        variance = in.readFloat();
    }
}
