package dev.lookahead.synthetic;

import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;

import java.util.ArrayList;
import java.util.List;

/**
 * Matches a key's detected incidents with its labelled anomaly windows. A window is detected when an anomalous
 * point falls in {@code [start, end + tolerance]} rows; the delay is measured from the window's start. An incident
 * whose first point is in no window (widened the same way) is a false alarm.
 */
public final class DetectionReport {

    /** One labelled window and what became of it. */
    public record WindowResult(AnomalyWindow window, boolean detected, int delayRows, double maxScore) {
    }

    /** One incident (its first anomalous point) and whether it matched a window. */
    public record IncidentResult(int row, long firstSeen, double score, boolean matched) {
    }

    private final String key;
    private final List<WindowResult> windows = new ArrayList<>();
    private final List<IncidentResult> incidents = new ArrayList<>();

    private DetectionReport(String key) {
        this.key = key;
    }

    public static DetectionReport of(LabelledSeries series, Outcome[] outcomes, int tolerance) {
        DetectionReport r = new DetectionReport(series.key());
        List<AnomalyWindow> labelled = series.anomalies().stream().filter(w -> w.kind().labelled()).toList();
        for (AnomalyWindow w : labelled) {
            int detectedAt = -1;
            double max = 0;
            for (int row = w.startRow(); row <= Math.min(outcomes.length - 1, w.endRow() + tolerance); row++) {
                if (outcomes[row] instanceof PointResult p) {
                    max = Math.max(max, p.anomalyScore());
                    if (p.anomaly() && detectedAt < 0) detectedAt = row;
                }
            }
            r.windows.add(new WindowResult(w, detectedAt >= 0, detectedAt < 0 ? -1 : detectedAt - w.startRow(), max));
        }
        for (int row = 0; row < outcomes.length; row++) {
            if (outcomes[row] instanceof PointResult p && p.incidentPoints() == 1) {
                final int at = row;
                boolean matched = labelled.stream().anyMatch(w -> at >= w.startRow() && at <= w.endRow() + tolerance);
                r.incidents.add(new IncidentResult(row, p.time(), p.anomalyScore(), matched));
            }
        }
        return r;
    }

    public String key() {
        return key;
    }

    public List<WindowResult> windows() {
        return windows;
    }

    public List<IncidentResult> incidents() {
        return incidents;
    }

    public int detectedWindows() {
        return (int) windows.stream().filter(WindowResult::detected).count();
    }

    public int falseAlarms() {
        return (int) incidents.stream().filter(i -> !i.matched()).count();
    }

    public int trueIncidents() {
        return incidents.size() - falseAlarms();
    }

    /** Precision and recall over several keys: {@code [precision, recall]}. */
    public static double[] precisionRecall(List<DetectionReport> reports) {
        int incidents = 0, trueIncidents = 0, windows = 0, detected = 0;
        for (DetectionReport r : reports) {
            incidents += r.incidents.size();
            trueIncidents += r.trueIncidents();
            windows += r.windows.size();
            detected += r.detectedWindows();
        }
        return new double[]{incidents == 0 ? 1.0 : trueIncidents / (double) incidents, windows == 0 ? 1.0 : detected / (double) windows};
    }
}
