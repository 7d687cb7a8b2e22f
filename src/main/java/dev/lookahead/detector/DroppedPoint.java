package dev.lookahead.detector;

/**
 * A point the detector did not score, with the reason (out of order, duplicate, late, no usable value). Nothing is
 * silently lost: every input yields either a {@link PointResult} or a DroppedPoint.
 *
 * @param cause  why, as a category
 * @param reason why, as a sentence (names the times involved)
 */
public record DroppedPoint(String key, long time, long ordinal, DropReason cause, String reason) implements Outcome {
}
