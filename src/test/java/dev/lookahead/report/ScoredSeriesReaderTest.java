package dev.lookahead.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lookahead.io.CsvFormatException;
import dev.lookahead.io.ScoredCsvWriter;
import dev.lookahead.io.ScoredRow;
import dev.lookahead.io.TimestampFormat;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What ScoredCsvWriter writes, the report reader reads back, quoted fields included. */
class ScoredSeriesReaderTest {

    private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private Path write(String file, List<String> channels, TimestampFormat f, List<ScoredRow> rows) throws IOException {
        Path p = dir.resolve(file);
        try (Writer w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
            ScoredCsvWriter csv = new ScoredCsvWriter(w, channels, f);
            csv.writeHeader();
            for (ScoredRow r : rows) csv.writeRow(r);
        }
        return p;
    }

    @Test
    void channelKeyAndTextFieldsWithCommasAndQuotesReadBack() throws IOException {
        List<String> channels = List.of("temp, inlet", "say \"hi\"");
        Path csv = write("line \"A\", east.csv", channels, TimestampFormat.ISO, List.of(
                new ScoredRow(T0, new double[] {1.5, 2}, null, null, Double.NaN, Double.NaN, false, null, "warmup", null),
                new ScoredRow(T0 + 60_000, new double[] {3, 4}, new double[] {3.25, 4.5}, new double[] {0.5, 0.75}, 9.0, 0.99,
                        true, "pump,v2:3", "imputed|\"odd\"", "late, beyond \"lateness\"", "OPENED", "k@1", "say \"hi\"", 3.5),
                new ScoredRow(T0 + 120_000, new double[] {5, Double.NaN}, new double[] {5.5, 6}, new double[] {1, 2}, 1.0, 0.25,
                        false, "pump,v2:4", null, null)));
        String text = Files.readString(csv);
        assertTrue(text.startsWith("timestamp,\"temp, inlet\",\"temp, inlet_forecast\""), "the writer quoted the names: " + text);

        List<ScoredSeries> all = ScoredSeriesReader.read(csv);
        assertEquals(1, all.size());
        ScoredSeries s = all.get(0);
        assertEquals("line \"A\", east", s.key());
        assertEquals(channels, s.channels());
        assertArrayEquals(new long[] {T0, T0 + 60_000, T0 + 120_000}, s.times());
        assertArrayEquals(new double[] {3, 4}, s.actual()[1]);
        assertArrayEquals(new double[] {3.25, 4.5}, s.forecast()[1]);
        assertArrayEquals(new double[] {0.5, 0.75}, s.forecastStd()[1]);
        assertTrue(Double.isNaN(s.forecast()[0][0]) && Double.isNaN(s.actual()[2][1]));
        assertArrayEquals(new double[] {0, 0.99, 0.25}, s.score(), "an empty score reads as 0");
        assertArrayEquals(new boolean[] {false, true, false}, s.anomaly());
        assertEquals(List.of("pump,v2:3", "pump,v2:4"), s.modelVersions());
        assertArrayEquals(new String[] {null, "say \"hi\"", null}, s.topChannel(), "the channel that deviated, where a row names one");
        assertTrue(s.deviatedOn(1, 1) && !s.deviatedOn(1, 0) && s.deviatedOn(2, 0), "a row that names none is marked on every channel");
        assertEquals(3.5, s.usualLevel()[1]);
        assertTrue(Double.isNaN(s.usualLevel()[0]) && Double.isNaN(s.usualLevel()[2]), "no usual level where the row gives none");
    }

    @Test
    void oneChannelInNabLayoutReadsBackFromADirectory() throws IOException {
        write("b.csv", List.of("cpu"), TimestampFormat.NAB, List.of(
                new ScoredRow(T0 + 250, new double[] {7}, new double[] {6}, new double[] {1}, 2, 0.5, true, "g:1", null, "x, \"y\"")));
        write("a.csv", List.of("value"), TimestampFormat.EPOCH_MILLIS, List.of(
                new ScoredRow(T0, new double[] {1}, null, null, 0, 0, false, "g:1", null, null)));
        List<ScoredSeries> all = ScoredSeriesReader.read(dir);
        assertEquals(List.of("a", "b"), all.stream().map(ScoredSeries::key).toList());
        assertEquals(List.of("value"), all.get(1).channels());
        assertArrayEquals(new long[] {T0 + 250}, all.get(1).times());
        assertArrayEquals(new long[] {T0}, all.get(0).times());
        assertEquals(7, all.get(1).actual()[0][0]);
    }

    @Test
    void malformedRowsNameTheFileAndLine() throws IOException {
        Path csv = dir.resolve("bad.csv");
        String header = "timestamp,value,forecast,forecast_std,raw_score,anomaly_score,anomaly,model_version,flags,drop_reason\n";
        Files.writeString(csv, header + "2024-01-01T00:00:00Z,1,1,1,0,0,0,g:1,,\n\n2024-01-01T00:01:00Z,1,1,1,0,0,0,\"g:1,,\n");
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> ScoredSeriesReader.read(csv));
        assertEquals(csv + ":4: unterminated quoted field (no closing quote before the end of the input)", e.getMessage());
        Files.writeString(csv, header + "2024-01-01T00:00:00Z,1,1\n");
        assertEquals(csv + ":2: 3 fields, the header has 10",
                assertThrows(CsvFormatException.class, () -> ScoredSeriesReader.read(csv)).getMessage());
        Files.writeString(csv, "timestamp,value\n1,2\n");
        assertTrue(assertThrows(CsvFormatException.class, () -> ScoredSeriesReader.read(csv)).getMessage()
                .startsWith(csv + ":1: not a scored CSV"));
    }
}
