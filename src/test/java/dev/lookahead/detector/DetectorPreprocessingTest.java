package dev.lookahead.detector;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gaps, missing values, duplicates and disorder, per key, by the key's own timestamps. */
class DetectorPreprocessingTest {

    private static final long MIN = 60_000L;

    private final List<Outcome> out = new ArrayList<>();

    private Detector detector(DetectorConfig cfg) {
        return new Detector(TestModels.untrained(16, 1, 11), cfg);
    }

    private void feed(Detector d, KeyState s, int from, int to, long t0) {
        double[][] v = TestModels.seasonal(to, 3);
        for (int i = from; i < to; i++) d.process(s, "k", t0 + i * MIN, v[i], i, out::add);
    }

    private PointResult last() {
        return assertInstanceOf(PointResult.class, out.get(out.size() - 1));
    }

    @Test
    void outOfOrderAndDuplicatePointsAreDroppedWithAReasonUnderDrop() {
        Detector d = detector(DetectorConfig.defaults());
        KeyState s = d.newState();
        feed(d, s, 0, 50, 0);
        d.process(s, "k", 49 * MIN, new double[]{1}, 100, out::add);
        DroppedPoint dup = assertInstanceOf(DroppedPoint.class, out.get(out.size() - 1));
        assertTrue(dup.reason().startsWith("duplicate"), dup.reason());
        d.process(s, "k", 45 * MIN, new double[]{1}, 101, out::add);
        DroppedPoint late = assertInstanceOf(DroppedPoint.class, out.get(out.size() - 1));
        assertEquals("out of order: 240000 ms before the key's last point (order-policy DROP)", late.reason());
        assertEquals(101, late.ordinal());
        assertEquals(50, s.sequence(), "dropped points do not advance the key");
    }

