package dev.lookahead.nab;

import dev.lookahead.avro.ScoredPoint;

/**
 * Which score NAB sees for a point: the one place the {@code anomaly_score} column of Lookahead's NAB results is
 * computed, for both engines (the direct engine converts its verdicts to {@link ScoredPoint} as the job does), so
 * a change to what NAB is shown is made here once and both engines stay byte-identical.
 */
public enum NabScoreSource {
    /** The alert's rank ({@code alertScore}) where the detector raised an alert, 0 elsewhere: the anomalies topic's view. */
    alert,
    /** Every point's calibrated anomaly score. */
    score,
    /** An incident's first point keeps its score; the incident's later points and normal points get 0. */
    onset;

    /** The score of a row the detector dropped (duplicate or out-of-order timestamp): NAB needs a row, there is no verdict. */
    public static final double DROPPED = 0;

    /** The {@code anomaly_score} NAB is given for {@code p}. */
    public double of(ScoredPoint p) {
        return switch (this) {
            case alert -> p.getAlertScore();
            case score -> p.getAnomalyScore();
            case onset -> p.getIncidentPoints() == 1 ? p.getAnomalyScore() : 0;
        };
    }
}
