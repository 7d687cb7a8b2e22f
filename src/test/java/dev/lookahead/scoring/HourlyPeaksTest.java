package dev.lookahead.scoring;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An hour's peak counts once it has come on two days lately, and then at the smaller of the two as faded. */
class HourlyPeaksTest {

    private static final long HOUR = 3_600_000L, DAY = 24 * HOUR, FIVE_MINUTES = 300_000L;
    /** What a peak keeps of itself each day its hour comes round. */
    private static final double FADE = Math.pow(2, -HourlyPeaks.FADE_PER_DAY / 256.0);

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
        assertEquals(60 * FADE, p.recurring(0, 2 * DAY + 9 * HOUR + 30 * 60_000L), 60 * 0.003, "09:00 to 10:00 on the third day: the first day's, faded a day");
        assertEquals(FADE, p.recurring(0, 2 * DAY + 14 * HOUR), 0.003, "an hour of plain errors");
        assertEquals(FADE, p.recurring(0, 2 * DAY + 9 * HOUR - 1), 0.003, "08:59 is another hour");
    }

    @Test
    void aStepIsNearInItsHourAndTheHoursEitherSide() {
        HourlyPeaks p = new HourlyPeaks(1);
        day(p, day(p, Long.MIN_VALUE, 0, 60), 1, 60);
        for (int hour : new int[]{8, 9, 10})
            assertEquals(60 * FADE, p.recurringNear(0, 2 * DAY + hour * HOUR + 30 * 60_000L), 60 * 0.003, "the 09:00 hour's step, from " + hour + ":30");
        assertEquals(FADE, p.recurringNear(0, 2 * DAY + 11 * HOUR), 0.003, "two hours on: plain errors");
        assertEquals(FADE, p.recurringNear(0, 2 * DAY + 7 * HOUR + 59 * 60_000L), 0.003, "07:59: plain errors");
    }

    @Test
    void oneAbsurdDayDoesNotTeachItsHourToExpectAnother() {
        HourlyPeaks p = new HourlyPeaks(1);
        long last = day(p, Long.MIN_VALUE, 0, 1.0);
        last = day(p, last, 1, 1e30);
        assertEquals(FADE, p.recurring(0, 2 * DAY + 9 * HOUR), 0.003, "the smaller of the two days");
        last = day(p, last, 2, 3);
        assertEquals(3, p.recurring(0, 3 * DAY + 9 * HOUR), 3 * 0.003, "the absurd day and the day after: the smaller");
        last = day(p, last, 3, Double.POSITIVE_INFINITY);
        day(p, last, 4, 1e200);
        assertEquals(3 * FADE * FADE, p.recurring(0, 5 * DAY + 9 * HOUR), 3 * 0.003,
                "past a float, an error is not recorded: those days' peaks are their plain errors, under the 3 as faded");
    }

    @Test
    void aStepOnWorkingDaysIsStillExpectedOnMondayAfterAWeekendWithoutIt() {
        HourlyPeaks p = new HourlyPeaks(1);
        long last = Long.MIN_VALUE;
        for (int d = 0; d < 7; d++) last = day(p, last, d, d < 5 ? 60 : 1.0);   // Monday to Friday, then a weekend
        assertEquals(60 * Math.pow(FADE, 3), p.recurring(0, 7 * DAY + 9 * HOUR), 60 * 0.003, "Thursday's, faded over Friday and the weekend");
    }

    @Test
    void aWorkingDaysStepIsTheHoursUsualStepOnMondayThoughItsPeaksFaded() {
        HourlyPeaks p = new HourlyPeaks(1);
        long last = Long.MIN_VALUE;
        for (int d = 0; d < 7; d++) last = day(p, last, d, d < 5 ? 60 : 1.0);
        long monday = 7 * DAY + 9 * HOUR;
        assertEquals(60 * Math.pow(FADE, 3), p.recurring(0, monday), 60 * 0.003, "the smaller peak, Thursday's, at 77% of the step");
        assertTrue(p.usualStep(0, monday, 60), "Monday's step of the usual size");
        assertTrue(p.usualStep(0, monday, 60 * 1.15), "and one a little larger than usual");
        assertFalse(p.usualStep(0, monday, 60 * 2), "a step twice the usual is not");
    }

    @Test
    void aFaultOnOneDayIsNotTheHoursUsualStepTheNextDay() {
        HourlyPeaks p = new HourlyPeaks(1);
        long last = Long.MIN_VALUE;
        for (int d = 0; d < 5; d++) last = day(p, last, d, d == 4 ? 60 : 1.0);
        assertFalse(p.usualStep(0, 5 * DAY + 9 * HOUR, 60), "the larger peak is 60 times the smaller: not a step of about one size");
        assertFalse(p.usualStep(0, 5 * DAY + 9 * HOUR, 1.0), "nor is a plain error, in an hour without a step of its own");
    }

    @Test
    void aFaultOnOneDayIsNotExpectedOnTheNext() {
        HourlyPeaks p = new HourlyPeaks(1);
        long last = Long.MIN_VALUE;
        for (int d = 0; d < 10; d++) last = day(p, last, d, d == 4 ? 60 : 1.0);
        assertEquals(1, p.recurring(0, 10 * DAY + 9 * HOUR), 0.003, "one day's fault is only the largest peak; the plain errors are the second");
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
    void theHoursWithARecurringPeakAreCountedAtTheSizeAsked() {
        HourlyPeaks p = new HourlyPeaks(1);
        day(p, day(p, Long.MIN_VALUE, 0, 7), 1, 5);
        // every hour's errors of 1 on both days but 23:00's, whose second day has not ended; 09:00's peak 5 (the smaller
        // of its two days' 7 and 5, faded)
        assertEquals(23, p.hoursWithRecurring(0, 0.9));
        assertEquals(1, p.hoursWithRecurring(0, 4));
        assertEquals(0, p.hoursWithRecurring(0, 6));
        assertEquals(0, new HourlyPeaks(1).hoursWithRecurring(0, 0.1), "no hour has two days yet");
    }

    @Test
    void aSaveAndRestoreKeepsEveryHourAndTheCurrentOne() throws IOException {
        HourlyPeaks p = new HourlyPeaks(2);
        long last = day(p, Long.MIN_VALUE, 0, 7);
        day(p, last, 1, 5);
        p.record(1, 42);   // the current hour, not yet ended
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        p.write(new DataOutputStream(bytes));
        assertEquals(2 * (2 + 96), bytes.size(), "98 bytes a channel: the current hour's peak as the code its hour keeps");
        HourlyPeaks back = new HourlyPeaks(2);
        back.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 3);
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        back.write(new DataOutputStream(again));
        assertEquals(java.util.Arrays.toString(bytes.toByteArray()), java.util.Arrays.toString(again.toByteArray()));
        assertEquals(5, back.recurring(0, 2 * DAY + 9 * HOUR), 5 * 0.003);
        // the current hour ends as it would have: errors a little under, a little over and far over the peak as kept
        long end = DAY + 287 * FIVE_MINUTES;   // day 1's last point: its hour is the current one
        for (double later : new double[] {41.99, 42.01, 60}) {
            HourlyPeaks live = twoDaysAndAnHourSoFar(), restored = new HourlyPeaks(2);
            restored.read(new DataInputStream(new ByteArrayInputStream(bytes(live))), 3);
            for (HourlyPeaks h : new HourlyPeaks[] {live, restored}) {
                h.record(1, later);
                h.advance(end, end + HOUR);
            }
            assertEquals(java.util.Arrays.toString(bytes(live)), java.util.Arrays.toString(bytes(restored)), "after " + later);
        }
    }

    /** Two days of channel 0 (peaks 7 and 5 at 09:05), then channel 1's current hour so far: 42. */
    private static HourlyPeaks twoDaysAndAnHourSoFar() {
        HourlyPeaks p = new HourlyPeaks(2);
        day(p, day(p, Long.MIN_VALUE, 0, 7), 1, 5);
        p.record(1, 42);
        return p;
    }

    private static byte[] bytes(HourlyPeaks p) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.write(new DataOutputStream(out));
        return out.toByteArray();
    }

    @Test
    void aVersionOneStateIsReadAsItsTwoDaysLargestFirst() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeFloat(0f);
        // yesterday's peaks, then the day before's: 2 (code 256) yesterday, 8 (code 768) the day before, every hour
        for (int b = 0; b < 24; b++) out.writeShort(256);
        for (int b = 0; b < 24; b++) out.writeShort(768);
        HourlyPeaks p = new HourlyPeaks(1);
        p.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 1);
        assertEquals(2, p.recurring(0, 9 * HOUR), 1e-9, "the smaller of the two days, as version 1 read it");
        // the 8 is the largest: a day with a peak of 4 replaces the 2 (faded), not the 8
        for (int i = 0; i < 13; i++) {
            long t = 9 * HOUR + i * FIVE_MINUTES;
            p.advance(i == 0 ? 9 * HOUR - FIVE_MINUTES : t - FIVE_MINUTES, t);
            p.record(0, 4);
        }
        assertEquals(4, p.recurring(0, 9 * HOUR), 4 * 0.003);
    }
}
