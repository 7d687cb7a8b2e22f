package dev.lookahead.training;

import dev.lookahead.model.LstmWeights;
import dev.lookahead.model.ModelArchitecture;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;

/**
 * Stacked LSTM + dense head with hand-written backpropagation through time on ND4J arrays, for batches of
 * truncated windows from a zero initial state. Loss: MSE over steps {@code burnIn .. L-1} of the real rows.
 *
 * <p>Why by hand rather than SameDiff's {@code lstmLayer}: in ND4J 1.0.0-M2.1 the {@code lstmLayer_bp} op leaks
 * about 6.5 MB of native memory per call (batch 64 x 64 steps, H=32), not reclaimable by GC or by dropping the
 * SameDiff instance; a full training run reached 24 GB RSS. Here every array is allocated once, for the largest
 * batch, and reused: memory stays flat. Activations are kept time-major ({@code [L, B, ...]}) so the weight
 * gradients are one GEMM each over all steps.
 *
 * <p>Gate blocks are in the order i, f, g, o, matching {@link LstmWeights} (and ND4J's {@code lstmLayer}). Partial
 * batches are padded with zero rows masked out of the loss. Not thread-safe.
 */
final class BpttNetwork implements AutoCloseable {

    final ModelArchitecture arch;
    final FlatLayout layout;
    final int len;
    final int burnIn;
    final int maxBatch;
    final DataType type;

    /** Parameters and their gradients in {@link FlatLayout#shapes()} order. */
    final INDArray[] params;
    final INDArray[] grads;

    private final int hidden;
    private final int channels;
    private final int layers;
    private final INDArray x;          // [L, B, C] time-major input
    private final INDArray y;          // [L*B, C] targets
    private final INDArray mask;       // [L*B, 1] 1 for scored steps of real rows
    private final INDArray[] gates;    // per layer [L, B, 4H], activated
    private final INDArray[] cell;     // per layer [L, B, H]
    private final INDArray[] tanhCell; // per layer [L, B, H]
    private final INDArray[] hid;      // per layer [L, B, H]
    private final INDArray[] dZ;       // per layer [L, B, 4H]
    private final INDArray[] dIn;      // per layer [L, B, H]: dLoss/dh of that layer's output, from above
    private final INDArray pred;       // [L*B, C]
    private final INDArray dPred;      // [L*B, C]
    private final INDArray dh, dc, dcNext, t1;   // [B, H] scratch
    private final float[] stage;
    private int maskedRows = -1;
    private int maskedCount;

