package dev.lookahead.e2e;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The soak's heap verdict on made-up series: a level one with noise and spikes, a leaking one, too few samples. */
class HeapTrendTest {

    private static final long MB = 1 << 20;

    private static List<HeapTrend.Sample> series(int n, long base, long growthPerSample, long noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<HeapTrend.Sample> s = new ArrayList<>();
        for (int i = 0; i < n; i++)
            s.add(new HeapTrend.Sample(30.0 * i, base + i * growthPerSample + r.nextLong(-noise, noise + 1), "System.gc()"));
        return s;
    }

    @Test
    void aLevelHeapWithNoiseIsFlat() {
        HeapTrend t = HeapTrend.of(series(20, 400 * MB, 0, 20 * MB, 1), HeapTrend.DEFAULT_TOLERANCE);
        assertTrue(t.flat(), t::toString);
        assertEquals(20, t.samples());
        assertTrue(Math.abs(t.growth()) < 0.06, t::toString);
    }

    @Test
    void oneSampleTakenDuringARestoreDoesNotDecide() {
        List<HeapTrend.Sample> s = series(20, 400 * MB, 0, 5 * MB, 2);
        s.set(18, new HeapTrend.Sample(540, 900 * MB, "System.gc()"));   // twice the state, briefly
        assertTrue(HeapTrend.of(s, HeapTrend.DEFAULT_TOLERANCE).flat());
    }

    @Test
    void aHeapThatKeepsGrowingIsNotFlat() {
        // 400 MB growing 4 MB per sample: ~+18% from the first third's median to the last's
        HeapTrend t = HeapTrend.of(series(20, 400 * MB, 4 * MB, 5 * MB, 3), HeapTrend.DEFAULT_TOLERANCE);
        assertFalse(t.flat(), t::toString);
        assertTrue(t.slopeBytesPerMinute() > 7 * MB && t.slopeBytesPerMinute() < 9 * MB, "4 MB per 30 s: " + t.slopeBytesPerMinute() / MB);
    }

    @Test
    void fewerThanThreeSamplesCannotShowFlat() {
        assertFalse(HeapTrend.of(series(2, 400 * MB, 0, 0, 4), HeapTrend.DEFAULT_TOLERANCE).flat());
    }
}
