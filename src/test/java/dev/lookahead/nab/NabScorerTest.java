package dev.lookahead.nab;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scorer against values derived from NAB's definitions, on series built here. */
class NabScorerTest {

    static final int ROWS = 100;
    /** min(floor(0.15 * 100), 750). */
    static final int PROBATION = 15;
    static final int W_START = 40, W_END = 49;
    static final double EPS = 1e-9;
    static final NabProfile STD = NabProfile.STANDARD;

    static LocalDateTime[] times(int n) {
        LocalDateTime t0 = LocalDateTime.of(2020, 1, 1, 0, 0);
        LocalDateTime[] ts = new LocalDateTime[n];
        for (int i = 0; i < n; i++) ts[i] = t0.plusMinutes(5L * i);
        return ts;
    }

    /** A 100-row series with one window on rows 40..49, scores 1 on the given rows, 0 elsewhere. */
    static NabSeries series(String path, int... flagged) {
        LocalDateTime[] ts = times(ROWS);
        double[] s = new double[ROWS];
        for (int i : flagged) s[i] = 1.0;
        return new NabSeries(path, ts, s, List.of(new NabWindow(ts[W_START], ts[W_END])));
    }

    static double rawAtHalf(NabSeries s, NabProfile p) {
        return NabScorer.score(List.of(s), p, 0.5).raw();
    }

    @Test
    void probationIsFifteenPercentCappedAt750() {
        assertEquals(PROBATION, Sweeper.probationaryLength(ROWS));
        assertEquals(1, Sweeper.probationaryLength(13)); // floor(1.95)
        assertEquals(750, Sweeper.probationaryLength(5000));
        assertEquals(750, Sweeper.probationaryLength(22695));
    }

    @Test
    void scaledSigmoidFollowsNabDefinition() {
        assertEquals(2 / (1 + Math.exp(-5.0)) - 1, Sweeper.scaledSigmoid(-1.0), EPS);
        assertEquals(0.0, Sweeper.scaledSigmoid(0.0), EPS);
        assertEquals(-1.0, Sweeper.scaledSigmoid(3.0), 0.0);
        assertEquals(-1.0, Sweeper.scaledSigmoid(10.0), 0.0);
        assertTrue(Sweeper.scaledSigmoid(2.999) > -1.0);
    }

    @Test
    void perfectDetectorScores100InEveryProfile() {
        NabSeries a = series("c/a.csv", W_START);
        NabSeries b = series("c/b.csv", W_START);
        for (NabProfile p : NabProfile.defaults()) {
            NabScorer.ProfileScore r = NabScorer.score(List.of(a, b), p);
            assertEquals(2 * p.tpWeight(), r.raw(), EPS);
            assertEquals(2 * p.tpWeight(), r.perfectScore(), EPS);
            assertEquals(100.0, r.normalized(), EPS);
            assertEquals(2, r.windowsDetected());
        }
    }

    @Test
    void nullDetectorScoresZeroAndFlagsNothing() {
        NabSeries a = series("c/a.csv");
        NabSeries b = series("c/b.csv");
        for (NabProfile p : NabProfile.defaults()) {
            NabScorer.ProfileScore r = NabScorer.score(List.of(a, b), p);
            assertEquals(-2 * p.fnWeight(), r.raw(), EPS);
            assertEquals(-2 * p.fnWeight(), r.nullScore(), EPS);
            assertEquals(0.0, r.normalized(), EPS);
            assertEquals(Double.POSITIVE_INFINITY, r.threshold());
        }
    }

    @Test
    void constantScoreDetectorScoresZeroToo() {
        LocalDateTime[] ts = times(ROWS);
        double[] half = new double[ROWS];
        java.util.Arrays.fill(half, 0.5);
        NabSeries s = new NabSeries("c/a.csv", ts, half, List.of(new NabWindow(ts[W_START], ts[W_END])));
        // Flagging everything: window at its left edge (+1) but 75 outside rows at about -0.11 each: worse than nothing.
        assertEquals(0.0, NabScorer.score(List.of(s), STD).normalized(), EPS);
    }

