package dev.lookahead.finetune;

import dev.lookahead.compare.ModelComparison;
import dev.lookahead.compare.RunDiff;
import dev.lookahead.compare.IncidentChange;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.model.LstmModel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The gate's incident check: the held-back windows replayed as one recording through the detector under the
 * parent and under the candidate, then diffed as {@code compare-models} does ({@link ModelComparison}).
 *
 * <p>A window holds the detector's normalised values ({@code input[0]}, then each step's target), so the recording
 * is those values, one second apart, windows in order of time (then key). A gap longer than
 * {@code max-imputed-steps} separates windows, so each starts with the LSTM state reset (windows come from many
 * keys) and its first {@code reset-warm-up-points} are never anomalous; the recording's first window is the
 * detector's warm-up. Normalisation, error scale and likelihood carry across windows, as they would on one calm
 * key. Both models meet exactly the same points and settings, so what differs is the models.
 */
final class HeldBackReplay {

    /** What the replay found. */
    record Result(int parentIncidents, int candidateIncidents, int added, int removed, int moved, long points) {
        String describe() {
            return String.format(Locale.ROOT, "incidents on the held-back windows (%d points): parent %d, candidate %d (%d added, %d removed, %d moved)",
                    points, parentIncidents, candidateIncidents, added, removed, moved);
        }
    }

    private static final long STEP = 1000;

    private HeldBackReplay() {
    }

    static Result compare(LstmModel parent, LstmModel candidate, DetectorConfig detector, List<TimedWindow> windows) {
        List<String> channels = parent.architecture().channels();
        DetectorConfig cfg = detector.toBuilder().channels(channels).build();
        ModelComparison.Result r = ModelComparison.run(parent, candidate, cfg, List.of(recording(windows, channels, cfg)));
        RunDiff d = r.diff();
        int pa = 0, pb = 0;
        for (var k : d.keys()) {
            pa += k.incidentsA().size();
            pb += k.incidentsB().size();
        }
        return new Result(pa, pb, d.count(IncidentChange.Kind.ADDED), d.count(IncidentChange.Kind.REMOVED),
                d.count(IncidentChange.Kind.MOVED), r.a().points());
    }

    static ModelComparison.Series recording(List<TimedWindow> windows, List<String> channels, DetectorConfig cfg) {
        List<TimedWindow> ordered = new ArrayList<>(windows);
        ordered.sort(Comparator.comparingLong(TimedWindow::from).thenComparing(TimedWindow::key));
        int c = channels.size();
        List<long[]> times = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        long t = 0, gap = (cfg.maxImputedSteps() + 2L) * STEP;
        for (TimedWindow w : ordered) {
            float[][] in = w.window().input(), tg = w.window().target();
            if (in[0].length != c) throw new IllegalArgumentException("window of " + in[0].length + " channels for a model of " + c);
            add(times, values, t, in[0]);
            for (float[] row : tg) add(times, values, t += STEP, row);
            t += gap;
        }
        long[] ts = new long[times.size()];
        double[][] vs = new double[times.size()][];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = times.get(i)[0];
            vs[i] = values.get(i);
        }
        return new ModelComparison.Series("held-back", channels, ts, vs);
    }

    private static void add(List<long[]> times, List<double[]> values, long t, float[] row) {
        double[] v = new double[row.length];
        for (int i = 0; i < v.length; i++) v[i] = row[i];
        times.add(new long[]{t});
        values.add(v);
    }
}
