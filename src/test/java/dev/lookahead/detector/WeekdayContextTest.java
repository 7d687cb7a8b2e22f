package dev.lookahead.detector;

import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.runner.DirectRunner;
import dev.lookahead.scoring.IncidentStatus;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A weekly shape: a site busy on weekdays and quiet at weekends, under a daily cycle. A weekday as quiet as a Sunday (a
 * holiday) is within every hour's usual range, since the daily profile learns every day alike; the day of the week's
 * offset from that profile finds it. A key with no weekly shape learns offsets near 0 and raises no more alarms.
 */
class WeekdayContextTest {

    private static final long START = Instant.parse("2014-01-06T00:00:00Z").toEpochMilli();   // a Monday
    private static final long STEP = 30 * 60_000L;
    private static final int PER_DAY = 48;
    private static final int WEEKS = 7;
    /**
     * The holiday: the Wednesday of the tenth week. The level evidence's normal ranges, learned while the deviation
     * from the daily profile still held the weekly swing (the first two weeks), take their window (evidence-window,
     * 2,000 points here) to forget it.
     */
    private static final int HOLIDAY = (5 * 7 + 2) * PER_DAY;

    private static Outcome[] run(boolean weekendsQuiet, boolean holiday, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = WEEKS * 7 * PER_DAY;
        long[] times = new long[n];
        double[][] values = new double[n][1];
        for (int i = 0; i < n; i++) {
            times[i] = START + i * STEP;
            DayOfWeek day = Instant.ofEpochMilli(times[i]).atZone(ZoneOffset.UTC).getDayOfWeek();
            boolean quiet = weekendsQuiet && (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY
                    || holiday && i >= HOLIDAY && i < HOLIDAY + PER_DAY);
            double hour = (i % PER_DAY) / 2.0;
            double busy = quiet ? 0 : 3;
            values[i][0] = 20 + 3 * Math.sin(2 * Math.PI * hour / 24) + busy + 0.5 * rnd.nextGaussian();
        }
        return new DirectRunner(ModelSnapshots.bundled(), DetectorConfig.defaults()).run("site", List.of("value"), times, values);
    }

    private static List<Integer> openings(Outcome[] out, int from, int to) {
        List<Integer> at = new ArrayList<>();
        for (int i = from; i < to; i++) if (((PointResult) out[i]).incidentStatus() == IncidentStatus.OPENED) at.add(i);
        return at;
    }

    @Test
    void aWeekdayAsQuietAsASundayIsFoundOnThatDay() {
        for (long seed = 1; seed <= 3; seed++) {
            Outcome[] out = run(true, true, seed);
            List<Integer> holiday = openings(out, HOLIDAY, HOLIDAY + PER_DAY);
            assertTrue(!holiday.isEmpty(), "seed " + seed + ": an incident opens on the quiet Wednesday (rows "
                    + HOLIDAY + " to " + (HOLIDAY + PER_DAY) + "), but none did; the nearest: " + openings(out, HOLIDAY - PER_DAY, HOLIDAY + 2 * PER_DAY));
        }
    }

    @Test
    void aKeyWithoutAWeeklyShapeRaisesNoMoreThanARareAlarmOnceItsWeekdaysAreRead() {
        // from the start of the third week, when each weekday's offset is read
        for (long seed = 1; seed <= 3; seed++) {
            Outcome[] out = run(false, false, seed);
            List<Integer> later = openings(out, 14 * PER_DAY, out.length);
            assertTrue(later.size() <= 1, "seed " + seed + ": a daily cycle with no weekly shape opens at most one incident in weeks 3 to 11: " + later);
        }
    }

    @Test
    void theWeeklyShapeItselfRaisesNoMoreThanARareAlarmOnceLearned() {
        // weeks 4 to 9: every weekday has come round three times, and no holiday has happened yet
        for (long seed = 1; seed <= 3; seed++) {
            Outcome[] out = run(true, false, seed);
            List<Integer> later = openings(out, 21 * PER_DAY, HOLIDAY);
            assertTrue(later.size() <= 1, "seed " + seed + ": quiet weekends open at most one incident in weeks 4 to 9: " + later);
        }
    }
}
