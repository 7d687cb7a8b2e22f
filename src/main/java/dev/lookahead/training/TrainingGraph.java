package dev.lookahead.training;

import dev.lookahead.model.LstmWeights;
import dev.lookahead.model.ModelArchitecture;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.weights.LSTMLayerWeights;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SameDiff graph for one architecture and window length: stacked {@code lstmLayer}s (batch-major NTS), the
 * dense head, and MSE over steps {@code burnIn .. L-1}. Parameters live in the graph's variable arrays in the
 * {@link LstmWeights} block shapes, so import and export are plain copies.
 *
 * <p>The layers are built without an initial state (SameDiff then starts from zeros). SameDiff bug 1: with an
 * initial state passed in, the forward op swaps h0 and c0 while the backward op does not, so gradients would be
 * wrong; truncated windows from a zero state avoid the bug and match how the stepper is tested.
 */
final class TrainingGraph {

    static final String X = "x";
    static final String Y = "y";
    static final String PRED = "pred";
    static final String LOSS = "loss";

    final SameDiff sd;
    final FlatLayout layout;
    final String[] params;
    final int windowLength;

    TrainingGraph(LstmWeights start, int windowLength, int burnIn) {
        Nd4jSupport.configure();
        ModelArchitecture a = start.architecture();
        this.layout = new FlatLayout(a);
        this.params = layout.names();
        this.windowLength = windowLength;
        int h = a.hidden(), c = a.channelCount();
        sd = SameDiff.create();
        SDVariable x = sd.placeHolder(X, DataType.FLOAT, -1, windowLength, c);
        SDVariable y = sd.placeHolder(Y, DataType.FLOAT, -1, windowLength, c);
        long[][] shapes = layout.shapes();
        SDVariable[] vars = new SDVariable[params.length];
        for (int i = 0; i < params.length; i++)
            vars[i] = sd.var(params[i], Nd4j.create(DataType.FLOAT, shapes[i]));
        load(start);

        SDVariable in = x;
        for (int l = 0; l < a.layers(); l++) {
            LSTMLayerWeights w = LSTMLayerWeights.builder()
                    .weights(vars[3 * l]).rWeights(vars[3 * l + 1]).bias(vars[3 * l + 2]).build();
            in = sd.rnn().lstmLayer(in, w, Nd4jSupport.layerConfig())[0];    // [bS, L, H]
        }
        SDVariable wy = vars[3 * a.layers()], by = vars[3 * a.layers() + 1];
        SDVariable pred = in.reshape(-1, h).mmul(wy).add(by).reshape(-1, windowLength, c);
        pred.rename(PRED);
        SDVariable diff = pred.sub(y);
        if (burnIn > 0) diff = diff.get(SDIndex.all(), SDIndex.interval(burnIn, windowLength), SDIndex.all());
        SDVariable loss = diff.mul(diff).mean();
        loss.rename(LOSS);
        sd.setLossVariables(LOSS);
    }

    /** Copies weights into the graph's variables. */
    void load(LstmWeights w) {
        if (!w.architecture().equals(layout.arch))
            throw new IllegalArgumentException("weights are " + w.architecture().describe() + ", graph is " + layout.arch.describe());
        float[] flat = w.toFlat();
        long[][] shapes = layout.shapes();
        int[] offs = layout.offsets();
        for (int i = 0; i < params.length; i++) {
            int n = (int) FlatLayout.size(shapes[i]);
            INDArray src = Nd4j.create(Arrays.copyOfRange(flat, offs[i], offs[i] + n), shapes[i], DataType.FLOAT);
            sd.getVariable(params[i]).getArr().assign(src);
        }
    }

    /** The graph's current weights (SameDiff lstmLayer blocks copy as they are into the flat layout). */
    LstmWeights export() {
        float[] flat = new float[layout.arch.parameterCount()];
        int[] offs = layout.offsets();
        for (int i = 0; i < params.length; i++) {
            float[] v = sd.getVariable(params[i]).getArr().dup('c').data().asFloat();
            System.arraycopy(v, 0, flat, offs[i], v.length);
        }
        return LstmWeights.fromFlat(layout.arch, flat);
    }

    INDArray param(int i) {
        return sd.getVariable(params[i]).getArr();
    }

    /** Forward and backward on one batch; the gradients map is keyed by parameter name. */
    OutAndGrad lossAndGradients(INDArray x, INDArray y) {
        return sd.calculateGradientsAndOutputs(Map.of(X, x, Y, y), List.of(LOSS), Arrays.asList(params));
    }

    double loss(INDArray x, INDArray y) {
        return sd.output(Map.of(X, x, Y, y), LOSS).get(LOSS).getDouble(0);
    }

    INDArray predict(INDArray x) {
        Map<String, INDArray> ph = new HashMap<>();
        ph.put(X, x);
        return sd.output(ph, PRED).get(PRED);
    }
}
