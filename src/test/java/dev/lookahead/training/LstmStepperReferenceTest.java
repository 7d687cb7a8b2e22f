package dev.lookahead.training;

import dev.lookahead.model.LstmStepper;
import dev.lookahead.model.LstmWeights;
import dev.lookahead.model.ModelArchitecture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plain-Java per-point step must reproduce ND4J's lstmLayer forecasts (gate order, layout, activations). */
class LstmStepperReferenceTest {

    static final int T = 64;

    static Stream<Arguments> shapes() {
        List<Arguments> a = new ArrayList<>();
        for (int h : new int[]{16, 32, 64})
            for (int layers : new int[]{1, 2})
                for (int channels : new int[]{1, 3}) a.add(Arguments.of(h, layers, channels));
        return a.stream();
    }

    @ParameterizedTest(name = "H={0} L={1} C={2}")
    @MethodSource("shapes")
    void stepperMatchesNd4jReference(int hidden, int layers, int channels) {
        ModelArchitecture arch = arch(hidden, layers, channels);
        long seed = 1000L * hidden + 10L * layers + channels;
        LstmWeights w = LstmWeights.initialise(arch, seed);
        float[][] x = randomInput(T, channels, seed + 1);

        double diff = maxAbsDiff(runStepper(w, x), Nd4jLstmReference.forecast(w, x));
        System.out.printf("stepper vs ND4J lstmLayer H=%d L=%d C=%d T=%d: max abs diff %.3g%n", hidden, layers, channels, T, diff);
        assertTrue(diff <= 1e-5, "max abs diff " + diff);
    }

    /** Proves the comparison can fail: a model with its gate blocks permuted (f and i swapped) must differ. */
    @Test
    void comparisonIsSensitiveToGateOrder() {
        ModelArchitecture arch = arch(32, 2, 3);
        LstmWeights w = LstmWeights.initialise(arch, 7);
        float[][] x = randomInput(T, 3, 8);
        LstmWeights swapped = swapGateBlocks(w, 0, 1);
        double diff = maxAbsDiff(runStepper(swapped, x), Nd4jLstmReference.forecast(w, x));
        System.out.printf("stepper with i/f blocks swapped vs reference: max abs diff %.3g%n", diff);
        assertTrue(diff > 1e-3, "permuted gates should change forecasts, diff " + diff);
        // And the batched reference agrees with itself one sequence at a time.
        float[][] x2 = randomInput(T, 3, 9);
        float[][][] both = Nd4jLstmReference.forecastBatch(w, List.of(x, x2));
        assertTrue(maxAbsDiff(both[1], Nd4jLstmReference.forecast(w, x2)) <= 1e-6);
    }

    static ModelArchitecture arch(int hidden, int layers, int channels) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < channels; i++) names.add("ch" + i);
        return new ModelArchitecture(names, hidden, layers);
    }

    static float[][] randomInput(int t, int c, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[t][c];
        for (int k = 0; k < t; k++)
            for (int j = 0; j < c; j++) x[k][j] = (float) r.nextDouble(-2, 2);
        return x;
    }

    static float[][] runStepper(LstmWeights w, float[][] x) {
        LstmStepper s = new LstmStepper(w);
        int c = w.architecture().channelCount();
        float[] h = new float[s.stateSize()], cell = new float[s.stateSize()];
        float[][] y = new float[x.length][c];
        for (int t = 0; t < x.length; t++) s.step(x[t], 0, h, cell, 0, y[t], 0);
        return y;
    }

    static double maxAbsDiff(float[][] a, float[][] b) {
        double m = 0;
        for (int t = 0; t < a.length; t++)
            for (int j = 0; j < a[t].length; j++) m = Math.max(m, Math.abs(a[t][j] - b[t][j]));
        return m;
    }

    /** Swaps gate blocks {@code p} and {@code q} in every Wx, Wr and b of every layer (via the flat layout). */
    static LstmWeights swapGateBlocks(LstmWeights w, int p, int q) {
        ModelArchitecture a = w.architecture();
        FlatLayout lay = new FlatLayout(a);
        float[] f = w.toFlat();
        int h = a.hidden(), g = 4 * h;
        for (int l = 0; l < a.layers(); l++) {
            int rows = a.inputSize(l) + h + 1; // Wx rows, Wr rows, b: contiguous rows of 4H
            for (int r = 0; r < rows; r++) {
                int base = lay.wxOffset[l] + r * g;
                for (int j = 0; j < h; j++) {
                    float tmp = f[base + p * h + j];
                    f[base + p * h + j] = f[base + q * h + j];
                    f[base + q * h + j] = tmp;
                }
            }
        }
        return LstmWeights.fromFlat(a, f);
    }
}
