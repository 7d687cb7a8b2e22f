package dev.lookahead.detector;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Weekends of another shape at the same level: working days with two commute peaks (08:00 and 18:00), weekends with
 * one broad hump at 13:00 and as much in the day. A working day that takes the weekend's shape (a holiday) is no
 * lower or higher over its day, so the days of the week's offsets do not see it, and against a daily profile learned
 * from both kinds of day its mornings are as far from usual as every weekend's are. With the weekend's own profile,
 * the daily profile holds the working days alone.
 */
class WeekendShapeTest {

    private static final int PER_DAY = WeekRuns.PER_DAY;
    /** The holiday: the Thursday of the sixth week. */
    private static final int HOLIDAY = (5 * 7 + 3) * PER_DAY;

    private static double bump(double hour, double at, double width) {
        return Math.exp(-0.5 * Math.pow((hour - at) / width, 2));
    }

    private static Outcome[] run(boolean holiday, long seed) {
        return run(holiday, seed, EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), DetectorConfig.defaults());
    }

    private static Outcome[] run(boolean holiday, long seed, Set<DayOfWeek> restDays, DetectorConfig config) {
        return WeekRuns.run("fleet", config, seed, (i, day, hour, noise) -> {
            boolean weekendShape = restDays.contains(day) || holiday && i >= HOLIDAY && i < HOLIDAY + PER_DAY;
            // the same area under both days' shapes: 2 x 6 x 1.5 against 6 x 3
            double shape = weekendShape ? 6 * bump(hour, 13, 3) : 6 * bump(hour, 8, 1.5) + 6 * bump(hour, 18, 1.5);
            return 20 + shape + 0.5 * noise.nextGaussian();
        });
    }

    @Test
    void aWorkingDayWithTheWeekendsShapeIsFoundOnThatDay() {
        for (long seed = 1; seed <= 3; seed++) {
            WeekRuns.assertOneOnTheDay(run(true, seed), HOLIDAY, "seed " + seed + ", the Thursday of weekend shape");
        }
    }

    @Test
    void weekendsOfTheirOwnShapeRaiseNoMoreThanARareAlarmOnceLearned() {
        // weeks 3 to 6, before the holiday: the weekend's profile is read from the second weekend's end
        for (long seed = 1; seed <= 3; seed++) {
            Outcome[] out = run(false, seed);
            List<Integer> later = WeekRuns.openings(out, 14 * PER_DAY, HOLIDAY);
            assertTrue(later.size() <= 1, "seed " + seed + ": weekends of their own shape open at most one incident in weeks 3 to 6: " + later);
        }
    }

    @Test
    void aWeekendOnFridayAndSaturdayIsTheKeysWhenWeekendDaysSaySo() {
        // the holiday is a Thursday: the day before a Friday-and-Saturday weekend
        Set<DayOfWeek> friSat = EnumSet.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY);
        DetectorConfig config = DetectorConfig.builder().weekendDays(friSat).build();
        for (long seed = 1; seed <= 3; seed++) {
            WeekRuns.assertOneOnTheDay(run(true, seed, friSat, config), HOLIDAY, "seed " + seed + ", the Thursday of weekend shape");
            List<Integer> later = WeekRuns.openings(run(false, seed, friSat, config), 14 * PER_DAY, HOLIDAY);
            assertTrue(later.size() <= 1, "seed " + seed + ": Friday-and-Saturday weekends open at most one incident in weeks 3 to 6: " + later);
        }
    }
}
