package dev.lookahead.scoring;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecurringRecordTest {

    private static final double NONE = Double.NEGATIVE_INFINITY;

    /** Feeds {@code times} values of {@code size}, each followed by {@code gap} small ones, from point {@code from}; returns the next point. */
    private static long feed(RecurringRecord r, long from, double size, int times, int gap, boolean count) {
        long point = from;
        for (int i = 0; i < times; i++) {
            r.age(point++);
            r.record(size, count);
            for (int j = 0; j < gap; j++) {
                r.age(point++);
                r.record(0.5, count);
            }
        }
        return point;
    }

    @Test
    void anErrorSizeFloorsTheTailOnlyOnceTheKeyHasShownItTwentyTimes() {
        RecurringRecord r = RecurringRecord.forErrors();
        long point = feed(r, 1, 9, RecurringRecord.MIN_COUNT, 36, true);
        assertEquals(NONE, r.log10Floor(9), "20 errors of 9 spreads over 740 points, decayed to under 20: not yet the key's habit");
        feed(r, point, 9, 6, 36, true);
        double floor = r.log10Floor(9);
        assertTrue(floor >= Math.log10(RecurringRecord.MIN_COUNT / (double) RecurringRecord.ERRORS_WINDOW)
                && floor < Math.log10(26.0 / RecurringRecord.ERRORS_WINDOW), "26 in the last 962 points, decayed: " + floor);
        assertEquals(floor, r.log10Floor(15.9), 0.0, "as large, within the same size (8 to 16 spreads)");
        assertEquals(NONE, r.log10Floor(16), "twice as large: never seen");
        assertEquals(NONE, r.log10Floor(3.9), "under the smallest size: the Gamma fit alone");
    }

    @Test
    void evidenceCountsEachShortExcursionOnceAtItsLargestSize() {
        RecurringRecord r = RecurringRecord.forEvidence();
        long point = 1;
        for (int cycle = 0; cycle < 30; cycle++) {
            for (double v : new double[]{4.5, 6.2, 5.1, 4.2}) {   // four points out, the largest one in 10^6.2
                r.age(point++);
                r.observe(v);
            }
            for (int j = 0; j < 60; j++) {
                r.age(point++);
                r.observe(1);
            }
        }
        double floor = r.log10Floor(6.5);
        assertTrue(floor > Math.log10(20.0 / RecurringRecord.EVIDENCE_WINDOW) && floor < Math.log10(30.0 / RecurringRecord.EVIDENCE_WINDOW),
                "30 excursions to one in 10^6.2 over 1,920 points, each counted once: " + floor);
        assertEquals(floor, r.log10Floor(4.1), 0.0, "each reached the smaller sizes once too");
        assertEquals(NONE, r.log10Floor(8), "one in 10^8: never reached");
    }

    /** Two short excursions a day read every minute, for six weeks: kept over 10,000 points they never count 20. */
    @Test
    void aLongerWindowKeepsAHabitOfTwoADayReadEveryMinute() {
        RecurringRecord week = RecurringRecord.forEvidence(), month = RecurringRecord.forEvidence();
        int over = 30 * 1440;
        long point = 1;
        for (int excursion = 0; excursion < 84; excursion++) {
            for (int j = 0; j < 720; j++, point++) {
                double v = j < 5 ? 5.5 : 1;   // five points out to one in 10^5.5, then back
                week.age(point);
                week.observe(v);
                month.age(point, over);
                month.observe(v);
            }
        }
        assertEquals(NONE, week.log10Floor(5.5), "about 14 kept over 10,000 points: not the key's habit");
        double floor = month.log10Floor(5.5, over);
        assertTrue(floor > Math.log10(20.0 / over) && floor < Math.log10(84.0 / over), "kept over a month: " + floor);
        assertEquals(NONE, month.log10Floor(6, over), "one in 10^6: never reached");
    }

    @Test
    void anExcursionLongerThanTheSlowestAverageNeverCounts() {
        RecurringRecord r = RecurringRecord.forEvidence();
        long point = 1;
        for (int k = 0; k < 30; k++) {
            for (int j = 0; j <= RecurringRecord.SHORT_EXCURSION; j++) {   // a drift's run out, 65 points long
                r.age(point++);
                r.observe(7);
            }
            r.age(point++);
            r.observe(0);
        }
        assertEquals(NONE, r.log10Floor(7), "a run out as long as a drift's is not a habit of the key's");
    }

    @Test
    void valuesNotCountedDoNotFloorTheTail() {
        RecurringRecord r = RecurringRecord.forErrors();
        feed(r, 1, 9, 40, 10, false);
        assertEquals(NONE, r.log10Floor(9), "a fault's spikes (the caller does not count them) do not teach the key to expect them");
    }

    @Test
    void countsDecayOverTheWindow() {
        RecurringRecord r = RecurringRecord.forErrors();
        long point = feed(r, 1, 40, 30, 0, true);
        assertTrue(r.log10Floor(40) > NONE);
        for (int i = 0; i < RecurringRecord.ERRORS_WINDOW; i++) r.age(point++);
        assertEquals(30 * Math.exp(-1), r.count(3), 0.1, "a window later, e times fewer");
        assertEquals(NONE, r.log10Floor(40), "11 left: under 20");
    }

    @Test
    void aCountPastTheLargestHeldStaysThere() {
        RecurringRecord r = RecurringRecord.forErrors();
        for (int i = 0; i < 2000; i++) r.record(5, true);
        assertEquals(RecurringRecord.MAX_COUNT, r.count(0), 0.0);
    }

    @Test
    void roundTripsItsCountsInTwoBytesEach() throws IOException {
        RecurringRecord r = RecurringRecord.forErrors();
        feed(r, 1, 20, 25, 7, true);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        r.write(new DataOutputStream(bytes));
        assertEquals(10, bytes.size());
        RecurringRecord e = RecurringRecord.forEvidence();
        e.observe(5);
        ByteArrayOutputStream evidence = new ByteArrayOutputStream();
        e.write(new DataOutputStream(evidence));
        assertEquals(4 * 2 + 2, evidence.size(), "four counts and the excursion under way: its length and largest size");
        RecurringRecord back = RecurringRecord.forErrors();
        back.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        for (double raw : new double[]{5, 9, 20, 40, 80}) assertEquals(r.log10Floor(raw), back.log10Floor(raw), 0.0);
    }

    @Test
    void readsCountsWrittenAsFloats() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (float c : new float[]{41.3f, 25.0f, 7.9f, 0f, 0f}) out.writeFloat(c);
        RecurringRecord r = RecurringRecord.forErrors();
        r.readFloats(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(41.3, r.count(0), 1.0 / 64);
        assertEquals(Math.log10(25.0 / RecurringRecord.ERRORS_WINDOW), r.log10Floor(9), 1e-12);
        assertEquals(NONE, r.log10Floor(20), "7.9 of that size: under 20");
    }
}
