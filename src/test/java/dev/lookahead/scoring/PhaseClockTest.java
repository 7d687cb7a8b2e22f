package dev.lookahead.scoring;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Local time for the phase: fixed offsets, and a region's offset on each side of its transitions, in any order. */
class PhaseClockTest {

    private static final long HOUR = 3_600_000L;

    private static long t(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void aFixedOffsetIsAddedAndUtcIsEventTime() {
        long t = t("2026-06-01T10:00:00Z");
        assertEquals(t, PhaseClock.UTC.local(t));
        assertEquals(t + 5 * HOUR + 30 * 60_000L, new PhaseClock(ZoneId.of("+05:30")).local(t));
    }

    @Test
    void aRegionMovesItsOffsetAtItsTransitionsWhateverOrderTimesComeIn() {
        PhaseClock berlin = new PhaseClock(ZoneId.of("Europe/Berlin"));
        long spring = t("2026-03-29T01:00:00Z"), autumn = t("2026-10-25T01:00:00Z");   // CET to CEST, and back
        long[] times = {spring - 1, spring, autumn - 1, autumn, t("2026-01-15T12:00:00Z"), spring + 1, spring - 1,
                t("2026-07-01T00:00:00Z"), autumn + HOUR, autumn - 1, t("1900-01-01T00:00:00Z"), t("2100-06-01T00:00:00Z")};
        for (long time : times) {
            long expected = time + ZoneId.of("Europe/Berlin").getRules().getOffset(Instant.ofEpochMilli(time)).getTotalSeconds() * 1000L;
            assertEquals(expected, berlin.local(time), Instant.ofEpochMilli(time).toString());
        }
        assertEquals(spring + HOUR - 1, berlin.local(spring - 1), "01:59:59.999 local, winter time");
        assertEquals(spring + 2 * HOUR, berlin.local(spring), "03:00 local, summer time");
    }

    @Test
    void dateAndWeekdayAreJavaTimesOnEitherSideOfTheEpoch() {
        for (long day = -800; day <= 800; day += 7 * 13 + 1) {
            for (long ms : new long[]{0, 1, 86_399_999}) {
                long local = day * 86_400_000L + ms;
                java.time.LocalDate date = java.time.LocalDate.ofEpochDay(day);
                assertEquals(day, PhaseClock.date(local), date.toString());
                assertEquals(date.getDayOfWeek().getValue() - 1, PhaseClock.weekday(local), date.toString());
            }
        }
    }
}
