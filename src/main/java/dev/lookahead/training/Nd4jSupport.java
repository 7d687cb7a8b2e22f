package dev.lookahead.training;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMActivations;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDirectionMode;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMLayerConfig;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/** Shared ND4J plumbing: one-time thread setup and array conversions. */
final class Nd4jSupport {

    private static volatile boolean configured;

    private Nd4jSupport() {
    }

    /**
     * One ND4J/OpenMP thread. Measured here (2 cores, busy box): with the default thread count OpenMP spin-waits
     * and a training step went from 40 ms to 1 s. Our batches are small (64 x 64 x H=32), so a second thread buys
     * nothing and the streaming job's other threads need the cores.
     */
    static void configure() {
        if (configured) return;
        synchronized (Nd4jSupport.class) {
            if (configured) return;
            Nd4j.getEnvironment().setMaxThreads(1);
            configured = true;
        }
    }

    /**
     * The lstmLayer configuration used by training: batch-major [bS, T, nIn] (NTS), forward only, sigmoid gates,
     * tanh cell and output activations, full sequence out. SameDiff bug 3 (cell and output activation arguments
     * swapped) is harmless because both are tanh.
     */
    static LSTMLayerConfig layerConfig() {
        return LSTMLayerConfig.builder()
                .lstmdataformat(LSTMDataFormat.NTS)
                .directionMode(LSTMDirectionMode.FWD)
                .gateAct(LSTMActivations.SIGMOID)
                .cellAct(LSTMActivations.TANH)
                .outAct(LSTMActivations.TANH)
                .retFullSequence(true)
                .retLastH(false)
                .retLastC(false)
                .cellClip(0.0)
                .build();
    }

    /**
     * One forward lstmLayer over {@code x} [bS, T, nIn] from zero state, built by op name with inputs in the C++
     * op's order x, Wx, Wr, b, hI, cI (SameDiff bug 2: the {@code LSTMLayer(INDArray...)} constructor passes them
     * in the wrong order). Returns h for every step, [bS, T, H].
     */
    static INDArray lstmLayer(INDArray x, INDArray wx, INDArray wr, INDArray b, int hidden) {
        long bs = x.size(0), t = x.size(1);
        INDArray h0 = Nd4j.zeros(DataType.FLOAT, bs, hidden);
        INDArray c0 = Nd4j.zeros(DataType.FLOAT, bs, hidden);
        INDArray out = Nd4j.create(DataType.FLOAT, bs, t, hidden);
        DynamicCustomOp op = DynamicCustomOp.builder("lstmLayer")
                .addInputs(x, wx, wr, b, h0, c0)
                .addOutputs(out)
                // dataFormat NTS=1, direction FWD=0, gate SIGMOID=2, cell TANH=0, output TANH=0 (C++ op order)
                .addIntegerArguments(List.of(LSTMDataFormat.NTS.ordinal(), LSTMDirectionMode.FWD.ordinal(),
                        LSTMActivations.SIGMOID.ordinal(), LSTMActivations.TANH.ordinal(),
                        LSTMActivations.TANH.ordinal()))
                .addFloatingPointArguments(0.0) // cell clip off
                // hasBiases, hasSeqLen, hasInitH, hasInitC, hasPeephole, retFullSeq, retLastH, retLastC
                .addBooleanArguments(true, false, true, true, false, true, false, false)
                .build();
        Nd4j.exec(op);
        return out;
    }

    /** [n][T][C] Java arrays to one FLOAT [n, T, C] array (rows {@code from .. from+n} of {@code seqs}). */
    static INDArray stack(List<float[][]> seqs, int[] order, int from, int n, int t, int c) {
        float[] buf = new float[n * t * c];
        int p = 0;
        for (int i = 0; i < n; i++) {
            float[][] s = seqs.get(order == null ? from + i : order[from + i]);
            for (int k = 0; k < t; k++) {
                System.arraycopy(s[k], 0, buf, p, c);
                p += c;
            }
        }
        return Nd4j.create(buf, new long[]{n, t, c}, DataType.FLOAT);
    }

    /** FLOAT [n, T, C] back to Java arrays. */
    static float[][][] unstack(INDArray a) {
        int n = (int) a.size(0), t = (int) a.size(1), c = (int) a.size(2);
        float[] flat = a.dup('c').data().asFloat();
        float[][][] r = new float[n][t][c];
        int p = 0;
        for (int i = 0; i < n; i++)
            for (int k = 0; k < t; k++) {
                System.arraycopy(flat, p, r[i][k], 0, c);
                p += c;
            }
        return r;
    }

    /** Releases native memory of arrays nobody else holds; views and already closed arrays are skipped. */
    static void close(INDArray... arrays) {
        for (INDArray a : arrays) if (a != null && a.closeable()) a.close();
    }

    static void close(java.util.Collection<INDArray> arrays) {
        for (INDArray a : arrays) if (a != null && a.closeable()) a.close();
    }
}
