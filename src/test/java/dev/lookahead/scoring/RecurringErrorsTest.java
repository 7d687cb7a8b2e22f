package dev.lookahead.scoring;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecurringErrorsTest {

    private static final double NONE = Double.NEGATIVE_INFINITY;

    /** Feeds {@code times} errors of {@code raw}, each followed by {@code gap} small ones. */
    private static void feed(RecurringErrors r, double raw, int times, int gap, boolean count) {
        for (int i = 0; i < times; i++) {
            r.record(raw, count);
            for (int j = 0; j < gap; j++) r.record(0.5, count);
        }
    }

    @Test
    void anErrorSizeFloorsTheTailOnlyOnceTheKeyHasShownItTwentyTimes() {
        RecurringErrors r = new RecurringErrors();
        feed(r, 9, RecurringErrors.MIN_COUNT, 36, true);
        assertEquals(NONE, r.log10Floor(9), "20 errors of 9 spreads over 740 points, decayed to under 20: not yet the key's habit");
        feed(r, 9, 6, 36, true);
        double floor = r.log10Floor(9);
        assertTrue(floor >= Math.log10(RecurringErrors.MIN_COUNT / (double) RecurringErrors.WINDOW)
                && floor < Math.log10(26.0 / RecurringErrors.WINDOW), "26 in the last 962 points, decayed: " + floor);
        assertEquals(floor, r.log10Floor(15.9), 0.0, "as large, within the same size (8 to 16 spreads)");
        assertEquals(NONE, r.log10Floor(16), "twice as large: never seen");
        assertEquals(NONE, r.log10Floor(3.9), "under the smallest size: the Gamma fit alone");
    }

    @Test
    void errorsWhileAnIncidentIsOpenAndAbsurdOnesAreNotCounted() {
        RecurringErrors r = new RecurringErrors();
        feed(r, 9, 40, 10, false);
        assertEquals(NONE, r.log10Floor(9), "a fault's spikes do not teach the key to expect them");
        feed(r, 1e6, 40, 10, true);
        assertEquals(NONE, r.log10Floor(70), "absurd points carry nothing about the key's errors");
    }

    @Test
    void countsDecayOverTheWindow() {
        RecurringErrors r = new RecurringErrors();
        feed(r, 40, 30, 0, true);
        assertTrue(r.log10Floor(40) > NONE);
        for (int i = 0; i < RecurringErrors.WINDOW; i++) r.record(0.5, true);
        assertEquals(30 * Math.exp(-1), r.count(3), 0.1, "a window later, e times fewer");
        assertEquals(NONE, r.log10Floor(40), "11 left: under 20");
    }

    @Test
    void roundTripsItsCounts() throws IOException {
        RecurringErrors r = new RecurringErrors();
        feed(r, 20, 25, 7, true);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        r.write(new DataOutputStream(bytes));
        assertEquals(20, bytes.size());
        RecurringErrors back = new RecurringErrors();
        back.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        for (double raw : new double[]{5, 9, 20, 40, 80}) assertEquals(r.log10Floor(raw), back.log10Floor(raw), 0.0);
    }
}
