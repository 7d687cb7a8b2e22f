package dev.lookahead.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The weights of a stacked LSTM with a linear head, held as one {@code float[]} per row so the step's inner
 * loops are plain {@code axpy} over contiguous arrays (JDK 17 vectorises those; a flat array with a row offset it
 * does not, measured 2x slower at H=64).
 *
 * <h2>Layout</h2>
 * The flat parameter vector (snapshots, trainers) is, for each layer {@code l = 0..L-1}:
 * <ol>
 *   <li>{@code Wx[l]}: {@code [nIn_l][4H]} row-major ({@code nIn_0} = channels, {@code nIn_l} = H above);</li>
 *   <li>{@code Wr[l]}: {@code [H][4H]} row-major, the recurrent weights;</li>
 *   <li>{@code b[l]}: {@code [4H]};</li>
 * </ol>
 * then the head {@code Wy}: {@code [H][C]} row-major and {@code by}: {@code [C]}.
 * Inside every {@code 4H} the gate blocks are ordered <b>i, f, g, o</b> (input, forget, candidate, output), the
 * layout of ND4J/SameDiff's {@code lstmLayer}, so trained weights copy over unchanged. The cell is
 * {@code c' = f*c + i*g}, {@code h' = o*tanh(c')} with sigmoid gates and tanh candidate, and the forecast is
 * {@code y = h_top * Wy + by}, the next step's normalised channel values.
 */
public final class LstmWeights {

    private final ModelArchitecture architecture;
    final float[][][] wx;   // [layer][input row][4H]
    final float[][][] wr;   // [layer][hidden row][4H]
    final float[][] b;      // [layer][4H]
    final float[][] wy;     // [H][C]
    final float[] by;       // [C]

    private LstmWeights(ModelArchitecture a) {
        this.architecture = a;
        int h = a.hidden(), g = 4 * h, layers = a.layers();
        wx = new float[layers][][];
        wr = new float[layers][][];
        b = new float[layers][g];
        for (int l = 0; l < layers; l++) {
            wx[l] = new float[a.inputSize(l)][g];
            wr[l] = new float[h][g];
        }
        wy = new float[h][a.channelCount()];
        by = new float[a.channelCount()];
    }

    public ModelArchitecture architecture() {
        return architecture;
    }

    /** Builds weights from the flat vector in the documented order. */
    public static LstmWeights fromFlat(ModelArchitecture a, float[] flat) {
        if (flat.length != a.parameterCount())
            throw new IllegalArgumentException("architecture " + a.describe() + " needs " + a.parameterCount()
                    + " parameters, got " + flat.length);
        LstmWeights w = new LstmWeights(a);
        int p = 0;
        for (int l = 0; l < a.layers(); l++) {
            for (float[] row : w.wx[l]) p = take(flat, p, row);
            for (float[] row : w.wr[l]) p = take(flat, p, row);
            p = take(flat, p, w.b[l]);
        }
        for (float[] row : w.wy) p = take(flat, p, row);
        take(flat, p, w.by);
        return w;
    }

    /** The flat vector in the documented order. */
    public float[] toFlat() {
        float[] flat = new float[architecture.parameterCount()];
        int p = 0;
        for (int l = 0; l < architecture.layers(); l++) {
            for (float[] row : wx[l]) p = put(flat, p, row);
            for (float[] row : wr[l]) p = put(flat, p, row);
            p = put(flat, p, b[l]);
        }
        for (float[] row : wy) p = put(flat, p, row);
        put(flat, p, by);
        return flat;
    }

    /**
     * Seeded Glorot-uniform initialisation with forget-gate bias 1 (the usual LSTM start), used by trainers and
     * by tests that need a model without training one.
     */
    public static LstmWeights initialise(ModelArchitecture a, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int h = a.hidden(), g = 4 * h;
        float[] flat = new float[a.parameterCount()];
        int p = 0;
        for (int l = 0; l < a.layers(); l++) {
            int nIn = a.inputSize(l);
            double lim = Math.sqrt(6.0 / (nIn + g));
            for (int i = 0; i < nIn * g; i++) flat[p++] = (float) rnd.nextDouble(-lim, lim);
            double limR = Math.sqrt(6.0 / (h + g));
            for (int i = 0; i < h * g; i++) flat[p++] = (float) rnd.nextDouble(-limR, limR);
            for (int j = 0; j < g; j++) flat[p++] = (j >= h && j < 2 * h) ? 1f : 0f;
        }
        double limY = Math.sqrt(6.0 / (h + a.channelCount()));
        for (int i = 0; i < h * a.channelCount(); i++) flat[p++] = (float) rnd.nextDouble(-limY, limY);
        return fromFlat(a, flat);
    }

    private static int take(float[] flat, int p, float[] row) {
        System.arraycopy(flat, p, row, 0, row.length);
        return p + row.length;
    }

    private static int put(float[] flat, int p, float[] row) {
        System.arraycopy(row, 0, flat, p, row.length);
        return p + row.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LstmWeights w && w.architecture.equals(architecture) && Arrays.equals(w.toFlat(), toFlat());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toFlat());
    }
}
