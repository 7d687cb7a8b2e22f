package dev.lookahead.preprocessing;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns raw series into what the LSTM sees online, so a model is trained on exactly the mapping it runs: at each
 * point the detector normalises the value with the key's statistics after folding it in, steps the LSTM on it,
 * and is later judged on the next value normalised with those same statistics. Values that are not finite split a
 * series into separate sequences (training never sees imputed values).
 */
public final class TrainingSequences {

    /** Parallel sequences: {@code inputs[t]} is fed at step t, {@code targets[t]} is the forecast wanted after it. */
    public record Sequence(float[][] inputs, float[][] targets) {
        public int length() {
            return inputs.length;
        }
    }

    private TrainingSequences() {
    }

    /**
     * @param raw          rows of channel values
     * @param window       normalisation window (the detector's normalisation-window)
     * @param robustAfter  the detector's robust-after
     * @param robustClip   the detector's robust-clip
     * @param inputClip    the detector's input-clip (inputs and targets are clipped to it)
     * @param skipFirst    leading points to leave out (the normalisation is still settling there)
     */
    public static List<Sequence> of(double[][] raw, int window, int robustAfter, double robustClip, double inputClip, int skipFirst) {
        int channels = raw.length == 0 ? 0 : raw[0].length;
        RobustNormaliser n = new RobustNormaliser(channels);
        List<Sequence> out = new ArrayList<>();
        List<float[]> in = new ArrayList<>();
        List<float[]> target = new ArrayList<>();
        for (int t = 0; t < raw.length; t++) {
            boolean finite = true;
            for (double v : raw[t]) finite &= Double.isFinite(v);
            if (!finite) {
                flush(in, target, out);
                continue;
            }
            // the previous input's target is this value, normalised before this value is folded in
            if (in.size() > target.size()) target.add(normalise(n, raw[t], inputClip));
            for (int ch = 0; ch < channels; ch++) n.learn(ch, raw[t][ch], window, robustAfter, robustClip);
            if (t >= skipFirst) in.add(normalise(n, raw[t], inputClip));
        }
        flush(in, target, out);
        return out;
    }

    private static float[] normalise(RobustNormaliser n, double[] row, double clip) {
        float[] z = new float[row.length];
        for (int ch = 0; ch < row.length; ch++) z[ch] = (float) Math.max(-clip, Math.min(clip, n.normalise(ch, row[ch])));
        return z;
    }

    private static void flush(List<float[]> in, List<float[]> target, List<Sequence> out) {
        int len = target.size();   // the last input has no target yet
        if (len >= 2) out.add(new Sequence(in.subList(0, len).toArray(new float[0][]), target.toArray(new float[0][])));
        in.clear();
        target.clear();
    }
}
