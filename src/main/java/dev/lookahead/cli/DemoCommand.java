package dev.lookahead.cli;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.io.ScoredCsvWriter;
import dev.lookahead.model.LstmModel;
import dev.lookahead.runner.DirectRunner;
import dev.lookahead.runner.ScoredRows;
import dev.lookahead.synthetic.AnomalyWindow;
import dev.lookahead.synthetic.DetectionReport;
import dev.lookahead.synthetic.LabelledSeries;
import dev.lookahead.io.TimestampFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code demo}: the detector on the bundled labelled sample, end to end, with a summary of what it found. This
 * version runs the core directly; the embedded Kafka + Flink demo replaces it with the stream job.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generate the labelled sample (several sensors, univariate and multivariate, anomalies of",
                "every kind, a gap), score it with the bundled base model, write the scored CSVs and print the",
                "incidents found against the injected anomalies."},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead demo", "  lookahead demo --keys 8 --out runs/demo --threshold 0.6"})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Where to write the sample and scored CSVs (default ${DEFAULT-VALUE}).")
    Path out = Path.of("runs", "demo");

    @Option(names = "--keys", paramLabel = "N", description = "Sensors in the sample, at least 3 (default ${DEFAULT-VALUE}).")
    int keys = 6;

    @Option(names = "--length", paramLabel = "POINTS", description = "Points per sensor (default ${DEFAULT-VALUE}).")
    int length = 4000;

    @Option(names = "--seed", paramLabel = "N", description = "Sample seed (default ${DEFAULT-VALUE}).")
    long seed = 7;

    @Mixin
    ModelOption modelOption = new ModelOption();

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "%nDetector settings:%n")
    DetectorOptions detectorOptions = new DetectorOptions();

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outw = spec.commandLine().getOut();
        DetectorConfig config = detectorOptions.toConfig();
        LstmModel model = modelOption.load();
        List<LabelledSeries> sample = SampleData.write(out.resolve("sample"), keys, length, seed);
        DirectRunner runner = new DirectRunner(model, config);
        List<DetectionReport> reports = new ArrayList<>();
        long points = 0, started = System.nanoTime();
        outw.printf(Locale.ROOT, "Lookahead demo: %d sensors x %d points, model %s (%s), threshold %.2f%n%n",
                sample.size(), length, model.versionId(), model.architecture().describe(), config.threshold());
        outw.printf(Locale.ROOT, "%-18s %-20s %-17s %6s %-5s %-9s %s%n", "sensor", "incident first seen", "matches", "score", "dir", "channel", "points");
        for (LabelledSeries s : sample) {
            Outcome[] outcomes = runner.run(s.key(), s.channels(), s.times(), s.values());
            points += outcomes.length;
            Path scored = out.resolve("scored").resolve(s.key() + ".csv");
            Files.createDirectories(scored.getParent());
            try (Writer w = Files.newBufferedWriter(scored, StandardCharsets.UTF_8)) {
                ScoredCsvWriter csv = new ScoredCsvWriter(w, s.channels(), TimestampFormat.ISO);
                csv.writeHeader();
                for (int i = 0; i < outcomes.length; i++) csv.writeRow(ScoredRows.of(outcomes[i], s.values()[i]));
            }
            DetectionReport r = DetectionReport.of(s, outcomes, 20);
            reports.add(r);
            for (DetectionReport.IncidentResult inc : r.incidents()) {
                PointResult p = (PointResult) outcomes[inc.row()];
                int size = 0;
                for (int i = inc.row(); i < outcomes.length && outcomes[i] instanceof PointResult q && q.incidentPoints() > size; i++) size = q.incidentPoints();
                outw.printf(Locale.ROOT, "%-18s %-20s %-17s %6.3f %-5s %-9s %d%n", s.key(), TimestampFormat.ISO.format(inc.firstSeen()),
                        inc.matched() ? matched(s, inc.row()) : "(false alarm)", inc.score(), p.above() ? "above" : "below",
                        p.channels().get(p.topChannel()), size);
            }
            for (DetectionReport.WindowResult w : r.windows()) {
                if (!w.detected()) outw.printf(Locale.ROOT, "%-18s %-20s %-17s %6.3f   (missed)%n", s.key(),
                        TimestampFormat.ISO.format(w.window().startTime()), w.window().kind(), w.maxScore());
            }
        }
        double[] pr = DetectionReport.precisionRecall(reports);
        double secs = (System.nanoTime() - started) / 1e9;
        outw.printf(Locale.ROOT, "%n%d points in %.2f s (%.0f points/s). Injected anomalies detected: recall %.2f, precision %.2f.%n",
                points, secs, points / secs, pr[1], pr[0]);
        outw.printf(Locale.ROOT, "Scored CSVs: %s   sample data and labels: %s%n", out.resolve("scored"), out.resolve("sample"));
        outw.flush();
        err.flush();
        return 0;
    }

    private static String matched(LabelledSeries s, int row) {
        for (AnomalyWindow w : s.anomalies()) {
            if (w.kind().labelled() && row >= w.startRow() && row <= w.endRow() + 20) return w.kind().toString();
        }
        return "?";
    }
}