    @Test
    void detectionAtWindowStartScoresMoreThanAtItsEnd() {
        int width = W_END - W_START + 1;
        double start = rawAtHalf(series("c/a.csv", W_START), STD);
        double end = rawAtHalf(series("c/a.csv", W_END), STD);
        double maxTp = Sweeper.scaledSigmoid(-1.0);
        assertEquals(STD.tpWeight(), start, EPS);
        assertEquals(STD.tpWeight() * Sweeper.scaledSigmoid(-1.0 / width) / maxTp, end, EPS);
        assertTrue(start > end);
        assertTrue(end > 0);
    }

    @Test
    void onlyTheEarliestDetectionInAWindowCounts() {
        double early = rawAtHalf(series("c/a.csv", W_START + 2), STD);
        double both = rawAtHalf(series("c/a.csv", W_START + 2, W_START + 5, W_END), STD);
        assertEquals(early, both, EPS);
        NabScorer.ProfileScore r = NabScorer.score(List.of(series("c/a.csv", W_START + 2, W_START + 5, W_END)), STD, 0.5);
        assertEquals(3, r.counts().tp());
        assertEquals(W_END - W_START + 1 - 3, r.counts().fn());
    }

    @Test
    void falsePositiveJustAfterWindowCostsLessThanOneFarAway() {
        int width = W_END - W_START + 1;
        int near = W_END + 1, far = ROWS - 1;
        double nearRaw = rawAtHalf(series("c/a.csv", near), STD);
        double farRaw = rawAtHalf(series("c/a.csv", far), STD);
        assertEquals(-STD.fnWeight() + STD.fpWeight() * Sweeper.scaledSigmoid((double) (near - W_END) / (width - 1)), nearRaw, EPS);
        // (99 - 49) / 9 >= 3: a full false positive.
        assertEquals(-STD.fnWeight() - STD.fpWeight(), farRaw, EPS);
        assertTrue(nearRaw > farRaw);
        // Before any window a false positive costs the full fpWeight as well.
        assertEquals(-STD.fnWeight() - STD.fpWeight(), rawAtHalf(series("c/a.csv", PROBATION + 1), STD), EPS);
    }

    @Test
    void rowsInTheProbationaryPeriodAreIgnored() {
        double nothing = rawAtHalf(series("c/a.csv"), STD);
        assertEquals(nothing, rawAtHalf(series("c/a.csv", 0, PROBATION - 1), STD), EPS);
        assertEquals(nothing - STD.fpWeight(), rawAtHalf(series("c/a.csv", PROBATION), STD), EPS);
        NabScorer.ProfileScore r = NabScorer.score(List.of(series("c/a.csv")), STD, 0.5);
        assertEquals(ROWS - PROBATION - (W_END - W_START + 1), r.counts().tn());

        // A window wholly inside the probation period is neither a hit nor a miss.
        LocalDateTime[] ts = times(ROWS);
        double[] s = new double[ROWS];
        NabSeries early = new NabSeries("c/e.csv", ts, s, List.of(new NabWindow(ts[2], ts[5])));
        NabScorer.ProfileScore e = NabScorer.score(List.of(early), STD, 0.5);
        assertEquals(0, e.windows());
        assertEquals(0.0, e.raw(), EPS);
    }

    @Test
    void thresholdOptimisationPicksTheBestThreshold() {
        // Window hit scored 0.6 at the left edge; a far false positive scored 0.8 in another file.
        LocalDateTime[] ts = times(ROWS);
        double[] a = new double[ROWS];
        a[W_START] = 0.6;
        double[] b = new double[ROWS];
        b[ROWS - 1] = 0.8;
        List<NabWindow> w = List.of(new NabWindow(ts[W_START], ts[W_END]));
        List<NabSeries> corpus = List.of(new NabSeries("c/a.csv", ts, a, w), new NabSeries("c/b.csv", ts, b, w));
        NabScorer.ProfileScore best = NabScorer.score(corpus, STD);
        // At 0.6: one window on time (+1), one missed (-1), one far false positive (-fp).
        assertEquals(0.6, best.threshold(), 0.0);
        assertEquals(STD.tpWeight() - STD.fnWeight() - STD.fpWeight(), best.raw(), EPS);
        assertEquals(best.raw(), NabScorer.score(corpus, STD, 0.6).raw(), EPS);
        assertTrue(best.raw() > NabScorer.score(corpus, STD, 0.8).raw());
        assertTrue(best.raw() > NabScorer.score(corpus, STD, 0.0).raw());
        assertTrue(best.raw() > NabScorer.score(corpus, STD, Double.POSITIVE_INFINITY).raw());
    }

