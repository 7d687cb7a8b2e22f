package dev.lookahead.detector;

/** What to do with a key's points that arrive out of event-time order. */
public enum OrderPolicy {
    /** Process in arrival order; a point not later than the key's last point is dropped with a reason. */
    DROP,
    /** Hold points up to the reorder bound of the key's own event time and process them in time order. */
    REORDER
}
