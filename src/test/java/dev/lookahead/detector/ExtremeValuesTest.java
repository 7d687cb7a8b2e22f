package dev.lookahead.detector;

import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.runner.DirectRunner;
import dev.lookahead.scoring.IncidentStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An absurd reading after warm-up (1e30, 1e200, the largest doubles, alternating signs) scores 1 at its point,
 * never 0, and is not followed by a storm (its incident ends within a few points and no other opens): one wild
 * value does not poison the key's statistics.
 */
class ExtremeValuesTest {

    private static final int AT = 1500;
    private static final int AFTER = 300;

    /** A daily-ish seasonal series with noise, 1-minute points, with {@code glitch} written over the rows from AT. */
    private static Outcome[] run(double... glitch) {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = AT + glitch.length + AFTER;
        long[] times = new long[n];
        double[][] values = new double[n][1];
        for (int i = 0; i < n; i++) {
            times[i] = 1_400_000_000_000L + i * 60_000L;
            values[i][0] = 50 + 5 * Math.sin(2 * Math.PI * i / 240.0) + 0.3 * (rnd.nextDouble() + rnd.nextDouble() - 1);
        }
        for (int g = 0; g < glitch.length; g++) values[AT + g][0] = glitch[g];
        return new DirectRunner(ModelSnapshots.bundled(), DetectorConfig.defaults()).run("k", List.of("value"), times, values);
    }

    private static void scoresOneAndNoStorm(String what, double... glitch) {
        Outcome[] out = run(glitch);
        for (int g = 0; g < glitch.length; g++) {
            PointResult p = (PointResult) out[AT + g];
            assertEquals(1.0, p.anomalyScore(), 1e-9, what + ": the absurd value at row " + (AT + g) + " scores 1");
            assertTrue(p.anomaly(), what + ": it is anomalous");
        }
        // no storm: the glitch's incident ends within a few points of it, no other opens, and few points after it are anomalous
        List<Integer> later = new ArrayList<>();
        int closed = -1;
        for (int i = AT + glitch.length; i < out.length; i++) {
            PointResult p = (PointResult) out[i];
            if (p.anomaly()) later.add(i);
            if (closed < 0 && p.incidentStatus() == IncidentStatus.CLOSED) closed = i;
            assertTrue(p.incidentStatus() != IncidentStatus.OPENED, what + ": no new incident opens after it, but one did at " + i);
        }
        assertTrue(closed > 0 && closed <= AT + glitch.length + 25, what + ": its incident closes within 25 points, at " + closed);
        assertTrue(later.size() <= 5, what + ": at most 5 anomalous points after it: " + later);
        for (int i = AT + glitch.length; i < out.length; i++)
            assertTrue(Double.isFinite(((PointResult) out[i]).forecast()[0]), what + ": forecasts stay finite at row " + i);
    }

    @Test
    void aGlitchLeavesTheKeysRangeAsItWas() throws java.io.IOException {
        // the range is what the key has shown: taken in, 1e30 once would leave no later reading past it, and range
        // scoring would be gone from the key for good
        assertArrayEquals(rangeBytesAfter(), rangeBytesAfter(1e30), "the range after a 1e30 glitch is the range without it");
        assertArrayEquals(rangeBytesAfter(), rangeBytesAfter(-Double.MAX_VALUE), "and after -Double.MAX_VALUE");
    }

    /** The key's range, as bytes, after {@link #run}'s series with {@code glitch} written over it. */
    private static byte[] rangeBytesAfter(double... glitch) throws java.io.IOException {
        SplittableRandom rnd = new SplittableRandom(11);
        Detector d = new Detector(ModelSnapshots.bundled(), DetectorConfig.builder().channels(List.of("value")).build());
        KeyState s = d.newState();
        for (int i = 0; i < AT + 1 + AFTER; i++) {
            double v = 50 + 5 * Math.sin(2 * Math.PI * i / 240.0) + 0.3 * (rnd.nextDouble() + rnd.nextDouble() - 1);
            if (i >= AT && i < AT + glitch.length) v = glitch[i - AT];
            d.process(s, "k", 1_400_000_000_000L + i * 60_000L, new double[]{v}, i, o -> { });
        }
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        s.range.write(new java.io.DataOutputStream(b));
        return b.toByteArray();
    }

    @Test
    void tenToTheThirty() {
        scoresOneAndNoStorm("1e30", 1e30);
    }

    @Test
    void tenToTheTwoHundred() {
        scoresOneAndNoStorm("1e200", 1e200);
    }

    @Test
    void largestPositiveDouble() {
        scoresOneAndNoStorm("+Double.MAX_VALUE", Double.MAX_VALUE);
    }

    @Test
    void largestNegativeDouble() {
        scoresOneAndNoStorm("-Double.MAX_VALUE", -Double.MAX_VALUE);
    }

    @Test
    void alternatingSigns() {
        scoresOneAndNoStorm("alternating +/-1e200", 1e200, -1e200, Double.MAX_VALUE, -Double.MAX_VALUE);
    }
}
