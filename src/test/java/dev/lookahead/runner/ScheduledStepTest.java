package dev.lookahead.runner;

import org.junit.jupiter.api.Test;

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
            v[i] = new double[]{(on ? 25 : 20) + 0.5 * OneKeyRun.gaussian(rnd)};
        }
        return v;
    }

    @Test
    void aStepAtItsUsualHourStopsOpeningIncidentsOnceSeenOnTwoDays() {
        List<Integer> opened = OneKeyRun.openings("plant", "power", schedule(-1, -1), FIVE_MINUTES);
        System.out.println("incidents opened on a daily schedule (point indexes, 288 a day): " + opened);
        List<Integer> late = opened.stream().filter(i -> i >= 3 * PER_DAY).toList();
        assertEquals(List.of(), late, "from the fourth day on, the steps at 09:00 and 17:00 are the schedule");
        assertTrue(opened.stream().anyMatch(i -> i < 3 * PER_DAY), "the first days' steps were surprises: " + opened);
    }

    @Test
    void aStepAtTheWrongHourStillOpensAnIncident() {
        int from = 7 * PER_DAY + 13 * 12;   // on day 7 the plant stops at 13:00 for two hours
        List<Integer> opened = OneKeyRun.openings("plant", "power", schedule(from, from + 24), FIVE_MINUTES);
        System.out.println("incidents opened with a stop at 13:00 on day 7: " + opened);
        assertTrue(opened.stream().anyMatch(i -> i >= from && i < from + 6), "the stop is found within half an hour: " + opened);
        assertEquals(List.of(), opened.stream().filter(i -> i > from + 6).toList(), "after the stop, the schedule's steps are still the schedule");
    }
}
