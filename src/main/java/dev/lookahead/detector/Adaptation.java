package dev.lookahead.detector;

/**
 * How a key's forecasts adapt to that key online, on top of the shared model. Measured in docs/ARCHITECTURE.md.
 */
public enum Adaptation {
    /** Only per-key normalisation: every key shares the model's forecast exactly. */
    NONE,
    /** A per-key, per-channel output bias learned by LMS: removes a key's systematic forecast offset. */
    BIAS,
    /** A per-key correction of the linear head (bias and weights on the top hidden state) learned by NLMS. */
    READOUT
}
