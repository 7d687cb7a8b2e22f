package dev.lookahead.detector;

import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.runner.DirectRunner;
import dev.lookahead.scoring.IncidentStatus;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Weekends of another shape at the same level: working days with two commute peaks (08:00 and 18:00), weekends with
 * one broad hump at 13:00 and as much in the day. A working day that takes the weekend's shape (a holiday) is no
 * lower or higher over its day, so the days of the week's offsets do not see it, and against a daily profile learned
 * from both kinds of day its mornings are as far from usual as every weekend's are. With the weekend's own profile,
 * the daily profile holds the working days alone.
 */
class WeekendShapeTest {

    private static final long START = Instant.parse("2014-01-06T00:00:00Z").toEpochMilli();   // a Monday
    private static final long STEP = 30 * 60_000L;
    private static final int PER_DAY = 48;
    private static final int WEEKS = 7;
    /** The holiday: the Thursday of the sixth week. */
    private static final int HOLIDAY = (5 * 7 + 3) * PER_DAY;

    private static double bump(double hour, double at, double width) {
        return Math.exp(-0.5 * Math.pow((hour - at) / width, 2));
    }

    private static Outcome[] run(boolean holiday, long seed) {
        return run(holiday, seed, EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), DetectorConfig.defaults());
    }

    private static Outcome[] run(boolean holiday, long seed, Set<DayOfWeek> restDays, DetectorConfig config) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = WEEKS * 7 * PER_DAY;
        long[] times = new long[n];
        double[][] values = new double[n][1];
        for (int i = 0; i < n; i++) {
            times[i] = START + i * STEP;
            DayOfWeek day = Instant.ofEpochMilli(times[i]).atZone(ZoneOffset.UTC).getDayOfWeek();
            boolean weekendShape = restDays.contains(day) || holiday && i >= HOLIDAY && i < HOLIDAY + PER_DAY;
            double hour = (i % PER_DAY) / 2.0;
            // the same area under both days' shapes: 2 x 6 x 1.5 against 6 x 3
            double shape = weekendShape ? 6 * bump(hour, 13, 3) : 6 * bump(hour, 8, 1.5) + 6 * bump(hour, 18, 1.5);
            values[i][0] = 20 + shape + 0.5 * rnd.nextGaussian();
        }
        return new DirectRunner(ModelSnapshots.bundled(), config).run("fleet", List.of("value"), times, values);
    }

    private static List<Integer> openings(Outcome[] out, int from, int to) {
        List<Integer> at = new ArrayList<>();
        for (int i = from; i < to; i++) if (((PointResult) out[i]).incidentStatus() == IncidentStatus.OPENED) at.add(i);
        return at;
    }

    @Test
    void aWorkingDayWithTheWeekendsShapeIsFoundOnThatDay() {
        for (long seed = 1; seed <= 3; seed++) {
            Outcome[] out = run(true, seed);
            List<Integer> holiday = openings(out, HOLIDAY, HOLIDAY + PER_DAY);
            assertTrue(!holiday.isEmpty(), "seed " + seed + ": an incident opens on the Thursday of weekend shape (rows "
                    + HOLIDAY + " to " + (HOLIDAY + PER_DAY) + "), but none did; the nearest: " + openings(out, HOLIDAY - PER_DAY, HOLIDAY + 2 * PER_DAY));
        }
    }

    @Test
    void weekendsOfTheirOwnShapeRaiseNoMoreThanARareAlarmOnceLearned() {
        // weeks 3 to 6, before the holiday: the weekend's profile is read from the second weekend's end
        for (long seed = 1; seed <= 3; seed++) {
            Outcome[] out = run(false, seed);
            List<Integer> later = openings(out, 14 * PER_DAY, HOLIDAY);
            assertTrue(later.size() <= 1, "seed " + seed + ": weekends of their own shape open at most one incident in weeks 3 to 6: " + later);
        }
    }

    @Test
    void aWeekendOnFridayAndSaturdayIsTheKeysWhenWeekendDaysSaySo() {
        // the holiday is a Thursday: the day before a Friday-and-Saturday weekend
        Set<DayOfWeek> friSat = EnumSet.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY);
        DetectorConfig config = DetectorConfig.builder().weekendDays(friSat).build();
        for (long seed = 1; seed <= 3; seed++) {
            Outcome[] out = run(true, seed, friSat, config);
            List<Integer> holiday = openings(out, HOLIDAY, HOLIDAY + PER_DAY);
            assertTrue(!holiday.isEmpty(), "seed " + seed + ": an incident opens on the Thursday of weekend shape, but none did; the nearest: "
                    + openings(out, HOLIDAY - PER_DAY, HOLIDAY + 2 * PER_DAY));
            List<Integer> later = openings(run(false, seed, friSat, config), 14 * PER_DAY, HOLIDAY);
            assertTrue(later.size() <= 1, "seed " + seed + ": Friday-and-Saturday weekends open at most one incident in weeks 3 to 6: " + later);
        }
    }
}
