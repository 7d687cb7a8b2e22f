package dev.lookahead.bench;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.io.CsvReader;
import dev.lookahead.io.CsvSeries;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.nab.NabCorpus;
import dev.lookahead.nab.NabProfile;
import dev.lookahead.nab.NabScorer;
import dev.lookahead.nab.NabSeries;
import dev.lookahead.nab.NabWindow;
import dev.lookahead.runner.DirectRunner;
import dev.lookahead.synthetic.DetectionReport;
import dev.lookahead.synthetic.LabelledSeries;
import dev.lookahead.synthetic.SampleStreams;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Research harness for the accuracy work: one detector configuration over NAB (alerts as {@code evaluate nab}
 * scores them), the demo sample and the generated sets, printed per category and kind. Not a test. Settings:
 * {@code -Dset=evidenceClip=3,threshold=0.5} (builder method names); {@code -Dfiles} prints NAB per file (under the
 * profile {@code -Dprofile}: 0 standard, 1 low FP, 2 low FN).
 */
public final class AccuracyStudy {

    public static void main(String[] args) throws Exception {
        DetectorConfig cfg = config(System.getProperty("set", ""));
        LstmModel model = ModelSnapshots.bundled();
        System.out.println(cfg);
        if (!Boolean.getBoolean("nodemo")) demo(model, cfg);
        Path nab = Path.of(args.length > 0 ? args[0] : "/work/shared/nab");
        if (Files.isDirectory(nab)) nab(nab, model, cfg);
    }

    static DetectorConfig config(String spec) throws Exception {
        DetectorConfig.Builder b = DetectorConfig.builder();
        for (String kv : spec.split(",")) {
            if (kv.isBlank()) continue;
            String[] p = kv.split("=", 2);
            Method m = null;
            for (Method c : DetectorConfig.Builder.class.getMethods()) if (c.getName().equals(p[0]) && c.getParameterCount() == 1) m = c;
            if (m == null) throw new IllegalArgumentException("no setting " + p[0]);
            Class<?> t = m.getParameterTypes()[0];
            Object v = t == int.class ? Integer.parseInt(p[1]) : t == long.class ? Long.parseLong(p[1])
                    : t == double.class ? Double.parseDouble(p[1]) : t == boolean.class ? Boolean.parseBoolean(p[1])
                    : t.isEnum() ? Enum.valueOf(t.asSubclass(Enum.class), p[1]) : p[1];
            m.invoke(b, v);
        }
        return b.build();
    }

    static void demo(LstmModel model, DetectorConfig cfg) {
        List<DetectionReport> reports = new ArrayList<>();
        StringBuilder missed = new StringBuilder();
        for (LabelledSeries s : SampleStreams.generate(6, 4000, 7)) {
            Outcome[] out = new DirectRunner(model, cfg).run(s.key(), s.channels(), s.times(), s.values());
            DetectionReport r = DetectionReport.of(s, out, 20);
            reports.add(r);
            for (DetectionReport.WindowResult w : r.windows())
                missed.append(String.format(Locale.ROOT, " %s/%s%s", s.key(), w.window().kind(), w.detected() ? "@" + w.delayRows() : "(missed " + String.format(Locale.ROOT, "%.2f", w.maxScore()) + ")"));
            for (DetectionReport.IncidentResult i : r.incidents()) if (!i.matched()) missed.append(" FA:").append(s.key()).append('@').append(i.row());
        }
        double[] pr = DetectionReport.precisionRecall(reports);
        int windows = reports.stream().mapToInt(r -> r.windows().size()).sum();
        int found = reports.stream().mapToInt(DetectionReport::detectedWindows).sum();
        System.out.printf(Locale.ROOT, "demo: %d of %d found, precision %.2f%n %s%n", found, windows, pr[0], missed);
    }

    static void nab(Path nab, LstmModel model, DetectorConfig cfg) throws Exception {
        long t0 = System.nanoTime();
        Map<String, List<NabWindow>> w = NabWindow.load(NabCorpus.windowsFile(nab));
        List<NabSeries> corpus = new ArrayList<>();
        List<Outcome[]> outs = new ArrayList<>();
        for (Map.Entry<String, List<NabWindow>> e : w.entrySet()) {
            CsvSeries s = new CsvReader().readOne(nab.resolve("data").resolve(e.getKey()));
            Outcome[] out = new DirectRunner(model, cfg).run(e.getKey(), s.channels(), s.times(), s.values());
            outs.add(out);
            LocalDateTime[] ts = new LocalDateTime[s.size()];
            double[] sc = new double[s.size()];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = LocalDateTime.ofEpochSecond(Math.floorDiv(s.times()[i], 1000), 0, ZoneOffset.UTC);
                if (out[i] instanceof PointResult p && p.emitAlert()) sc[i] = p.alertScore();
            }
            corpus.add(new NabSeries(e.getKey(), ts, sc, e.getValue()));
        }
        List<NabProfile> profiles = NabCorpus.profiles(nab);
        List<NabScorer.ProfileScore> scores = NabScorer.score(corpus, profiles);
        StringBuilder b = new StringBuilder("NAB");
        for (NabScorer.ProfileScore p : scores)
            b.append(String.format(Locale.ROOT, "  %s %.2f (t=%.3f hit %d fp %d)", p.profile().name(), p.normalized(), p.threshold(), p.windowsDetected(), p.counts().fp()));
        b.append(String.format(Locale.ROOT, "  %.1fs", (System.nanoTime() - t0) / 1e9));
        System.out.println(b);
        for (NabScorer.ProfileScore p : scores) {
            StringBuilder c = new StringBuilder("  " + p.profile().name() + ":");
            p.normalizedByCategory(corpus).forEach((k, v) -> {
                if (!Double.isNaN(v)) c.append(String.format(Locale.ROOT, " %s %.1f", k.replace("real", "").replace("artificialWithAnomaly", "art"), v));
            });
            System.out.println(c);
        }
        if (System.getProperty("windows") != null) {
            // every labelled window: detected by an alert?, the largest anomaly score inside it, and of which kind
            for (int f = 0; f < corpus.size(); f++) {
                NabSeries ns = corpus.get(f);
                Outcome[] out = outs.get(f);
                for (NabWindow win : ns.windows()) {
                    double maxScore = 0, maxEv = 0; boolean hit = false; int first = -1;
                    for (int i = 0; i < ns.rows(); i++) {
                        LocalDateTime t = ns.timestamps()[i];
                        if (t.isBefore(win.start()) || t.isAfter(win.end())) continue;
                        if (first < 0) first = i;
                        if (out[i] instanceof PointResult p) {
                            maxScore = Math.max(maxScore, p.anomalyScore());
                            maxEv = Math.max(maxEv, p.evidenceScore());
                            hit |= p.emitAlert();
                        }
                    }
                    System.out.printf(Locale.ROOT, "  %-5s %-55s row %5d/%5d max %.2f ev %.2f%n", hit ? "HIT" : "MISS", ns.path(), first, ns.rows(), maxScore, maxEv);
                }
            }
        }
        if (System.getProperty("files") != null)
            for (NabScorer.FileScore fs : scores.get(Integer.getInteger("profile", 0)).files())
                System.out.printf(Locale.ROOT, "  %-60s raw %7.2f windows %d hit %d fp %d%n", fs.path(), fs.raw(), fs.windows(), fs.windowsDetected(), fs.counts().fp());
    }
}
