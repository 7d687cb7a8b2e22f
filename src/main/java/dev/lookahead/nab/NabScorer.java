package dev.lookahead.nab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a corpus for one profile as NAB v1.1 does: sweep every row ({@link Sweeper}), pick one threshold for the
 * whole corpus, then normalise {@code 100 * (raw - null) / (perfect - null)}.
 *
 * <p>A row is a detection when its anomaly score is {@code >=} the threshold. Each window counts only its best
 * (earliest) detection, or {@code -fnWeight} when it has none; every detection outside windows adds its (negative)
 * false-positive weight. The threshold is found by an exact sweep over every distinct anomaly score of the corpus's
 * scorable rows (NAB's {@code calcScoreByThreshold} over all files, in descending score order), so it is the true
 * optimum; among equal totals the highest threshold wins, as in NAB's stable sort. "No detection at all" (threshold
 * +infinity) is a candidate too. The null detector flags nothing; the perfect detector flags each window's first
 * scorable row.
 */
public final class NabScorer {

    private NabScorer() {
    }

    /** Row counts as NAB reports them (scorable rows only): in-window rows flagged / not, outside rows flagged / not. */
    public record Counts(long tp, long fp, long fn, long tn) {
    }

    /** One file's outcome at the threshold it was scored at (the corpus's, or with the per-file optimum its own). */
    public record FileScore(String path, double raw, Counts counts, int windows, int windowsDetected, double threshold) {
    }

    /** One profile's outcome over the corpus. */
    public record ProfileScore(NabProfile profile, double threshold, double raw, double nullScore, double perfectScore,
                               Counts counts, int windows, int windowsDetected, List<FileScore> files) {
        /** {@code 100 * (raw - null) / (perfect - null)}. */
        public double normalized() {
            return normalize(raw, nullScore, perfectScore);
        }

        /** Per category (text before the first '/' of each path): raw, null and perfect sums, normalised. */
        public Map<String, Double> normalizedByCategory(List<NabSeries> corpus) {
            Map<String, double[]> acc = new LinkedHashMap<>();
            for (int f = 0; f < files.size(); f++) {
                FileScore fs = files.get(f);
                String cat = corpus.get(f).category();
                double[] a = acc.computeIfAbsent(cat, k -> new double[3]);
                a[0] += fs.raw();
                a[1] += -profile.fnWeight() * fs.windows();
                a[2] += perfectOf(corpus.get(f), profile);
            }
            Map<String, Double> out = new LinkedHashMap<>();
            acc.forEach((k, a) -> out.put(k, a[2] == a[1] ? Double.NaN : normalize(a[0], a[1], a[2])));
            return out;
        }
    }

    public static double normalize(double raw, double nullScore, double perfectScore) {
        return 100.0 * (raw - nullScore) / (perfectScore - nullScore);
    }

    /** Scores the corpus under each profile. */
    public static List<ProfileScore> score(List<NabSeries> corpus, List<NabProfile> profiles) {
        List<ProfileScore> out = new ArrayList<>();
        for (NabProfile p : profiles) out.add(score(corpus, p));
        return out;
    }

    /** Scores the corpus under one profile with the threshold that maximises its total raw score. */
    public static ProfileScore score(List<NabSeries> corpus, NabProfile p) {
        List<Sweeper.Sweep> sweeps = sweepAll(corpus, p);
        return scoreAt(sweeps, p, optimalThreshold(sweeps, p));
    }

    /** Scores the corpus under one profile at a given threshold (detection: score >= threshold). */
    public static ProfileScore score(List<NabSeries> corpus, NabProfile p, double threshold) {
        return scoreAt(sweepAll(corpus, p), p, threshold);
    }

    /**
     * Scores the corpus under one profile with each file at the threshold that maximises that file's own raw score.
     * NAB takes one threshold per profile for the whole corpus, so no ranking of the same detections across files
     * can score more than this: it is a ceiling that separates what a detector flags from how it ranks across keys.
     * The result's threshold is NaN: there is one per file.
     */
    public static ProfileScore scorePerFileOptimum(List<NabSeries> corpus, NabProfile p) {
        List<Sweeper.Sweep> sweeps = sweepAll(corpus, p);
        double[] thresholds = new double[sweeps.size()];
        for (int i = 0; i < thresholds.length; i++) thresholds[i] = optimalThreshold(List.of(sweeps.get(i)), p);
        return scoreAt(sweeps, p, thresholds, Double.NaN);
    }

    private static List<Sweeper.Sweep> sweepAll(List<NabSeries> corpus, NabProfile p) {
        List<Sweeper.Sweep> sweeps = new ArrayList<>(corpus.size());
        for (NabSeries s : corpus) {
            for (int i = 0; i < s.rows(); i++)
                if (Double.isNaN(s.scores()[i])) throw new IllegalArgumentException(s.path() + ": anomaly score of row " + (i + 1) + " is NaN");
            sweeps.add(Sweeper.sweep(s, p));
        }
        return sweeps;
    }

