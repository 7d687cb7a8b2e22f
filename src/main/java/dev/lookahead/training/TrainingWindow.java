package dev.lookahead.training;

/**
 * One truncated-BPTT window: {@code input[L][C]} and {@code target[L][C]}, where {@code target[t]} is the value to
 * forecast after seeing {@code input[t]}. Rows may be shared with the sequence it was cut from; treat as read-only.
 */
public record TrainingWindow(float[][] input, float[][] target) {

    public TrainingWindow {
        if (input.length != target.length)
            throw new IllegalArgumentException("input has " + input.length + " steps, target " + target.length);
        if (input.length == 0) throw new IllegalArgumentException("empty window");
    }

    public int length() {
        return input.length;
    }

    public int channels() {
        return input[0].length;
    }
}
