package dev.lookahead.cli;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.io.ScoredCsvWriter;
import dev.lookahead.model.LstmModel;
import dev.lookahead.runner.DirectRunner;
import dev.lookahead.runner.ScoredRows;
import dev.lookahead.synthetic.AnomalyWindow;
import dev.lookahead.report.LabelledSpan;
import dev.lookahead.synthetic.DetectionReport;
import dev.lookahead.synthetic.LabelledSeries;
import dev.lookahead.io.TimestampFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code demo}: the labelled sample through the real stream job (an in-process KRaft broker, a local Flink job,
 * exactly-once, fine-tuning on), with a live progress line and a summary of the incidents found against the
 * injected anomalies. {@code --engine direct} runs the core alone, for a one-second look.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, modelTransformer = DetectorOptions.Flags.class,
        description = {"Generate the labelled sample (several sensors, univariate and multivariate,",
                "anomalies of every kind, a gap), replay it through the Flink job on an embedded",
                "Kafka broker (exactly-once, fine-tuning on), write the scored CSVs and a report",
                "(HTML and a PNG per sensor: actual vs forecast, the score, each injected anomaly",
                "shaded green where found and red where missed), and print the incidents found",
                "against the injected anomalies."},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead demo", "  lookahead demo --keys 8 --out runs/demo --threshold 0.6", "  lookahead demo --engine direct"})
final class DemoCommand extends DetectorCommand {

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Where to write the sample, the scored CSVs and the report (default ${DEFAULT-VALUE}).")
    Path out = Path.of("runs", "demo");

    @Option(names = "--keys", paramLabel = "N", description = "Sensors in the sample, at least 3 (default ${DEFAULT-VALUE}).")
    int keys = 6;

    @Option(names = "--length", paramLabel = "POINTS", description = "Points per sensor (default ${DEFAULT-VALUE}).")
    int length = 4000;

    @Option(names = "--seed", paramLabel = "N", description = "Sample seed (default ${DEFAULT-VALUE}).")
    long seed = 7;

    enum Engine { flink, direct }

    @Option(names = "--engine", paramLabel = "ENGINE", description = "flink: the stream job on an embedded broker (default); direct: the core alone, in a second.")
    Engine engine = Engine.flink;

