package dev.lookahead.model;

/**
 * Advances one key's LSTM by one step and predicts its next normalised values, on pre-allocated arrays only: the
 * plain-Java {@link StepKernel}, the default ({@link StepKernelType#SCALAR}).
 *
 * <p>This is the hot path: one call per point per key, no allocation, no ND4J (one ND4J step for one key measured
 * ~80 µs here). Not thread-safe: it owns scratch buffers, so each task thread keeps its own stepper over shared,
 * read-only {@link LstmWeights}.
 *
 * <p>Every gate's pre-activation is summed in the same order as the straightforward one-row-at-a-time loop
 * ({@code g = b; g += row_k * v_k} for k = 0, 1, ...), four rows per pass so {@code g} is loaded and stored a
 * quarter as often: the outputs are the same bits as before that change (LstmStepperReferenceTest checks).
 *
 * <p>State arrays hold all layers back to back: {@code h[off + l*H + j]}.
 */
public final class LstmStepper implements StepKernel {

    private final LstmWeights w;
    private final int hidden;
    private final int layers;
    private final int channels;
    private final float[] gates;
    private final float[][] wyT;   // the head transposed, [C][H]: one contiguous row per channel

    public LstmStepper(LstmWeights weights) {
        this.w = weights;
        ModelArchitecture a = weights.architecture();
        this.hidden = a.hidden();
        this.layers = a.layers();
        this.channels = a.channelCount();
        this.gates = new float[4 * hidden];
        this.wyT = new float[channels][hidden];
        for (int k = 0; k < hidden; k++)
            for (int ch = 0; ch < channels; ch++) wyT[ch][k] = weights.wy[k][ch];
    }

    @Override
    public LstmWeights weights() {
        return w;
    }

    @Override
    public int stateSize() {
        return layers * hidden;
    }

    @Override
    public void step(float[] x, int xOff, float[] h, float[] c, int off, float[] y, int yOff) {
        final int hs = hidden;
        final float[] g = gates;
        for (int l = 0; l < layers; l++) {
            final int base = off + l * hs;
            System.arraycopy(w.b[l], 0, g, 0, 4 * hs);
            if (l == 0) accumulate(g, w.wx[l], x, xOff, channels);
            else accumulate(g, w.wx[l], h, off + (l - 1) * hs, hs);
            accumulate(g, w.wr[l], h, base, hs);
            for (int j = 0; j < hs; j++) {
                float i = sigmoid(g[j]);
                float f = sigmoid(g[hs + j]);
                float cand = tanh(g[2 * hs + j]);
                float o = sigmoid(g[3 * hs + j]);
                float cn = f * c[base + j] + i * cand;
                c[base + j] = cn;
                h[base + j] = o * tanh(cn);
            }
        }
        forecast(h, off, y, yOff);
    }

    @Override
    public void forecast(float[] h, int off, float[] y, int yOff) {
        final int top = off + (layers - 1) * hidden;
        for (int ch = 0; ch < channels; ch++) {
            final float[] row = wyT[ch];
            float acc = w.by[ch];
            for (int k = 0; k < hidden; k++) acc += h[top + k] * row[k];
            y[yOff + ch] = acc;
        }
    }

    /**
     * {@code g += rows[k] * v[vOff + k]} for k = 0..n-1, in that order for every element. A zero input adds
     * (+/-)0, which can only turn a -0 pre-activation into +0: the same activation, so the same outputs as skipping it.
     */
    private static void accumulate(float[] g, float[][] rows, float[] v, int vOff, int n) {
        final int len = g.length;
        int k = 0;
        for (; k + 4 <= n; k += 4) {
            final float v0 = v[vOff + k], v1 = v[vOff + k + 1], v2 = v[vOff + k + 2], v3 = v[vOff + k + 3];
            final float[] r0 = rows[k], r1 = rows[k + 1], r2 = rows[k + 2], r3 = rows[k + 3];
            for (int r = 0; r < len; r++) g[r] = g[r] + r0[r] * v0 + r1[r] * v1 + r2[r] * v2 + r3[r] * v3;
        }
        for (; k < n; k++) {
            final float vk = v[vOff + k];
            final float[] row = rows[k];
            for (int r = 0; r < len; r++) g[r] = g[r] + row[r] * vk;
        }
    }

    static float sigmoid(float v) {
        return (float) (1.0 / (1.0 + Math.exp(-v)));
    }

    static float tanh(float v) {
        // 2*sigmoid(2v)-1 costs one exp; Math.tanh is several times slower here and agrees to ~1e-7.
        return (float) (2.0 / (1.0 + Math.exp(-2.0 * v)) - 1.0);
    }
}
