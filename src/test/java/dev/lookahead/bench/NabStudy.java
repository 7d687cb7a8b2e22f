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

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Research harness for issue 6: the NAB corpus held in memory, the direct runner over it with one detector
 * configuration, and the three NAB scores of each variant, so that a change to the core can be measured in
 * seconds. Not a test: run with
 * {@code java -cp target/classes:target/test-classes:<classpath> [-Dlevel=0.38] dev.lookahead.bench.NabStudy NAB_DIR [VARIANT...]}.
 *
 * <p>Variants: {@code every}, {@code onset}, {@code refN} (post-processing cool-down of N rows at {@code level}),
 * {@code increfN}, {@code alertN} (the core's alerts at threshold {@code level} with cool-down N: what
 * {@code evaluate nab} runs); a trailing {@code +} prints per-file rows. Properties change the base settings for
 * one run ({@code lw sw ew nw wu ar ec stuck dir ard arw margin after}), {@code nov=MARGIN} adds the
 * post-processing range study of docs/ACCURACY.md row 3, {@code hist} prints the score histogram inside and
 * outside windows, {@code raw} ranks alerts by anomaly score instead of alert score.
 */
public final class NabStudy {

    record Variant(String name, DetectorConfig config, Function<Outcome[], double[]> scores) {
    }

    /** Extra per-series score from the raw values, combined by max with the detector's (null for none). */
    static java.util.function.BiFunction<double[][], double[], double[]> extra = null;

    private final List<String> paths = new ArrayList<>();
    private final List<CsvSeries> series = new ArrayList<>();
    private final List<List<NabWindow>> windows = new ArrayList<>();
    private final List<NabProfile> profiles;
    private final LstmModel model;

    NabStudy(Path nab) throws Exception {
        Map<String, List<NabWindow>> w = NabWindow.load(NabCorpus.windowsFile(nab));
        for (Map.Entry<String, List<NabWindow>> e : w.entrySet()) {
            paths.add(e.getKey());
            series.add(new CsvReader().readOne(nab.resolve("data").resolve(e.getKey())));
            windows.add(e.getValue());
        }
        profiles = NabCorpus.profiles(nab);
        model = ModelSnapshots.bundled();
    }

    String run(Variant v, boolean perFile) {
        long t0 = System.nanoTime();
        List<NabSeries> corpus = new ArrayList<>();
        for (int f = 0; f < series.size(); f++) {
            CsvSeries s = series.get(f);
            Outcome[] out = new DirectRunner(model, v.config()).run(paths.get(f), s.channels(), s.times(), s.values());
            LocalDateTime[] ts = new LocalDateTime[s.size()];
            for (int i = 0; i < ts.length; i++) ts[i] = LocalDateTime.ofEpochSecond(Math.floorDiv(s.times()[i], 1000), 0, ZoneOffset.UTC);
            double[] sc = v.scores().apply(out);
            if (extra != null) sc = extra.apply(s.values(), sc);
            corpus.add(new NabSeries(paths.get(f), ts, sc, windows.get(f)));
        }
        List<NabScorer.ProfileScore> scores = NabScorer.score(corpus, profiles);
        if (System.getProperty("hist") != null) histogram(corpus);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-40s", v.name()));
        for (NabScorer.ProfileScore p : scores)
            b.append(String.format(Locale.ROOT, " %6.2f (t=%.3f hit %3d fp %4d)", p.normalized(), p.threshold(), p.windowsDetected(), p.counts().fp()));
        b.append(String.format(Locale.ROOT, " %.1fs", (System.nanoTime() - t0) / 1e9));
        if (perFile) {
            NabScorer.ProfileScore std = scores.get(0);
            Map<String, Double> cat = std.normalizedByCategory(corpus);
            b.append("\n  ").append(cat);
            for (NabScorer.FileScore fs : std.files())
                b.append(String.format(Locale.ROOT, "%n  %-60s raw %7.2f windows %d hit %d fp %d", fs.path(), fs.raw(), fs.windows(), fs.windowsDetected(), fs.counts().fp()));
        }
        return b.toString();
    }

