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
 * A plant on a schedule: a sensor at 20 that steps to 25 (10 noise sigmas) at 09:00 and back at 17:00 every day
 * (UTC), one reading every five minutes. A one-step forecaster cannot see a step coming, so each is a surprise the
 * first days; once the key has seen the step at its hour on two days it is part of the key's schedule and no longer
 * opens an incident (the hourly peaks). Without them, steps on the ninth and tenth days opened incidents, and after
 * a stop at the wrong hour so did the next days' steps. A stop at the wrong hour is still found.
 */
class ScheduledStepTest {

    private static final long FIVE_MINUTES = 300_000L;
    private static final int PER_DAY = 288, DAYS = 10;

    private static double[][] schedule(int outOfScheduleFrom, int outOfScheduleTo) {
        SplittableRandom rnd = new SplittableRandom(14);
        double[][] v = new double[DAYS * PER_DAY][];
        for (int i = 0; i < v.length; i++) {
            int hour = (i % PER_DAY) / 12;
            boolean on = hour >= 9 && hour < 17;
            if (i >= outOfScheduleFrom && i < outOfScheduleTo) on = !on;
            v[i] = new double[]{(on ? 25 : 20) + 0.5 * gaussian(rnd)};
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
                .run("plant", List.of("power"), times, values);
        List<Integer> opened = new ArrayList<>();
        for (int i = 0; i < out.length; i++)
            if (out[i] instanceof PointResult p && p.incidentStatus() == IncidentStatus.OPENED) opened.add(i);
        return opened;
    }

    @Test
    void aStepAtItsUsualHourStopsOpeningIncidentsOnceSeenOnTwoDays() {
        List<Integer> opened = openings(schedule(-1, -1));
        System.out.println("incidents opened on a daily schedule (point indexes, 288 a day): " + opened);
        List<Integer> late = opened.stream().filter(i -> i >= 3 * PER_DAY).toList();
        assertEquals(List.of(), late, "from the fourth day on, the steps at 09:00 and 17:00 are the schedule");
        assertTrue(opened.stream().anyMatch(i -> i < 3 * PER_DAY), "the first days' steps were surprises: " + opened);
    }

    @Test
    void aStepAtTheWrongHourStillOpensAnIncident() {
        int from = 7 * PER_DAY + 13 * 12;   // on day 7 the plant stops at 13:00 for two hours
        List<Integer> opened = openings(schedule(from, from + 24));
        System.out.println("incidents opened with a stop at 13:00 on day 7: " + opened);
        assertTrue(opened.stream().anyMatch(i -> i >= from && i < from + 6), "the stop is found within half an hour: " + opened);
        assertEquals(List.of(), opened.stream().filter(i -> i > from + 6).toList(), "after the stop, the schedule's steps are still the schedule");
    }
}
