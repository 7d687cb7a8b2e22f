package dev.lookahead.detector;

import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.runner.DirectRunner;
import dev.lookahead.scoring.IncidentStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A key idle at one value most of the time, with bursts (a disk that writes now and then, a queue that is usually
 * empty). Its usual bursts are its normal: they open no incidents once learned, while a burst far larger than any
 * before is found at its point. Judged by the idle points alone, the key's scales shrink towards 0 and every burst is
 * absurd; judged by the points that moved, a burst is as large as a burst usually is.
 */
class IdleKeyTest {

    private static final long STEP = 5 * 60_000L;
    private static final int POINTS = 4000;
    private static final int LEARNED = 1000;
    private static final int OUTSIZED = 3000;

    private static Outcome[] run(long seed, boolean outsized) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] times = new long[POINTS];
        double[][] values = new double[POINTS][1];
        for (int i = 0; i < POINTS; i++) {
            times[i] = 1_400_000_000_000L + i * STEP;
            // idle 97% of the time; a burst is about 20
            values[i][0] = rnd.nextDouble() < 0.03 ? 20 + 2 * rnd.nextGaussian() : 0;
        }
        if (outsized) values[OUTSIZED][0] = 200;
        return new DirectRunner(ModelSnapshots.bundled(), DetectorConfig.defaults()).run("disk", List.of("value"), times, values);
    }

    @Test
    void aGlitchOnAKeyFlatSinceItStartedIsNotTakenAsTheSizeOfItsMoves() {
        // the key's first move is a glitch; the first moves that teach the scale of a move must not keep it
        long[] times = new long[1200];
        double[][] values = new double[1200][1];
        for (int i = 0; i < times.length; i++) {
            times[i] = 1_400_000_000_000L + i * STEP;
            values[i][0] = i == 500 ? 1e30 : i >= 1000 ? 50 : 45;
        }
        Outcome[] out = new DirectRunner(ModelSnapshots.bundled(), DetectorConfig.defaults()).run("flat", List.of("value"), times, values);
        assertTrue(((PointResult) out[500]).anomaly(), "the glitch is anomalous at its point");
        List<Integer> opened = openings(out, 501, times.length);
        assertTrue(!opened.isEmpty() && opened.get(0) >= 1000 && opened.get(0) <= 1005,
                "a shift of 5 on a key flat at 45 opens an incident within 5 points, after a glitch of 1e30: " + opened);
    }

    private static List<Integer> openings(Outcome[] out, int from, int to) {
        List<Integer> at = new ArrayList<>();
        for (int i = from; i < to; i++) if (((PointResult) out[i]).incidentStatus() == IncidentStatus.OPENED) at.add(i);
        return at;
    }

    private static boolean burst(Outcome[] out, int i) {
        return ((PointResult) out[i]).actual()[0] != 0;
    }

    private static int bursts(Outcome[] out, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) if (((PointResult) out[i]).actual()[0] != 0) n++;
        return n;
    }

    @Test
    void aLoneUsualBurstOfAnIdleKeyOpensNoIncidentOnceLearned() {
        for (long seed = 1; seed <= 3; seed++) {
            Outcome[] out = run(seed, false);
            List<Integer> later = openings(out, LEARNED, POINTS);
            for (int at : later)
                assertTrue(burst(out, at - 1) || burst(out, at - 2), "seed " + seed + ": an incident opened at " + at
                        + ", a burst with none in the two points before it; all openings: " + later);
            // back-to-back bursts (about one in a thousand points at this rate) may still open one: their evidence's
            // fitted tail is one Gamma over a mixture of idle and bursts. Judged by the idle points alone, most bursts did
            assertTrue(later.size() <= 8, "seed " + seed + ": " + bursts(out, LEARNED, POINTS) + " usual bursts after the first "
                    + LEARNED + " points open at most 8 incidents: " + later);
        }
    }

    /**
     * Five channels a minute: four that follow a shared daily load, and one idle on 99% of them with bursts of every
     * size, mostly small (a valve, a queue). Its usual bursts, after the key's first week, open an incident on few of
     * them (9 of 294 over three seeds): its moved points' scale learns at least at one move in a hundred; at the key's
     * rate, one in eleven opened one (26). A burst fifty times the usual is still found at its point.
     */
    @Test
    void anIdleChannelAmongSeveralLearnsHowLargeItsBurstsAre() {
        int bursts = 0, opened = 0;
        for (long seed = 1; seed <= 3; seed++) {
            int n = 20_000, from = 10_080;
            SplittableRandom rnd = new SplittableRandom(seed);
            long[] times = new long[n];
            double[][] values = new double[n][5];
            for (int i = 0; i < n; i++) {
                times[i] = 1_400_000_000_000L + i * 60_000L;
                double load = 1 + 0.3 * Math.sin(2 * Math.PI * i / 1440);   // a shared daily load
                for (int ch = 0; ch < 4; ch++) values[i][ch] = (ch + 1) * load + 0.02 * rnd.nextGaussian();
                // bursts of every size, mostly small: exponential, mean 1
                values[i][4] = rnd.nextDouble() < 0.01 ? -Math.log(1 - rnd.nextDouble()) : 0;
            }
            values[n - 1][4] = 50;
            Outcome[] out = new DirectRunner(ModelSnapshots.bundled(), DetectorConfig.defaults())
                    .run("valve", List.of("a", "b", "c", "d", "valve"), times, values);
            for (int i = from; i < n - 1; i++) {
                if (values[i][4] == 0) continue;
                bursts++;
                if (((PointResult) out[i]).incidentStatus() == IncidentStatus.OPENED) opened++;
            }
            assertTrue(((PointResult) out[n - 1]).anomaly(), "seed " + seed + ": a burst of 50 is anomalous at its point");
        }
        System.out.printf("usual bursts of an idle channel among five: %d of %d opened an incident%n", opened, bursts);
        assertTrue(opened * 25 <= bursts, opened + " of " + bursts + " usual bursts opened an incident");
    }

    @Test
    void aBurstTenTimesTheUsualIsFoundAtItsPoint() {
        for (long seed = 1; seed <= 3; seed++) {
            Outcome[] out = run(seed, true);
            PointResult at = (PointResult) out[OUTSIZED];
            assertTrue(at.anomaly(), "seed " + seed + ": a burst of 200 where bursts are about 20 is anomalous at its point, scored "
                    + at.anomalyScore());
        }
    }
}