    /** Nonzero scores by decile band, inside windows vs outside (probation excluded): can a threshold separate them? */
    static void histogram(List<NabSeries> corpus) {
        int[] in = new int[11], out = new int[11];
        for (NabSeries s : corpus) {
            int prob = (int) Math.min(Math.floor(0.15 * s.rows()), 750);
            for (int i = prob; i < s.rows(); i++) {
                double v = s.scores()[i];
                if (v <= 0) continue;
                LocalDateTime t = s.timestamps()[i];
                boolean lab = s.windows().stream().anyMatch(w -> !t.isBefore(w.start()) && !t.isAfter(w.end()));
                int bin = (int) Math.min(10, Math.floor(v * 10 + 1e-9));
                (lab ? in : out)[bin]++;
            }
        }
        System.out.println("  score band: in-window / outside");
        for (int b = 0; b <= 10; b++) System.out.printf(Locale.ROOT, "  [%.1f,%.1f) %6d %6d%n", b / 10.0, (b + 1) / 10.0, in[b], out[b]);
    }

    static double[] every(Outcome[] out) {
        double[] s = new double[out.length];
        for (int i = 0; i < out.length; i++) if (out[i] instanceof PointResult p) s[i] = p.anomalyScore();
        return s;
    }

    static double[] onset(Outcome[] out) {
        double[] s = new double[out.length];
        for (int i = 0; i < out.length; i++) if (out[i] instanceof PointResult p && p.incidentPoints() == 1) s[i] = p.anomalyScore();
        return s;
    }

    /** The score of the first point at or over {@code level}, then nothing at or over it for {@code quiet} rows. */
    static Function<Outcome[], double[]> refractory(double level, int quiet) {
        return out -> {
            double[] s = every(out);
            int last = -1_000_000;
            for (int i = 0; i < s.length; i++) {
                if (s[i] >= level) {
                    if (i - last <= quiet) s[i] = 0;
                    else last = i;
                }
            }
            return s;
        };
    }

