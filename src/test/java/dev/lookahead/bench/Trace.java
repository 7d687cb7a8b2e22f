package dev.lookahead.bench;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.io.CsvReader;
import dev.lookahead.io.CsvSeries;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.runner.DirectRunner;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/** Prints one series' verdicts row by row (research): {@code Trace FILE [FROM TO]}; settings as AccuracyStudy's {@code -Dset}. */
public final class Trace {
    public static void main(String[] args) throws Exception {
        DetectorConfig cfg = AccuracyStudy.config(System.getProperty("set", ""));
        Outcome[] out;
        if (args[0].startsWith("syn:")) {   // SyntheticDetectionTest's stream k
            int k = Integer.parseInt(args[0].substring(4));
            double[] periods = {48, 96, 144, 288};
            dev.lookahead.synthetic.AnomalyKind[][] plans = {
                    {dev.lookahead.synthetic.AnomalyKind.SPIKE, dev.lookahead.synthetic.AnomalyKind.LEVEL_SHIFT, dev.lookahead.synthetic.AnomalyKind.FLATLINE},
                    {dev.lookahead.synthetic.AnomalyKind.DIP, dev.lookahead.synthetic.AnomalyKind.VARIANCE_CHANGE, dev.lookahead.synthetic.AnomalyKind.DRIFT},
                    {dev.lookahead.synthetic.AnomalyKind.LEVEL_SHIFT, dev.lookahead.synthetic.AnomalyKind.SPIKE, dev.lookahead.synthetic.AnomalyKind.VARIANCE_CHANGE},
                    {dev.lookahead.synthetic.AnomalyKind.FLATLINE, dev.lookahead.synthetic.AnomalyKind.DIP, dev.lookahead.synthetic.AnomalyKind.DRIFT}};
            double amp = 2 + k % 3, noise = amp * (0.05 + 0.03 * (k % 4)), period = periods[k % periods.length];
            int channels = k % 4 == 3 ? 3 : 1;
            var b = dev.lookahead.synthetic.SyntheticStream.builder(1000 + k).key("synthetic-" + k).length(3000).interval(60_000)
                    .level(20 + 10 * k).seasonal(period, amp).trend(k % 2 == 0 ? amp / 3000 : 0).noise(noise)
                    .channels(channels).correlated(true).anomaly(dev.lookahead.synthetic.InjectedAnomaly.gap(900, 5 + k));
            var plan = plans[k % plans.length];
            for (int i = 0; i < plan.length; i++) {
                var kind = plan[i];
                int at = 1100 + 600 * i;
                b.anomaly(switch (kind) {
                    case SPIKE -> dev.lookahead.synthetic.InjectedAnomaly.spike(at, 8 * noise);
                    case DIP -> dev.lookahead.synthetic.InjectedAnomaly.dip(at, 8 * noise);
                    case LEVEL_SHIFT -> dev.lookahead.synthetic.InjectedAnomaly.of(kind, at, 30, 8 * noise);
                    case VARIANCE_CHANGE -> dev.lookahead.synthetic.InjectedAnomaly.of(kind, at, 40, 5);
                    case FLATLINE -> dev.lookahead.synthetic.InjectedAnomaly.of(kind, at, 60, 0);
                    case DRIFT -> dev.lookahead.synthetic.InjectedAnomaly.of(kind, at, 15, 1.5 * amp);
                    default -> throw new IllegalStateException();
                });
            }
            var ls = b.generate();
            out = new DirectRunner(ModelSnapshots.bundled(), cfg).run("k", ls.channels(), ls.times(), ls.values());
        } else {
            CsvSeries s = new CsvReader().readOne(Path.of(args[0]));
            out = new DirectRunner(ModelSnapshots.bundled(), cfg).run("k", s.channels(), s.times(), s.values());
        }
        int from = args.length > 1 ? Integer.parseInt(args[1]) : 0, to = args.length > 2 ? Integer.parseInt(args[2]) : out.length;
        boolean onlyEvents = Boolean.getBoolean("events");
        for (int i = from; i < Math.min(to, out.length); i++) {
            if (!(out[i] instanceof PointResult p)) { System.out.println(i + " dropped"); continue; }
            if (onlyEvents && p.incidentStatus() == dev.lookahead.scoring.IncidentStatus.NONE) continue;
            System.out.printf(Locale.ROOT, "%5d %s x=%10.3f f=%10.3f sd=%8.3f e=%7.2f lik=%.2f ev=%.2f sc=%.2f %s%s%n", i, Instant.ofEpochMilli(p.time()),
                    p.actual()[0], p.forecast()[0], p.forecastStd()[0], p.standardisedError()[0], p.anomalyScore() == p.evidenceScore() ? 0 : p.anomalyScore(),
                    p.evidenceScore(), p.anomalyScore(), p.incidentStatus(), p.emitAlert() ? " ALERT " + String.format(Locale.ROOT, "%.3f", p.alertScore()) : "");
        }
    }
}
