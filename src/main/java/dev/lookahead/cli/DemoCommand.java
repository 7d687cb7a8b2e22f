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
 * {@code demo}: the labelled sample through the real stream job (an in-process KRaft broker, a local Flink job,
 * exactly-once, fine-tuning on), with a live progress line and a summary of the incidents found against the
 * injected anomalies. {@code --engine direct} runs the core alone, for a one-second look.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generate the labelled sample (several sensors, univariate and multivariate, anomalies of",
                "every kind, a gap), replay it through the Flink job on an embedded Kafka broker (exactly-once,",
                "fine-tuning on), write the scored CSVs and print the incidents found against the injected anomalies."},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead demo", "  lookahead demo --keys 8 --out runs/demo --threshold 0.6", "  lookahead demo --engine direct"})
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

    enum Engine { flink, direct }

    @Option(names = "--engine", paramLabel = "ENGINE", description = "flink: the stream job on an embedded broker (default); direct: the core alone, in a second.")
    Engine engine = Engine.flink;

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
        long points = 0, started = System.nanoTime();
        List<Outcome[]> all = engine == Engine.direct ? direct(model, config, sample) : stream(model, config, sample, err);
        double secs = (System.nanoTime() - started) / 1e9;
        List<DetectionReport> reports = new ArrayList<>();
        outw.printf(Locale.ROOT, "%nLookahead demo (%s): %d sensors x %d points, model %s (%s), threshold %.2f%n%n",
                engine == Engine.direct ? "core, direct runner" : "Flink job on an embedded Kafka broker, exactly-once, fine-tuning on",
                sample.size(), length, model.versionId(), model.architecture().describe(), config.threshold());
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
        java.util.List<dev.lookahead.report.ScoredSeries> charted = dev.lookahead.report.ScoredSeriesReader.read(out.resolve("scored"));
        Path index = dev.lookahead.report.HtmlReport.write(charted, config.threshold(), out.resolve("report"));
        for (dev.lookahead.report.ScoredSeries cs : charted) dev.lookahead.report.PngCharts.write(cs, config.threshold(), out.resolve("report"));
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
        try (dev.lookahead.flink.EmbeddedKafka kafka = new dev.lookahead.flink.EmbeddedKafka()) {
            Thread closeOnCtrlC = new Thread(() -> {
                try {
                    kafka.close();
                } catch (Exception ignored) {
                    // exiting anyway
                }
            }, "lookahead-demo-shutdown");
            Runtime.getRuntime().addShutdownHook(closeOnCtrlC);   // Ctrl-C: stop the broker and delete its files
            err.println("starting an embedded Kafka broker and a local Flink job...");
            err.flush();
            Path modelFile = out.resolve("model.avro");
            Files.createDirectories(out);
            dev.lookahead.model.ModelSnapshots.write(model, modelFile);
            dev.lookahead.flink.JobSettings js = new dev.lookahead.flink.JobSettings(kafka.bootstrap(), java.util.Map.of(),
                    "demo-readings", "demo-anomalies", "demo-scored", "demo-dead-letters", "demo-models", "demo", true, "demo",
                    1000, 2, "hashmap", 0, 1 << 20, java.time.Instant.parse("2000-01-01T00:00:00Z").toEpochMilli(),
                    java.time.Instant.parse("2100-01-01T00:00:00Z").toEpochMilli(), true, modelFile.toString(), config, 0,
                    dev.lookahead.finetune.FineTuneConfig.builder().roundEveryPoints(4000).seed(seed).build(), null);
            kafka.createTopics(2, js.inputTopic(), js.anomaliesTopic(), js.scoredTopic(), js.deadLetterTopic());
            kafka.createCompactedTopic(js.modelsTopic());
            List<byte[][]> records = new ArrayList<>();
            for (int row = 0; row < length; row++)
                for (LabelledSeries s : sample)
                    if (row < s.size()) {
                        java.util.Map<String, Double> ch = new java.util.LinkedHashMap<>();
                        for (int c = 0; c < s.channels().size(); c++) ch.put(s.channels().get(c), s.values()[row][c]);
                        records.add(new byte[][]{s.key().getBytes(StandardCharsets.UTF_8), dev.lookahead.stream.AvroBytes.write(
                                dev.lookahead.avro.SensorReading.newBuilder().setKey(s.key()).setTime(java.time.Instant.ofEpochMilli(s.times()[row]))
                                        .setChannels(ch).build())});
                    }
            kafka.produce(js.inputTopic(), records);
            Progress progress = new Progress(kafka.bootstrap(), js.scoredTopic(), records.size(), err);
            Thread t = new Thread(progress, "lookahead-demo-progress");
            t.setDaemon(true);
            t.start();
            dev.lookahead.flink.LookaheadJob.run(js, dev.lookahead.flink.JobHooks.NONE);
            progress.stop();
            err.println();
            java.util.Map<String, List<dev.lookahead.avro.ScoredPoint>> byKey = new java.util.HashMap<>();
            for (var r : kafka.readAll(js.scoredTopic()))
                byKey.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(dev.lookahead.stream.AvroBytes.read(dev.lookahead.avro.ScoredPoint.class, r.value()));
            java.util.Set<String> incidentStarts = new java.util.HashSet<>();
            for (var r : kafka.readAll(js.anomaliesTopic())) {
                dev.lookahead.avro.Anomaly a = dev.lookahead.stream.AvroBytes.read(dev.lookahead.avro.Anomaly.class, r.value());
                if (a.getPointsSoFar() == 1) incidentStarts.add(a.getPoint().getKey() + "@" + a.getPoint().getTime().toEpochMilli());
            }
            List<Outcome[]> result = new ArrayList<>();
            for (LabelledSeries s : sample) {
                List<dev.lookahead.avro.ScoredPoint> pts = byKey.getOrDefault(s.key(), List.of());
                Outcome[] o = new Outcome[pts.size()];
                for (int i = 0; i < o.length; i++) o[i] = pointResult(pts.get(i), i, incidentStarts);
                result.add(o);
            }
            return result;
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the demo job failed: " + Main.oneLine(e), e);
        }
    }

    /** A scored point read back from the topic, as the detector's verdict, so the same report serves both engines. */
    private static PointResult pointResult(dev.lookahead.avro.ScoredPoint p, int row, java.util.Set<String> incidentStarts) {
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
        long t = p.getTime().toEpochMilli();
        boolean start = p.getAnomaly() && incidentStarts.contains(p.getKey() + "@" + t);
        return new PointResult(p.getKey(), t, row, p.getSequence(), p.getModelVersion(), names, actual, forecast, std, resid, se,
                contrib, imputed, p.getRawScore(), p.getAnomalyScore(), p.getAnomaly(), p.getFlags().getWarmUp(),
                p.getFlags().getGapSteps(), p.getFlags().getStateReset(), p.getFlags().getOutOfOrder(), top, t,
                p.getAnomaly() ? (start ? 1 : 2) : 0, start, p.getAlertScore());
    }

    /** The values of row {@code i} in the order of the scored point's channels (the job orders them by name). */
    private static double[] ordered(LabelledSeries s, PointResult first, int i) {
        double[] v = new double[first.channels().size()];
        for (int c = 0; c < v.length; c++) v[c] = s.values()[i][s.channels().indexOf(first.channels().get(c))];
        return v;
    }

    /** A live progress line: committed scored points per second and anomalies so far, read as a consumer would. */
    private static final class Progress implements Runnable {
        private final String bootstrap, topic;
        private final int total;
        private final PrintWriter err;
        private volatile boolean stop;

        Progress(String bootstrap, String topic, int total, PrintWriter err) {
            this.bootstrap = bootstrap;
            this.topic = topic;
            this.total = total;
            this.err = err;
        }

        void stop() {
            stop = true;
        }

        @Override
        public void run() {
            java.util.Properties p = new java.util.Properties();
            p.put("bootstrap.servers", bootstrap);
            p.put("isolation.level", "read_committed");
            p.put("auto.offset.reset", "earliest");
            p.put("group.id", "lookahead-demo-progress");
            long start = System.nanoTime(), seen = 0, anomalies = 0;
            try (var c = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(p,
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
                c.subscribe(List.of(topic));
                while (!stop && seen < total) {
                    for (var r : c.poll(java.time.Duration.ofMillis(250))) {
                        seen++;
                        if (dev.lookahead.stream.AvroBytes.read(dev.lookahead.avro.ScoredPoint.class, r.value()).getAnomaly()) anomalies++;
                    }
                    double secs = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
                    err.printf(Locale.ROOT, "\r%,d / %,d points scored and committed (%,.0f points/s), %,d anomalous points so far   ",
                            seen, total, seen / secs, anomalies);
                    err.flush();
                }
            } catch (RuntimeException e) {
                err.println("\n(progress line stopped: " + e.getMessage() + ")");
            }
        }
    }

    private static String matched(LabelledSeries s, int row) {
        for (AnomalyWindow w : s.anomalies()) {
            if (w.kind().labelled() && row >= w.startRow() && row <= w.endRow() + 20) return w.kind().toString();
        }
        return "?";
    }
}
