package dev.lookahead.cli;

import dev.lookahead.avro.ScoredPoint;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.io.CsvReader;
import dev.lookahead.io.CsvSeries;
import dev.lookahead.model.LstmModel;
import dev.lookahead.nab.NabCorpus;
import dev.lookahead.nab.NabProfile;
import dev.lookahead.nab.NabResultsWriter;
import dev.lookahead.nab.NabScoreSource;
import dev.lookahead.nab.baseline.PythonNumerics;
import dev.lookahead.nab.baseline.PythonRandom;
import dev.lookahead.nab.baseline.WindowedGaussian;
import dev.lookahead.stream.AvroOutputs;
import dev.lookahead.nab.NabScorer;
import dev.lookahead.nab.NabSeries;
import dev.lookahead.nab.NabWindow;
import dev.lookahead.runner.DirectRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code evaluate nab}: every NAB series through the detector (one key per file, one set of settings, labels never
 * read by the detector), NAB's results layout written, then scored as NAB v1.1 does.
 */
@Command(name = "nab", mixinStandardHelpOptions = true, modelTransformer = DetectorOptions.Flags.class,
        description = {"Run the 58 NAB series through the detector, write NAB's results layout",
                "(OUT/<category>/<detector>_<file>.csv: timestamp,value,anomaly_score,label) and score it as NAB v1.1 does.",
                "The detector never reads the labels; they are added to the output files only because NAB's layout has them."},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead evaluate nab --data ../shared/nab --out runs/nab",
                "  lookahead evaluate nab --data ../shared/nab --out runs/nab-onset --score-source onset",
                "  lookahead evaluate nab --data ../shared/nab --out runs/nab-flink --engine flink --score-source onset",
                "  lookahead evaluate nab --data ../shared/nab --out runs/nab-wg --baseline windowedGaussian"})
final class NabEvaluateCommand extends DetectorCommand {

    enum Engine { direct, flink }



    @Option(names = "--data", required = true, paramLabel = "NAB_DIR", description = "NAB directory (data/, labels/, config/).")
    Path data;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Results directory (default ${DEFAULT-VALUE}).")
    Path out = Path.of("runs", "nab");

    @Option(names = "--engine", paramLabel = "ENGINE", description = "direct (default): the core alone; flink: the real job on an embedded broker (exactly-once), results read back committed. Both write the same bytes.")
    Engine engine = Engine.direct;

    private static final String DEFAULT_DETECTOR = "lookahead";

    @Option(names = "--detector", paramLabel = "NAME", description = "Detector name in the results layout (default ${DEFAULT-VALUE}; with --baseline: the baseline's name).")
    String detector = DEFAULT_DETECTOR;

    /** NAB's own baselines, reimplemented here to check the scorer against NAB's published scores. */
    enum Baseline { windowedGaussian, random }

    @Option(names = "--baseline", paramLabel = "NAME", description = "Instead of Lookahead, run one of NAB's own baseline detectors (windowedGaussian or random), reimplemented, with its scores as NAB's files held them (12 significant digits); published: windowedGaussian 39.65 / 20.87 / 47.41, random 16.83 / 5.76 / 25.88.")
    Baseline baseline;

    @Option(names = "--score-source", paramLabel = "SOURCE", description = "alert (default): the alert's rank (alertScore) where the detector raised an alert, 0 elsewhere; score: every point's anomaly score; onset: an incident's first point keeps its score, the rest 0.")
    NabScoreSource source = NabScoreSource.alert;

    @Option(names = "--parallelism", paramLabel = "N", description = "Flink engine: job parallelism and partitions per topic (default ${DEFAULT-VALUE}).")
    int parallelism = 2;

    @Mixin
    ModelOption modelOption = new ModelOption();

    /** The shipped defaults, as score, run, streams and demo use them; flags change them for a study. */
    /** One NAB data file: its path in the corpus ({@code category/file.csv}, also the key), its rows and windows. */
    private record Input(String series, CsvSeries csv, List<NabWindow> windows) {
    }