    /** The exact optimum: sweep all scorable rows in descending score order, totalling after each distinct score. */
    static double optimalThreshold(List<Sweeper.Sweep> sweeps, NabProfile p) {
        int rows = 0, windows = 0;
        for (Sweeper.Sweep s : sweeps) {
            for (int w : s.window()) if (w != Sweeper.PROBATIONARY) rows++;
        }
        double[] score = new double[rows];
        double[] weight = new double[rows];
        int[] window = new int[rows];
        boolean[] scored = new boolean[countWindows(sweeps)];
        int k = 0;
        for (Sweeper.Sweep s : sweeps) {
            double[] a = s.series().scores();
            for (int i = 0; i < a.length; i++) {
                int w = s.window()[i];
                if (w == Sweeper.PROBATIONARY) continue;
                score[k] = a[i];
                weight[k] = s.weight()[i];
                window[k] = w == Sweeper.OUTSIDE ? -1 : windows + w;
                if (w != Sweeper.OUTSIDE) scored[windows + w] = true;
                k++;
            }
            windows += s.windows();
        }
        double[] part = new double[windows];
        double total = 0;
        for (int w = 0; w < windows; w++) {
            if (scored[w]) {
                part[w] = -p.fnWeight();
                total += part[w];
            }
        }
        Integer[] order = new Integer[rows];
        for (int i = 0; i < rows; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> score[i]).reversed());

        double best = total, bestThreshold = Double.POSITIVE_INFINITY;
        int i = 0;
        while (i < rows) {
            double t = score[order[i]];
            while (i < rows && score[order[i]] == t) {
                int r = order[i++];
                int w = window[r];
                if (w < 0) {
                    total += weight[r];
                } else if (weight[r] > part[w]) {
                    total += weight[r] - part[w];
                    part[w] = weight[r];
                }
            }
            if (total > best) {
                best = total;
                bestThreshold = t;
            }
        }
        return bestThreshold;
    }

    private static int countWindows(List<Sweeper.Sweep> sweeps) {
        int n = 0;
        for (Sweeper.Sweep s : sweeps) n += s.windows();
        return n;
    }

    private static ProfileScore scoreAt(List<Sweeper.Sweep> sweeps, NabProfile p, double threshold) {
        double[] thresholds = new double[sweeps.size()];
        Arrays.fill(thresholds, threshold);
        return scoreAt(sweeps, p, thresholds, threshold);
    }

    private static ProfileScore scoreAt(List<Sweeper.Sweep> sweeps, NabProfile p, double[] thresholds, double threshold) {
        List<FileScore> files = new ArrayList<>();
        double raw = 0, nul = 0, perfect = 0;
        long tp = 0, fp = 0, fn = 0, tn = 0;
        int windows = 0, detected = 0;
        for (int k = 0; k < sweeps.size(); k++) {
            Sweeper.Sweep s = sweeps.get(k);
            FileScore f = fileScore(s, p, thresholds[k]);
            files.add(f);
            raw += f.raw();
            nul += -p.fnWeight() * f.windows();
            perfect += perfectOf(s);
            tp += f.counts().tp();
            fp += f.counts().fp();
            fn += f.counts().fn();
            tn += f.counts().tn();
            windows += f.windows();
            detected += f.windowsDetected();
        }
        return new ProfileScore(p, threshold, raw, nul, perfect, new Counts(tp, fp, fn, tn), windows, detected, List.copyOf(files));
    }

    private static FileScore fileScore(Sweeper.Sweep s, NabProfile p, double threshold) {
        double[] a = s.series().scores();
        double[] part = new double[s.windows()];
        boolean[] scored = new boolean[s.windows()];
        boolean[] hit = new boolean[s.windows()];
        double fpSum = 0;
        long tp = 0, fp = 0, fn = 0, tn = 0;
        for (int i = 0; i < a.length; i++) {
            int w = s.window()[i];
            if (w == Sweeper.PROBATIONARY) continue;
            boolean flagged = a[i] >= threshold;
            if (w == Sweeper.OUTSIDE) {
                if (flagged) {
                    fp++;
                    fpSum += s.weight()[i];
                } else {
                    tn++;
                }
                continue;
            }
            if (!scored[w]) {
                scored[w] = true;
                part[w] = -p.fnWeight();
            }
            if (flagged) {
                tp++;
                hit[w] = true;
                part[w] = Math.max(part[w], s.weight()[i]);
            } else {
                fn++;
            }
        }
        double raw = fpSum;
        int windows = 0, detected = 0;
        for (int w = 0; w < part.length; w++) {
            if (!scored[w]) continue;
            windows++;
            if (hit[w]) detected++;
            raw += part[w];
        }
        return new FileScore(s.series().path(), raw, new Counts(tp, fp, fn, tn), windows, detected, threshold);
    }

    /** The perfect detector's score on one swept file: each scored window's best (first scorable) row. */
    private static double perfectOf(Sweeper.Sweep s) {
        double[] best = new double[s.windows()];
        boolean[] scored = new boolean[s.windows()];
        for (int i = 0; i < s.window().length; i++) {
            int w = s.window()[i];
            if (w < 0) continue;
            if (!scored[w] || s.weight()[i] > best[w]) best[w] = s.weight()[i];
            scored[w] = true;
        }
        double sum = 0;
        for (int w = 0; w < best.length; w++) if (scored[w]) sum += best[w];
        return sum;
    }

    static double perfectOf(NabSeries s, NabProfile p) {
        return perfectOf(Sweeper.sweep(s, p));
    }
}
