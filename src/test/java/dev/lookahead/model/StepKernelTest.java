package dev.lookahead.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two step kernels: the scalar one gives the same bits as the straightforward one-row-at-a-time loop it
 * replaced (kept below as the reference), and the vector one stays within 1e-6 of the scalar one over many steps.
 */
class StepKernelTest {

    static final int STEPS = 600;

    static Stream<Arguments> shapes() {
        List<Arguments> a = new ArrayList<>();
        for (int h : new int[]{16, 32, 64, 20})   // 20: not a multiple of the 8 vector lanes
            for (int layers : new int[]{1, 2})
                for (int channels : new int[]{1, 3, 8}) a.add(Arguments.of(h, layers, channels));
        return a.stream();
    }

    /** Fewer for the vector kernel: until the JIT compiles it, the Vector API runs ~1,000x slower. */
    static Stream<Arguments> vectorShapes() {
        return shapes().filter(x -> (int) x.get()[2] != 3);
    }

    @ParameterizedTest(name = "H={0} L={1} C={2}")
    @MethodSource("shapes")
    void scalarKernelIsBitForBitTheReferenceLoop(int hidden, int layers, int channels) {
        LstmWeights w = LstmWeights.initialise(arch(hidden, layers, channels), 31L * hidden + layers + 7L * channels);
        float[][] x = inputs(STEPS / 2, channels, hidden + channels);
        Run ref = run(new ReferenceStep(w), x);
        Run scalar = run(new LstmStepper(w), x);
        for (int t = 0; t < x.length; t++) {
            assertEquals(List.of(bits(ref.y[t])), List.of(bits(scalar.y[t])), "forecast at step " + t);
        }
        assertEquals(List.of(bits(ref.h)), List.of(bits(scalar.h)));
        assertEquals(List.of(bits(ref.c)), List.of(bits(scalar.c)));
    }

    @ParameterizedTest(name = "H={0} L={1} C={2}")
    @MethodSource("vectorShapes")
    void vectorKernelStaysWithin1e6OfScalar(int hidden, int layers, int channels) {
        LstmWeights w = LstmWeights.initialise(arch(hidden, layers, channels), 17L * hidden + layers + 3L * channels);
        float[][] x = inputs(STEPS, channels, 1000L + hidden + channels);
        Run scalar = run(StepKernelType.SCALAR.create(w), x);
        StepKernel vk = StepKernelType.VECTOR.create(w);
        assertInstanceOf(VectorLstmStepper.class, vk);
        Run vector = run(vk, x);
        double maxY = 0;
        for (int t = 0; t < x.length; t++) maxY = Math.max(maxY, maxAbsDiff(scalar.y[t], vector.y[t]));
        double maxState = Math.max(maxAbsDiff(scalar.h, vector.h), maxAbsDiff(scalar.c, vector.c));
        System.out.printf("vector vs scalar H=%d L=%d C=%d, %d steps: forecast %.3g, final h/c %.3g%n",
                hidden, layers, channels, STEPS, maxY, maxState);
        assertTrue(maxY <= 1e-6, "forecast max abs diff " + maxY);
        assertTrue(maxState <= 1e-6, "state max abs diff " + maxState);
    }

    /** Proves the tolerance can fail: one weight changed by 1e-4 must move the vector kernel's forecasts past it. */
    @Test
    void comparisonDetectsASmallWeightChange() {
        ModelArchitecture a = arch(32, 1, 1);
        LstmWeights w = LstmWeights.initialise(a, 5);
        float[] flat = w.toFlat();
        flat[3] += 1e-4f;
        float[][] x = inputs(200, 1, 6);
        double d = 0;
        Run s = run(new LstmStepper(w), x), v = run(StepKernelType.VECTOR.create(LstmWeights.fromFlat(a, flat)), x);
        for (int t = 0; t < x.length; t++) d = Math.max(d, maxAbsDiff(s.y[t], v.y[t]));
        assertTrue(d > 1e-6, "diff " + d);
    }

    @Test
    void vectorActivationsMatchTheScalarOnesInDouble() {
        int n = 16_000;
        float[] v = new float[n];
        for (int k = 0; k < n; k++) v[k] = -100f + 200f * k / n;   // past the exponential's clamp at both ends
        float[] sig = v.clone(), tanh = v.clone();
        VectorLstmStepper.activate(sig, 0, n, -1f, 1f, 0f);
        VectorLstmStepper.activate(tanh, 0, n, -2f, 2f, -1f);
        double worstSig = 0, worstTanh = 0;
        for (int k = 0; k < n; k++) {
            worstSig = Math.max(worstSig, Math.abs(sig[k] - LstmStepper.sigmoid(v[k])));
            worstTanh = Math.max(worstTanh, Math.abs(tanh[k] - LstmStepper.tanh(v[k])));
        }
        System.out.printf("vector activations vs scalar: sigmoid %.3g, tanh %.3g%n", worstSig, worstTanh);
        assertTrue(worstSig <= 1.5e-7 && worstTanh <= 2.5e-7, worstSig + " " + worstTanh);
    }

