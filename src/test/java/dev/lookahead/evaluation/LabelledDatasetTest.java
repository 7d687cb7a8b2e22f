package dev.lookahead.evaluation;

import dev.lookahead.io.CsvFormatException;
import dev.lookahead.io.CsvReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both label conventions, and that a label never becomes a channel the detector reads. */
class LabelledDatasetTest {

    private static final String DATA = """
            timestamp,a,b
            2024-01-01 00:00:00,1,10
            2024-01-01 00:01:00,2,20
            2024-01-01 00:02:00,3,30
            2024-01-01 00:03:00,4,40
            2024-01-01 00:04:00,5,50
            2024-01-01 00:05:00,6,60
            """;

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void labelsFilesGiveWindowsByTimeWithKindAndChannelsSkippingGapsAndAHeaderAloneMeansNoAnomaly(@TempDir Path dir) throws IOException {
        write(dir.resolve("data/pump.csv"), DATA);
        write(dir.resolve("data/fan.csv"), DATA);
        write(dir.resolve("labels/pump.csv"), """
                start,end,kind,channel,start_row,end_row,magnitude
                2024-01-01 00:01:00,2024-01-01 00:02:30,LEVEL_SHIFT,a|b,1,2,3.0
                2024-01-01T00:03:00Z,2024-01-01T00:03:00Z,GAP,,3,3,0
                1704067500,1704067500,,,,,
                """);
        write(dir.resolve("labels/fan.csv"), "start,end,kind,channel,start_row,end_row,magnitude\n");
        List<LabelledDataset.Entry> all = LabelledDataset.load(dir, CsvReader.Options.defaults(), null);
        assertEquals(List.of("fan", "pump"), all.stream().map(e -> e.series().key()).toList());
        assertTrue(all.get(0).labels().windows().isEmpty());
        SeriesLabels pump = all.get(1).labels();
        assertEquals(List.of(new LabelWindow(1, 2, "LEVEL_SHIFT", List.of("a", "b")), new LabelWindow(5, 5, null, List.of())), pump.windows(),
                "times in any format the data may use (epoch seconds 1704067500 = 00:05); the GAP line skipped");
        assertEquals(List.of("a", "b"), all.get(1).series().channels());
    }

    /** SMD's layout: the data without a header or timestamps, the labels one number a line. */
    @Test
    void aLabelsFileOfOneNumberALineLabelsTheSeriesRowByRow(@TempDir Path dir) throws IOException {
        write(dir.resolve("data/machine-1-1.csv"), "0.5,1\n0.6,1\n0.9,3\n0.8,3\n0.5,1\n");
        write(dir.resolve("labels/machine-1-1.csv"), "0\n0\n1\n1\n0\n");
        LabelledDataset.Entry e = LabelledDataset.load(dir, CsvReader.Options.defaults(), null).get(0);
        assertEquals(List.of("value1", "value2"), e.series().channels());
        assertEquals(List.of(new LabelWindow(2, 3, null, List.of())), e.labels().windows());
        write(dir.resolve("labels/machine-1-1.csv"), "0\n0\n1\n1\n");
        String msg = assertThrows(CsvFormatException.class, () -> LabelledDataset.load(dir, CsvReader.Options.defaults(), null)).getMessage();
        assertTrue(msg.endsWith("4 labels, one a row, but " + dir.resolve("data/machine-1-1.csv") + " has 5 rows"), msg);
    }

    @Test
    void aLabelColumnGivesOneWindowPerRunAndIsNeverAChannel(@TempDir Path dir) throws IOException {
        write(dir.resolve("s.csv"), """
                timestamp,a,anomaly,b
                2024-01-01 00:00:00,1,0,10
                2024-01-01 00:01:00,2,1,20
                2024-01-01 00:02:00,3,1,30
                2024-01-01 00:03:00,4,,40
                2024-01-01 00:04:00,5,1.0,50
                """);
        List<LabelledDataset.Entry> all = LabelledDataset.load(dir, CsvReader.Options.defaults(), null);
        assertEquals(1, all.size());
        assertEquals(List.of("a", "b"), all.get(0).series().channels(), "the detector reads the values only");
        assertEquals(List.of(LabelWindow.of(1, 2), LabelWindow.of(4, 4)), all.get(0).labels().windows());
        // a named label column, in a file given directly
        write(dir.resolve("t.csv"), "time;x;fault\n2024-01-01 00:00:00;1;0\n2024-01-01 00:01:00;2;1\n");
        List<LabelledDataset.Entry> t = LabelledDataset.load(dir.resolve("t.csv"),
                CsvReader.Options.defaults().withDelimiter(';').withValueColumns("x"), "fault");
        assertEquals(List.of(LabelWindow.of(1, 1)), t.get(0).labels().windows());
        assertEquals(List.of("x"), t.get(0).series().channels());
    }

