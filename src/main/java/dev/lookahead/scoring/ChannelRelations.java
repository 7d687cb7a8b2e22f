package dev.lookahead.scoring;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * How a key's channels move together, learned while it is normal, and how far each channel now is from where the
 * others say it should be. Sensors on one machine share causes (an operating point, a vibration level, a thermal
 * state), so each wanders a lot on its own, and a fault of two noise sigmas on one of them is lost in that wander;
 * given the others, though, the channel is tight, and the fault stands out.
 *
 * <p>The covariance of the channels' deviations is an exponentially weighted estimate (weight {@code 1/n} at first,
 * never below {@code 1/window}), kept in the key's current normalised units ({@link #rescale}), its off-diagonals
 * shrunk by {@code channels / points learned}, between 1% and 10%, so a short history cannot make it singular. The
 * shrinkage is that small once the history is long because each part of it leaks into the conditional deviations:
 * off-diagonals times {@code 1 - s} leave about {@code s} of every shared part in them, and a channel whose shared part
 * is three times its own noise then wanders with the operating point by a third of its noise at 10%, which hides a slow
 * drift from the long averages.
 * For a deviation vector {@code d} it returns, per channel, the conditional deviation
 * {@code (P d)_i / sqrt(P_ii)} with {@code P} the inverse covariance: channel {@code i}'s deviation from its
 * expectation given every other channel, in units of its conditional spread (standard normal for Gaussian
 * deviations). A shift of every channel along the way they usually move together (a new operating point) leaves
 * these near 0; one sensor leaving the others does not. With one channel it is the deviation over its spread.
 *
 * <p>The covariance is learned about the channels' own long-run centre (an average over {@value #CENTRE_WINDOWS}
 * windows), not about the key's normalised level, which follows the key within one window. A slow shared cause (a
 * thermal state with a half-hour memory) mostly stays within that level's reach, so about it the channel that
 * carries the cause is mostly noise, and the relation is learned attenuated, as a regression on a noisy input is: when
 * that level then holds still through an incident while the cause moves on, a channel that follows it is left a
 * sigma or more from where the others put it. About the long-run centre the cause counts at its full size.
 *
 * <p>The lower triangle is kept as floats and the centre as doubles, as stored: a save and restore changes no later
 * output.
 */
public final class ChannelRelations {

    /** Bounds of the shrinkage towards the diagonal, {@code channels / count} between them. */
    private static final double MIN_SHRINK = 0.01, MAX_SHRINK = 0.1;
    /** Variance floor, in the squared units of the deviations. */
    private static final double FLOOR = 1e-6;
    /** The centre averages over this many of the relations' windows. */
    static final int CENTRE_WINDOWS = 10;

    private final int n;
    private final float[] cov;   // lower triangle, row-major: (i, j <= i) at i*(i+1)/2 + j
    // per channel, in its own units; NaN until the first point learned. A double: a float would lose a key whose
    // level is large beside its noise (a reading near 1e9 that moves by units) to its rounding
    private final double[] centre;
    private int count;

    // scratch
    private final double[] chol;
    private final double[] y;
    private final double[] inv;
    private final int[] idx;   // the channels a call judges, in order

    public ChannelRelations(int channels) {
        this.n = channels;
        cov = new float[n * (n + 1) / 2];
        centre = new double[n];
        java.util.Arrays.fill(centre, Double.NaN);
        chol = new double[n * n];
        y = new double[n];
        inv = new double[n * n];
        idx = new int[n];
    }

    /**
     * How far a level lies from the centre, as the relations see it: its deviation {@code (level - centre) / scale}
     * measured by the inverse covariance, squared and averaged over the channels. About 1 where the key usually
     * runs, whichever way its shared causes have moved it; large for channels that moved apart from each other (a
     * run with a sensor offset of its own). 0 until the relations are known ({@code count} below {@code minCount}).
     */
    public double distanceFromCentre(double[] level, double[] scale, int minCount) {
        if (count < minCount || Double.isNaN(centre[0]) || !factor(select(null, y))) return 0;
        for (int a = 0; a < n; a++) y[a] = (level[a] - centre[a]) / scale[a];
        forward(y, n);   // L^-1 v, whose squared length is v' P v
        double sum = 0;
        for (int a = 0; a < n; a++) sum += y[a] * y[a];
        return sum / n;
    }

    /** Moves channel {@code ch}'s centre by {@code by}, in its own units, as the key's level moved. */
    public void shiftCentre(int ch, double by) {
        if (!Double.isNaN(centre[ch])) centre[ch] += by;
    }

    /** Points the relations have learned from. */
    public int count() {
        return count;
    }

