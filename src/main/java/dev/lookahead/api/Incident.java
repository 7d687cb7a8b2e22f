package dev.lookahead.api;

import java.util.Objects;

/**
 * The incident a point belongs to: its id (the key and the event time it opened), where the point stands in it, when
 * it started and how long it has lasted at this point. Immutable; compared by value.
 */
public final class Incident {

    private final String id;
    private final IncidentStatus status;
    private final long startTime;
    private final long durationMillis;
    private final int anomalousPoints;
    private final boolean alerted;

    Incident(String id, IncidentStatus status, long startTime, long durationMillis, int anomalousPoints, boolean alerted) {
        this.id = id;
        this.status = status;
        this.startTime = startTime;
        this.durationMillis = durationMillis;
        this.anomalousPoints = anomalousPoints;
        this.alerted = alerted;
    }

    /** {@code key@startTime}: the same id on every point of the incident, and in the anomalies topic. */
    public String id() {
        return id;
    }

    public IncidentStatus status() {
        return status;
    }

    /** Event time (epoch millis) of the point that opened the incident. */
    public long startTime() {
        return startTime;
    }

    /** Event time from the incident's start to this point, in millis. */
    public long durationMillis() {
        return durationMillis;
    }

    /** Anomalous points in the incident so far (0 once the key looks normal again). */
    public int anomalousPoints() {
        return anomalousPoints;
    }

    /** The incident raised an alert (so its updates and its end are reported too). */
    public boolean alerted() {
        return alerted;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Incident i && id.equals(i.id) && status == i.status && startTime == i.startTime
                && durationMillis == i.durationMillis && anomalousPoints == i.anomalousPoints && alerted == i.alerted;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, status, startTime, durationMillis, anomalousPoints, alerted);
    }

    @Override
    public String toString() {
        return "Incident{" + id + ", " + status + ", " + durationMillis + " ms, " + anomalousPoints + " anomalous points"
                + (alerted ? ", alerted" : "") + "}";
    }
}
