package dev.lookahead.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Training sequences: pairs of {@code float[T][C]} inputs and targets (already normalised by the caller), where
 * {@code target[t]} is the value to forecast after seeing {@code input[t]}. Sequences may differ in length; they
 * are cut into fixed-length windows by {@link #windows(int, int)}.
 */
public final class TrainingData {

    private final List<float[][]> inputs;
    private final List<float[][]> targets;
    private final int channels;

    public TrainingData(List<float[][]> inputs, List<float[][]> targets) {
        if (inputs.size() != targets.size())
            throw new IllegalArgumentException(inputs.size() + " inputs but " + targets.size() + " targets");
        if (inputs.isEmpty()) throw new IllegalArgumentException("no sequences");
        int c = -1;
        for (int i = 0; i < inputs.size(); i++) {
            float[][] in = inputs.get(i), tg = targets.get(i);
            if (in.length != tg.length)
                throw new IllegalArgumentException("sequence " + i + ": input has " + in.length + " steps, target " + tg.length);
            for (float[][] s : List.of(in, tg))
                for (float[] row : s) {
                    if (c < 0) c = row.length;
                    if (row.length != c || c == 0)
                        throw new IllegalArgumentException("sequence " + i + ": rows must all have " + c + " channels");
                }
        }
        if (c < 0) throw new IllegalArgumentException("all sequences are empty");
        this.inputs = List.copyOf(inputs);
        this.targets = List.copyOf(targets);
        this.channels = c;
    }

    /** Next-step forecasting: input = {@code series[0 .. T-2]}, target = {@code series[1 .. T-1]} of each series. */
    public static TrainingData nextStepOf(List<float[][]> series) {
        List<float[][]> in = new ArrayList<>(series.size()), tg = new ArrayList<>(series.size());
        for (float[][] s : series) {
            if (s.length < 2) continue;
            in.add(Arrays.copyOfRange(s, 0, s.length - 1));
            tg.add(Arrays.copyOfRange(s, 1, s.length));
        }
        return new TrainingData(in, tg);
    }

    public List<float[][]> inputs() {
        return inputs;
    }

    public List<float[][]> targets() {
        return targets;
    }

    public int channels() {
        return channels;
    }

    /** Total steps over all sequences. */
    public long steps() {
        long n = 0;
        for (float[][] s : inputs) n += s.length;
        return n;
    }

    /**
     * Windows of {@code length} steps starting at 0, stride, 2*stride, ... of every sequence (a sequence shorter
     * than {@code length} gives none; a tail shorter than a window is dropped). In sequence order.
     */
    public List<TrainingWindow> windows(int length, int stride) {
        if (length < 1 || stride < 1) throw new IllegalArgumentException("length and stride must be >= 1");
        List<TrainingWindow> w = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            float[][] in = inputs.get(i), tg = targets.get(i);
            for (int s = 0; s + length <= in.length; s += stride)
                w.add(new TrainingWindow(Arrays.copyOfRange(in, s, s + length), Arrays.copyOfRange(tg, s, s + length)));
        }
        return w;
    }
}