    BpttNetwork(LstmWeights start, int windowLength, int burnIn, int maxBatch, DataType type) {
        this.arch = start.architecture();
        this.layout = new FlatLayout(arch);
        this.len = windowLength;
        this.burnIn = burnIn;
        this.maxBatch = maxBatch;
        this.type = type;
        if (burnIn >= windowLength) throw new IllegalArgumentException("burn-in " + burnIn + " >= window " + windowLength);
        hidden = arch.hidden();
        channels = arch.channelCount();
        layers = arch.layers();
        long[][] shapes = layout.shapes();
        params = new INDArray[shapes.length];
        grads = new INDArray[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            params[i] = Nd4j.create(type, shapes[i]);
            grads[i] = Nd4j.create(type, shapes[i]);
        }
        load(start);
        int b = maxBatch, g = 4 * hidden;
        x = Nd4j.create(type, len, b, channels);
        y = Nd4j.create(type, (long) len * b, channels);
        mask = Nd4j.create(type, (long) len * b, 1);
        gates = new INDArray[layers];
        cell = new INDArray[layers];
        tanhCell = new INDArray[layers];
        hid = new INDArray[layers];
        dZ = new INDArray[layers];
        dIn = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
            gates[l] = Nd4j.create(type, len, b, g);
            cell[l] = Nd4j.create(type, len, b, hidden);
            tanhCell[l] = Nd4j.create(type, len, b, hidden);
            hid[l] = Nd4j.create(type, len, b, hidden);
            dZ[l] = Nd4j.create(type, len, b, g);
            dIn[l] = Nd4j.create(type, len, b, hidden);
        }
        pred = Nd4j.create(type, (long) len * b, channels);
        dPred = Nd4j.create(type, (long) len * b, channels);
        dh = Nd4j.create(type, b, hidden);
        dc = Nd4j.create(type, b, hidden);
        dcNext = Nd4j.create(type, b, hidden);
        t1 = Nd4j.create(type, b, hidden);
        stage = new float[len * b * channels];
    }

    /** Copies weights in. */
    void load(LstmWeights w) {
        if (!w.architecture().equals(arch))
            throw new IllegalArgumentException("weights are " + w.architecture().describe() + ", network is " + arch.describe());
        float[] flat = w.toFlat();
        int[] offs = layout.offsets();
        for (int i = 0; i < params.length; i++) {
            int n = (int) params[i].length();
            float[] part = new float[n];
            System.arraycopy(flat, offs[i], part, 0, n);
            try (INDArray src = Nd4j.createFromArray(part).castTo(type).reshape(params[i].shape())) {
                params[i].assign(src);
            }
        }
    }

    /** The current weights in the core's layout. */
    LstmWeights export() {
        float[] flat = new float[arch.parameterCount()];
        int[] offs = layout.offsets();
        for (int i = 0; i < params.length; i++) {
            float[] v = params[i].dup('c').castTo(DataType.FLOAT).data().asFloat();
            System.arraycopy(v, 0, flat, offs[i], v.length);
        }
        return LstmWeights.fromFlat(arch, flat);
    }

    /** Forward and backward on windows {@code order[from .. from+n)} (or {@code from ..} when order is null); fills {@link #grads}. */
    double lossAndGradients(List<float[][]> xs, List<float[][]> ys, int[] order, int from, int n) {
        double loss = forward(xs, ys, order, from, n);
        backward();
        return loss;
    }

    /** The loss alone. */
    double loss(List<float[][]> xs, List<float[][]> ys, int[] order, int from, int n) {
        return forward(xs, ys, order, from, n);
    }

    /** Forecasts for every step of windows {@code from .. from+n}: [n][L][C]. */
    float[][][] predict(List<float[][]> xs, int from, int n) {
        forward(xs, null, null, from, n);
        float[] p = pred.castTo(DataType.FLOAT).data().asFloat();
        float[][][] out = new float[n][len][channels];
        for (int t = 0; t < len; t++)
            for (int i = 0; i < n; i++)
                System.arraycopy(p, (t * maxBatch + i) * channels, out[i][t], 0, channels);
        return out;
    }

    private double forward(List<float[][]> xs, List<float[][]> ys, int[] order, int from, int n) {
        if (n < 1 || n > maxBatch) throw new IllegalArgumentException("batch of " + n + ", at most " + maxBatch);
        fill(x, xs, order, from, n);
        if (ys != null) fill(y, ys, order, from, n);
        setMask(n);
        int g = 4 * hidden;
        for (int l = 0; l < layers; l++) {
            INDArray in = l == 0 ? x : hid[l - 1];
            INDArray wx = params[3 * l], wr = params[3 * l + 1], b = params[3 * l + 2];
            for (int t = 0; t < len; t++) {
                INDArray z = gates[l].slice(t);                       // [B, 4H]
                Nd4j.gemm(in.slice(t), wx, z, false, false, 1.0, 0.0);
                if (t > 0) Nd4j.gemm(hid[l].slice(t - 1), wr, z, false, false, 1.0, 1.0);
                z.addiRowVector(b);
                Transforms.sigmoid(cols(z, 0, 2 * hidden), false);   // i, f
                Transforms.tanh(cols(z, 2 * hidden, 3 * hidden), false);
                Transforms.sigmoid(cols(z, 3 * hidden, g), false);   // o
                INDArray c = cell[l].slice(t);
                c.assign(cols(z, 0, hidden)).muli(cols(z, 2 * hidden, 3 * hidden));
                if (t > 0) {
                    t1.assign(cols(z, hidden, 2 * hidden)).muli(cell[l].slice(t - 1));
                    c.addi(t1);
                }
                INDArray tc = tanhCell[l].slice(t);
                tc.assign(c);
                Transforms.tanh(tc, false);
                hid[l].slice(t).assign(cols(z, 3 * hidden, g)).muli(tc);
            }
        }
        INDArray top = hid[layers - 1].reshape((long) len * maxBatch, hidden);
        Nd4j.gemm(top, params[3 * layers], pred, false, false, 1.0, 0.0);
        pred.addiRowVector(params[3 * layers + 1]);
        if (ys == null) return Double.NaN;
        dPred.assign(pred).subi(y).muliColumnVector(mask);
        double sq = dPred.norm2Number().doubleValue();
        return sq * sq / ((double) maskedCount * channels);
    }

    private void backward() {
        int g = 4 * hidden;
        long rows = (long) len * maxBatch;
        dPred.muli(2.0 / ((double) maskedCount * channels));          // d(mean sq)/dpred, already masked
        INDArray top = hid[layers - 1].reshape(rows, hidden);
        Nd4j.gemm(top, dPred, grads[3 * layers], true, false, 1.0, 0.0);
        dPred.sum(grads[3 * layers + 1], 0);
        Nd4j.gemm(dPred, params[3 * layers], dIn[layers - 1].reshape(rows, hidden), false, true, 1.0, 0.0);

        for (int l = layers - 1; l >= 0; l--) {
            INDArray wx = params[3 * l], wr = params[3 * l + 1];
            dcNext.assign(0);
            for (int t = len - 1; t >= 0; t--) {
                INDArray z = gates[l].slice(t), dz = dZ[l].slice(t);
                INDArray i = cols(z, 0, hidden), f = cols(z, hidden, 2 * hidden),
                        gg = cols(z, 2 * hidden, 3 * hidden), o = cols(z, 3 * hidden, g);
                INDArray tc = tanhCell[l].slice(t);
                dh.assign(dIn[l].slice(t));
                if (t < len - 1) Nd4j.gemm(dZ[l].slice(t + 1), wr, dh, false, true, 1.0, 1.0);
                // dO = dh * tanh(c) * o (1 - o)
                INDArray dO = cols(dz, 3 * hidden, g);
                t1.assign(o).rsubi(1).muli(o).muli(tc);
                dO.assign(dh).muli(t1);
                // dc = dh * o * (1 - tanh(c)^2) + dc from t+1
                t1.assign(tc).muli(tc).rsubi(1).muli(o).muli(dh);
                dc.assign(t1).addi(dcNext);
                // dI = dc * g * i (1 - i); dG = dc * i * (1 - g^2)
                t1.assign(i).rsubi(1).muli(i).muli(gg).muli(dc);
                cols(dz, 0, hidden).assign(t1);
                t1.assign(gg).muli(gg).rsubi(1).muli(i).muli(dc);
                cols(dz, 2 * hidden, 3 * hidden).assign(t1);
                // dF = dc * c_{t-1} * f (1 - f); zero at t = 0 (zero initial cell)
                INDArray dF = cols(dz, hidden, 2 * hidden);
                if (t > 0) {
                    t1.assign(f).rsubi(1).muli(f).muli(cell[l].slice(t - 1)).muli(dc);
                    dF.assign(t1);
                } else {
                    dF.assign(0);
                }
                dcNext.assign(dc).muli(f);
            }
            INDArray in = l == 0 ? x : hid[l - 1];
            long nIn = arch.inputSize(l);
            INDArray dz2 = dZ[l].reshape(rows, g);
            Nd4j.gemm(in.reshape(rows, nIn), dz2, grads[3 * l], true, false, 1.0, 0.0);
            long shifted = (long) (len - 1) * maxBatch;
            INDArray hPrev = hid[l].reshape(rows, hidden).get(NDArrayIndex.interval(0, shifted), NDArrayIndex.all());
            INDArray dzNext = dz2.get(NDArrayIndex.interval(maxBatch, rows), NDArrayIndex.all());
            Nd4j.gemm(hPrev, dzNext, grads[3 * l + 1], true, false, 1.0, 0.0);
            dz2.sum(grads[3 * l + 2], 0);
            if (l > 0) Nd4j.gemm(dz2, wx, dIn[l - 1].reshape(rows, hidden), false, true, 1.0, 0.0);
        }
    }

    private static INDArray cols(INDArray a, int from, int to) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to));
    }

    /** Copies windows into a time-major [L, B, C] buffer (rows past n are zero). */
    private void fill(INDArray dst, List<float[][]> seqs, int[] order, int from, int n) {
        java.util.Arrays.fill(stage, 0f);
        for (int i = 0; i < n; i++) {
            float[][] s = seqs.get(order == null ? from + i : order[from + i]);
            for (int t = 0; t < len; t++) System.arraycopy(s[t], 0, stage, (t * maxBatch + i) * channels, channels);
        }
        if (type == DataType.FLOAT) {
            dst.data().setData(stage);
        } else {
            try (INDArray src = Nd4j.createFromArray(stage).castTo(type)) {
                dst.reshape(src.length()).assign(src);
            }
        }
    }

    private void setMask(int n) {
        if (n == maskedRows) return;
        float[] m = new float[len * maxBatch];
        int count = 0;
        for (int t = burnIn; t < len; t++)
            for (int i = 0; i < n; i++) {
                m[t * maxBatch + i] = 1f;
                count++;
            }
        try (INDArray src = Nd4j.createFromArray(m).castTo(type)) {
            mask.reshape(m.length).assign(src);
        }
        maskedRows = n;
        maskedCount = count;
    }

    @Override
    public void close() {
        for (INDArray a : params) a.close();
        for (INDArray a : grads) a.close();
        for (INDArray[] as : new INDArray[][]{gates, cell, tanhCell, hid, dZ, dIn}) for (INDArray a : as) a.close();
        for (INDArray a : new INDArray[]{x, y, mask, pred, dPred, dh, dc, dcNext, t1}) a.close();
    }
}
