package dev.lookahead.api;

/**
 * Why the detector did not score a point. A dropped point is not lost: it comes back as an
 * {@link AnomalyDescriptor} whose {@link AnomalyDescriptor#dropReason()} is set.
 */
public enum DropReason {
    /** A point at a time the key already processed (or, under {@code REORDER}, already holds). */
    DUPLICATE,
    /** Earlier than the key's last point, under {@code detector.order-policy: DROP}. */
    OUT_OF_ORDER,
    /** Under {@code detector.order-policy: REORDER}: earlier than a released point, beyond the reorder bound. */
    LATE,
    /** No channel holds a finite value: nothing to score. */
    NO_FINITE_VALUE;

    /** Dropped because of its place in the key's time order (not because of its values). */
    public boolean orderRelated() {
        return this != NO_FINITE_VALUE;
    }

    static DropReason of(dev.lookahead.detector.DropReason r) {
        return valueOf(r.name());
    }
}
