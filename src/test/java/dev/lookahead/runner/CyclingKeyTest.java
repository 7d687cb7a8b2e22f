package dev.lookahead.runner;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.scoring.IncidentStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A key that cycles out of step with the clock: a tank that fills from 0 to 10 over 37 readings (five minutes apart,
 * about three hours) and empties at once, with noise of 0.2, for 30 days. Each emptying is an error of about 9 error
 * spreads that the one-step forecaster cannot see coming, and its hour moves from day to day, so the hourly peaks do
 * not take it as the schedule. Without the recurring errors' floor (`RecurringErrors`), 85 of its emptyings opened
 * incidents from its 18th day on, nearly every one, and the deeper emptying below was not found at its point (an
 * incident was open already); with it, the first emptying opens one and no other does (docs/ACCURACY.md, "A key
 * whose errors recur").
 */
class CyclingKeyTest {

    private static final long FIVE_MINUTES = 300_000L;
    private static final int PERIOD = 37, LENGTH = 30 * 288;

    private static double[][] tank(int deepAt) {
        SplittableRandom rnd = new SplittableRandom(37);
        double[][] v = new double[LENGTH][];
        for (int i = 0; i < LENGTH; i++) {
            double level = (i % PERIOD) * 10.0 / PERIOD;
            if (i == deepAt) level = -20;   // this emptying goes three times as deep
            v[i] = new double[]{level + 0.2 * gaussian(rnd)};
        }
        return v;
    }

    private static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    private static List<Integer> openings(double[][] values) {
        long[] times = new long[values.length];
        for (int i = 0; i < times.length; i++) times[i] = i * FIVE_MINUTES;
        Outcome[] out = new DirectRunner(ModelSnapshots.bundled(), DetectorConfig.defaults())
                .run("tank", List.of("level"), times, values);
        List<Integer> opened = new ArrayList<>();
        for (int i = 0; i < out.length; i++)
            if (out[i] instanceof PointResult p && p.incidentStatus() == IncidentStatus.OPENED) opened.add(i);
        return opened;
    }

    @Test
    void itsUsualEmptyingsOpenNoIncidentOnceTheKeyHasShownThem() {
        List<Integer> opened = openings(tank(-1));
        System.out.println("incidents opened on a tank that empties every 37 points, over 30 days: " + opened);
        List<Integer> onEmptying = opened.stream().filter(i -> i >= 1000 && i % PERIOD == 0).toList();
        assertEquals(List.of(), onEmptying, "after its first 1,000 points no emptying opens an incident");
        assertTrue(opened.size() <= 3, "at most 3 incidents in 30 days: " + opened);
    }

    @Test
    void anEmptyingThreeTimesAsDeepIsStillFoundAtItsPoint() {
        int deep = 20 * 288 / PERIOD * PERIOD;   // an emptying on day 20
        List<Integer> opened = openings(tank(deep));
        System.out.println("incidents opened with one emptying three times as deep at " + deep + ": " + opened);
        assertTrue(opened.contains(deep), "found at its point: " + opened);
    }
}
