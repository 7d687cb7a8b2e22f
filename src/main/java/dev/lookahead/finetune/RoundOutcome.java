package dev.lookahead.finetune;

/** How a fine-tuning round ended. */
public enum RoundOutcome {
    /** The candidate passed the validation gate and became the current model. */
    ACCEPTED,
    /** The candidate's loss on the held-back windows was worse than the current model's by more than the margin. */
    REJECTED,
    /** Too few windows in the period; no training ran and the windows were kept for the next attempt. */
    SKIPPED,
    /** Training went over {@code max-round-ms}; the partial candidate was discarded. */
    TIMED_OUT,
    /** Training or storing failed (the message says why); the current model stays. */
    FAILED
}
