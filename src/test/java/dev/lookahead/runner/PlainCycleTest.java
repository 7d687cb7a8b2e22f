package dev.lookahead.runner;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A key that cycles out of step with the clock and has nothing sharp in its cycle: a sine of amplitude 1 every 137
 * readings a second apart, with noise of 0.05, for 100,000 readings. Its forecaster is a little behind the curve at
 * every peak and trough, so its errors' averages rise there by about as much each cycle, and noise lifts some
 * further. Their fit, from moments of values that are bounded, had a tail that fell off fast past them: 94
 * incidents in these 100,000 readings, about one every thousand, and no fewer at the end than at the start (the fit's
 * shape uncapped; 60 since the records' windows grow with the key's points); 9 with it judged at a shape of at most
 * {@code Detector.EVIDENCE_MAX_SHAPE} (docs/ACCURACY.md, "A plain cycle out of step with the clock").
 */
class PlainCycleTest {

    private static final long SECOND = 1_000L;
    private static final int PERIOD = 137, LENGTH = 100_000;
    /** Where the fault starts, when there is one, and how long it lasts. */
    private static final int FAULT = 80_000, FAULT_LENGTH = 600;

    private enum Fault { NONE, LEVEL_SHIFT, FLAT_PEAKS, SPIKE }

    private static double[][] cycles(Fault fault) {
        SplittableRandom rnd = new SplittableRandom(137);
        double[][] v = new double[LENGTH][];
        for (int i = 0; i < LENGTH; i++) {
            double s = Math.sin(2 * Math.PI * (i % PERIOD) / PERIOD);
            boolean in = i >= FAULT && i < FAULT + FAULT_LENGTH;
            if (in && fault == Fault.LEVEL_SHIFT) s += 0.3;
            if (in && fault == Fault.FLAT_PEAKS) s = Math.min(s, 0.5);
            if (fault == Fault.SPIKE && i == FAULT + 10) s += 0.5;
            v[i] = new double[]{s + 0.05 * OneKeyRun.gaussian(rnd)};
        }
        return v;
    }

    private static List<Integer> openings(Fault fault) {
        return OneKeyRun.openings("cycle", "value", cycles(fault), SECOND);
    }

    @Test
    void itsPeaksOpenFewIncidents() {
        List<Integer> opened = openings(Fault.NONE);
        System.out.println("incidents opened on a plain cycle: " + opened.size() + " " + opened);
        assertTrue(opened.size() <= 15, "at most 15 in 100,000 readings (60 with the fit's shape uncapped): " + opened.size());
        long late = opened.stream().filter(i -> i >= LENGTH / 2).count();
        assertTrue(late <= 5, "at most 5 in the last 50,000 (15 uncapped): " + late);
    }

    @Test
    void whatDiffersFromItsCycleIsStillFoundWhereItComes() {
        for (Fault fault : new Fault[]{Fault.LEVEL_SHIFT, Fault.FLAT_PEAKS, Fault.SPIKE}) {
            List<Integer> opened = openings(fault);
            System.out.println(fault + ": " + opened.stream().filter(i -> i >= FAULT - 2_000).toList());
            assertTrue(opened.stream().anyMatch(i -> i >= FAULT && i < FAULT + (fault == Fault.SPIKE ? 12 : PERIOD)),
                    fault + " found within its first cycle: " + opened);
        }
    }
}
