package dev.lookahead.scoring;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.util.EnumSet;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeekendProfileTest {

    /** The default weekend, as the detector's mask of it. */
    static final int SATURDAY_SUNDAY = WeekendProfile.mask(java.util.EnumSet.of(java.time.DayOfWeek.SATURDAY, java.time.DayOfWeek.SUNDAY));

    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final long STEP = 5 * 60_000L;

    /** Three weeks from a Monday (1970-01-05) at five minutes: the working days' shape and the weekend's, by hour. */
    private static WeekendProfile learned(PhaseProfile day, DoubleUnaryOperator working, DoubleUnaryOperator weekend) {
        WeekendProfile w = new WeekendProfile(1);
        long start = 4 * DAY;
        long last = Long.MIN_VALUE;
        for (long t = start; t < start + 21 * DAY; t += STEP) {
            double hour = Math.floorMod(t, DAY) / (double) HOUR;
            boolean newDate = PhaseProfile.bin(t) == 0 && WeekdayProfile.newDate(last, t);
            if (WeekendProfile.weekend(t, SATURDAY_SUNDAY)) w.update(0, t, weekend.applyAsDouble(hour), newDate, STEP, 4, day);
            else day.update(0, t, working.applyAsDouble(hour), 288, 4, PhaseProfile.bin(t - STEP), 24);
            last = t;
        }
        return w;
    }

    @Test
    void saturdaysAndSundaysAreTheWeekendUnlessOtherDaysAreNamed() {
        int satSun = SATURDAY_SUNDAY;
        assertFalse(WeekendProfile.weekend(0, satSun), "1970-01-01, a Thursday");
        assertTrue(WeekendProfile.weekend(2 * DAY, satSun), "a Saturday");
        assertTrue(WeekendProfile.weekend(3 * DAY + DAY - 1, satSun), "the Sunday's last millisecond");
        assertFalse(WeekendProfile.weekend(4 * DAY, satSun), "a Monday");
        assertTrue(WeekendProfile.weekend(-5 * DAY, satSun), "1969-12-27, a Saturday");
        int friSat = WeekendProfile.mask(EnumSet.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY));
        assertTrue(WeekendProfile.weekend(DAY, friSat), "a Friday");
        assertFalse(WeekendProfile.weekend(3 * DAY, friSat), "a Sunday");
        for (long d = 0; d < 7; d++) assertFalse(WeekendProfile.weekend(d * DAY, WeekendProfile.mask(EnumSet.noneOf(DayOfWeek.class))), "none");
    }

    @Test
    void aWeekendIdleAllDayIsAShapeOfItsOwnAgainstWorkingHours() {
        PhaseProfile day = new PhaseProfile(1);
        WeekendProfile w = learned(day, h -> h >= 8 && h < 18 ? 10 : 0, h -> 0);
        assertTrue(w.decide(0, day, 2.0, 0.75, 24), "in use from now");
        assertTrue(w.used(0));
        assertEquals(0.0, w.at(0, 2 * DAY + 10 * HOUR), 1e-6, "a Saturday morning is expected idle");
        assertFalse(w.decide(0, day, 2.0, 0.75, 24), "still in use: no change");
    }

    @Test
    void aCycleShorterThanItsPointsIsNoWeekendShape() {
        // a four-hour cycle on every day: the weekend's four-hour points cannot hold it, and the daily profile's
        // four-hour means of it are as flat
        DoubleUnaryOperator cycle = h -> 5 * Math.sin(2 * Math.PI * h / 4);
        PhaseProfile day = new PhaseProfile(1);
        WeekendProfile w = learned(day, cycle, cycle);
        assertFalse(w.decide(0, day, 3.0, 0.75, 24));
        assertFalse(w.used(0));
    }

    @Test
    void theSameDayOnWeekendsIsNoShapeOfItsOwn() {
        DoubleUnaryOperator office = h -> h >= 8 && h < 18 ? 10 : 0;
        PhaseProfile day = new PhaseProfile(1);
        WeekendProfile w = learned(day, office, office);
        assertFalse(w.decide(0, day, 4.0, 0.75, 24));
    }

    @Test
    void notReadBeforeTwoWholeWeekendDays() {
        PhaseProfile day = new PhaseProfile(1);
        for (long t = 4 * DAY; t < 9 * DAY; t += STEP) day.update(0, t, Math.floorMod(t, DAY) >= 8 * HOUR ? 10 : 0, 288, 4, PhaseProfile.bin(t - STEP), 24);
        WeekendProfile w = new WeekendProfile(1);
        long saturday = 9 * DAY;
        for (long t = saturday; t < saturday + 2 * DAY; t += STEP) w.update(0, t, 0, Math.floorMod(t, DAY) == 0, STEP, 4, day);
        assertFalse(w.decide(0, day, 2.0, 0.75, 24), "two weekend dates learned on: read from the third");
        w.update(0, saturday + 7 * DAY, 0, true, STEP, 4, day);
        assertTrue(w.decide(0, day, 2.0, 0.75, 24));
    }
}
