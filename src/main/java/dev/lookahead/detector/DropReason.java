package dev.lookahead.detector;

/** Why the detector did not score a point: a stable category for machines, beside the sentence for people. */
public enum DropReason {
    /** A point at a time the key already processed (or, under REORDER, already holds). */
    DUPLICATE,
    /** Earlier than the key's last point, under {@link OrderPolicy#DROP}. */
    OUT_OF_ORDER,
    /** Under {@link OrderPolicy#REORDER}: earlier than a point already released, beyond the reorder bound. */
    LATE,
    /** No channel holds a finite value: nothing to score. */
    NO_FINITE_VALUE;

    /** Dropped because of its place in the key's time order (not because of its values). */
    public boolean orderRelated() {
        return this != NO_FINITE_VALUE;
    }
}
