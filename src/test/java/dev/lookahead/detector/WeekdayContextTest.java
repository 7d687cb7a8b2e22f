package dev.lookahead.detector;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A weekly shape: a site busy on weekdays and quiet at weekends, under a daily cycle. A weekday as quiet as a Sunday (a
 * holiday) is within every hour's usual range, since the daily profile learns every day alike; the day of the week's
 * offset from that profile finds it. A key with no weekly shape learns offsets near 0 and raises no more alarms.
 */
class WeekdayContextTest {

    private static final int PER_DAY = WeekRuns.PER_DAY;

    /**
     * The holiday: the Wednesday of the sixth week. The level evidence's normal ranges, learned while the deviation
     * from the daily profile still held the weekly swing (the first two weeks), take their window (evidence-window,
     * 2,000 points here) to forget it.
     */
    private static final int HOLIDAY = (5 * 7 + 2) * PER_DAY;

    private static Outcome[] run(boolean weekendsQuiet, boolean holiday, long seed) {
        return WeekRuns.run("site", DetectorConfig.defaults(), seed, (i, day, hour, noise) -> {
            boolean quiet = weekendsQuiet && (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY
                    || holiday && i >= HOLIDAY && i < HOLIDAY + PER_DAY);
            double busy = quiet ? 0 : 3;
            return 20 + 3 * Math.sin(2 * Math.PI * hour / 24) + busy + 0.5 * noise.nextGaussian();
        });
    }

    @Test
    void aWeekdayAsQuietAsASundayIsFoundOnThatDay() {
        for (long seed = 1; seed <= 3; seed++) {
            WeekRuns.assertOneOnTheDay(run(true, true, seed), HOLIDAY, "seed " + seed + ", the quiet Wednesday");
        }
    }

    @Test
    void aKeyWithoutAWeeklyShapeRaisesNoMoreThanARareAlarmOnceItsWeekdaysAreRead() {
        // from the start of the third week, when each weekday's offset is read
        for (long seed = 1; seed <= 3; seed++) {
            Outcome[] out = run(false, false, seed);
            List<Integer> later = WeekRuns.openings(out, 14 * PER_DAY, out.length);
            assertTrue(later.size() <= 1, "seed " + seed + ": a daily cycle with no weekly shape opens at most one incident in weeks 3 to 11: " + later);
        }
    }

    @Test
    void theWeeklyShapeItselfRaisesNoMoreThanARareAlarmOnceLearned() {
        // weeks 4 to 9: every weekday has come round three times, and no holiday has happened yet
        for (long seed = 1; seed <= 3; seed++) {
            Outcome[] out = run(true, false, seed);
            List<Integer> later = WeekRuns.openings(out, 21 * PER_DAY, HOLIDAY);
            assertTrue(later.size() <= 1, "seed " + seed + ": quiet weekends open at most one incident in weeks 4 to 9: " + later);
        }
    }
}