    @Mixin
    ModelOption modelOption = new ModelOption();

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outw = spec.commandLine().getOut();
        DetectorConfig config = detectorOptions().toConfig();
        LstmModel model = modelOption.load();
        List<LabelledSeries> sample = SampleData.write(out.resolve("sample"), keys, length, seed);
        long points = 0, started = System.nanoTime();
        List<Outcome[]> all = engine == Engine.direct ? direct(model, config, sample) : stream(model, config, sample, err);
        double secs = (System.nanoTime() - started) / 1e9;
        List<DetectionReport> reports = new ArrayList<>();
        outw.printf(Locale.ROOT, "%nLookahead demo (%s): %d sensors x %d points, model %s (%s), threshold %.2f%n%n",
                engine == Engine.direct ? "core, direct runner" : "Flink job on an embedded Kafka broker, exactly-once, fine-tuning on",
                sample.size(), length, model.versionId(), model.architecture().describe(), dev.lookahead.detector.Detector.effectiveThreshold(config, model));
        outw.printf(Locale.ROOT, "%-18s %-20s %-17s %6s %-5s %-9s %-9s %s%n", "sensor", "incident first seen", "matches", "score", "dir", "channel", "model", "points");
        for (int k = 0; k < sample.size(); k++) {
            LabelledSeries s = sample.get(k);
            Outcome[] outcomes = all.get(k);
            points += outcomes.length;
            Path scored = out.resolve("scored").resolve(s.key() + ".csv");
            Files.createDirectories(scored.getParent());
            try (Writer w = Files.newBufferedWriter(scored, StandardCharsets.UTF_8)) {
                ScoredCsvWriter csv = new ScoredCsvWriter(w, ((PointResult) outcomes[0]).channels(), TimestampFormat.ISO);
                csv.writeHeader();
                for (int i = 0; i < outcomes.length; i++) csv.writeRow(ScoredRows.of(outcomes[i], ordered(s, (PointResult) outcomes[0], i)));
            }
            DetectionReport r = DetectionReport.of(s, outcomes, 20);
            reports.add(r);
            for (DetectionReport.IncidentResult inc : r.incidents()) {
                PointResult p = (PointResult) outcomes[inc.row()];
                int size = 0;
                for (int i = inc.row(); i < outcomes.length && outcomes[i] instanceof PointResult q && q.anomaly(); i++) size++;
                outw.printf(Locale.ROOT, "%-18s %-20s %-17s %6.3f %-5s %-9s %-9s %d%n", s.key(), TimestampFormat.ISO.format(inc.firstSeen()),
                        inc.matched() ? matched(s, inc.row()) : "(false alarm)", inc.score(), p.above() ? "above" : "below",
                        p.channels().get(p.topChannel()), p.modelVersion(), size);
            }
            for (DetectionReport.WindowResult w : r.windows()) {
                if (!w.detected()) outw.printf(Locale.ROOT, "%-18s %-20s %-17s %6.3f   (missed)%n", s.key(),
                        TimestampFormat.ISO.format(w.window().startTime()), w.window().kind(), w.maxScore());
            }
        }
        double[] pr = DetectionReport.precisionRecall(reports);
        outw.printf(Locale.ROOT, "%n%d points in %.1f s%s. Injected anomalies detected: recall %.2f, precision %.2f.%n",
                points, secs, engine == Engine.direct ? "" : " end to end (broker, job start and checkpoints included)", pr[1], pr[0]);
        // the injected anomalies shaded on the charts: green where found, red where missed
        java.util.Map<String, List<LabelledSpan>> injected = new java.util.HashMap<>();
        for (int k = 0; k < sample.size(); k++) {
            List<LabelledSpan> spans = new ArrayList<>();
            for (DetectionReport.WindowResult w : reports.get(k).windows())
                spans.add(new LabelledSpan(w.window().startTime(), w.window().endTime(), w.window().kind().name()));
            injected.put(sample.get(k).key(), spans);
        }
        double threshold = dev.lookahead.detector.Detector.effectiveThreshold(config, model);
        java.util.List<dev.lookahead.report.ScoredSeries> charted = dev.lookahead.report.ScoredSeriesReader.read(out.resolve("scored"));
        Path index = dev.lookahead.report.HtmlReport.write(charted, threshold, out.resolve("report"), injected);
        for (dev.lookahead.report.ScoredSeries cs : charted)
            dev.lookahead.report.PngCharts.write(cs, threshold, out.resolve("report"), injected.getOrDefault(cs.key(), List.of()));
        outw.printf(Locale.ROOT, "Report: %s (and a PNG per sensor beside it)%n", index.toAbsolutePath());
        outw.printf(Locale.ROOT, "Scored CSVs: %s   sample data and labels: %s%n", out.resolve("scored"), out.resolve("sample"));
        outw.flush();
        err.flush();
        return 0;
    }

    private static List<Outcome[]> direct(LstmModel model, DetectorConfig config, List<LabelledSeries> sample) {
        List<Outcome[]> out = new ArrayList<>();
        for (LabelledSeries s : sample) out.add(new DirectRunner(model, config).run(s.key(), s.channels(), s.times(), s.values()));
        return out;
    }

    /** The sample through the real job: embedded broker, topics, replay, the job (bounded) with fine-tuning, results read back. */
    private List<Outcome[]> stream(LstmModel model, DetectorConfig config, List<LabelledSeries> sample, PrintWriter err) throws IOException {
        err.println("starting an embedded Kafka broker and a local Flink job...");
        err.flush();
        try (EmbeddedPipeline pipeline = new EmbeddedPipeline("demo", out, model, config,
                dev.lookahead.finetune.FineTuneConfig.builder().roundEveryPoints(2000).sampleEveryPoints(20).seed(seed).build(), 2)) {
            List<byte[][]> records = new ArrayList<>();
            for (int row = 0; row < length; row++)
                for (LabelledSeries s : sample)
                    if (row < s.size()) records.add(EmbeddedPipeline.reading(s.key(), s.times()[row], s.channels(), s.values()[row]));
            int total = records.size();
            ProgressBar bar = new ProgressBar(err);
            EmbeddedPipeline.Output o = pipeline.run(records, (seen, anomalous, secs, last) -> bar.draw("demo", last ? 1 : seen / (double) total,
                    String.format(Locale.ROOT, "%,d / %,d points scored and committed (%,.0f points/s), %,d anomalous points so far",
                            seen, total, seen / Math.max(1e-3, secs), anomalous), last));
            bar.done();
            // an incident's first point, with the direction its anomaly record gives
            java.util.Map<String, Boolean> incidentStarts = new java.util.HashMap<>();
            for (dev.lookahead.avro.Anomaly a : o.anomalies())
                if (a.getPointsSoFar() == 1)
                    incidentStarts.put(a.getPoint().getKey() + "@" + a.getPoint().getTime().toEpochMilli(), a.getDirection() == dev.lookahead.avro.Direction.ABOVE);
            List<Outcome[]> result = new ArrayList<>();
            for (LabelledSeries s : sample) {
                List<dev.lookahead.avro.ScoredPoint> pts = o.scoredByKey().getOrDefault(s.key(), List.of());
                Outcome[] r = new Outcome[pts.size()];
                for (int i = 0; i < r.length; i++) r[i] = pointResult(pts.get(i), i, incidentStarts);
                result.add(r);
            }
            return result;
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the demo job failed: " + Main.oneLine(e), e);
        }
    }

    /** A scored point read back from the topic, as the detector's verdict, so the same report serves both engines. */
    private static PointResult pointResult(dev.lookahead.avro.ScoredPoint p, int row, java.util.Map<String, Boolean> incidentStarts) {
        int n = p.getChannels().size(), top = 0;
        List<String> names = new ArrayList<>();
        double[] actual = new double[n], forecast = new double[n], std = new double[n], resid = new double[n], se = new double[n], contrib = new double[n];
        boolean[] imputed = new boolean[n];
        for (int c = 0; c < n; c++) {
            dev.lookahead.avro.ChannelScore cs = p.getChannels().get(c);
            names.add(cs.getName());
            actual[c] = cs.getActual();
            forecast[c] = cs.getForecast();
            std[c] = cs.getForecastStd();
            resid[c] = cs.getResidual();
            se[c] = cs.getStandardisedError();
            contrib[c] = cs.getContribution();
            imputed[c] = cs.getImputed();
            if (contrib[c] > contrib[top]) top = c;
        }
        // the detector's channel where the point names one (always one of its own channels)
        if (p.getTopChannel() != null && names.contains(p.getTopChannel())) top = names.indexOf(p.getTopChannel());
        long t = p.getTime().toEpochMilli();
        Boolean startAbove = p.getAnomaly() ? incidentStarts.get(p.getKey() + "@" + t) : null;
        boolean start = startAbove != null;
        // the incident's first point, as its id names it (<key>@<first-seen millis>)
        String id = p.getIncidentId();
        long firstSeen = id == null ? t : Long.parseLong(id.substring(id.lastIndexOf('@') + 1));
        return new PointResult(p.getKey(), t, row, p.getSequence(), p.getModelVersion(), names, actual, forecast, std, resid, se,
                contrib, imputed, p.getRawScore(), p.getAnomalyScore(), p.getAnomaly(), p.getFlags().getWarmUp(),
                p.getFlags().getGapSteps(), p.getFlags().getStateReset(), p.getFlags().getOutOfOrder(), top,
                start ? startAbove : resid[top] >= 0, firstSeen,
                p.getAnomaly() ? (start ? 1 : 2) : 0, start, p.getAlertScore(),
                dev.lookahead.scoring.IncidentStatus.valueOf(p.getIncidentStatus().name()), p.getEvidenceScore(), p.getAlert(),
                usualLevel(p, n, top));
    }

    /** The point's usual level as the detector gives it: its top channel's, on an anomalous point; NaN elsewhere. */
    private static double[] usualLevel(dev.lookahead.avro.ScoredPoint p, int channels, int top) {
        if (!p.getAnomaly()) return null;
        double[] u = new double[channels];
        java.util.Arrays.fill(u, Double.NaN);
        if (p.getUsualLevel() != null) u[top] = p.getUsualLevel();
        return u;
    }

    /** The values of row {@code i} in the order of the scored point's channels (the job's order for the key). */
    private static double[] ordered(LabelledSeries s, PointResult first, int i) {
        double[] v = new double[first.channels().size()];
        for (int c = 0; c < v.length; c++) v[c] = s.values()[i][s.channels().indexOf(first.channels().get(c))];
        return v;
    }

    private static String matched(LabelledSeries s, int row) {
        for (AnomalyWindow w : s.anomalies()) {
            if (w.kind().labelled() && row >= w.startRow() && row <= w.endRow() + 20) return w.kind().toString();
        }
        return "?";
    }
}