    /**
     * Folds a normal point in (all channels present): {@code x} its values, {@code d} its deviations as they are
     * judged, {@code (x - level) / scale} less the usual deviation at its hour, with {@code level} and {@code scale}
     * the key's normalisation of each channel. Each deviation is moved by {@code (level - centre) / scale} to one
     * from the centre before it is learned. The centre starts at the key's level (a key's first point, or the first
     * after a state that kept none) and then averages the values.
     */
    public void learn(double[] d, double[] x, double[] level, double[] scale, int window) {
        if (count < Integer.MAX_VALUE) count++;
        double b = Math.max(1.0 / count, 1.0 / window);
        double bc = Math.max(1.0 / count, 1.0 / ((double) CENTRE_WINDOWS * window));
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(centre[i])) centre[i] = level[i];
            centre[i] += bc * (x[i] - centre[i]);
            y[i] = d[i] + (level[i] - centre[i]) / scale[i];
        }
        for (int i = 0, k = 0; i < n; i++)
            for (int j = 0; j <= i; j++, k++) cov[k] = (float) ((1 - b) * cov[k] + b * y[i] * y[j]);
    }

    /**
     * Writes each present channel's conditional deviation into {@code out}: given the other present ones ({@code
     * present} null: all), so a missing reading leaves the others judged by the relations among themselves, in the
     * same units as when all are there. A channel not present gets 0. Falls back to the deviation over the channel's
     * own spread when the relations are not yet known ({@code count} below {@code minCount}) or one channel is present.
     */
    public void conditional(double[] d, boolean[] present, double[] out, int minCount) {
        conditional(d, present, out, minCount, null);
    }

    /**
     * As above, also writing each present channel's spread given the others ({@code d}'s units) into {@code spread}
     * (when not null): {@code d[ch] - out[ch] * spread[ch]} is where the others say channel {@code ch} should be.
     */
    public void conditional(double[] d, boolean[] present, double[] out, int minCount, double[] spread) {
        int m = select(present, out);
        if (m == 0) return;
        if (m == 1 || count < minCount || !factor(m)) {
            for (int a = 0; a < m; a++) {
                double own = ownSpread(idx[a]);
                out[idx[a]] = d[idx[a]] / own;
                if (spread != null) spread[idx[a]] = own;
            }
            return;
        }
        // P d by two triangular solves, P's diagonal from L^-1
        forward(d, m);
        for (int a = m - 1; a >= 0; a--) {
            double s = y[a];
            for (int k = a + 1; k < m; k++) s -= chol[k * n + a] * out[idx[k]];
            out[idx[a]] = s / chol[a * n + a];
        }
        invertFactor(m);
        for (int a = 0; a < m; a++) {
            double root = Math.sqrt(precisionDiagonal(a, m));
            out[idx[a]] = out[idx[a]] / root;
            if (spread != null) spread[idx[a]] = 1.0 / root;
        }
    }

    /**
     * The inverse of {@link #conditional}: the deviations {@code d} whose conditional deviations over the same present
     * channels are {@code c}, with the same fallback.
     */
    public void marginal(double[] c, boolean[] present, double[] out, int minCount) {
        int m = select(present, out);
        if (m == 0) return;
        if (m == 1 || count < minCount || !factor(m)) {
            for (int a = 0; a < m; a++) out[idx[a]] = c[idx[a]] * ownSpread(idx[a]);
            return;
        }
        invertFactor(m);
        // v = sqrt(P_ii) c, then out = L L^T v
        for (int a = 0; a < m; a++) y[a] = Math.sqrt(precisionDiagonal(a, m)) * c[idx[a]];
        for (int a = 0; a < m; a++) {   // L^T v, into out
            double s = 0;
            for (int k = a; k < m; k++) s += chol[k * n + a] * y[k];
            out[idx[a]] = s;
        }
        for (int a = m - 1; a >= 0; a--) {   // then L (L^T v), from the last row up so each out[k <= a] is still L^T v's
            double s = 0;
            for (int k = 0; k <= a; k++) s += chol[a * n + k] * out[idx[k]];
            out[idx[a]] = s;
        }
    }

    /** {@link #y} = L^-1 v over the {@code m} channels in {@link #idx} (v may be {@link #y} itself when they are all). */
    private void forward(double[] v, int m) {
        for (int a = 0; a < m; a++) {
            double s = v[idx[a]];
            for (int k = 0; k < a; k++) s -= chol[a * n + k] * y[k];
            y[a] = s / chol[a * n + a];
        }
    }

    /** {@link #idx} = the present channels in order (all for null), the others' {@code out} 0; returns how many. */
    private int select(boolean[] present, double[] out) {
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (present == null || present[i]) idx[m++] = i;
            else out[i] = 0;
        }
        return m;
    }

    /** Channel {@code i}'s spread on its own: the fallback of {@link #conditional} and {@link #marginal}. */
    private double ownSpread(int i) {
        return Math.sqrt(Math.max(cov[i * (i + 1) / 2 + i], FLOOR));
    }

    /** {@link #inv} = L^-1 (lower) of the last {@link #factor}, over its {@code m} channels. */
    private void invertFactor(int m) {
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < j; i++) inv[i * n + j] = 0;
            inv[j * n + j] = 1.0 / chol[j * n + j];
            for (int i = j + 1; i < m; i++) {
                double s = 0;
                for (int k = j; k < i; k++) s -= chol[i * n + k] * inv[k * n + j];
                inv[i * n + j] = s / chol[i * n + i];
            }
        }
    }

    /** P_aa, the precision's diagonal over the {@code m} selected channels, from {@link #invertFactor}: the sum of inv[k][a]^2 over k >= a. */
    private double precisionDiagonal(int a, int m) {
        double p = 0;
        for (int k = a; k < m; k++) p += inv[k * n + a] * inv[k * n + a];
        return p;
    }

    /** Cholesky of the shrunk covariance of the {@code m} channels in {@link #idx} into {@link #chol}; false if it is not positive definite. */
    private boolean factor(int m) {
        // about the relative error of a covariance of n channels learned from count points
        double shrink = Math.min(MAX_SHRINK, Math.max(MIN_SHRINK, (double) n / Math.max(count, 1)));
        for (int a = 0; a < m; a++) {
            int i = idx[a];
            for (int b = 0; b <= a; b++) {
                int j = idx[b];
                double c = cov[i * (i + 1) / 2 + j];
                if (i != j) c *= 1 - shrink;
                else c = Math.max(c, FLOOR);
                double s = c;
                for (int k = 0; k < b; k++) s -= chol[a * n + k] * chol[b * n + k];
                if (a == b) {
                    if (!(s > 0)) return false;
                    chol[a * n + a] = Math.sqrt(s);
                } else {
                    chol[a * n + b] = s / chol[b * n + b];
                }
            }
        }
        return true;
    }

    /**
     * Starts from relations learned elsewhere (a correlation matrix, lower triangle, from the model's training data)
     * as if they had been learned from {@code points} points of this key: the key's own points then refine them.
     */
    public void seed(float[] correlation, int points) {
        if (correlation == null || correlation.length != cov.length) return;
        System.arraycopy(correlation, 0, cov, 0, cov.length);
        count = points;
    }

    /**
     * Channel {@code ch}'s normalised unit changed: its scale went from {@code before} to {@code after}. The covariance
     * is kept in the current units, so its row and column are converted. Left in the units each point was learned in,
     * a key whose scale grows as its shared causes show their full swing (thousands of points for a cause with a
     * memory of hundreds) read its channels' conditional deviations at 0.6 to 0.9 of their size, and their averages
     * then outgrew the ranges learned from them as the scale settled.
     */
    public void rescale(int ch, double before, double after) {
        double r = before / after;
        if (r == 1.0 || !(r > 0) || !Double.isFinite(r)) return;
        int row = ch * (ch + 1) / 2;
        for (int j = 0; j < ch; j++) cov[row + j] = (float) (cov[row + j] * r);
        cov[row + ch] = (float) (cov[row + ch] * r * r);
        for (int i = ch + 1; i < n; i++) cov[i * (i + 1) / 2 + ch] = (float) (cov[i * (i + 1) / 2 + ch] * r);
    }

    /** Forgets what was learned (the key re-baselined onto a new normal). */
    public void relearn() {
        java.util.Arrays.fill(cov, 0f);
        java.util.Arrays.fill(centre, Double.NaN);
        count = 0;
    }

    /** Version 2: count, covariance, centre. */
    public void write(DataOutput out) throws IOException {
        out.writeInt(count);
        for (float v : cov) out.writeFloat(v);
        for (double v : centre) out.writeDouble(v);
    }

    /**
     * Reads what {@link #write} wrote in {@code version}. Version 1 kept no centre: it starts again at the key's level
     * at the next point learned, and the covariance learned about that level stays until the points about the
     * centre outweigh it.
     */
    public void read(DataInput in, int version) throws IOException {
        count = in.readInt();
        for (int i = 0; i < cov.length; i++) cov[i] = in.readFloat();
        if (version >= 2) for (int i = 0; i < centre.length; i++) centre[i] = in.readDouble();
        else java.util.Arrays.fill(centre, Double.NaN);
    }
}
