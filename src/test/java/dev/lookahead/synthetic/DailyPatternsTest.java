package dev.lookahead.synthetic;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daily-pattern set: seeded bytes, each variant present, in-range changes labelled exactly where they are. */
class DailyPatternsTest {

    private static final int LENGTH = DailyPatterns.DEFAULT_LENGTH;

    private static String bytes(List<LabelledSeries> all) throws IOException {
        StringWriter w = new StringWriter();
        for (LabelledSeries s : all) {
            s.writeCsv(w);
            s.writeLabelsCsv(w);
        }
        return w.toString();
    }

    @Test
    void sameSeedSameBytesDifferentSeedsDiffer() throws IOException {
        assertEquals(bytes(DailyPatterns.generate(10, LENGTH, 42)), bytes(DailyPatterns.generate(10, LENGTH, 42)));
        assertNotEquals(bytes(DailyPatterns.generate(10, LENGTH, 42)), bytes(DailyPatterns.generate(10, LENGTH, 43)));
    }

    @Test
    void everyVariantInTurnAnomaliesOnlyWhereTheVariantHasOne() {
        List<LabelledSeries> all = DailyPatterns.generate(20, LENGTH, 42);
        DailyPatterns.Variant[] variants = DailyPatterns.Variant.values();
        for (int i = 0; i < all.size(); i++) {
            LabelledSeries s = all.get(i);
            DailyPatterns.Variant v = variants[i % variants.length];
            assertTrue(s.key().endsWith(v.slug()), s.key());
            assertEquals(LENGTH, s.size());
            assertEquals(DailyPatterns.INTERVAL, s.times()[1] - s.times()[0]);
            if (v.kind() == null) {
                assertTrue(s.anomalies().isEmpty(), s.key());
                for (boolean b : s.labels()) assertTrue(!b, s.key());
            } else {
                assertEquals(1, s.anomalies().size(), s.key());
                assertEquals(v.kind(), s.anomalies().get(0).kind(), s.key());
                int start = s.anomalies().get(0).startRow();
                assertTrue(start >= LENGTH / 2 - DailyPatterns.DAY && start < LENGTH - 2 * DailyPatterns.DAY, s.key() + ": starts in the second half, not in the last two days");
            }
        }
    }

    @Test
    void labelsCoverExactlyTheChangedStretchAndTheValuesStayInRange() {
        List<LabelledSeries> all = DailyPatterns.generate(20, LENGTH, 42), clean = DailyPatterns.generate(20, LENGTH, 42, false);
        for (int k = 0; k < all.size(); k++) {
            LabelledSeries s = all.get(k), c = clean.get(k);
            if (s.anomalies().isEmpty()) {
                assertArrayEquals(c.values(), s.values(), s.key());
                continue;
            }
            AnomalyWindow w = s.anomalies().get(0);
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (double[] r : c.values()) {
                lo = Math.min(lo, r[0]);
                hi = Math.max(hi, r[0]);
            }
            int changed = 0;
            for (int r = 0; r < s.size(); r++) {
                boolean differs = s.values()[r][0] != c.values()[r][0];
                assertEquals(r >= w.startRow() && r <= w.endRow(), s.labels()[r], s.key() + " label of row " + r);
                if (!s.labels()[r]) assertTrue(!differs, s.key() + " unlabelled row " + r + " changed");
                if (differs) changed++;
                // the shape stays in range; its noise may reach a little past the extremes the clean series drew
                double slack = 0.05 * (hi - lo);
                if (s.labels()[r])
                    assertTrue(s.values()[r][0] >= lo - slack && s.values()[r][0] <= hi + slack, s.key() + " row " + r + " leaves the usual range");
            }
            int len = w.endRow() - w.startRow() + 1;
            assertTrue(changed > len / 3, s.key() + ": " + w.kind() + " changed only " + changed + " of " + len + " labelled rows");
            if (w.kind() == AnomalyKind.FLAT_MIDDLE) {
                for (int r = w.startRow(); r <= w.endRow(); r++) assertEquals(s.values()[w.startRow()][0], s.values()[r][0]);
                double mid = s.values()[w.startRow()][0];
                assertTrue(mid > lo + (hi - lo) / 4 && mid < hi - (hi - lo) / 4, s.key() + ": flat in the middle");
            }
            if (w.kind() == AnomalyKind.MISSED_RISE)
                for (int r = w.startRow(); r <= w.endRow(); r++)
                    assertTrue(s.values()[r][0] < (lo + hi) / 2, s.key() + " row " + r + ": the day stays low");
        }
    }
}
