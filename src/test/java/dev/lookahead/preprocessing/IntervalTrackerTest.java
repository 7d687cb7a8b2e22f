package dev.lookahead.preprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IntervalTrackerTest {

    private static final long MIN = 60_000L;

    private static IntervalTracker minutely(int points) {
        IntervalTracker t = new IntervalTracker();
        for (int i = 0; i < points; i++) t.advance(i * MIN, false);
        return t;
    }

    @Test
    void readingsMissedLeaveAWholeNumberOfIntervalsAndOthersDoNot() {
        IntervalTracker t = minutely(100);   // last point at minute 99
        assertEquals(MIN, t.expected(0), 1e-9);
        assertTrue(t.wholeSteps(101 * MIN, 0), "one reading missed");
        assertTrue(t.wholeSteps(102 * MIN + 10_000, 0), "two missed, the next a little late");
        assertFalse(t.wholeSteps(99 * MIN + 150_000, 0), "two and a half intervals: no readings of a one-minute key were due there");
        assertFalse(new IntervalTracker().wholeSteps(MIN, 0), "no interval known yet");
    }

    @Test
    void anIntervalBetweenWholeNumbersTeachesTheEstimateAndAGapDoesNot() {
        IntervalTracker gap = minutely(100), between = minutely(100);
        gap.advance(101 * MIN, true);
        assertEquals(MIN, gap.expected(0), 1e-9, "a gap leaves the interval as it was");
        between.advance(99 * MIN + 100_000, false);   // 1.67 intervals: an interval of its own, clipped at two
        assertEquals(MIN + 0.05 * 40_000, between.expected(0), 1e-6);
    }
}
