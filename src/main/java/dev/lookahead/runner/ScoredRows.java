package dev.lookahead.runner;

import dev.lookahead.detector.DroppedPoint;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.io.ScoredRow;

import java.util.StringJoiner;

/** Maps detector outcomes to the rows of the scored CSV. */
public final class ScoredRows {

    private ScoredRows() {
    }

    /**
     * @param o      the outcome
     * @param actual the row's input values (for dropped rows, which have no result arrays)
     */
    public static ScoredRow of(Outcome o, double[] actual) {
        if (o instanceof DroppedPoint d) {
            return new ScoredRow(d.time(), actual, null, null, Double.NaN, 0.0, false, null, "dropped", d.reason());
        }
        PointResult p = (PointResult) o;
        boolean none = p.incidentStatus() == dev.lookahead.scoring.IncidentStatus.NONE;
        return new ScoredRow(p.time(), p.actual(), p.forecast(), p.forecastStd(), p.rawScore(), p.anomalyScore(),
                p.anomaly(), p.modelVersion(), flags(p), null, none ? null : p.incidentStatus().name(), none ? null : p.incidentId(),
                p.deviatedChannel(), p.deviatedUsualLevel());
    }

    /** Flags as {@code warmup|imputed|gap=3|reset|reordered}, or null when none apply. */
    public static String flags(PointResult p) {
        StringJoiner j = new StringJoiner("|");
        if (p.warmUp()) j.add("warmup");
        for (boolean b : p.imputed()) if (b) { j.add("imputed"); break; }
        if (p.gapSteps() > 0) j.add("gap=" + p.gapSteps());
        if (p.stateReset()) j.add("reset");
        if (p.outOfOrder()) j.add("reordered");
        return j.length() == 0 ? null : j.toString();
    }
}
