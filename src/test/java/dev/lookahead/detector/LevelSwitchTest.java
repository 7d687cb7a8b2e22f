package dev.lookahead.detector;

import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.runner.DirectRunner;
import dev.lookahead.scoring.IncidentStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pump off (0, noise 0.2) or on (50, noise 1), switching at random times (each state at least 10 minutes, then an
 * exponential time of mean three hours), read every minute for two weeks: about 110 switches no forecaster can see
 * coming. Once it has switched back and forth a few times at most hours of the day, its switches are its normal:
 * judged by the level it switched to, and its points after a switch by the last value as well while the forecaster
 * settles. Judged by the forecast alone, it opened an incident at about a third of its switches, and the hours its
 * switches came in widened its band to about eight times its noise. A key that switches by its clock is judged by its
 * schedule instead: a switch at another hour is news there ({@code WeeklyScheduleTest}, {@code LocalScheduleTest}).
 */
class LevelSwitchTest {

    private static final int POINTS = 20_000;
    private static final int LEARNED = 5000;
    private static final long MINUTE = 60_000L;

    /** The pump's readings; from {@code faultAt} on, while the pump runs, at {@code faultLevel} rather than 50. */
    private static double[][] pump(long seed, int faultAt, double faultLevel) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] v = new double[POINTS][1];
        boolean on = false;
        int left = (int) (-180 * Math.log(1 - rnd.nextDouble()));
        for (int i = 0; i < POINTS; i++) {
            if (left <= 0) {
                on = !on;
                left = 10 + (int) (-180 * Math.log(1 - rnd.nextDouble()));
            }
            left--;
            double level = !on ? 0 : i >= faultAt ? faultLevel : 50;
            v[i][0] = level + (on ? 1 : 0.2) * rnd.nextGaussian();
        }
        return v;
    }

    private static Outcome[] run(double[][] values) {
        long[] times = new long[POINTS];
        for (int i = 0; i < POINTS; i++) times[i] = 1_700_000_000_000L + i * MINUTE;
        return new DirectRunner(ModelSnapshots.bundled(), DetectorConfig.defaults()).run("pump", List.of("value"), times, values);
    }

    private static List<Integer> openings(Outcome[] out, int from, int to) {
        List<Integer> at = new ArrayList<>();
        for (int i = from; i < to; i++) if (((PointResult) out[i]).incidentStatus() == IncidentStatus.OPENED) at.add(i);
        return at;
    }

    private static int switches(double[][] v, int from, int to) {
        int n = 0;
        for (int i = Math.max(1, from); i < to; i++) if ((v[i][0] > 25) != (v[i - 1][0] > 25)) n++;
        return n;
    }

    @Test
    void aPumpsUsualSwitchesOpenFewIncidents() {
        int opened = 0, switched = 0;
        for (long seed = 1; seed <= 3; seed++) {
            double[][] v = pump(seed, Integer.MAX_VALUE, 50);
            Outcome[] out = run(v);
            List<Integer> later = openings(out, LEARNED, POINTS);
            opened += later.size();
            switched += switches(v, LEARNED, POINTS);
            assertTrue(later.size() <= 8, "seed " + seed + ": at most 8 incidents after the first " + LEARNED + " points: " + later);
        }
        // 18 now (5, 6 and 7); judged by the forecast alone, 84 (22, 26 and 36)
        assertTrue(opened <= 20, opened + " incidents over three seeds' " + switched + " switches after their first " + LEARNED + " points");
    }

    @Test
    void aPumpsBandIsItsNoiseNotItsSwitches() {
        for (long seed = 1; seed <= 3; seed++) {
            double[][] v = pump(seed, Integer.MAX_VALUE, 50);
            Outcome[] out = run(v);
            List<Double> bands = new ArrayList<>();
            for (int i = 10_000; i < POINTS; i++) if (v[i][0] > 25) bands.add(((PointResult) out[i]).forecastStd()[0]);
            bands.sort(null);
            double median = bands.get(bands.size() / 2);
            // 1.1 to 1.4 now; judged by the forecast alone, 8.2: each hour that saw two switches lately widened its band to a quarter of one
            assertTrue(median < 2.5, "seed " + seed + ": the running pump's median band, in its noise of 1: " + median);
        }
    }

    @Test
    void aPumpsKeySavedAndRestoredAnywhereScoresAsOneThatWasNot() {
        // restored every 7 points: its levels, their counts and a switch's settling under way are in the state
        double[][] v = pump(1, Integer.MAX_VALUE, 50);
        Outcome[] whole = run(v);
        Detector d = new Detector(ModelSnapshots.bundled(), DetectorConfig.defaults());
        KeyState state = d.newState();
        List<Outcome> pieces = new ArrayList<>();
        int settlingRestores = 0;
        for (int i = 0; i < POINTS; i++) {
            if (i % 7 == 0) {
                if (state.switches.settling(0) > 0) settlingRestores++;
                state = new KeyStateCodec(d).fromBytes(new KeyStateCodec(d).toBytes(state));
            }
            d.process(state, "pump", 1_700_000_000_000L + i * MINUTE, v[i], i, pieces::add);
        }
        assertEquals(whole.length, pieces.size());
        for (int i = 0; i < POINTS; i++) assertEquals(TestModels.canonical(whole[i]), TestModels.canonical(pieces.get(i)), "point " + i);
        assertTrue(settlingRestores > 100, "restored while settling after a usual switch " + settlingRestores + " times");
    }

    @Test
    void aJumpToALevelThePumpHasNotUsedIsFoundAtItsPoint() {
        // from minute 14,000 the running pump reads 80: the first time it comes on after that is an overpressure
        for (long seed = 1; seed <= 3; seed++) {
            double[][] v = pump(seed, 14_000, 80);
            int first = -1;
            for (int i = 14_000; i < POINTS && first < 0; i++) if (v[i][0] > 65 && v[i - 1][0] < 25) first = i;
            Outcome[] out = run(v);
            assertTrue(first > 0 && ((PointResult) out[first]).anomaly(),
                    "seed " + seed + ": the pump came on at 80 at minute " + first + ", anomalous at its point");
        }
    }
}
