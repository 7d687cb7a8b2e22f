package dev.lookahead.bench;

import dev.lookahead.detector.Adaptation;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.runner.DirectRunner;
import dev.lookahead.synthetic.DetectionReport;
import dev.lookahead.synthetic.LabelledSeries;
import dev.lookahead.synthetic.SampleStreams;
import dev.lookahead.synthetic.TrainingCorpus;
import dev.lookahead.training.ModelFactory.RawSeries;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the per-key adaptation by measurement: one-step forecast error (normalised by each series' own
 * forecast-free spread, after warm-up) on held-out generated series unlike the training corpus's seeds, and
 * detection precision/recall on the labelled sample, for NONE, BIAS and READOUT at a few rates.
 *
 * <p>Run: {@code ./mvnw -q test-compile exec:exec -Pbench -Dbench.args=...} is for JMH; this is a plain main:
 * {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.lookahead.bench.AdaptationStudy [model.avro]}
 */
public final class AdaptationStudy {

    public static void main(String[] args) {
        LstmModel model = args.length > 0 ? ModelSnapshots.read(Path.of(args[0])) : ModelSnapshots.bundled();
        List<RawSeries> heldOut = TrainingCorpus.generate(20261122L, 48, 3000);   // other seed than the model's corpus
        List<LabelledSeries> sample = SampleStreams.generate(12, 4000, 99);
        System.out.printf(Locale.ROOT, "model %s; %d held-out series x 3000, %d labelled sample series x 4000%n",
                model.versionId(), heldOut.size(), sample.size());
        System.out.printf(Locale.ROOT, "%-10s %6s %14s %10s %10s%n", "mode", "rate", "rel. MSE", "precision", "recall");
        Object[][] modes = {{Adaptation.NONE, 0.01}, {Adaptation.BIAS, 0.01}, {Adaptation.BIAS, 0.05},
                {Adaptation.READOUT, 0.003}, {Adaptation.READOUT, 0.01}, {Adaptation.READOUT, 0.03}};
        for (Object[] m : modes) {
            DetectorConfig cfg = DetectorConfig.builder().adaptation((Adaptation) m[0]).adaptationRate((Double) m[1]).build();
            DirectRunner runner = new DirectRunner(model, cfg);
            double rel = 0;
            for (RawSeries s : heldOut) {
                Outcome[] out = runner.run(s.name(), List.of("value"), s.times(), s.values());
                double se = 0, sd = 0, mean = 0;
                int n = 0;
                for (int i = 200; i < out.length; i++) mean += s.values()[i][0];
                mean /= (out.length - 200);
                for (int i = 200; i < out.length; i++) {
                    PointResult p = (PointResult) out[i];
                    double e = p.actual()[0] - p.forecast()[0];
                    se += e * e;
                    sd += (s.values()[i][0] - mean) * (s.values()[i][0] - mean);
                    n++;
                }
                rel += se / Math.max(sd, 1e-12);
            }
            rel /= heldOut.size();
            List<DetectionReport> reports = new ArrayList<>();
            for (LabelledSeries s : sample) reports.add(DetectionReport.of(s, runner.run(s.key(), s.channels(), s.times(), s.values()), 20));
            double[] pr = DetectionReport.precisionRecall(reports);
            System.out.printf(Locale.ROOT, "%-10s %6.3f %14.4f %10.3f %10.3f%n", m[0], m[1], rel, pr[0], pr[1]);
        }
    }
}