    public static void main(String[] args) throws Exception {
        NabStudy study = new NabStudy(Path.of(args[0]));
        if (System.getProperty("nov") != null) {
            double margin = Double.parseDouble(System.getProperty("nov"));
            int minPts = Integer.getInteger("novmin", 300);
            int quiet = Integer.getInteger("novq", 200);
            double lv = Double.parseDouble(System.getProperty("novscore", "1"));
            extra = (vals, sc) -> {
                double[] o = sc.clone();
                double mx = Double.NEGATIVE_INFINITY, mn = Double.POSITIVE_INFINITY;
                int last = -1_000_000;
                for (int i = 0; i < vals.length; i++) {
                    double x = vals[i][0];
                    if (!Double.isFinite(x)) continue;
                    if (i >= minPts && mx > mn) {
                        double range = mx - mn;
                        double beyond = Math.max(x - mx, mn - x) / range;
                        if (beyond > margin && i - last > quiet) {
                            o[i] = Math.max(o[i], lv < 0 ? Math.min(1, -lv + beyond) : lv);
                            last = i;
                        }
                    }
                    mx = Math.max(mx, x);
                    mn = Math.min(mn, x);
                }
                return o;
            };
        }
        DetectorConfig.Builder base = DetectorConfig.builder();
        if (Integer.getInteger("lw") != null) base.longWindow(Integer.getInteger("lw"));
        if (Integer.getInteger("sw") != null) base.shortWindow(Integer.getInteger("sw"));
        if (Integer.getInteger("ew") != null) base.errorWindow(Integer.getInteger("ew"));
        if (Integer.getInteger("nw") != null) base.normalisationWindow(Integer.getInteger("nw"));
        if (Integer.getInteger("wu") != null) base.warmUpPoints(Integer.getInteger("wu"));
        if (System.getProperty("ar") != null) base.adaptationRate(Double.parseDouble(System.getProperty("ar")));
        if (System.getProperty("ec") != null) base.errorClip(Double.parseDouble(System.getProperty("ec")));
        if (System.getProperty("stuck") != null) base.stuckDetection(Boolean.parseBoolean(System.getProperty("stuck")));
        if (System.getProperty("dir") != null) base.direction(dev.lookahead.scoring.ScoreDirection.valueOf(System.getProperty("dir")));
        if (System.getProperty("ard") != null) base.alertRateDiscount(Double.parseDouble(System.getProperty("ard")));
        if (Integer.getInteger("arw") != null) base.alertRateWindow(Integer.getInteger("arw"));
        DetectorConfig d = base.build();
        Map<String, Variant> all = new LinkedHashMap<>();
        all.put("every", new Variant("every point", d, NabStudy::every));
        all.put("onset", new Variant("onset (q=10)", d, NabStudy::onset));
        double level = Double.parseDouble(System.getProperty("level", "0.5"));
        for (int q : new int[]{50, 100, 200, 400, 800})
            all.put("ref" + q, new Variant("refractory " + level + " / " + q, d, refractory(level, q)));
        for (int q : new int[]{100, 200, 400})
            all.put("onsetq" + q, new Variant("onset q=" + q, d.toBuilder().incidentQuietPoints(q).build(), NabStudy::onset));
        List<String> names = args.length > 1 ? List.of(args).subList(1, args.length) : new ArrayList<>(all.keySet());
        for (String n : names) {
            boolean perFile = n.endsWith("+");
            String key = perFile ? n.substring(0, n.length() - 1) : n;
            Variant v = all.get(key);
            if (v == null && key.startsWith("alert")) {
                int r = Integer.parseInt(key.substring(5));
                double margin = Double.parseDouble(System.getProperty("margin", "0.05"));
                v = new Variant("alerts " + level + " / refractory " + r + " / range " + margin,
                        d.toBuilder().threshold(level).alertRefractoryPoints(r).rangeMargin(margin).rangeAfterPoints(Integer.getInteger("after", 300)).build(), out -> {
                    double[] sc = new double[out.length];
                    for (int i = 0; i < out.length; i++)
                        if (out[i] instanceof PointResult p && p.emitAlert()) sc[i] = System.getProperty("raw") != null ? p.anomalyScore() : p.alertScore();
                    double c = Double.parseDouble(System.getProperty("rate", "0"));
                    int win = Integer.getInteger("ratewin", 2000);
                    if (c > 0) {
                        double[] adj = sc.clone();
                        java.util.ArrayDeque<Integer> recent = new java.util.ArrayDeque<>();
                        for (int i = 0; i < sc.length; i++) {
                            if (sc[i] <= 0) continue;
                            while (!recent.isEmpty() && recent.peekFirst() < i - win) recent.pollFirst();
                            adj[i] = Math.max(1e-6, sc[i] - c * recent.size());
                            recent.addLast(i);
                        }
                        return adj;
                    }
                    return sc;
                });
            }
            if (v == null && key.startsWith("incref")) {
                int r = Integer.parseInt(key.substring(6));
                v = new Variant("incident onset + refractory " + level + " / " + r, d.toBuilder().threshold(level).build(), out -> {
                    double[] sc = new double[out.length];
                    int last = -1_000_000;
                    for (int i = 0; i < out.length; i++)
                        if (out[i] instanceof PointResult p && p.incidentPoints() == 1 && i - last > r) { sc[i] = p.anomalyScore(); last = i; }
                    return sc;
                });
            }
            if (v == null && key.startsWith("ref")) v = new Variant("refractory " + level + " / " + key.substring(3), d, refractory(level, Integer.parseInt(key.substring(3))));
            System.out.println(study.run(v, perFile));
        }
    }
}
