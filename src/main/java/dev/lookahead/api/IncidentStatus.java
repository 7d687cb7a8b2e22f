package dev.lookahead.api;

/**
 * Where a point stands in its key's incident. An alerting tool pages on {@link #OPENED} and resolves on
 * {@link #CLOSED} or {@link #NEW_NORMAL}.
 */
public enum IncidentStatus {
    /** No incident is open. */
    NONE,
    /**
     * This point opened an incident, or reopened the one that had just closed: strong evidence soon after a close
     * says the key did not return, and the incident goes on with the same id (its points counting on).
     */
    OPENED,
    /** An open incident goes on: the key is still away from its behaviour before the incident. */
    CONTINUING,
    /** An incident is open but this point looks normal: the key may be returning (not yet closed). */
    QUIET,
    /**
     * This point closed the incident: the key has returned to its behaviour before it. Also at the new-normal bound
     * when the key is already back (this point and the one before it quiet), still counting its quiet points.
     */
    CLOSED,
    /** The incident lasted past {@code detector.incident-new-normal-ms} with the key still away, and ended as an accepted new normal. */
    NEW_NORMAL;

    /** Whether the point is part of an open incident's anomalous stretch. */
    public boolean anomalous() {
        return this == OPENED || this == CONTINUING;
    }

    static IncidentStatus of(dev.lookahead.scoring.IncidentStatus s) {
        return valueOf(s.name());
    }
}
