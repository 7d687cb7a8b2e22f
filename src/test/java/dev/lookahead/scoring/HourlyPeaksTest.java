package dev.lookahead.scoring;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An hour's peak counts once it has come on each of the last two days, and then at the smaller of the two. */
class HourlyPeaksTest {

    private static final long HOUR = 3_600_000L, DAY = 24 * HOUR, FIVE_MINUTES = 300_000L;

    /** One day of points every five minutes from {@code day}: error 1 everywhere, {@code peak} at 09:05. */
    private static long day(HourlyPeaks p, long previous, int day, double peak) {
        for (int i = 0; i < 288; i++) {
            long t = day * DAY + i * FIVE_MINUTES;
            p.advance(previous, t);
            p.record(0, t == day * DAY + 9 * HOUR + FIVE_MINUTES ? peak : 1.0);
            previous = t;
        }
        return previous;
    }

    @Test
    void aPeakCountsOnceItHasComeAtItsHourOnTwoDays() {
        HourlyPeaks p = new HourlyPeaks(1);
        long last = day(p, Long.MIN_VALUE, 0, 60);
        assertEquals(0, p.recurring(0, DAY + 9 * HOUR), "one day is not a schedule");
        last = day(p, last, 1, 60);
        assertEquals(60, p.recurring(0, 2 * DAY + 9 * HOUR + 30 * 60_000L), 60 * 0.003, "09:00 to 10:00 on the third day");
        assertEquals(1, p.recurring(0, 2 * DAY + 14 * HOUR), 0.003, "an hour of plain errors");
        assertEquals(1, p.recurring(0, 2 * DAY + 9 * HOUR - 1), 0.003, "08:59 is another hour");
    }

    @Test
    void oneAbsurdDayDoesNotTeachItsHourToExpectAnother() {
        HourlyPeaks p = new HourlyPeaks(1);
        long last = day(p, Long.MIN_VALUE, 0, 1.0);
        last = day(p, last, 1, 1e30);
        assertEquals(1, p.recurring(0, 2 * DAY + 9 * HOUR), 0.003, "the smaller of the two days");
        last = day(p, last, 2, 3);
        assertEquals(3, p.recurring(0, 3 * DAY + 9 * HOUR), 3 * 0.003, "the absurd day and the day after: the smaller");
        last = day(p, last, 3, Double.POSITIVE_INFINITY);
        day(p, last, 4, 1e200);
        assertEquals(1, p.recurring(0, 5 * DAY + 9 * HOUR), 0.003, "past a float, an error is not recorded: both days' peaks are their plain errors");
    }

    @Test
    void anHourSeenWithNoErrorCountsAsNoPeak() {
        HourlyPeaks p = new HourlyPeaks(1);
        long last = Long.MIN_VALUE;
        for (int d = 0; d < 2; d++)
            for (int i = 0; i < 288; i++) {
                long t = d * DAY + i * FIVE_MINUTES;
                p.advance(last, t);
                p.record(0, 0);
                last = t;
            }
        assertEquals(0, p.recurring(0, 2 * DAY + 9 * HOUR));
    }

    @Test
    void aSaveAndRestoreKeepsEveryHourAndTheCurrentOne() throws IOException {
        HourlyPeaks p = new HourlyPeaks(2);
        long last = day(p, Long.MIN_VALUE, 0, 7);
        day(p, last, 1, 5);
        p.record(1, 42);   // the current hour, not yet ended
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        p.write(new DataOutputStream(bytes));
        assertEquals(2 * (4 + 96), bytes.size(), "100 bytes a channel");
        HourlyPeaks back = new HourlyPeaks(2);
        back.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        back.write(new DataOutputStream(again));
        assertEquals(java.util.Arrays.toString(bytes.toByteArray()), java.util.Arrays.toString(again.toByteArray()));
        assertEquals(5, back.recurring(0, 2 * DAY + 9 * HOUR), 5 * 0.003);
    }
}
