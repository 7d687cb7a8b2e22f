package dev.lookahead.runner;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.Outcome;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.synthetic.AnomalyKind;
import dev.lookahead.synthetic.DetectionReport;
import dev.lookahead.synthetic.InjectedAnomaly;
import dev.lookahead.synthetic.LabelledSeries;
import dev.lookahead.synthetic.SyntheticStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The detector, with the bundled base model and default settings, on generated streams (seasonal + noise +
 * trend, one to three channels) with anomalies of every kind injected at known places, plus gaps: each anomaly
 * should be flagged within a short delay, and nothing else. Reports precision and recall per kind.
 */
class SyntheticDetectionTest {

    private static final int LENGTH = 3000;
    private static final int TOLERANCE = 20;   // rows after a window's end that still count as its detection

    private static List<LabelledSeries> streams() {
        List<LabelledSeries> all = new ArrayList<>();
        double[] periods = {48, 96, 144, 288};
        AnomalyKind[][] plans = {
                {AnomalyKind.SPIKE, AnomalyKind.LEVEL_SHIFT, AnomalyKind.FLATLINE},
                {AnomalyKind.DIP, AnomalyKind.VARIANCE_CHANGE, AnomalyKind.DRIFT},
                {AnomalyKind.LEVEL_SHIFT, AnomalyKind.SPIKE, AnomalyKind.VARIANCE_CHANGE},
                {AnomalyKind.FLATLINE, AnomalyKind.DIP, AnomalyKind.DRIFT},
        };
        for (int k = 0; k < 8; k++) {
            double amp = 2 + k % 3, noise = amp * (0.05 + 0.03 * (k % 4)), period = periods[k % periods.length];
            int channels = k % 4 == 3 ? 3 : 1;
            SyntheticStream b = SyntheticStream.builder(1000 + k).key("synthetic-" + k).length(LENGTH).interval(60_000)
                    .level(20 + 10 * k).seasonal(period, amp).trend(k % 2 == 0 ? amp / LENGTH : 0).noise(noise)
                    .channels(channels).correlated(true).anomaly(InjectedAnomaly.gap(900, 5 + k));
            AnomalyKind[] plan = plans[k % plans.length];
            for (int i = 0; i < plan.length; i++) b.anomaly(anomaly(plan[i], 1100 + 600 * i, noise, amp));
            all.add(b.generate());
        }
        return all;
    }

    /** Each kind at a size a person would call clearly anomalous for that signal. */
    private static InjectedAnomaly anomaly(AnomalyKind kind, int at, double noise, double amp) {
        return switch (kind) {
            case SPIKE -> InjectedAnomaly.spike(at, 8 * noise);
            case DIP -> InjectedAnomaly.dip(at, 8 * noise);
            case LEVEL_SHIFT -> InjectedAnomaly.of(kind, at, 30, 8 * noise);
            case VARIANCE_CHANGE -> InjectedAnomaly.of(kind, at, 40, 5);
            case FLATLINE -> InjectedAnomaly.of(kind, at, 60, 0);
            case DRIFT -> InjectedAnomaly.of(kind, at, 15, 1.5 * amp);
            case GAP -> InjectedAnomaly.gap(at, 5);
            case CROSS_CHANNEL_BREAK, PHASE_SHIFT, MISSED_RISE, FLAT_MIDDLE -> throw new IllegalArgumentException(kind + " is not in this test's plans");
        };
    }

    @Test
    void flagsEveryInjectedAnomalySoonAndStaysQuietElsewhere() {
        LstmModel model = ModelSnapshots.bundled();
        DirectRunner runner = new DirectRunner(model, DetectorConfig.defaults());
        List<DetectionReport> reports = new ArrayList<>();
        Map<AnomalyKind, int[]> perKind = new EnumMap<>(AnomalyKind.class);   // {windows, detected, sum of delays}
        for (LabelledSeries s : streams()) {
            Outcome[] out = runner.run(s.key(), s.channels(), s.times(), s.values());
            DetectionReport r = DetectionReport.of(s, out, TOLERANCE);
            reports.add(r);
            for (DetectionReport.WindowResult w : r.windows()) {
                int[] c = perKind.computeIfAbsent(w.window().kind(), x -> new int[3]);
                c[0]++;
                if (w.detected()) {
                    c[1]++;
                    c[2] += w.delayRows();
                }
            }
            for (DetectionReport.IncidentResult i : r.incidents())
                if (!i.matched()) System.out.printf(Locale.ROOT, "false alarm: %s row %d score %.3f%n", s.key(), i.row(), i.score());
        }
        double[] pr = DetectionReport.precisionRecall(reports);
        System.out.printf(Locale.ROOT, "synthetic detection (%s, defaults): precision %.3f recall %.3f%n", model.versionId(), pr[0], pr[1]);
        perKind.forEach((kind, c) -> System.out.printf(Locale.ROOT, "  %-16s detected %d/%d, mean delay %.1f rows%n",
                kind, c[1], c[0], c[1] == 0 ? Double.NaN : c[2] / (double) c[1]));
        for (Map.Entry<AnomalyKind, int[]> e : perKind.entrySet())
            if (e.getKey() != AnomalyKind.DRIFT)
                assertEquals(e.getValue()[0], e.getValue()[1], "every " + e.getKey() + " is flagged");
        // a flatline is a run of one repeated reading, found at its fifth (29 rows in on average when only the errors'
        // recent level judged it)
        int[] flat = perKind.get(AnomalyKind.FLATLINE);
        assertEquals(4 * flat[1], flat[2], "every flatline found 4 rows in");
        // A drift is measured and reported, not asserted: a ramp of 1.5 amplitudes over 15 points leaves one-step
        // residuals averaging ~0.5 sigma (the forecaster follows it), which no calibrated threshold can separate
        // from noise; a signed-bias test tried on top cost precision (1.00 -> 0.80) and still found 0/4.
        // See docs/ARCHITECTURE.md, "What a one-step forecaster cannot see".
        // the evidence over time finds sustained changes a one-point test cannot, at a price on these streams: their
        // cycles of 48 to 288 one-minute points are not daily, so the daily profile cannot hold them still, and since
        // the evidence's tail fit does not learn values rarer than three sigma (so a drift cannot widen it),
        // near-threshold alarms on their cycles cost precision here (docs/ACCURACY.md). A permanent shift closes at a
        // trough of its cycle; strong evidence at the next peak reopens the same incident, which then ends as a new
        // normal (IncidentStateTest), rather than opening a false alarm later
        assertTrue(pr[0] >= 0.9575, "precision " + pr[0] + " (docs/ACCURACY.md reports 0.958)");
        assertTrue(pr[1] >= 0.8745, "recall " + pr[1] + " (docs/ACCURACY.md reports 0.875)");
    }
}
