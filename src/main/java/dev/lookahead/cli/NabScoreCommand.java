package dev.lookahead.cli;

import dev.lookahead.nab.NabCorpus;
import dev.lookahead.nab.NabProfile;
import dev.lookahead.nab.NabScorer;
import dev.lookahead.nab.NabSeries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code evaluate nab-score}: NAB v1.1 scores of a results folder in NAB's layout. */
@Command(name = "nab-score", mixinStandardHelpOptions = true,
        description = {"Score a detector's results in NAB's layout (RESULTS/<category>/<detector>_<file>.csv with",
                "timestamp and anomaly_score columns) as NAB v1.1 does: probation period, windows from",
                "labels/combined_windows.json, the scaled sigmoid, profiles from config/profiles.json, one threshold",
                "per profile for the whole corpus (exact optimum), normalised to null = 0 and perfect = 100."},
        footerHeading = "%nExamples:%n",
        footer = {"  lookahead evaluate nab-score --data ../shared/nab --results NAB/results --detector numenta",
                "  lookahead evaluate nab-score --data ../shared/nab --results out/ --detector lookahead --categories",
                "  lookahead evaluate nab-score --data ../shared/nab --results runs/nab --detector lookahead --per-file-optimum --files",
                "  lookahead evaluate nab-score --data ../shared/nab --results runs/nab-wg --detector windowedGaussian --threshold 1.0 --files"})
final class NabScoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "NAB_DIR",
            description = "NAB directory with labels/combined_windows.json (and config/profiles.json, data/ if present).")
    Path data;

    @Option(names = "--results", required = true, paramLabel = "DIR", description = "Results directory in NAB's layout.")
    Path results;

    @Option(names = "--detector", required = true, paramLabel = "NAME", description = "Detector name: the file prefix <NAME>_ and nothing else.")
    String detector;

    @Option(names = "--categories", description = "Also print the normalised score of each category.")
    boolean categories;

    @Option(names = "--threshold", paramLabel = "T", description = "Score every profile at this threshold (detection: score >= T) instead of the optimum, e.g. to compare with NAB's per-file tables.")
    Double threshold;

    @Option(names = "--per-file-optimum", description = "Score each file at its own best threshold instead of one per profile for the "
            + "whole corpus: a ceiling no ranking of the same detections across files can pass (NAB's score uses one threshold).")
    boolean perFileOptimum;

    @Option(names = "--files", description = "Also print each file's raw score and row counts (TP, FP, FN, TN: scorable rows, as NAB's *_scores.csv count them).")
    boolean files;

    @Override
    public Integer call() throws IOException {
        if (perFileOptimum && threshold != null)
            throw new ParameterException(spec.commandLine(), "--per-file-optimum and --threshold exclude each other: "
                    + "the first picks each file's threshold, the second sets one for all");
        long started = System.nanoTime();
        List<NabProfile> profiles = NabCorpus.profiles(data);
        List<NabSeries> corpus = NabCorpus.readResults(data, results, detector);
        List<NabScorer.ProfileScore> scores = new ArrayList<>();
        for (NabProfile p : profiles)
            scores.add(perFileOptimum ? NabScorer.scorePerFileOptimum(corpus, p) : threshold == null ? NabScorer.score(corpus, p) : NabScorer.score(corpus, p, threshold));
        PrintWriter out = spec.commandLine().getOut();
        int rows = 0;
        for (NabSeries s : corpus) rows += s.rows();
        out.printf(Locale.ROOT, "NAB v1.1 scores of detector %s: %d files, %d rows, %d windows%n",
                detector, corpus.size(), rows, scores.get(0).windows());
        out.printf(Locale.ROOT, "%-20s %10s %10s %9s %9s %9s %8s %6s %8s %9s%n",
                "profile", "score", "threshold", "raw", "null", "perfect", "windows", "hit", "FP rows", "TP rows");
        for (NabScorer.ProfileScore p : scores) {
            out.printf(Locale.ROOT, "%-20s %10.2f %10s %9.3f %9.3f %9.3f %8d %6d %8d %9d%n",
                    p.profile().name(), p.normalized(), threshold(p.threshold()), p.raw(), p.nullScore(), p.perfectScore(),
                    p.windows(), p.windowsDetected(), p.counts().fp(), p.counts().tp());
        }
        if (categories) {
            out.println();
            List<Map<String, Double>> byCat = new ArrayList<>();
            for (NabScorer.ProfileScore p : scores) byCat.add(p.normalizedByCategory(corpus));
            StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%-22s", "category"));
            for (NabScorer.ProfileScore p : scores) h.append(String.format(Locale.ROOT, " %20s", p.profile().name()));
            out.println(h);
            for (String cat : byCat.get(0).keySet()) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-22s", cat));
                for (Map<String, Double> m : byCat) {
                    double v = m.get(cat);
                    line.append(Double.isNaN(v) ? String.format(Locale.ROOT, " %20s", "(no windows)") : String.format(Locale.ROOT, " %20.2f", v));
                }
                out.println(line);
            }
        }
        if (files) {
            for (NabScorer.ProfileScore p : scores) {
                out.println();
                out.printf(Locale.ROOT, "%s at threshold %s%n", p.profile().name(), threshold(p.threshold()));
                out.printf(Locale.ROOT, "%-62s %12s %6s %6s %6s %6s %10s%n", "file", "raw", "TP", "FP", "FN", "TN", "threshold");
                for (NabScorer.FileScore f : p.files())
                    out.printf(Locale.ROOT, "%-62s %12.6f %6d %6d %6d %6d %10s%n", f.path(), f.raw(), f.counts().tp(), f.counts().fp(),
                            f.counts().fn(), f.counts().tn(), threshold(f.threshold()));
            }
        }
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "scored in %.2f s%n", (System.nanoTime() - started) / 1e9);
        err.flush();
        return 0;
    }

    private static String threshold(double t) {
        if (Double.isNaN(t)) return "per file";
        return Double.isInfinite(t) ? "none" : String.format(Locale.ROOT, "%.6f", t);
    }
}
