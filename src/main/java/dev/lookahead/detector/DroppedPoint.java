package dev.lookahead.detector;

/**
 * A point the detector did not score, with the reason (out of order, duplicate, late, no usable value). Nothing is
 * silently lost: every input yields either a {@link PointResult} or a DroppedPoint.
 */
public record DroppedPoint(String key, long time, long ordinal, String reason) implements Outcome {
}
