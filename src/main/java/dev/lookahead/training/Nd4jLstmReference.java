package dev.lookahead.training;

import dev.lookahead.model.LstmWeights;
import dev.lookahead.model.ModelArchitecture;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;

/**
 * Reference numerics: the forecasts of an {@link LstmWeights} model computed with ND4J's {@code lstmLayer} op
 * (stacked layers, then the dense head), from a zero initial state. Tests hold the plain-Java
 * {@link dev.lookahead.model.LstmStepper} against it, and it is the arbiter when the two ever disagree.
 * Slow per call (ND4J op overhead); never use it on the per-point path.
 */
public final class Nd4jLstmReference {

    private Nd4jLstmReference() {
    }

    /** Forecasts for one sequence {@code input[T][C]}: {@code y[t]} is the forecast after seeing {@code input[t]}. */
    public static float[][] forecast(LstmWeights weights, float[][] input) {
        return forecastBatch(weights, java.util.Collections.singletonList(input))[0];
    }

    /** Forecasts for several sequences of equal length, one batched pass: {@code [n][T][C]}. */
    public static float[][][] forecastBatch(LstmWeights weights, List<float[][]> inputs) {
        Nd4jSupport.configure();
        if (inputs.isEmpty()) return new float[0][][];
        ModelArchitecture a = weights.architecture();
        int t = inputs.get(0).length, c = a.channelCount(), h = a.hidden();
        for (float[][] s : inputs) {
            if (s.length != t) throw new IllegalArgumentException("sequences must have equal length");
            for (float[] row : s)
                if (row.length != c) throw new IllegalArgumentException("expected " + c + " channels, got " + row.length);
        }
        FlatLayout lay = new FlatLayout(a);
        float[] flat = weights.toFlat();
        INDArray x = Nd4jSupport.stack(inputs, null, 0, inputs.size(), t, c);
        for (int l = 0; l < a.layers(); l++) {
            int nIn = a.inputSize(l);
            INDArray wx = block(flat, lay.wxOffset[l], nIn, 4 * h);
            INDArray wr = block(flat, lay.wrOffset[l], h, 4 * h);
            INDArray b = Nd4j.create(Arrays.copyOfRange(flat, lay.bOffset[l], lay.bOffset[l] + 4 * h), new long[]{4L * h}, DataType.FLOAT);
            x = Nd4jSupport.lstmLayer(x, wx, wr, b, h);
        }
        int n = inputs.size();
        INDArray wy = block(flat, lay.wyOffset, h, c);
        INDArray by = Nd4j.create(Arrays.copyOfRange(flat, lay.byOffset, lay.byOffset + c), new long[]{1, c}, DataType.FLOAT);
        INDArray y = x.reshape('c', (long) n * t, h).mmul(wy).addiRowVector(by);
        return Nd4jSupport.unstack(y.reshape('c', n, t, c));
    }

    private static INDArray block(float[] flat, int off, int rows, int cols) {
        return Nd4j.create(Arrays.copyOfRange(flat, off, off + rows * cols), new long[]{rows, cols}, DataType.FLOAT);
    }
}
