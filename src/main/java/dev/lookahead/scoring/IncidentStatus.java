package dev.lookahead.scoring;

/**
 * Where a point stands in its key's incident. Alerting tools page on {@link #OPENED} and resolve on {@link #CLOSED}
 * or {@link #NEW_NORMAL}.
 */
public enum IncidentStatus {
    /** No incident is open. */
    NONE,
    /** This point opened an incident, or reopened the one that had just closed (the same incident id). */
    OPENED,
    /** An open incident goes on: the key is still away from its behaviour before the incident. */
    CONTINUING,
    /** An incident is open but this point looks normal: the key may be returning (not yet closed). */
    QUIET,
    /** This point closed the incident: the key has returned to its behaviour before it. */
    CLOSED,
    /** The incident lasted past the configured bound and ended as an accepted new normal: the key re-baselined. */
    NEW_NORMAL;

    /** Whether the point is part of an open incident's anomalous stretch ({@code anomaly} is 1 on these). */
    public boolean anomalous() {
        return this == OPENED || this == CONTINUING;
    }
}
