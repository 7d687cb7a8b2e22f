package dev.lookahead.scoring;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hourly profile says once, at the point its last hour is trusted, that the whole day now is: the detector
 * relearns the level evidence's ranges there, so it must happen exactly once per learning of the profile.
 */
class PhaseProfileTest {

    private static final long FIVE_MINUTES = 300_000L;
    private static final int PER_DAY = 288, TRUSTED = 24;   // two days of an hour at one point every five minutes

    /** Feeds {@code days} of a daily sine from {@code start}; returns the point indexes at which update said trusted. */
    private static java.util.List<Integer> feed(PhaseProfile p, long start, int days) {
        return feed(p, start, days * PER_DAY, i -> Math.sin(2 * Math.PI * i / PER_DAY));
    }

    /** Feeds {@code points} values, {@code value} of each point's index, from {@code start}, as above. */
    private static java.util.List<Integer> feed(PhaseProfile p, long start, int points, java.util.function.IntToDoubleFunction value) {
        java.util.List<Integer> said = new java.util.ArrayList<>();
        int previous = -1;
        for (int i = 0; i < points; i++) {
            long t = start + i * FIVE_MINUTES;
            if (p.update(0, t, value.applyAsDouble(i), PER_DAY, 7, previous, TRUSTED)) said.add(i);
            previous = PhaseProfile.bin(t);
        }
        return said;
    }

    @Test
    void theSteepestChangeNearAnHourIsTheStepWithinTwoHoursOfIt() {
        PhaseProfile p = new PhaseProfile(1);
        feed(p, 0, 3 * PER_DAY, i -> (i % PER_DAY) >= 8 * 12 && (i % PER_DAY) < 18 * 12 ? 70.0 : 0.0);   // on from 08:00 to 18:00
        // an hour's mean is learned from its own points, the first of which started from the hour before (0 at 08:00)
        for (int bin : new int[]{6, 8, 9}) assertTrue(p.steepestNear(0, bin) > 65, "the step into 08:00, from hour " + bin + ": " + p.steepestNear(0, bin));
        assertTrue(p.steepestNear(0, 12) < 2, "midday, four hours from either step: " + p.steepestNear(0, 12));
        assertTrue(p.steepestNear(0, 3) < 2, "night: " + p.steepestNear(0, 3));
    }

    /** The hours a daily step enters or leaves: the hour before it and its own, not the hours around them. */
    @Test
    void aStepIsIntoOrOutOfOnlyTheTwoHoursItJoins() {
        PhaseProfile p = new PhaseProfile(1);
        feed(p, 0, 3 * PER_DAY, i -> (i % PER_DAY) >= 8 * 12 && (i % PER_DAY) < 18 * 12 ? 70.0 : 0.0);   // on from 08:00 to 18:00
        for (int bin : new int[]{7, 8, 17, 18}) assertTrue(p.stepIntoOrOutOf(0, bin) > 65, "hour " + bin + ": " + p.stepIntoOrOutOf(0, bin));
        for (int bin : new int[]{6, 9, 12, 16, 19, 3}) assertTrue(p.stepIntoOrOutOf(0, bin) < 2, "hour " + bin + ": " + p.stepIntoOrOutOf(0, bin));
    }

    @Test
    void nextToAStepTheHoursOwnMeanIsTakenWhereItIsNearer() {
        PhaseProfile p = new PhaseProfile(1);
        feed(p, 0, 3 * PER_DAY, i -> (i % PER_DAY) >= 8 * 12 && (i % PER_DAY) < 18 * 12 ? 70.0 : 0.0);   // on from 08:00 to 18:00
        long beforeStep = 3 * PhaseClock.DAY + 7 * 3_600_000L + 55 * 60_000L, afterStep = beforeStep + 10 * 60_000L;
        double lineBefore = p.at(0, beforeStep), lineAfter = p.at(0, afterStep);
        // the line between 07:30 (off) and 08:30 (on) cuts across the step: about half of it either side
        assertTrue(lineBefore > 25 && lineAfter < 45, "the line at 07:55 and 08:05: " + lineBefore + ", " + lineAfter);
        assertEquals(p.expected(0, 7), p.nearerOfLineAndHour(0, beforeStep, 0.3, lineBefore), "07:55, off: its hour's mean");
        assertEquals(p.expected(0, 8), p.nearerOfLineAndHour(0, afterStep, 69.5, lineAfter), "08:05, on: its hour's mean");
        assertEquals(lineBefore, p.nearerOfLineAndHour(0, beforeStep, lineBefore + 1, lineBefore), "a reading on the line keeps it");
    }

