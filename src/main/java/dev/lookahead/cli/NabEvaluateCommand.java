package dev.lookahead.cli;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.io.CsvReader;
import dev.lookahead.io.CsvSeries;
import dev.lookahead.model.LstmModel;
import dev.lookahead.nab.NabCorpus;
import dev.lookahead.nab.NabProfile;
import dev.lookahead.nab.NabScorer;
import dev.lookahead.nab.NabSeries;
import dev.lookahead.nab.NabWindow;
import dev.lookahead.runner.DirectRunner;
import picocli.CommandLine.ArgGroup;
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
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code evaluate nab}: every NAB series through the detector (one key per file, one set of settings, labels never
 * read by the detector), NAB's results layout written, then scored as NAB v1.1 does.
 */
@Command(name = "nab", mixinStandardHelpOptions = true,
        description = {"Run the 58 NAB series through the detector, write NAB's results layout",
                "(OUT/<category>/<detector>_<file>.csv: timestamp,value,anomaly_score,label) and score it as NAB v1.1 does.",
                "The detector never reads the labels; they are added to the output files only because NAB's layout has them."},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead evaluate nab --data ../shared/nab --out runs/nab",
                "  lookahead evaluate nab --data ../shared/nab --out runs/nab-onset --score-source onset"})
final class NabEvaluateCommand implements Callable<Integer> {

    enum Engine { direct, flink }

    /**
     * Which score NAB sees: an alert's score where the detector raised an alert and 0 elsewhere (the anomalies
     * topic's view), every point's calibrated score, or an incident's first point's score.
     */
    enum ScoreSource { alert, score, onset }

    /**
     * The NAB settings, one set for all 58 series (docs/ACCURACY.md): alerts from score 0.38 (tail 3e-4), a
     * 200-point cool-down, out-of-range scoring at 5% of the key's range.
     */
    static final double NAB_THRESHOLD = 0.38;
    static final int NAB_REFRACTORY = 200;
    static final double NAB_RANGE_MARGIN = 0.05;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "NAB_DIR", description = "NAB directory (data/, labels/, config/).")
    Path data;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Results directory (default ${DEFAULT-VALUE}).")
    Path out = Path.of("runs", "nab");

    @Option(names = "--engine", paramLabel = "ENGINE", description = "direct (default) or flink.")
    Engine engine = Engine.direct;

    @Option(names = "--detector", paramLabel = "NAME", description = "Detector name in the results layout (default ${DEFAULT-VALUE}).")
    String detector = "lookahead";

    @Option(names = "--score-source", paramLabel = "SOURCE", description = "alert (default): an alert's anomaly score, 0 where no alert was raised; score: every point's anomaly score; onset: an incident's first point keeps its score, the rest 0.")
    ScoreSource source = ScoreSource.alert;

    @Mixin
    ModelOption modelOption = new ModelOption();

    @ArgGroup(exclusive = false, heading = "%nDetector settings:%n")
    DetectorOptions detectorOptions = new DetectorOptions();

    /** The flags' settings, with the NAB threshold and cool-down where no flag sets them. */
    static DetectorConfig nabConfig(DetectorOptions flags) {
        DetectorConfig.Builder b = flags.toConfig().toBuilder();
        if (flags.threshold == null) b.threshold(NAB_THRESHOLD);
        if (flags.alertRefractory == null) b.alertRefractoryPoints(NAB_REFRACTORY);
        if (flags.rangeMargin == null) b.rangeMargin(NAB_RANGE_MARGIN);
        return b.build();
    }

    /** The score NAB sees for one point: the one place both engines take it from. */
    static double nabScore(ScoreSource source, PointResult p) {
        return switch (source) {
            case alert -> p.alertScore();
            case score -> p.anomalyScore();
            case onset -> p.incidentPoints() == 1 ? p.anomalyScore() : 0;
        };
    }

    @Override
    public Integer call() throws IOException {
        if (engine == Engine.flink)
            throw new IllegalArgumentException("--engine flink is not available yet in evaluate nab; use --engine direct (the job equals it byte for byte: LookaheadJobTest)");
        Map<String, List<NabWindow>> windows = NabWindow.load(NabCorpus.windowsFile(data));
        DetectorConfig config = nabConfig(detectorOptions);
        LstmModel model = modelOption.load();
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar bar = new ProgressBar(err);
        long started = System.nanoTime();
        int done = 0;
        for (String series : windows.keySet()) {
            Path file = data.resolve("data").resolve(series);
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException("NAB data file " + file + " is missing");
            CsvSeries s = new CsvReader().readOne(file);
            Outcome[] outcomes = new DirectRunner(model, config).run(series, s.channels(), s.times(), s.values());
            Path result = NabCorpus.resultFile(out, detector, series);
            Files.createDirectories(result.getParent());
            try (Writer w = Files.newBufferedWriter(result, StandardCharsets.UTF_8)) {
                w.write("timestamp,value,anomaly_score,label\n");
                for (int i = 0; i < outcomes.length; i++) {
                    double score = 0;
                    if (outcomes[i] instanceof PointResult p) score = nabScore(source, p);
                    String ts = s.timestampFormat().format(s.times()[i]);
                    LocalDateTime t = NabWindow.parseTime(ts);
                    boolean label = windows.get(series).stream().anyMatch(win -> !t.isBefore(win.start()) && !t.isAfter(win.end()));
                    w.write(ts + "," + s.values()[i][0] + "," + score + "," + (label ? 1 : 0) + "\n");
                }
            }
            bar.draw("nab", ++done / (double) windows.size(), series, done == windows.size());
        }
        bar.done();
        double detectSecs = (System.nanoTime() - started) / 1e9;
        List<NabProfile> profiles = NabCorpus.profiles(data);
        List<NabSeries> corpus = NabCorpus.readResults(data, out, detector);
        List<NabScorer.ProfileScore> scores = NabScorer.score(corpus, profiles);
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "NAB v1.1, detector %s (%s engine, model %s, score source %s, threshold %.2f, alert refractory %d, range margin %.2f): %d files in %.1f s; results in %s%n",
                detector, engine, model.versionId(), source, config.threshold(), config.alertRefractoryPoints(), config.rangeMargin(),
                windows.size(), detectSecs, out);
        StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%-22s", "category"));
        for (NabScorer.ProfileScore p : scores) h.append(String.format(Locale.ROOT, " %20s", p.profile().name()));
        o.println(h);
        List<Map<String, Double>> byCat = scores.stream().map(p -> p.normalizedByCategory(corpus)).toList();
        for (String cat : byCat.get(0).keySet()) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-22s", cat));
            for (Map<String, Double> m : byCat)
                line.append(Double.isNaN(m.get(cat)) ? String.format(Locale.ROOT, " %20s", "(no windows)") : String.format(Locale.ROOT, " %20.2f", m.get(cat)));
            o.println(line);
        }
        StringBuilder total = new StringBuilder(String.format(Locale.ROOT, "%-22s", "NAB score"));
        for (NabScorer.ProfileScore p : scores) total.append(String.format(Locale.ROOT, " %20.2f", p.normalized()));
        o.println(total);
        o.flush();
        return 0;
    }
}
