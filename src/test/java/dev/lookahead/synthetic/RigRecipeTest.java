package dev.lookahead.synthetic;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated rig: seeded bytes, one labelled fault per recording that changes exactly the labelled rows. */
class RigRecipeTest {

    private static final int ROWS = RigRecipe.RECORDING_ROWS;

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
        assertEquals(bytes(RigRecipe.recordings(42, 10, ROWS)), bytes(RigRecipe.recordings(42, 10, ROWS)));
        assertEquals(bytes(List.of(RigRecipe.training(42, 2_000))), bytes(List.of(RigRecipe.training(42, 2_000))));
        assertNotEquals(bytes(RigRecipe.recordings(42, 10, ROWS)), bytes(RigRecipe.recordings(43, 10, ROWS)));
        assertNotEquals(bytes(List.of(RigRecipe.training(42, 2_000))), bytes(List.of(RigRecipe.training(43, 2_000))));
        // recording i does not depend on how many are generated
        assertEquals(bytes(RigRecipe.recordings(42, 10, ROWS).subList(0, 3)), bytes(RigRecipe.recordings(42, 3, ROWS)));
    }

    @Test
    void everyKindAtLeastFiveTimesInTheDefaultSetOneFaultPerRecordingInPlace() {
        List<LabelledSeries> all = RigRecipe.recordings(42, 30, ROWS);
        Map<AnomalyKind, Integer> count = new EnumMap<>(AnomalyKind.class);
        for (LabelledSeries s : all) {
            assertEquals(ROWS, s.size());
            assertEquals(RigRecipe.CHANNELS, s.channels());
            assertEquals(1, s.anomalies().size(), s.key());
            AnomalyWindow w = s.anomalies().get(0);
            count.merge(w.kind(), 1, Integer::sum);
            assertTrue(w.startRow() >= 400 && w.startRow() <= 700, s.key() + " starts fault-free for 400..700 rows: " + w);
            int len = w.endRow() - w.startRow() + 1;
            assertTrue(len >= 120 && len <= 480, s.key() + " fault lasts 2..8 minutes: " + len);
            assertTrue(w.endRow() <= ROWS - 41, s.key() + " ends normal");
            assertEquals(1_000L, s.times()[1] - s.times()[0], "1 Hz");
        }
        for (AnomalyKind k : RigRecipe.FAULT_KINDS) assertTrue(count.getOrDefault(k, 0) >= 5, k + ": " + count);
        assertEquals(RigRecipe.FAULT_KINDS.size(), count.size(), count.toString());
    }

    @Test
    void labelsCoverExactlyTheRowsAndChannelsTheFaultChanges() {
        List<LabelledSeries> faulty = RigRecipe.recordings(42, 10, ROWS), clean = RigRecipe.recordings(42, 10, ROWS, false);
        for (int k = 0; k < faulty.size(); k++) {
            LabelledSeries f = faulty.get(k), c = clean.get(k);
            assertArrayEquals(f.times(), c.times());
            AnomalyWindow w = f.anomalies().get(0);
            List<Integer> chans = w.anomaly().channels();
            // a stuck sensor's and a break's first row is still true; every later faulty row differs
            int firstChanged = w.kind() == AnomalyKind.FLATLINE || w.kind() == AnomalyKind.CROSS_CHANNEL_BREAK ? w.startRow() + 1 : w.startRow();
            for (int r = 0; r < f.size(); r++) {
                assertEquals(r >= w.startRow() && r <= w.endRow(), f.labels()[r], f.key() + " label of row " + r);
                boolean changed = false;
                for (int ch = 0; ch < RigRecipe.CHANNELS.size(); ch++) {
                    boolean differs = f.values()[r][ch] != c.values()[r][ch];
                    if (!chans.contains(ch)) assertTrue(!differs, f.key() + " row " + r + ": unnamed channel " + ch + " changed");
                    changed |= differs;
                }
                if (r < firstChanged || r > w.endRow()) assertTrue(!changed, f.key() + " row " + r + " outside the fault changed");
                else assertTrue(changed, f.key() + " faulty row " + r + " (" + w.kind() + ") is unchanged");
            }
        }
    }

    @Test
    void faultSizesAreAsDocumentedInSigmaAndBreaksStayInRange() {
        List<LabelledSeries> faulty = RigRecipe.recordings(42, 30, ROWS), clean = RigRecipe.recordings(42, 30, ROWS, false);
        LabelledSeries normal = RigRecipe.training(42);   // the channels' normal range: three fault-free hours
        for (int k = 0; k < faulty.size(); k++) {
            LabelledSeries f = faulty.get(k), c = clean.get(k);
            AnomalyWindow w = f.anomalies().get(0);
            InjectedAnomaly a = w.anomaly();
            for (int ch : a.channels()) {
                double sigma = RigRecipe.noiseSd(ch);
                double first = (f.values()[a.start()][ch] - c.values()[a.start()][ch]) / sigma;
                double last = (f.values()[a.end()][ch] - c.values()[a.end()][ch]) / sigma;
                switch (a.kind()) {
                    case LEVEL_SHIFT -> {
                        assertTrue(Math.abs(a.magnitude()) >= 1 && Math.abs(a.magnitude()) <= 3, a.toString());
                        assertTrue(a.channels().size() <= 3 && a.temporary(), a.toString());
                        assertEquals(a.magnitude(), first, 1e-9);
                        assertEquals(a.magnitude(), last, 1e-9);
                    }
                    case DRIFT -> {
                        assertTrue(Math.abs(a.magnitude()) >= 3 && Math.abs(a.magnitude()) <= 5 && a.temporary(), a.toString());
                        assertEquals(a.magnitude(), last, 1e-9, "the ramp reaches its magnitude at the fault's end");
                        assertEquals(a.magnitude() / a.length(), first, 1e-9);
                    }
                    case VARIANCE_CHANGE -> assertTrue(a.magnitude() >= 2 && a.magnitude() <= 4, a.toString());
                    case FLATLINE -> {
                        for (int r = a.start(); r <= a.end(); r++) assertEquals(f.values()[a.start()][ch], f.values()[r][ch]);
                    }
                    case CROSS_CHANNEL_BREAK -> {
                        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY, sq = 0;
                        for (int r = 0; r < normal.size(); r++) {
                            lo = Math.min(lo, normal.values()[r][ch]);
                            hi = Math.max(hi, normal.values()[r][ch]);
                        }
                        for (int r = a.start(); r <= a.end(); r++) {
                            double v = f.values()[r][ch];
                            assertTrue(v >= lo && v <= hi, f.key() + " row " + r + ": " + v + " outside the channel's normal range " + lo + ".." + hi);
                            sq += Math.pow((v - c.values()[r][ch]) / sigma, 2);
                        }
                        assertTrue(Math.sqrt(sq / a.length()) >= RigRecipe.MIN_BREAK_RMS, f.key() + ": the relation visibly breaks");
                    }
                    default -> throw new AssertionError("not a rig fault: " + a.kind());
                }
            }
        }
    }

    @Test
    void trainingRecordingIsFaultFreeThreeHoursWithRealCrossChannelRelations() {
        LabelledSeries t = RigRecipe.training(42);
        assertEquals(RigRecipe.TRAINING_ROWS, t.size());
        assertEquals(3 * 3_600_000L - 1_000, t.times()[t.size() - 1] - t.times()[0]);
        assertTrue(t.anomalies().isEmpty());
        for (boolean b : t.labels()) assertTrue(!b);
        int current = RigRecipe.CHANNELS.indexOf("current"), flow = RigRecipe.CHANNELS.indexOf("volume_flow_rate"),
                voltage = RigRecipe.CHANNELS.indexOf("voltage"), temp = RigRecipe.CHANNELS.indexOf("temperature"),
                thermo = RigRecipe.CHANNELS.indexOf("thermocouple");
        assertTrue(corr(t.column(current), t.column(flow)) > 0.6, "current and flow follow the operating point");
        assertTrue(corr(t.column(current), t.column(voltage)) < -0.5, "voltage sags with load");
        assertTrue(corr(t.column(temp), t.column(thermo)) > 0.5, "both temperatures follow the thermal state");
    }

    private static double corr(double[] a, double[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
