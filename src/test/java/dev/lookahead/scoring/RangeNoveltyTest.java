package dev.lookahead.scoring;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RangeNoveltyTest {

    @Test
    void scoresOnlyBeyondTheMarginAndGrowsTowardsOne() {
        RangeNovelty r = new RangeNovelty(2);
        for (int i = 0; i <= 100; i++) r.update(0, i);       // channel 0 has shown [0, 100]
        assertEquals(0.0, r.score(1, 5, 0.05, 0), "a channel with no range yet never scores");
        assertEquals(0.0, r.score(0, 50, 0.05, 0));
        assertEquals(0.0, r.score(0, 104.9, 0.05, 0), "inside the margin of 5 range widths' hundredths");
        assertEquals(0.0, r.score(0, -4.9, 0.05, 0));
        // beyond = 10/100 = 0.1: 1 - 0.05 / 0.4
        assertEquals(0.875, r.score(0, 110, 0.05, 0), 1e-12);
        assertEquals(0.875, r.score(0, -10, 0.05, 0), 1e-12, "below the range as above it");
        assertTrue(r.score(0, 100 + 0.0501 * 100, 0.05, 0) > 0.74 && r.score(0, 100 + 0.0501 * 100, 0.05, 0) < 0.76, "0.75 at the margin");
        assertTrue(r.score(0, 1e6, 0.05, 0) > 0.999);
        assertEquals(0.0, r.score(0, 1e6, 0, 0), "margin 0 is off");
    }

    @Test
    void aValueWithinTheLeastDistanceOfTheRangeIsNotScoredWhateverTheMargin() {
        RangeNovelty r = new RangeNovelty(1);
        for (int i = 0; i <= 100; i++) r.update(0, i);
        assertEquals(0.0, r.score(0, 110, 0.05, 12), "10 past the range, 12 asked");
        assertEquals(r.score(0, 113, 0.05, 0), r.score(0, 113, 0.05, 12), "past both, the score is the margin's");
        assertEquals(0.0, r.score(0, 104, 0.05, 2), "past the least distance, inside the margin");
        assertEquals(0.0, r.score(0, 110, 0.05, Double.NaN), "no band, no score");
    }

    @Test
    void theRangeWidensWithWhatItSeesAndSurvivesSerialisation() throws Exception {
        RangeNovelty r = new RangeNovelty(1);
        r.update(0, 10);
        r.update(0, 20);
        assertTrue(r.score(0, 30, 0.05, 0) > 0.5);
        r.update(0, 30);
        assertEquals(0.0, r.score(0, 30, 0.05, 0));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        r.write(new DataOutputStream(bytes));
        assertEquals(8, bytes.size());
        RangeNovelty back = new RangeNovelty(1);
        back.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(r.score(0, 40, 0.05, 0), back.score(0, 40, 0.05, 0));
        assertEquals(r.score(0, 5, 0.05, 0), back.score(0, 5, 0.05, 0));
    }
}
