package dev.lookahead.detector;

/** What the detector says about one input point: scored or dropped. */
public sealed interface Outcome permits PointResult, DroppedPoint {
    String key();

    long time();

    long ordinal();
}
