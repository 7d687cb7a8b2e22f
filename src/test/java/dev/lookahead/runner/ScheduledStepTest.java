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
 * a stop at the wrong hour so did the next days' steps. A stop at the wrong hour is still found. A step that ramps
 * over 20 minutes is the schedule too, and one that stops half-way is still found. A sensor that stops updating is
 * found at any hour, and a pause it takes each night is its habit.
 */
class ScheduledStepTest {

    private static final long FIVE_MINUTES = 300_000L;
    private static final int PER_DAY = 288, DAYS = 10, RAMP_DAYS = 70;

    private static double[][] schedule(int outOfScheduleFrom, int outOfScheduleTo) {
        return schedule(outOfScheduleFrom, outOfScheduleTo, 14);
    }

    private static double[][] schedule(int outOfScheduleFrom, int outOfScheduleTo, int seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
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

    /**
     * A ramp from 20 to 35 over 20 minutes from 08:00, and back from 18:00, read every {@code interval} ms for
     * {@code days}: read every five minutes, one or two points of each ramp lie between its hours' levels. On day
     * {@code stallDay} the morning ramp stops half-way, at 27.5, for two hours.
     */
    static double[][] ramp(long interval, int days, int seed, int stallDay) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int perDay = (int) (86_400_000L / interval);
        double[][] v = new double[days * perDay][];
        for (int i = 0; i < v.length; i++) {
            double hour = (i % perDay) * interval / 3_600_000.0;
            double level = hour < 8 || hour >= 18 + 1 / 3.0 ? 20
                    : hour < 8 + 1 / 3.0 ? 20 + 15 * (hour - 8) * 3
                    : hour < 18 ? 35 : 35 - 15 * (hour - 18) * 3;
            if (i / perDay == stallDay && hour >= 8 + 1 / 6.0 && hour < 10 + 1 / 6.0) level = 27.5;
            v[i] = new double[]{level + 0.5 * OneKeyRun.gaussian(rnd)};
        }
        return v;
    }

    @Test
    void aDailyRampIsTheSchedule() {
        // its forecast lags each ramp by several spreads for a point or two: the schedule's, not a sustained surprise.
        // In the errors' averages, 16 incidents opened on these seeds after the first day (2 to 5 each, from the fifth week)
        List<Integer> later = new java.util.ArrayList<>();
        for (int seed = 1; seed <= 4; seed++) {
            List<Integer> opened = OneKeyRun.openings("plant", "power", ramp(FIVE_MINUTES, RAMP_DAYS, seed, -1), FIVE_MINUTES);
            System.out.println("incidents opened on a daily ramp read every five minutes, seed " + seed + " (288 points a day): " + opened);
            later.addAll(opened.stream().filter(i -> i >= PER_DAY).toList());
        }
        assertTrue(later.size() <= 2, "after its first day, a ramp at its usual hours opened " + later.size() + " incidents in 40 weeks: " + later);
    }

    @Test
    void aRampThatStopsHalfWayIsStillFound() {
        // between the hours' levels too, but its forecast no longer lags: found by its level as before (17 to 24 points
        // in on these seeds; the hour's mean and the line next to a step both stand near the ramp's middle at first)
        int from = 50 * PER_DAY + 8 * 12 + 2;   // day 50, 08:10: the ramp stops at 27.5 for two hours
        for (int seed = 1; seed <= 4; seed++) {
            List<Integer> opened = OneKeyRun.openings("plant", "power", ramp(FIVE_MINUTES, RAMP_DAYS, seed, 50), FIVE_MINUTES);
            List<Integer> in = opened.stream().filter(i -> i >= from && i < from + 24).map(i -> i - from).toList();
            System.out.println("a ramp stopped half-way for two hours, seed " + seed + ": opened " + in + " points in");
            assertEquals(1, in.size(), "seed " + seed + ": the stall opens one incident within its two hours: " + in);
        }
    }

    /**
     * The sensor stops updating on day 7 and repeats one reading for four hours: at night, half an hour after the
     * morning step, in the afternoon and after the evening step. Its fifth identical reading opens the incident, which
     * holds while it stays frozen. The hour's usual peak widens the band around the steps, and the stuck test (the
     * errors' recent level far under its usual one) learned that quiet: frozen at 09:30 it was not found in the four
     * hours, at 13:30 20 to 25 points in.
     */
    @Test
    void aSensorFrozenOnTheScheduleIsFoundAtItsFifthReading() {
        for (int at : new int[]{3 * 12, 9 * 12 + 6, 13 * 12 + 6, 17 * 12 + 2}) {
            for (int seed = 1; seed <= 3; seed++) {
                int from = 7 * PER_DAY + at;
                double[][] v = schedule(-1, -1, seed);
                for (int i = from + 1; i < from + 48; i++) v[i] = v[from].clone();
                List<Integer> in = OneKeyRun.openings("plant", "power", v, FIVE_MINUTES).stream()
                        .filter(i -> i >= from && i < from + 48).map(i -> i - from).toList();
                System.out.println("frozen at " + (at / 12) + ":" + (at % 12 * 5) + ", seed " + seed + ": opened " + in + " readings in");
                assertEquals(List.of(4), in, "frozen at point " + at + " of day 7, seed " + seed + ": one incident, at the fifth identical reading");
            }
        }
    }

    /**
     * A sensor (12, two units of noise) whose gateway pauses for 20 minutes each night from 03:00 and repeats its last
     * reading meanwhile: five identical readings in a row every night, on a channel that otherwise never repeats one.
     * The run is the channel's habit once it has ended: judged from its first repeat, each night's pause opened an
     * incident (18 in 20 days on seed 1).
     */
    @Test
    void aPauseOfAFewReadingsEachNightIsTheChannelsHabit() {
        for (int seed = 1; seed <= 3; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            double[][] v = new double[20 * PER_DAY][];
            for (int i = 0; i < v.length; i++) {
                int point = i % PER_DAY;
                v[i] = point > 36 && point < 41 ? v[i - 1].clone() : new double[]{12 + 2 * OneKeyRun.gaussian(rnd)};
            }
            List<Integer> opened = OneKeyRun.openings("sensor", "value", v, FIVE_MINUTES);
            System.out.println("a nightly pause of five identical readings, seed " + seed + ": opened " + opened);
            assertEquals(List.of(), opened.stream().filter(i -> i >= 2 * PER_DAY).toList(), "seed " + seed + ": after its first nights");
        }
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
