package dev.lookahead.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lookahead.io.CsvReader;
import dev.lookahead.io.CsvSeries;
import dev.lookahead.io.TimestampFormat;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticStreamTest {

    private static SyntheticStream base(long seed) {
        return SyntheticStream.builder(seed).length(500).level(10).seasonal(48, 3).seasonal(7, 0.5).noise(0.2)
                .trend(0.001);
    }

    @Test
    void sameSeedSameArraysDifferentSeedDifferent() {
        SyntheticStream b = base(42).channels(3).gains(1, 2, -0.5).randomWalk(0.05)
                .randomAnomalies(4, 20, 100, AnomalyKind.values());
        LabelledSeries a1 = b.generate(), a2 = base(42).channels(3).gains(1, 2, -0.5).randomWalk(0.05)
                .randomAnomalies(4, 20, 100, AnomalyKind.values()).generate();
        assertArrayEquals(a1.times(), a2.times());
        assertArrayEquals(a1.values(), a2.values());
        assertArrayEquals(a1.labels(), a2.labels());
        assertEquals(a1.anomalies(), a2.anomalies());
        assertFalse(java.util.Arrays.deepEquals(a1.values(), base(43).channels(3).generate().values()));
    }

    @Test
    void anomaliesDoNotChangeTheNoise() {
        LabelledSeries clean = base(1).generate();
        LabelledSeries spiked = base(1).anomaly(InjectedAnomaly.spike(200, 5)).generate();
        for (int i = 0; i < clean.size(); i++)
            if (i != 200) assertEquals(clean.values()[i][0], spiked.values()[i][0], "row " + i);
        assertEquals(clean.values()[200][0] + 5, spiked.values()[200][0], 1e-12);
    }

    @Test
    void spikeAndDipStandOutFromNeighbours() {
        LabelledSeries s = base(2).anomaly(InjectedAnomaly.spike(100, 8)).anomaly(InjectedAnomaly.dip(300, 8)).generate();
        double[] v = s.column(0);
        assertTrue(v[100] - v[99] > 6 && v[100] - v[101] > 6, "spike");
        assertTrue(v[299] - v[300] > 6 && v[301] - v[300] > 6, "dip");
        assertTrue(s.labels()[100] && s.labels()[300] && !s.labels()[99] && !s.labels()[101]);
    }

    @Test
    void levelShiftPersistsAndDriftRamps() {
        LabelledSeries clean = base(3).generate();
        LabelledSeries s = base(3).anomaly(InjectedAnomaly.of(AnomalyKind.LEVEL_SHIFT, 200, 20, 4))
                .anomaly(InjectedAnomaly.of(AnomalyKind.DRIFT, 300, 50, -2)).generate();
        for (int i = 0; i < s.size(); i++) {
            double d = s.values()[i][0] - clean.values()[i][0];
            double expect = (i >= 200 ? 4 : 0) + (i >= 300 ? -2 * Math.min(1.0, (i - 299) / 50.0) : 0);
            assertEquals(expect, d, 1e-9, "row " + i);
        }
        for (int i = 0; i < s.size(); i++)
            assertEquals(i >= 200 && i < 220 || i >= 300 && i < 350, s.labels()[i], "label at " + i);
    }

    @Test
    void flatlineIsConstantAndVarianceChangeScalesNoise() {
        LabelledSeries s = base(4).noise(1).anomaly(InjectedAnomaly.of(AnomalyKind.FLATLINE, 100, 30, 0))
                .anomaly(InjectedAnomaly.of(AnomalyKind.VARIANCE_CHANGE, 300, 100, 5)).generate();
        LabelledSeries clean = base(4).noise(1).generate();
        for (int i = 100; i < 130; i++) assertEquals(s.values()[100][0], s.values()[i][0]);
        assertNotEquals(s.values()[130][0], s.values()[129][0]);
        double before = 0, inside = 0;
        for (int i = 300; i < 400; i++) {
            double d = s.values()[i][0] - clean.values()[i][0];   // = 4 * noise
            inside += d * d;
        }
        for (int i = 200; i < 300; i++) before += Math.pow(s.values()[i][0] - clean.values()[i][0], 2);
        assertEquals(0.0, before);
        assertTrue(Math.sqrt(inside / 100) > 2, "4x unit noise added inside the window");
    }

    @Test
    void gapRemovesRowsAndLeavesATimeJump() {
        LabelledSeries s = base(5).interval(60_000).anomaly(InjectedAnomaly.gap(100, 10))
                .anomaly(InjectedAnomaly.spike(150, 9)).generate();
        assertEquals(490, s.size());
        assertEquals(11 * 60_000L, s.times()[100] - s.times()[99]);
        AnomalyWindow gap = s.anomalies().get(0), spike = s.anomalies().get(1);
        assertEquals(AnomalyKind.GAP, gap.kind());
        assertEquals(100, gap.startRow());
        assertEquals(s.times()[99] + 60_000, gap.startTime());
        assertEquals(s.times()[100] - 60_000, gap.endTime());
        assertEquals(140, spike.startRow(), "indexes refer to output rows");
        assertEquals(s.times()[140], spike.startTime());
        assertTrue(s.labels()[140]);
        for (int i = 0; i < s.size(); i++) assertEquals(i == 140, s.labels()[i], "GAP is not labelled: " + i);
    }

    @Test
    void randomPlacementRespectsPrefixAndSpacingAndLabelsAlign() {
        LabelledSeries s = SyntheticStream.builder(9).length(2000).seasonal(96, 5).noise(0.5)
                .channels("a", "b").randomAnomalies(8, 40, 300, AnomalyKind.values()).anomalyLength(5, 25).generate();
        assertEquals(8, s.anomalies().size());
        List<InjectedAnomaly> specs = s.anomalies().stream().map(AnomalyWindow::anomaly).toList();
        for (InjectedAnomaly a : specs) {
            assertTrue(a.start() >= 300, a.toString());
            for (InjectedAnomaly o : specs)
                if (o != a) assertTrue(a.start() > o.end() + 40 || o.start() > a.end() + 40, a + " vs " + o);
        }
        int labelled = 0;
        for (AnomalyWindow w : s.anomalies()) {
            if (w.kind() == AnomalyKind.GAP) continue;
            labelled += w.endRow() - w.startRow() + 1;
            assertEquals(w.anomaly().length(), w.endRow() - w.startRow() + 1);
            assertEquals(s.times()[w.startRow()], w.startTime());
            assertEquals(s.times()[w.endRow()], w.endTime());
            for (int r = w.startRow(); r <= w.endRow(); r++) assertTrue(s.labels()[r]);
        }
        int count = 0;
        for (boolean b : s.labels()) if (b) count++;
        assertEquals(labelled, count);
    }

    @Test
    void impossiblePlacementAndBadSpecsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SyntheticStream.builder(1)
                .length(100).randomAnomalies(5, 50, 10, AnomalyKind.SPIKE).generate());
        assertTrue(e.getMessage().startsWith("could not place random anomaly"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SyntheticStream.builder(1).length(100)
                .anomaly(InjectedAnomaly.gap(10, 10)).anomaly(InjectedAnomaly.spike(15, 1)).generate());
        assertThrows(IllegalArgumentException.class, () -> SyntheticStream.builder(1).length(100)
                .anomaly(InjectedAnomaly.spike(100, 1)).generate());
        assertThrows(IllegalArgumentException.class, () -> SyntheticStream.builder(1).length(100)
                .anomaly(InjectedAnomaly.of(AnomalyKind.VARIANCE_CHANGE, 10, 5, 3)).generate());
    }

    @Test
    void writesNabCsvAndLabelsThatReadBack(@TempDir Path tmp) throws IOException {
        LabelledSeries s = base(6).interval(300_000).anomaly(InjectedAnomaly.spike(50, 9))
                .anomaly(InjectedAnomaly.gap(60, 3)).generate();
        StringWriter sw = new StringWriter();
        s.writeCsv(sw);
        assertTrue(sw.toString().startsWith("timestamp,value\n2014-04-01 00:00:00,"), sw.toString().substring(0, 40));
        CsvSeries back = new CsvReader().read(new StringReader(sw.toString()), "s.csv", "s").get(0);
        assertEquals(TimestampFormat.NAB, back.timestampFormat());
        assertArrayEquals(s.times(), back.times());
        assertArrayEquals(s.values(), back.values());
        StringWriter lw = new StringWriter();
        s.writeLabelsCsv(lw);
        assertEquals("""
                start,end,kind,channel,start_row,end_row,magnitude
                2014-04-01 04:10:00,2014-04-01 04:10:00,SPIKE,value,50,50,9.0
                2014-04-01 05:00:00,2014-04-01 05:10:00,GAP,,60,60,0.0
                """, lw.toString());
        s.write(tmp.resolve("data/s.csv"), tmp.resolve("labels/s.csv"));
        assertEquals(s.size(), new CsvReader().readOne(tmp.resolve("data")).size());
    }

    @Test
    void multivariateCsvHeaderUsesChannelNames() throws IOException {
        LabelledSeries s = base(7).channels("temp", "rpm").generate();
        StringWriter sw = new StringWriter();
        s.writeCsv(sw);
        assertTrue(sw.toString().startsWith("timestamp,temp,rpm\n"));
        assertEquals(List.of("temp", "rpm"), s.toCsvSeries().channels());
    }

    @Test
    void correlatedChannelsFollowTheirGains() {
        LabelledSeries s = SyntheticStream.builder(8).length(200).level(5).seasonal(24, 2).channels(2).gains(1, 3)
                .generate();
        for (double[] row : s.values()) assertEquals(3 * row[0], row[1], 1e-9);
        LabelledSeries u = SyntheticStream.builder(8).length(200).seasonal(24, 2).channels(2).correlated(false)
                .generate();
        assertNotEquals(u.values()[5][0], u.values()[5][1]);
    }

    @Test
    void multiKeyIsSeededAndVaried() {
        List<LabelledSeries> a = SyntheticStreams.multiKey(5, 600, 11), b = SyntheticStreams.multiKey(5, 600, 11);
        assertEquals(List.of("sensor-000", "sensor-001", "sensor-002", "sensor-003", "sensor-004"),
                a.stream().map(LabelledSeries::key).toList());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).values(), b.get(i).values());
            assertEquals(2, a.get(i).anomalies().size());
        }
        assertNotEquals(a.get(0).values()[0][0], a.get(1).values()[0][0]);
        List<LabelledSeries> c = SyntheticStreams.multiKey(2, 600, 11, (i, s) -> s.channels(2));
        assertEquals(2, c.get(1).channels().size());
    }
}
