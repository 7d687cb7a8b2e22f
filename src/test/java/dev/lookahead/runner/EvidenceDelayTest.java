package dev.lookahead.runner;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.synthetic.AnomalyKind;
import dev.lookahead.synthetic.InjectedAnomaly;
import dev.lookahead.synthetic.LabelledSeries;
import dev.lookahead.synthetic.SyntheticStream;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The delays issue 14 asks to bound, on a steady sensor with noise of σ = 1 at one reading a minute, after four days
 * of normal operation, with the bundled model and shipped defaults (docs/ACCURACY.md, "Detection delay"): a level
 * shift of 1.5 σ and a one-point spike of 6 σ, each on five seeds; delays are in rows from the fault's first point.
 * A drift to 3 σ over 300 rows is found before it has moved by 1.5 σ; on a sensor with a daily cycle of 1 σ the
 * shift is found within 30 rows and the drift before it reaches 3 σ.
 */
class EvidenceDelayTest {

    private static final int AT = 6000, LENGTH = 7000;
    private static final int SEEDS = 5;

    private static int delay(int seed, double daily, InjectedAnomaly fault) {
        LabelledSeries s = SyntheticStream.builder(500 + seed).key("delay-" + seed).length(LENGTH).interval(60_000)
                .level(40).seasonal(1440, daily).noise(1.0).anomaly(fault).generate();
        Outcome[] out = new DirectRunner(ModelSnapshots.bundled(), DetectorConfig.defaults())
                .run(s.key(), s.channels(), s.times(), s.values());
        for (int i = AT; i < LENGTH; i++)
            if (out[i] instanceof PointResult p && p.anomaly()) return i - AT;
        return Integer.MAX_VALUE;
    }

    private static int falseAlarms(int seed, InjectedAnomaly fault) {
        LabelledSeries s = SyntheticStream.builder(500 + seed).key("delay-" + seed).length(LENGTH).interval(60_000)
                .level(40).noise(1.0).anomaly(fault).generate();
        Outcome[] out = new DirectRunner(ModelSnapshots.bundled(), DetectorConfig.defaults())
                .run(s.key(), s.channels(), s.times(), s.values());
        int opened = 0;
        for (int i = 1500; i < AT; i++)   // after warm-up, before the fault
            if (out[i] instanceof PointResult p && p.anomaly() && p.incidentPoints() == 1) opened++;
        return opened;
    }

    @Test
    void aLevelShiftOfOneAndAHalfSigmaIsFoundWithinThirtyRows() {
        int worst = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            int d = delay(seed, 0, InjectedAnomaly.of(AnomalyKind.LEVEL_SHIFT, AT, 600, 1.5));
            System.out.printf(Locale.ROOT, "level shift 1.5 sigma, seed %d: found after %d rows%n", seed, d);
            worst = Math.max(worst, d);
        }
        assertTrue(worst <= 30, "a 1.5 sigma shift found within 30 rows on every seed; worst " + worst);
    }

    @Test
    void aOnePointSpikeIsFoundAtItsPoint() {
        for (int seed = 0; seed < SEEDS; seed++)
            assertEquals(0, delay(seed, 0, InjectedAnomaly.spike(AT, 6.0)), "seed " + seed);
    }

    @Test
    void aDriftToThreeSigmaOverThreeHundredRowsIsFoundBeforeItHasMovedByOneAndAHalfSigma() {
        int worst = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            int d = delay(seed, 0, InjectedAnomaly.of(AnomalyKind.DRIFT, AT, 300, 3.0));
            System.out.printf(Locale.ROOT, "drift to 3 sigma over 300 rows, seed %d: found after %d rows%n", seed, d);
            worst = Math.max(worst, d);
        }
        assertTrue(worst <= 150, "a drift found within 150 rows (1.5 sigma) on every seed; worst " + worst);
    }

    @Test
    void underADailyCycleAShiftIsFoundWithinThirtyRowsAndADriftBeforeThreeSigma() {
        int worstShift = 0, worstDrift = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            int shift = delay(seed, 1, InjectedAnomaly.of(AnomalyKind.LEVEL_SHIFT, AT, 600, 1.5));
            int drift = delay(seed, 1, InjectedAnomaly.of(AnomalyKind.DRIFT, AT, 300, 3.0));
            System.out.printf(Locale.ROOT, "1 sigma daily cycle, seed %d: 1.5 sigma shift found after %d rows, drift after %d%n", seed, shift, drift);
            worstShift = Math.max(worstShift, shift);
            worstDrift = Math.max(worstDrift, drift);
        }
        assertTrue(worstShift <= 30, "a 1.5 sigma shift under a daily cycle found within 30 rows on every seed; worst " + worstShift);
        assertTrue(worstDrift < 300, "a drift under a daily cycle found before it reaches 3 sigma on every seed; worst " + worstDrift);
    }

    @Test
    void fiveSteadySensorsRaiseAtMostThreeFalseAlarmsInFourDays() {
        int total = 0;
        for (int seed = 0; seed < SEEDS; seed++) total += falseAlarms(seed, InjectedAnomaly.spike(AT, 6.0));
        System.out.println("incidents opened on 5 x 4,500 normal rows: " + total);
        assertTrue(total <= 3, "incidents opened on 22,500 normal rows: " + total);
    }
}
