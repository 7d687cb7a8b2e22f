package dev.lookahead.compare;

/**
 * How one incident differs between run A and run B.
 *
 * @param before the incident in A (null when added)
 * @param after  the incident in B (null when removed)
 */
public record IncidentChange(Kind kind, String key, Incident before, Incident after) {

    public enum Kind {
        /** In B only: nothing in A overlaps it or starts near it. */
        ADDED,
        /** In A only. */
        REMOVED,
        /** In both, with another start, end or number of points. */
        MOVED
    }

    /** The incident as B has it, else as A had it. */
    public Incident incident() {
        return after != null ? after : before;
    }
}