    @Test
    void reorderPolicyProcessesInTimeOrderWithinTheBound() {
        Detector d = detector(DetectorConfig.builder().orderPolicy(OrderPolicy.REORDER).reorderBoundMillis(3 * MIN).build());
        KeyState s = d.newState();
        long[] order = {0, 1, 3, 2, 4, 5, 6, 7, 8, 9};
        for (int i = 0; i < order.length; i++) d.process(s, "k", order[i] * MIN, new double[]{i}, i, out::add);
        d.process(s, "k", 1 * MIN, new double[]{0}, 99, out::add);   // beyond the bound by now: late
        d.flush(s, "k", out::add);
        List<Long> times = new ArrayList<>();
        for (Outcome o : out) if (o instanceof PointResult p) times.add(p.time() / MIN);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), times);
        PointResult two = (PointResult) out.stream().filter(o -> o.time() == 2 * MIN).findFirst().orElseThrow();
        assertTrue(two.outOfOrder());
        DroppedPoint late = (DroppedPoint) out.stream().filter(o -> o.ordinal() == 99).findFirst().orElseThrow();
        assertTrue(late.reason().startsWith("late:"), late.reason());
    }

    @Test
    void aMissingChannelValueIsImputedFromTheForecastAndFlagged() {
        Detector d = detector(DetectorConfig.defaults());
        KeyState s = d.newState();
        feed(d, s, 0, 100, 0);
        d.process(s, "k", 100 * MIN, new double[]{Double.NaN}, 100, out::add);
        DroppedPoint allMissing = assertInstanceOf(DroppedPoint.class, out.get(out.size() - 1));
        assertTrue(allMissing.reason().startsWith("no finite value"), allMissing.reason());

        Detector d2 = new Detector(TestModels.untrained(16, 1, 11), DetectorConfig.builder().channels(List.of("a", "b")).build());
        KeyState s2 = d2.newState();
        for (int i = 0; i < 100; i++) d2.process(s2, "k", i * MIN, new double[]{Math.sin(i / 5.0), Math.cos(i / 5.0)}, i, out::add);
        d2.process(s2, "k", 100 * MIN, new double[]{Double.POSITIVE_INFINITY, 0.5}, 100, out::add);
        PointResult p = last();
        assertTrue(p.imputed()[0]);
        assertFalse(p.imputed()[1]);
        assertTrue(p.anyImputed());
        assertTrue(Double.isNaN(p.actual()[0]));
        assertEquals(0.0, p.residual()[0]);
        assertEquals(0.0, p.contribution()[0]);
        assertEquals(1.0, p.contribution()[1], 1e-12);
    }

    @Test
    void aShortGapIsImputedAndALongGapResetsTheKey() {
        Detector d = detector(DetectorConfig.builder().maxImputedSteps(5).resetWarmUpPoints(8).build());
        KeyState s = d.newState();
        feed(d, s, 0, 100, 0);
        d.process(s, "k", 104 * MIN, new double[]{10}, 104, out::add);   // steps 100..103 missing
        PointResult afterShort = last();
        assertEquals(4, afterShort.gapSteps());
        assertFalse(afterShort.stateReset());
        assertTrue(afterShort.anyImputed());
        assertFalse(afterShort.warmUp());

        d.process(s, "k", 200 * MIN, new double[]{10}, 200, out::add);   // 95 missing: too many to impute
        PointResult afterLong = last();
        assertTrue(afterLong.stateReset());
        assertEquals(0, afterLong.gapSteps());
        assertTrue(afterLong.warmUp(), "a reset key warms up again");
        assertEquals(0.0, afterLong.anomalyScore());
        for (int i = 1; i <= 8; i++) d.process(s, "k", (200 + i) * MIN, new double[]{10}, 200 + i, out::add);
        assertFalse(last().warmUp());
    }

    /**
     * A key that reports at irregular times (on change, say: intervals drawn from an exponential of mean five minutes)
     * is scored, and a step of 20 noise sigmas found at once. Its interval learned from its short intervals alone
     * fell until nearly every interval was a gap too long to impute: 1,108 of these 3,000 points restarted the key,
     * each into a warm-up that scores 0.
     */
    @Test
    void aKeySampledAtIrregularTimesIsScoredNotKeptRestarting() {
        Detector d = detector(DetectorConfig.defaults());
        KeyState s = d.newState();
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        long t = 0;
        int warmUp = 0, resets = 0;
        PointResult atStep = null;
        for (int i = 0; i < 3000; i++) {
            t += 1_000L + (long) (-Math.log(1 - r.nextDouble()) * 299_000);
            double v = 20 + 0.2 * (r.nextDouble() - 0.5) * Math.sqrt(12) + (i >= 2000 && i < 2100 ? 4.0 : 0);
            d.process(s, "k", t, new double[]{v}, i, out::add);
            PointResult p = last();
            if (p.warmUp()) warmUp++;
            if (p.stateReset()) resets++;
            if (i == 2000) atStep = p;
        }
        assertEquals(0, resets, "no interval of an exponential of mean five minutes is a pause");
        assertEquals(DetectorConfig.defaults().warmUpPoints(), warmUp, "warm-up once, at the start");
        assertTrue(atStep.anomaly(), "the step found at its first point: " + atStep.anomalyScore());
    }

    /**
     * A key sampled at irregular times (exponential intervals of mean five minutes), over a daily cycle of 15 noise
     * sigmas: a step of 10 sigmas for 100 points is held as long as on the same signal sampled every five minutes
     * (until the incident ends as a new normal, some 40 points in), on three seeds. Its expected interval moves from
     * point to point, and so does the count of points that makes an hour of its daily profile trusted: the moment
     * every hour passed it went unseen, its level evidence kept the ranges it learned from the whole daily swing, and
     * the step was flagged on 1 or 2 of its points.
     */
    @Test
    void aKeySampledAtIrregularTimesHoldsAStepOverItsDailyCycleAsARegularOneDoes() {
        for (long seed = 6; seed <= 8; seed++) {
            int irregular = stepHeld(seed, true), regular = stepHeld(seed, false);
            System.out.printf("seed %d: the step held on %d points sampled irregularly, %d every five minutes%n", seed, irregular, regular);
            assertTrue(irregular >= 30 && irregular >= regular - 5, "seed " + seed + ": the step anomalous on " + irregular
                    + " of its points sampled irregularly, " + regular + " sampled every five minutes");
        }
    }

    private static int stepHeld(long seed, boolean irregular) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        int n = 6000;
        long[] times = new long[n];
        double[][] values = new double[n][1];
        long t = 1_609_459_200_000L;   // 2021-01-01, UTC
        for (int i = 0; i < n; i++) {
            t += irregular ? 1_000L + (long) (-Math.log(1 - r.nextDouble()) * 299_000) : 300_000L;
            double day = 2 * Math.PI * (t % 86_400_000L) / 86_400_000.0;
            times[i] = t;
            values[i][0] = 20 + 1.5 * Math.sin(day) + 0.1 * r.nextGaussian() + (i >= 4000 && i < 4100 ? 1.0 : 0);
        }
        Outcome[] out = new dev.lookahead.runner.DirectRunner(dev.lookahead.model.ModelSnapshots.bundled(), DetectorConfig.defaults())
                .run("k", List.of("value"), times, values);
        int held = 0;
        for (int i = 4000; i < 4100; i++) if (((PointResult) out[i]).anomaly()) held++;
        return held;
    }

    @Test
    void theExpectedIntervalIsLearnedPerKeySoSkewedClocksDoNotInterfere() {
        Detector d = detector(DetectorConfig.defaults());
        KeyState fast = d.newState();
        KeyState slow = d.newState();
        long skew = 3_600_000L * 24 * 365;   // a year behind, and ten times slower
        for (int i = 0; i < 60; i++) {
            d.process(fast, "fast", 1_000L * i, new double[]{i % 7}, i, out::add);
            d.process(slow, "slow", 10_000L * i - skew, new double[]{i % 5}, i, out::add);
        }
        for (Outcome o : out) {
            PointResult p = assertInstanceOf(PointResult.class, o);
            assertEquals(0, p.gapSteps(), o.key() + " at " + o.time());
        }
    }
}
