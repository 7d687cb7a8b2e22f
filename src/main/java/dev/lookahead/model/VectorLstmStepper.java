package dev.lookahead.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@link StepKernel} on the JDK's Vector API ({@link StepKernelType#VECTOR}): the same step as
 * {@link LstmStepper}, eight floats at a time. Load only through {@link StepKernelType#create}, which checks that
 * the module {@code jdk.incubator.vector} is present.
 *
 * <h2>Why its outputs are deterministic</h2>
 * Only exactly rounded lane-wise operations are used (add, mul, div, min, max, bit reinterpretation, shifts): no fused
 * multiply-add, no lane reduction, no {@code VectorOperators.EXP} (its intrinsic and its interpreted fallback
 * round differently, so a key's output would depend on when the JIT compiled the loop). The exponential is
 * Cephes' {@code expf} polynomial written in those operations; the species is fixed at 256 bits. So the result
 * is the same interpreted or compiled, on any CPU.
 *
 * <h2>How it differs from the scalar kernel</h2>
 * The gate pre-activations are summed in the scalar kernel's order, so they are the same bits; the activations
 * are computed in float with the polynomial exponential instead of {@code Math.exp} in double, and the head's dot
 * product is summed eight lanes at a time, which moves h, c and the forecast by ~1e-7 (StepKernelTest bounds it at
 * 1e-6 over many steps).
 *
 * <p>Internally each gate block is padded to a multiple of eight units ({@code hp}), and the four blocks to whole
 * groups of 64; the padding has zero weights and never reaches the state arrays, whose layout is the scalar kernel's.
 */
final class VectorLstmStepper implements StepKernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = S.length();

    private final LstmWeights w;
    private final int hidden;
    private final int hp;          // hidden rounded up to a multiple of L
    private final int layers;
    private final int channels;
    private final float[][][] rows;   // [layer][input k][gl]: Wx rows then Wr rows, gate blocks at q*hp
    private final float[][] bias;     // [layer][gl]
    private final float[][] wyT;      // [C][hp]
    private final float[] by;
    private final float[] in;         // the layer's inputs: x or the layer below's h, then its own h
    private final float[] gates;      // [gl]: 4*hp rounded up to a multiple of 8*L, the tail zero
    private final float[] hs, cs;     // one layer's h and c, padded to hp
    private final float[] lanes = new float[L];

    VectorLstmStepper(LstmWeights weights) {
        this.w = weights;
        ModelArchitecture a = weights.architecture();
        hidden = a.hidden();
        layers = a.layers();
        channels = a.channelCount();
        hp = (hidden + L - 1) / L * L;
        rows = new float[layers][][];
        bias = new float[layers][];
        int maxIn = 0;
        for (int l = 0; l < layers; l++) {
            int nIn = a.inputSize(l);
            maxIn = Math.max(maxIn, nIn);
            rows[l] = new float[nIn + hidden][];
            for (int k = 0; k < nIn; k++) rows[l][k] = pad(weights.wx[l][k]);
            for (int k = 0; k < hidden; k++) rows[l][nIn + k] = pad(weights.wr[l][k]);
            bias[l] = pad(weights.b[l]);
        }
        wyT = new float[channels][hp];
        for (int k = 0; k < hidden; k++)
            for (int ch = 0; ch < channels; ch++) wyT[ch][k] = weights.wy[k][ch];
        by = weights.by.clone();
        in = new float[maxIn + hidden];
        gates = new float[gateLength()];
        hs = new float[hp];
        cs = new float[hp];
    }

    /** The gates' padded length: 4*hp rounded up to whole groups of eight vectors, which {@link #gates} sums at once. */
    private int gateLength() {
        return (4 * hp + 8 * L - 1) / (8 * L) * (8 * L);
    }

    /** A 4H gate row with each block moved to q*hp and zero padding between and after. */
    private float[] pad(float[] row) {
        float[] p = new float[gateLength()];
        for (int q = 0; q < 4; q++) System.arraycopy(row, q * hidden, p, q * hp, hidden);
        return p;
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
        final int hsz = hidden;
        for (int l = 0; l < layers; l++) {
            final int base = off + l * hsz;
            final int nIn = l == 0 ? channels : hsz;
            if (l == 0) System.arraycopy(x, xOff, in, 0, channels);
            else System.arraycopy(h, base - hsz, in, 0, hsz);
            System.arraycopy(h, base, in, nIn, hsz);
            gates(rows[l], bias[l], nIn + hsz);
            System.arraycopy(c, base, cs, 0, hsz);
            cell();
            System.arraycopy(cs, 0, c, base, hsz);
            System.arraycopy(hs, 0, h, base, hsz);
        }
        head(y, yOff);
    }

    @Override
    public void forecast(float[] h, int off, float[] y, int yOff) {
        System.arraycopy(h, off + (layers - 1) * hidden, hs, 0, hidden);
        head(y, yOff);
    }

    /**
     * gates = b + sum_k rows[k] * in[k], k in order. Eight vectors at a time, so eight sums run in parallel where
     * each add waits on the last one to its sum (a bare H=32 step about 5% faster than with four). A padded tail sums
     * zeros.
     */
    private void gates(float[][] r, float[] b, int n) {
        final float[] g = gates;
        final float[] v = in;
        final int len = g.length;   // a multiple of 8*L
        for (int j = 0; j < len; j += 8 * L) {
            FloatVector a0 = FloatVector.fromArray(S, b, j);
            FloatVector a1 = FloatVector.fromArray(S, b, j + L);
            FloatVector a2 = FloatVector.fromArray(S, b, j + 2 * L);
            FloatVector a3 = FloatVector.fromArray(S, b, j + 3 * L);
            FloatVector a4 = FloatVector.fromArray(S, b, j + 4 * L);
            FloatVector a5 = FloatVector.fromArray(S, b, j + 5 * L);
            FloatVector a6 = FloatVector.fromArray(S, b, j + 6 * L);
            FloatVector a7 = FloatVector.fromArray(S, b, j + 7 * L);
            for (int k = 0; k < n; k++) {
                final float vk = v[k];
                final float[] row = r[k];
                a0 = a0.add(FloatVector.fromArray(S, row, j).mul(vk));
                a1 = a1.add(FloatVector.fromArray(S, row, j + L).mul(vk));
                a2 = a2.add(FloatVector.fromArray(S, row, j + 2 * L).mul(vk));
                a3 = a3.add(FloatVector.fromArray(S, row, j + 3 * L).mul(vk));
                a4 = a4.add(FloatVector.fromArray(S, row, j + 4 * L).mul(vk));
                a5 = a5.add(FloatVector.fromArray(S, row, j + 5 * L).mul(vk));
                a6 = a6.add(FloatVector.fromArray(S, row, j + 6 * L).mul(vk));
                a7 = a7.add(FloatVector.fromArray(S, row, j + 7 * L).mul(vk));
            }
            a0.intoArray(g, j);
            a1.intoArray(g, j + L);
            a2.intoArray(g, j + 2 * L);
            a3.intoArray(g, j + 3 * L);
            a4.intoArray(g, j + 4 * L);
            a5.intoArray(g, j + 5 * L);
            a6.intoArray(g, j + 6 * L);
            a7.intoArray(g, j + 7 * L);
        }
    }

    /**
     * c' = f*c + i*g, h' = o*tanh(c') over the padded layer in {@link #cs} / {@link #hs}. Vectors never cross a
     * method boundary (the helpers take arrays): a FloatVector passed to a method C2 did not inline is boxed on the
     * heap, and these methods are too big for C2 to inline them all.
     */
    private void cell() {
        final float[] g = gates;
        final int q = hp;
        activate(g, 0, 2 * q, -1f, 1f, 0f);        // i, f: sigmoid
        activate(g, 2 * q, 3 * q, -2f, 2f, -1f);   // candidate: tanh
        activate(g, 3 * q, 4 * q, -1f, 1f, 0f);    // o: sigmoid
        final float[] t = hs;
        for (int j = 0; j < q; j += L) {
            FloatVector i = FloatVector.fromArray(S, g, j);
            FloatVector f = FloatVector.fromArray(S, g, q + j);
            FloatVector cand = FloatVector.fromArray(S, g, 2 * q + j);
            FloatVector cn = f.mul(FloatVector.fromArray(S, cs, j)).add(i.mul(cand));
            cn.intoArray(cs, j);
            cn.intoArray(t, j);
        }
        activate(t, 0, q, -2f, 2f, -1f);           // tanh(c')
        for (int j = 0; j < q; j += L) {
            FloatVector.fromArray(S, g, 3 * q + j).mul(FloatVector.fromArray(S, t, j)).intoArray(t, j);
        }
    }

    /**
     * {@code a[r] = mul / (1 + exp(scale * a[r])) + add} on [from, to): sigmoid with (-1, 1, 0), tanh as
     * 2*sigmoid(2v)-1 with (-2, 2, -1), as the scalar kernel writes it.
     */
    static void activate(float[] a, int from, int to, float scale, float mul, float add) {
        for (int r = from; r < to; r += L) {
            // exp(x), written out here rather than called: C2 often does not inline it, and then boxes the vectors
            FloatVector x = FloatVector.fromArray(S, a, r).mul(scale).max(-87.3f).min(88.3f);
            FloatVector t = x.mul(LOG2E).add(MAGIC);
            FloatVector n = t.sub(MAGIC);
            FloatVector f = x.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
            FloatVector p = f.mul(P0).add(P1).mul(f).add(P2).mul(f).add(P3).mul(f).add(P4).mul(f).add(P5);
            FloatVector e = p.mul(f.mul(f)).add(f).add(1f)
                    .mul(((IntVector) t.reinterpretAsInts()).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            FloatVector.broadcast(S, mul).div(e.add(1f)).add(add).intoArray(a, r);
        }
    }

    /** y = by + hs . Wy, the lanes summed in a fixed order (no reduceLanes: its order is unspecified). */
    private void head(float[] y, int yOff) {
        for (int ch = 0; ch < channels; ch++) {
            final float[] row = wyT[ch];
            FloatVector acc = FloatVector.zero(S);
            for (int k = 0; k < hp; k += L)
                acc = acc.add(FloatVector.fromArray(S, hs, k).mul(FloatVector.fromArray(S, row, k)));
            acc.intoArray(lanes, 0);
            float sum = by[ch];
            for (int t = 0; t < L; t++) sum += lanes[t];
            y[yOff + ch] = sum;
        }
    }

    // Cephes expf: x = n*ln2 + f with |f| <= ln2/2, e^f = 1 + f + f^2 * P(f), 2^n from the exponent bits. The clamp
    // keeps 2^n a normal float. t = x*log2(e) + MAGIC rounds to an integer n in t's low mantissa bits:
    // bits(t) = bits(MAGIC) + n, and shifting bits(t) + 127 left by 23 drops bits(MAGIC)'s share, leaving 2^n's bits
    // (no F2I conversion: JDK 17 does not compile that to AVX2 and boxes the vector).
    private static final float MAGIC = 12582912f;   // 1.5 * 2^23
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f,
            P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;
}