    @Test
    void aNamedLabelColumnAndChangePointColumnsAreNeverChannelsByDefault(@TempDir Path dir) throws IOException {
        // SKAB's layout: semicolons, a 'datetime' first column, 'anomaly' and 'changepoint' after the sensors
        write(dir.resolve("skab/1.csv"), """
                datetime;Current;Temperature;anomaly;changepoint
                2020-03-09 10:14:33;2.1;70.1;0.0;0.0
                2020-03-09 10:14:34;2.0;70.2;1.0;1.0
                2020-03-09 10:14:35;2.2;71.9;1.0;0.0
                """);
        CsvReader.Options semicolons = CsvReader.Options.defaults().withDelimiter(';');
        List<LabelledDataset.Entry> skab = LabelledDataset.load(dir.resolve("skab"), semicolons, null);
        assertEquals(List.of("Current", "Temperature"), skab.get(0).series().channels(), "change points are labels too");
        assertEquals(List.of(LabelWindow.of(1, 2)), skab.get(0).labels().windows());
        // the fault-free recording beside them: an error unless the caller leaves it out (it has no labels)
        write(dir.resolve("skab/anomaly-free/anomaly-free.csv"), """
                datetime;Current;Temperature
                2020-02-08 13:30:47;2.1;70.0
                """);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelledDataset.load(dir.resolve("skab"), semicolons, null));
        assertTrue(e.getMessage().contains("no label column (label, anomaly, is_anomaly)"), e.getMessage());
        skab = LabelledDataset.load(dir.resolve("skab"), semicolons, null, s -> !s.key().equals("anomaly-free/anomaly-free"));
        assertEquals(List.of("1"), skab.stream().map(x -> x.series().key()).toList());
        // a label column under the user's own name, the value columns left to the default rule
        write(dir.resolve("own/t.csv"), "time;x;fault;y\n2024-01-01 00:00:00;1;0;5\n2024-01-01 00:01:00;2;1;6\n");
        List<LabelledDataset.Entry> own = LabelledDataset.load(dir.resolve("own"), semicolons, "fault");
        assertEquals(List.of("x", "y"), own.get(0).series().channels(), "the label column named is not read as values");
        assertEquals(List.of(LabelWindow.of(1, 1)), own.get(0).labels().windows());
    }

    @Test
    void missingOrUnusableLabelsAreClearErrors(@TempDir Path dir) throws IOException {
        write(dir.resolve("data/pump.csv"), DATA);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelledDataset.load(dir, CsvReader.Options.defaults(), null));
        assertTrue(e.getMessage().contains("'pump'") && e.getMessage().contains("has no labels"), e.getMessage());
        write(dir.resolve("labels/pump.csv"), "start,end\n2025-01-01 00:00:00,2025-01-01 00:01:00\n");
        CsvFormatException f = assertThrows(CsvFormatException.class, () -> LabelledDataset.load(dir, CsvReader.Options.defaults(), null));
        assertTrue(f.getMessage().contains("covers no row") && f.getMessage().contains(":2"), f.getMessage());
        write(dir.resolve("labels/pump.csv"), "from,to\n");
        f = assertThrows(CsvFormatException.class, () -> LabelledDataset.load(dir, CsvReader.Options.defaults(), null));
        assertTrue(f.getMessage().contains("'start' and 'end'"), f.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LabelledDataset.load(dir.resolve("data/pump.csv"),
                CsvReader.Options.defaults().withValueColumns("a", "b"), "b"));
        assertTrue(e.getMessage().contains("must not read the labels"), e.getMessage());
    }
}