    @Override
    public Integer call() throws Exception {
        if (parallelism < 1) throw new IllegalArgumentException("--parallelism " + parallelism + ": expected 1 or more");
        if (baseline != null && engine != Engine.direct)
            throw new IllegalArgumentException("--baseline runs NAB's own detector in this process, not an engine: drop --engine " + engine);
        Map<String, List<NabWindow>> windows = NabWindow.load(NabCorpus.windowsFile(data));
        DetectorConfig config = detectorOptions().toConfig();
        LstmModel model = modelOption.load();
        List<Input> inputs = new ArrayList<>();
        for (Map.Entry<String, List<NabWindow>> e : windows.entrySet()) {
            Path file = data.resolve("data").resolve(e.getKey());
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException("NAB data file " + file + " is missing");
            inputs.add(new Input(e.getKey(), new CsvReader().readOne(file), e.getValue()));
        }
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        if (baseline != null && detector.equals(DEFAULT_DETECTOR)) detector = baseline.name();
        List<double[]> rowScores = baseline != null ? baseline(inputs, err)
                : engine == Engine.direct ? direct(inputs, model, config, err) : flink(inputs, model, config, err);
        for (int k = 0; k < inputs.size(); k++) {
            Input in = inputs.get(k);
            List<String> ts = new ArrayList<>(in.csv().size());
            double[] values = new double[in.csv().size()];
            for (int i = 0; i < values.length; i++) {
                ts.add(in.csv().timestampFormat().format(in.csv().times()[i]));
                values[i] = in.csv().values()[i][0];
            }
            NabResultsWriter.write(NabCorpus.resultFile(out, detector, in.series()), ts, values, rowScores.get(k), in.windows());
        }
        double detectSecs = (System.nanoTime() - started) / 1e9;
        List<NabProfile> profiles = NabCorpus.profiles(data);
        List<NabSeries> corpus = NabCorpus.readResults(data, out, detector);
        List<NabScorer.ProfileScore> scores = NabScorer.score(corpus, profiles);
        PrintWriter o = spec.commandLine().getOut();
        long rows = inputs.stream().mapToLong(i -> i.csv().size()).sum();
        if (baseline != null) {
            o.printf(Locale.ROOT, "NAB v1.1, detector %s (NAB's own baseline, reimplemented): %d files in %.1f s; results in %s%n",
                    detector, windows.size(), detectSecs, out);
            o.printf(Locale.ROOT, "%d rows%n", rows);
        } else {
            o.printf(Locale.ROOT, "NAB v1.1, detector %s (%s engine, model %s, score source %s, threshold %.2f, alert refractory %d, range margin %.2f): %d files in %.1f s; results in %s%n",
                    detector, engine, model.versionId(), source, dev.lookahead.detector.Detector.effectiveThreshold(config, model), config.alertRefractoryPoints(), config.rangeMargin(),
                    windows.size(), detectSecs, out);
            o.printf(Locale.ROOT, "%d rows, %d dropped by the detector (score %s)%n", rows, dropped, NabScoreSource.DROPPED);
        }
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

    private long dropped;

    /** The core alone, file by file: each verdict converted to the ScoredPoint the job would write, then scored as NAB sees it. */
    private List<double[]> direct(List<Input> inputs, LstmModel model, DetectorConfig config, PrintWriter err) {
        ProgressBar bar = new ProgressBar(err);
        List<double[]> all = new ArrayList<>();
        for (Input in : inputs) {
            CsvSeries s = in.csv();
            Outcome[] outcomes = new DirectRunner(model, config).run(in.series(), s.channels(), s.times(), s.values());
            double[] scores = new double[outcomes.length];
            for (int i = 0; i < outcomes.length; i++) {
                if (outcomes[i] instanceof PointResult p) scores[i] = source.of(AvroOutputs.scoredPoint(p));
                else {
                    scores[i] = NabScoreSource.DROPPED;
                    dropped++;
                }
            }
            all.add(scores);
            bar.draw("nab direct", all.size() / (double) inputs.size(), in.series(), all.size() == inputs.size());
        }
        bar.done();
        return all;
    }

    /**
     * The real job: every file's rows as one key's readings on an embedded broker, the bounded job (exactly-once, no
     * fine-tuning), the scored points read back committed. A row is matched to the scored point of its key with its
     * timestamp (the detector drops a later row with a time already seen, so the first such row gets it); a row
     * with no scored point was dropped (a dead letter) and gets the same score as a dropped row in the direct engine.
     */
    private List<double[]> flink(List<Input> inputs, LstmModel model, DetectorConfig config, PrintWriter err) throws Exception {
        err.println("starting an embedded Kafka broker and a local Flink job...");
        err.flush();
        Path work = Files.createTempDirectory("lookahead-nab-");   // the model file the job loads; not part of the results
        try (EmbeddedPipeline pipeline = new EmbeddedPipeline("nab", work, model, config, null, parallelism)) {
            List<byte[][]> records = new ArrayList<>();
            for (Input in : inputs)
                for (int i = 0; i < in.csv().size(); i++)
                    records.add(EmbeddedPipeline.reading(in.series(), in.csv().times()[i], in.csv().channels(), in.csv().values()[i]));
            ProgressBar bar = new ProgressBar(err);
            int total = records.size();
            EmbeddedPipeline.Output o = pipeline.run(records, (seen, anomalous, secs, last) -> bar.draw("nab flink",
                    last ? 1 : seen / (double) total, String.format(Locale.ROOT, "%,d/%,d points scored and committed, %,.0f/s",
                            seen, total, seen / Math.max(1e-3, secs)), last));
            bar.done();
            err.println(pipeline.timings());
            err.flush();
            List<double[]> all = new ArrayList<>();
            for (Input in : inputs) {
                Map<Long, ScoredPoint> byTime = new HashMap<>();
                for (ScoredPoint p : o.scoredByKey().getOrDefault(in.series(), List.of()))
                    if (byTime.put(p.getTime().toEpochMilli(), p) != null)
                        throw new IllegalStateException(in.series() + ": two scored points at " + p.getTime() + " (the detector scores one per time)");
                double[] scores = new double[in.csv().size()];
                for (int i = 0; i < scores.length; i++) {
                    ScoredPoint p = byTime.remove(in.csv().times()[i]);
                    if (p != null) scores[i] = source.of(p);
                    else {
                        scores[i] = NabScoreSource.DROPPED;
                        dropped++;
                    }
                }
                if (!byTime.isEmpty()) throw new IllegalStateException(in.series() + ": " + byTime.size() + " scored points match no row");
                all.add(scores);
            }
            if (o.deadLetters() != dropped)
                throw new IllegalStateException(dropped + " rows have no scored point but the job wrote " + o.deadLetters() + " dead letters");
            return all;
        } finally {
            try (var files = Files.walk(work)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    /** NAB's baseline on every file, its scores as NAB's results files held them (Python 2's 12-digit str). */
    private List<double[]> baseline(List<Input> inputs, PrintWriter err) {
        ProgressBar bar = new ProgressBar(err);
        List<double[]> all = new ArrayList<>();
        for (Input in : inputs) {
            double[] scores = switch (baseline) {
                case windowedGaussian -> new WindowedGaussian().scores(in.csv().column(0));
                case random -> PythonRandom.nabRandomScores(in.csv().size());
            };
            for (int i = 0; i < scores.length; i++) scores[i] = PythonNumerics.str12(scores[i]);
            all.add(scores);
            bar.draw("nab " + baseline, all.size() / (double) inputs.size(), in.series(), all.size() == inputs.size());
        }
        bar.done();
        return all;
    }
}
