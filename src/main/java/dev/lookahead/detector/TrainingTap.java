package dev.lookahead.detector;

/**
 * Sees, for every scored point, the normalised values the LSTM was judged on and stepped on, so online
 * fine-tuning can cut training windows that match what the detector runs (the same mapping as
 * {@link dev.lookahead.preprocessing.TrainingSequences}) without normalising a second time.
 *
 * <p>Called on the scoring thread, after the point's verdict and before it is emitted. The arrays are the
 * detector's scratch buffers: copy what you keep, and return quickly (this is on the per-point path).
 */
@FunctionalInterface
public interface TrainingTap {

    /**
     * @param point  the verdict on the point (flags tell whether it is fit to learn from)
     * @param target per channel: this point's value normalised with the key's statistics before it was folded in,
     *               clipped to {@code input-clip}; the training target of the previous point's input. NaN where the
     *               channel was not scored (missing, or the key's first value)
     * @param input  per channel: what the LSTM was stepped on for this point (normalised after folding it in,
     *               clipped); a missing channel holds the clipped forecast
     */
    void onScored(PointResult point, float[] target, float[] input);
}
