package dev.lookahead.detector;

/**
 * What happens to the keys' own head corrections ({@link Adaptation}) when the detector switches to another
 * version of the shared model. Measured and argued in docs/TRAINING.md.
 */
public enum ModelSwitch {
    /**
     * Each key's correction is cleared at its first point under the new model: a correction was learned against
     * the old model's hidden features and residuals, and fine-tuning on recent data already absorbs what the
     * keys had in common, so keeping it double-corrects. The default.
     */
    RESET_ADAPTATION,
    /** Keys keep their corrections (right when the new model differs little, e.g. a reload of the same weights). */
    KEEP_ADAPTATION
}
