package dev.lookahead.detector;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A key's own correction of the model's linear head: {@code y += db + dW . h_top}, learned online by normalised
 * LMS from that key's forecast errors. It is part of the key's state, so the key's outputs remain a function of its
 * own inputs and the starting model.
 *
 * <p>With {@link Adaptation#BIAS} only {@code db} learns; with {@link Adaptation#NONE} nothing is stored.
 */
final class HeadCorrection {

    private final Adaptation mode;
    private final int lanes;
    private final int hidden;
    private final int laneChannels;
    final float[] db;   // [lanes * M]
    final float[] dw;   // [lanes * H * M], row k of lane j at (j*H + k) * M

    HeadCorrection(Adaptation mode, int lanes, int hidden, int laneChannels) {
        this.mode = mode;
        this.lanes = lanes;
        this.hidden = hidden;
        this.laneChannels = laneChannels;
        int c = lanes * laneChannels;
        db = new float[mode == Adaptation.NONE ? 0 : c];
        dw = new float[mode == Adaptation.READOUT ? c * hidden : 0];
    }

    /** Adds the correction to the model's forecast {@code y} given the top hidden states {@code top[lane*H + k]}. */
    void apply(float[] top, float[] y) {
        if (mode == Adaptation.NONE) return;
        for (int i = 0; i < db.length; i++) y[i] += db[i];
        if (mode != Adaptation.READOUT) return;
        final int m = laneChannels;
        for (int j = 0; j < lanes; j++) {
            for (int ch = 0; ch < m; ch++) {
                // summed in a local, k in order: the same bits as adding into y[] row by row, without a store and
                // reload of y per term (that chain was 9% of a point's time with the vector kernel)
                float acc = y[j * m + ch];
                for (int k = 0; k < hidden; k++) acc += top[j * hidden + k] * dw[(j * hidden + k) * m + ch];
                y[j * m + ch] = acc;
            }
        }
    }

    /**
     * One NLMS step towards removing {@code err} (observed minus forecast, normalised, already clipped) given the
     * top hidden states the forecast was made from. Channels with {@code skip[ch]} (imputed) do not learn.
     */
    void learn(float[] top, double[] err, boolean[] skip, double rate) {
        if (mode == Adaptation.NONE) return;
        final int m = laneChannels;
        for (int j = 0; j < lanes; j++) {
            double norm = 1.0;   // the bias input, always 1
            if (mode == Adaptation.READOUT) {
                for (int k = 0; k < hidden; k++) norm += top[j * hidden + k] * top[j * hidden + k];
            }
            for (int ch = 0; ch < m; ch++) {
                int c = j * m + ch;
                if (skip[c]) continue;
                double step = rate * err[c] / norm;
                db[c] = (float) (db[c] + step);
                if (mode == Adaptation.READOUT && m == 1) {
                    // one channel a lane: its row is contiguous, a loop the JIT can unroll without the index's multiply
                    for (int k = j * hidden, end = k + hidden; k < end; k++) dw[k] = (float) (dw[k] + step * top[k]);
                } else if (mode == Adaptation.READOUT) {
                    for (int k = 0; k < hidden; k++) {
                        int idx = (j * hidden + k) * m + ch;
                        dw[idx] = (float) (dw[idx] + step * top[j * hidden + k]);
                    }
                }
            }
        }
    }

    void reset() {
        java.util.Arrays.fill(db, 0f);
        java.util.Arrays.fill(dw, 0f);
    }

    void write(DataOutput out) throws IOException {
        for (float v : db) out.writeFloat(v);
        for (float v : dw) out.writeFloat(v);
    }

    void read(DataInput in) throws IOException {
        for (int i = 0; i < db.length; i++) db[i] = in.readFloat();
        for (int i = 0; i < dw.length; i++) dw[i] = in.readFloat();
    }
}