    @Test
    void kernelsKeepTheStateLayoutAndHeadOfTheScalarOne() {
        LstmWeights w = LstmWeights.initialise(arch(20, 2, 3), 9);
        StepKernel s = new LstmStepper(w), v = StepKernelType.VECTOR.create(w);
        assertEquals(40, v.stateSize());
        assertEquals(s.stateSize(), v.stateSize());
        float[] h = new float[100], ys = new float[5], yv = new float[5];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < h.length; i++) h[i] = (float) r.nextDouble(-1, 1);
        s.forecast(h, 50, ys, 2);   // a lane at offset 50, written at offset 2
        v.forecast(h, 50, yv, 2);
        assertEquals(0f, yv[0]);
        assertTrue(maxAbsDiff(ys, yv) <= 1e-6 && ys[2] != 0f, java.util.Arrays.toString(ys) + " " + java.util.Arrays.toString(yv));
    }

    record Run(float[][] y, float[] h, float[] c) {
    }

    static Run run(StepKernel k, float[][] x) {
        int c = k.weights().architecture().channelCount();
        int off = 5;   // a lane that does not start at 0
        float[] h = new float[off + k.stateSize()], cell = new float[off + k.stateSize()];
        float[][] y = new float[x.length][c + 1];
        float[] in = new float[c + 2];
        for (int t = 0; t < x.length; t++) {
            System.arraycopy(x[t], 0, in, 2, c);
            k.step(in, 2, h, cell, off, y[t], 1);
        }
        return new Run(y, h, cell);
    }

    static ModelArchitecture arch(int hidden, int layers, int channels) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < channels; i++) names.add("ch" + i);
        return new ModelArchitecture(names, hidden, layers);
    }

    /** Smooth signals with noise, occasional exact zeros and clipped extremes, like normalised sensor input. */
    static float[][] inputs(int t, int c, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[t][c];
        for (int k = 0; k < t; k++)
            for (int j = 0; j < c; j++) {
                double v = 2 * Math.sin(k / 9.0 + j) + 0.3 * r.nextGaussian();
                if (r.nextInt(50) == 0) v = 0;
                if (r.nextInt(200) == 0) v = r.nextBoolean() ? 8 : -8;
                x[k][j] = (float) v;
            }
        return x;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs((double) a[i] - b[i]));
        return m;
    }

    static Integer[] bits(float[] a) {
        Integer[] b = new Integer[a.length];
        for (int i = 0; i < a.length; i++) b[i] = Float.floatToRawIntBits(a[i]);
        return b;
    }

    /** The step as it was before the kernels: one weight row at a time, zero inputs skipped. */
    static final class ReferenceStep implements StepKernel {
        private final LstmWeights w;
        private final int hidden, layers, channels;
        private final float[] gates;

        ReferenceStep(LstmWeights w) {
            this.w = w;
            hidden = w.architecture().hidden();
            layers = w.architecture().layers();
            channels = w.architecture().channelCount();
            gates = new float[4 * hidden];
        }

        @Override public LstmWeights weights() { return w; }
        @Override public int stateSize() { return layers * hidden; }

        @Override
        public void step(float[] x, int xOff, float[] h, float[] c, int off, float[] y, int yOff) {
            final int hs = hidden;
            final float[] g = gates;
            for (int l = 0; l < layers; l++) {
                final int base = off + l * hs;
                System.arraycopy(w.b[l], 0, g, 0, 4 * hs);
                if (l == 0) {
                    for (int k = 0; k < channels; k++) axpy(g, w.wx[l][k], x[xOff + k]);
                } else {
                    for (int k = 0; k < hs; k++) axpy(g, w.wx[l][k], h[off + (l - 1) * hs + k]);
                }
                for (int k = 0; k < hs; k++) axpy(g, w.wr[l][k], h[base + k]);
                for (int j = 0; j < hs; j++) {
                    float i = LstmStepper.sigmoid(g[j]);
                    float f = LstmStepper.sigmoid(g[hs + j]);
                    float cand = LstmStepper.tanh(g[2 * hs + j]);
                    float o = LstmStepper.sigmoid(g[3 * hs + j]);
                    float cn = f * c[base + j] + i * cand;
                    c[base + j] = cn;
                    h[base + j] = o * LstmStepper.tanh(cn);
                }
            }
            forecast(h, off, y, yOff);
        }

        @Override
        public void forecast(float[] h, int off, float[] y, int yOff) {
            final int top = off + (layers - 1) * hidden;
            for (int ch = 0; ch < channels; ch++) y[yOff + ch] = w.by[ch];
            for (int k = 0; k < hidden; k++) {
                for (int ch = 0; ch < channels; ch++) y[yOff + ch] += h[top + k] * w.wy[k][ch];
            }
        }

        private static void axpy(float[] g, float[] row, float v) {
            if (v == 0f) return;
            for (int r = 0; r < g.length; r++) g[r] += row[r] * v;
        }
    }
}