    /** On its way up at 08:00 or down at 18:00, between the two hours' means, with a forecast behind it: the schedule's lag. */
    @Test
    void aReadingOnADailyStepWithAForecastBehindItLagsTheStep() {
        PhaseProfile p = new PhaseProfile(1);
        feed(p, 0, 3 * PER_DAY, i -> (i % PER_DAY) >= 8 * 12 && (i % PER_DAY) < 18 * 12 ? 70.0 : 0.0);   // on from 08:00 to 18:00
        long up = 3 * PhaseClock.DAY + 8 * 3_600_000L + 5 * 60_000L, down = 3 * PhaseClock.DAY + 18 * 3_600_000L + 5 * 60_000L;
        assertTrue(p.lagsStep(0, up, 40, 30, 10), "08:05 at 40, its forecast 30 below: on the way up");
        assertTrue(p.lagsStep(0, down, 30, -30, 10), "18:05 at 30, its forecast 30 above: on the way down");
        assertFalse(p.lagsStep(0, up, 40, -30, 10), "a forecast ahead of the way the key goes does not lag it");
        assertFalse(p.lagsStep(0, up, 40, 5, 10), "an error within the spread given is not a lag");
        assertFalse(p.lagsStep(0, up, 90, 30, 10), "past the hour's level is not on the step");
        assertFalse(p.lagsStep(0, 3 * PhaseClock.DAY + 12 * 3_600_000L, 40, 30, 10), "midday's hours have no step between them");
    }

    @Test
    void theProfileSaysItIsTrustedOnceWhenItsLastHourReachesTheCount() {
        PhaseProfile p = new PhaseProfile(1);
        long start = 7 * 3_600_000L;   // starts at 07:00, so the last hour to fill is 06:00
        java.util.List<Integer> said = feed(p, start, 4);
        assertEquals(1, said.size(), "said trusted at " + said);
        int at = said.get(0);
        assertTrue(at >= PER_DAY && at < 2 * PER_DAY, "on the second day: " + at);
        assertEquals(6, PhaseProfile.bin(start + at * FIVE_MINUTES), "the last hour to fill");
        assertTrue(p.trusted(0, TRUSTED));
        for (int h = 0; h < 24; h++) assertTrue(Double.isFinite(p.at(0, h * 3_600_000L + 1_800_000L, TRUSTED)), "hour " + h);
    }

    @Test
    void beforeThenItIsNotTrustedAndAfterAClearItSaysSoOnceMore() {
        PhaseProfile p = new PhaseProfile(1);
        java.util.List<Integer> first = feed(p, 0, 1);
        assertTrue(first.isEmpty());
        assertFalse(p.trusted(0, TRUSTED));
        p.clear();
        assertFalse(p.trusted(0, 1));
        assertEquals(1, feed(p, 0, 3).size(), "relearned from nothing, trusted once again");
    }

    @Test
    void aDailySineShapesTheDayAndAFlatKeyDoesNot() {
        PhaseProfile sine = new PhaseProfile(1), flat = new PhaseProfile(1);
        feed(sine, 0, 3);   // a unit sine: its hours' means spread by about 0.7, its mean absolute deviation 0.64
        feed(flat, 0, 3 * PER_DAY, i -> 0.3);
        assertTrue(sine.shaped(0, 2 / Math.PI, 0.75), "a sine's hours spread by more than 0.75 of its scale");
        assertFalse(sine.shaped(0, 2 / Math.PI, 1.25), "but not by 1.25 of it");
        assertFalse(flat.shaped(0, 0.1, 0.75), "a flat key's day has no shape");
        PhaseProfile young = new PhaseProfile(1);
        feed(young, 0, PER_DAY / 2 - 12, i -> Math.sin(2 * Math.PI * i / PER_DAY));   // under half the day's hours seen
        assertFalse(young.shaped(0, 2 / Math.PI, 0.75), "not judged before half the day's hours are known");
    }
}
