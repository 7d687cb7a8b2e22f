package dev.lookahead.model;

/**
 * One key's LSTM step and head forecast on pre-allocated arrays: the per-point hot path. Two implementations:
 * {@link LstmStepper} (plain Java, the default) and a Vector API one; {@link StepKernelType} picks one per
 * deployment, because their outputs agree to ~1e-7, not bit for bit, and a replay must reproduce the bytes.
 *
 * <p>Not thread-safe: an implementation owns scratch buffers, so each task thread keeps its own over shared,
 * read-only {@link LstmWeights}. State arrays hold all layers back to back: {@code h[off + l*H + j]}.
 */
public interface StepKernel {

    LstmWeights weights();

    /** Floats of h (and of c) per lane: layers x hidden. */
    int stateSize();

    /**
     * One step: reads {@code x[xOff .. xOff+C)}, advances {@code h} and {@code c} at {@code off}, writes the
     * forecast of the next normalised values to {@code y[yOff .. yOff+C)}.
     */
    void step(float[] x, int xOff, float[] h, float[] c, int off, float[] y, int yOff);

    /** The head alone: the forecast from the top layer's current h. */
    void forecast(float[] h, int off, float[] y, int yOff);
}
