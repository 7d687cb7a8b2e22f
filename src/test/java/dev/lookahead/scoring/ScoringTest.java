package dev.lookahead.scoring;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoringTest {

    @Test
    void tailProbabilityMatchesTheNormalDistribution() {
        // reference values of Q(z) = P(Z > z)
        double[][] ref = {{0, 0.5}, {1, 0.15865525393145707}, {3, 0.0013498980316301}, {5, 2.866515718791939e-7},
                {10, 7.619853024160527e-24}, {-2, 0.9772498680518208}};
        for (double[] r : ref) {
            double got = Math.pow(10, TailProbability.log10UpperTail(r[0]));
            assertEquals(r[1], got, r[1] * 2e-6, "Q(" + r[0] + ")");
        }
        assertTrue(TailProbability.log10UpperTail(40) < -300, "stays finite far in the tail");
    }

    @Test
    void gammaTailMatchesKnownValues() {
        // Gamma(1) is the exponential: P(X > x) = e^-x
        assertEquals(-5 / Math.log(10), TailProbability.log10GammaUpperTail(1, 5), 1e-9);
        assertEquals(-0.5 / Math.log(10), TailProbability.log10GammaUpperTail(1, 0.5), 1e-9);
        // Gamma(k/2, scale 2) is chi-square with k degrees of freedom: P(chi2_4 > 20) = 4.99399e-4 (= e^-10 * 11)
        assertEquals(Math.log10(11 * Math.exp(-10)), TailProbability.log10GammaUpperTail(2, 10), 1e-9);
        assertTrue(TailProbability.log10GammaUpperTail(5, 2000) < -800, "exact far in the tail");
        // lower tail: P(Exp(1) < x) = 1 - e^-x; the two tails sum to one
        assertEquals(Math.log10(1 - Math.exp(-0.01)), TailProbability.log10GammaLowerTail(1, 0.01), 1e-9);
        for (double x : new double[]{0.5, 3, 9, 30}) {
            double sum = Math.pow(10, TailProbability.log10GammaLowerTail(4, x)) + Math.pow(10, TailProbability.log10GammaUpperTail(4, x));
            assertEquals(1.0, sum, 1e-9, "P(X<x) + P(X>x) at x=" + x);
        }
    }

    /** The calibration promise: a threshold at tail probability p fires on about a fraction p of pure-noise points. */
    @Test
    void scoresAreCalibratedOnGaussianErrors() {
        AnomalyLikelihood l = new AnomalyLikelihood();
        SplittableRandom r = new SplittableRandom(12);
        int n = 1_000_000, over3 = 0, over4 = 0;
        for (int i = 0; i < n; i++) {
            double s = l.update(Math.abs(r.nextGaussian()), 10, 1000, true);
            if (i < 1000) continue;
            if (s >= AnomalyLikelihood.scoreForTail(1e-3)) over3++;
            if (s >= AnomalyLikelihood.scoreForTail(1e-4)) over4++;
        }
        double rate3 = over3 / (double) n, rate4 = over4 / (double) n;
        System.out.printf("calibration on N(0,1) errors, both tails: P(score >= p=1e-3) = %.2e, P(score >= p=1e-4) = %.2e%n", rate3, rate4);
        assertTrue(rate3 > 1e-4 && rate3 < 3e-3, "rate at p=1e-3 was " + rate3);
        assertTrue(rate4 > 5e-6 && rate4 < 3e-4, "rate at p=1e-4 was " + rate4);
    }

    @Test
    void likelihoodIsLowOnNoiseAndHighOnASustainedRise() {
        AnomalyLikelihood l = new AnomalyLikelihood();
        SplittableRandom r = new SplittableRandom(4);
        double maxQuiet = 0;
        for (int i = 0; i < 3000; i++) {
            double s = l.update(Math.abs(r.nextGaussian()), 10, 1000);
            if (i > 100) maxQuiet = Math.max(maxQuiet, s);
        }
        double maxRise = 0;
        for (int i = 0; i < 10; i++) maxRise = Math.max(maxRise, l.update(3 + Math.abs(r.nextGaussian()), 10, 1000));
        assertTrue(maxQuiet < 0.5, "noise alone stays under 0.5, was " + maxQuiet);
        assertTrue(maxRise > AnomalyLikelihood.scoreForTail(1e-9), "ten points at four times the usual error level: tail below 1e-9, was " + maxRise);
        assertEquals(0.5, AnomalyLikelihood.scoreForTail(1e-5), 1e-12);
        assertEquals(0.75, AnomalyLikelihood.scoreForTail(1e-10), 1e-12);
        assertEquals(0.0, AnomalyLikelihood.scoreForTail(1), 0);
        assertTrue(AnomalyLikelihood.scoreForTail(1e-40) > AnomalyLikelihood.scoreForTail(1e-30), "no saturation far in the tail");
    }

    @Test
    void aStuckSignalScoresHighOnlyWithStuckDetection() {
        AnomalyLikelihood both = new AnomalyLikelihood();
        AnomalyLikelihood upper = new AnomalyLikelihood();
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 2000; i++) {
            double e = Math.abs(r.nextGaussian());
            both.update(e, 10, 1000, true);
            upper.update(e, 10, 1000, false);
        }
        double stuckBoth = 0, stuckUpper = 0;
        for (int i = 0; i < 20; i++) {
            stuckBoth = Math.max(stuckBoth, both.update(0.01, 10, 1000, true));
            stuckUpper = Math.max(stuckUpper, upper.update(0.01, 10, 1000, false));
        }
        assertTrue(stuckBoth >= 0.5, "errors vanish for 20 points: " + stuckBoth);
        assertTrue(stuckUpper < 0.05, "the upper tail alone does not see it: " + stuckUpper);
    }

    @Test
    void incidentsGroupASustainedAnomalyAndCloseAfterQuiet() {
        IncidentTracker t = new IncidentTracker();
        // threshold 0.5, release 0.3, 3 quiet points close; a point at or over the release keeps an open incident going
        double[] score = {0.1, 0.6, 0.4, 0.2, 0.35, 0.1, 0.1, 0.1, 0.7};
        IncidentStatus[] expected = {IncidentStatus.NONE, IncidentStatus.OPENED, IncidentStatus.CONTINUING, IncidentStatus.QUIET,
                IncidentStatus.CONTINUING, IncidentStatus.QUIET, IncidentStatus.QUIET, IncidentStatus.CLOSED, IncidentStatus.OPENED};
        for (int i = 0; i < score.length; i++) assertEquals(expected[i], t.record(score[i], 0.5, 0.3, i, 3, 0), "point " + i);
        assertEquals(8, t.firstSeen());
        assertEquals("k@8", IncidentTracker.incidentId("k", t.firstSeen()));
    }

    @Test
    void anIncidentOpenPastTheBoundEndsAsANewNormal() {
        IncidentTracker t = new IncidentTracker();
        assertEquals(IncidentStatus.OPENED, t.record(0.9, 0.5, 0.3, 0, 2, 1000));
        // open for 1000 ms of event time and more than 2 x quiet points: accepted
        assertEquals(IncidentStatus.CONTINUING, t.record(0.9, 0.5, 0.3, 400, 2, 1000));
        assertEquals(IncidentStatus.CONTINUING, t.record(0.9, 0.5, 0.3, 800, 2, 1000));
        assertEquals(IncidentStatus.CONTINUING, t.record(0.9, 0.5, 0.3, 1000, 2, 1000), "only 4 points: too few to accept");
        assertEquals(IncidentStatus.NEW_NORMAL, t.record(0.9, 0.5, 0.3, 1100, 2, 1000));
        assertFalse(t.open());
        assertEquals(IncidentStatus.OPENED, t.record(0.9, 0.5, 0.3, 1200, 2, 1000), "a later anomaly opens a new incident");
    }

    @Test
    void withinTheReopenGuardOnlyStrongEvidenceReopensAndItResumesTheIncidentThatClosed() {
        // threshold 0.5, release 0.4: evidence reopens within the guard only at 0.6 or more (as far over the threshold
        // as the release is under it); quiet points 2, so the guard is 12 points; new normal after 20 ms and 4 points
        IncidentTracker t = new IncidentTracker();
        long time = 0;
        assertEquals(IncidentStatus.OPENED, t.record(0.9, 0.9, 0.9, 0.5, 0.4, time++, 2, 20));
        assertEquals(IncidentStatus.QUIET, t.record(0.1, 0.1, 0.1, 0.5, 0.4, time++, 2, 20));
        assertEquals(IncidentStatus.CLOSED, t.record(0.1, 0.1, 0.1, 0.5, 0.4, time++, 2, 20));
        long first = t.firstSeen();
        int points = t.points();
        // evidence at the threshold within the guard: the key that returned is given a while
        assertEquals(IncidentStatus.NONE, t.record(0.55, 0.1, 0.55, 0.5, 0.4, time++, 2, 20));
        // strong evidence: the key did not return; the same incident goes on
        assertEquals(IncidentStatus.OPENED, t.record(0.65, 0.1, 0.65, 0.5, 0.4, time++, 2, 20));
        assertTrue(t.resumed());
        assertEquals(first, t.firstSeen(), "the incident keeps its id");
        assertEquals(points + 1, t.points(), "and its anomalous points");
        // its new-normal clock runs from its first opening: 20 ms after it, it is accepted
        while (time < first + 20) assertEquals(IncidentStatus.CONTINUING, t.record(0.65, 0.1, 0.65, 0.5, 0.4, time++, 2, 20));
        assertEquals(IncidentStatus.NEW_NORMAL, t.record(0.65, 0.1, 0.65, 0.5, 0.4, time++, 2, 20));
        // a point anomalous on its own opens a new incident even within the guard
        assertEquals(IncidentStatus.OPENED, t.record(0.9, 0.9, 0.9, 0.5, 0.4, time, 2, 20));
        assertFalse(t.resumed());
        assertEquals(time, t.firstSeen());
    }

    @Test
    void errorScaleIsNotInflatedByOneHugeResidual() {
        ErrorScale e = new ErrorScale(1);
        boolean[] none = {false};
        for (int i = 0; i < 500; i++) e.update(new double[]{(i % 2 == 0 ? 0.5 : -0.5)}, none, 100, 4);
        double before = e.std(0);
        e.update(new double[]{1000}, none, 100, 4);
        assertTrue(e.std(0) < before * 1.1, "one outlier moves the scale by under 10%: " + before + " -> " + e.std(0));
    }

    @Test
    void errorScaleFollowsTheNormalisersUnit() {
        ErrorScale e = new ErrorScale(2);
        boolean[] none = {false, false};
        for (int i = 0; i < 500; i++) e.update(new double[]{(i % 2 == 0 ? 0.5 : -0.5), 0.5}, none, 100, 4);
        double before = e.std(0), other = e.std(1);
        // the normaliser's scale of channel 0 doubles: the same error in the data is half as many units
        e.rescale(0, 1.5, 3.0);
        assertEquals(before / 2, e.std(0), 1e-6);
        assertEquals(other, e.std(1), 0.0, "the other channel's unit did not change");
        e.rescale(1, 0, 3.0);   // from no scale: nothing to follow
        assertEquals(other, e.std(1), 0.0);
    }

    @Test
    void directionKeepsOnlyTheCountedSide() {
        assertEquals(2.0, ScoreDirection.UP.filter(2.0));
        assertEquals(0.0, ScoreDirection.UP.filter(-2.0));
        assertEquals(-2.0, ScoreDirection.DOWN.filter(-2.0));
        assertEquals(0.0, ScoreDirection.DOWN.filter(2.0));
        assertEquals(-2.0, ScoreDirection.BOTH.filter(-2.0));
    }
}