    @Test
    void perFileOptimumScoresEachFileAtItsOwnBestThreshold() {
        // File a: its window hit at 0.3 and a far false positive at 0.9; file b: its window hit at 0.9 and false
        // positives at 0.5 and 0.6. One threshold for both loses something in one of them; a threshold each does not.
        LocalDateTime[] ts = times(ROWS);
        List<NabWindow> w = List.of(new NabWindow(ts[W_START], ts[W_END]));
        double[] a = new double[ROWS];
        a[W_START] = 0.3;
        a[ROWS - 1] = 0.9;
        double[] b = new double[ROWS];
        b[W_START] = 0.9;
        b[20] = 0.5;
        b[ROWS - 1] = 0.6;
        List<NabSeries> corpus = List.of(new NabSeries("c/a.csv", ts, a, w), new NabSeries("c/b.csv", ts, b, w));
        for (NabProfile p : NabProfile.defaults()) {
            NabScorer.ProfileScore each = NabScorer.scorePerFileOptimum(corpus, p);
            double ownA = NabScorer.score(List.of(corpus.get(0)), p).raw(), ownB = NabScorer.score(List.of(corpus.get(1)), p).raw();
            assertEquals(ownA + ownB, each.raw(), EPS, p.name());
            assertTrue(Double.isNaN(each.threshold()), p.name());
            assertEquals(0.9, each.files().get(1).threshold(), 0.0, p.name());
            assertEquals(2, each.windowsDetected(), p.name());
            NabScorer.ProfileScore one = NabScorer.score(corpus, p);
            assertTrue(each.raw() > one.raw() + EPS, p.name() + ": " + each.raw() + " against " + one.raw());
            assertEquals(one.nullScore(), each.nullScore(), EPS);
            assertEquals(one.perfectScore(), each.perfectScore(), EPS);
        }
    }

    @Test
    void exactSweepEqualsBruteForceOverEveryDistinctScore() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            List<NabSeries> corpus = new ArrayList<>();
            TreeSet<Double> candidates = new TreeSet<>();
            candidates.add(Double.POSITIVE_INFINITY);
            for (int f = 0; f < 3; f++) {
                int n = 60 + rnd.nextInt(80);
                LocalDateTime[] ts = times(n);
                double[] s = new double[n];
                for (int i = 0; i < n; i++) {
                    s[i] = Math.round(rnd.nextDouble() * 20) / 20.0; // ties on purpose
                    candidates.add(s[i]);
                }
                int w1 = n / 3, w2 = 2 * n / 3;
                corpus.add(new NabSeries("c/f" + f + ".csv", ts, s,
                        List.of(new NabWindow(ts[w1], ts[w1 + 4]), new NabWindow(ts[w2], ts[w2 + 3]))));
            }
            for (NabProfile p : NabProfile.defaults()) {
                NabScorer.ProfileScore best = NabScorer.score(corpus, p);
                double bruteBest = Double.NEGATIVE_INFINITY, bruteThreshold = Double.NaN;
                for (double t : candidates.descendingSet()) {
                    double raw = NabScorer.score(corpus, p, t).raw();
                    if (raw > bruteBest + EPS) {
                        bruteBest = raw;
                        bruteThreshold = t;
                    }
                }
                assertEquals(bruteBest, best.raw(), EPS, "trial " + trial + " " + p.name());
                assertEquals(bruteThreshold, best.threshold(), 0.0, "trial " + trial + " " + p.name());
            }
        }
    }
}
