package dev.lookahead.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScoredCsvWriterTest {

    private static final long T0 = Instant.parse("2014-04-01T00:00:00Z").toEpochMilli();

    private static String write(List<String> channels, TimestampFormat f, List<ScoredRow> rows) throws IOException {
        StringWriter sw = new StringWriter();
        ScoredCsvWriter w = new ScoredCsvWriter(sw, channels, f);
        w.writeHeader();
        for (ScoredRow r : rows) w.writeRow(r);
        w.flush();
        return sw.toString();
    }

    @Test
    void univariateNabLayout() throws IOException {
        String csv = write(List.of("cpu"), TimestampFormat.NAB, List.of(
                new ScoredRow(T0, new double[] {1.5}, null, null, Double.NaN, Double.NaN, false, null, "warmup", null),
                new ScoredRow(T0 + 300_250, new double[] {2}, new double[] {1.75}, new double[] {0.25}, 1.0, 0.5,
                        true, "g:3", "imputed|late", "late, beyond \"lateness\"", "OPENED", "cpu@1", "cpu", 1.5)));
        assertEquals("""
                timestamp,value,forecast,forecast_std,raw_score,anomaly_score,anomaly,model_version,flags,drop_reason,incident_status,incident_id,top_channel,usual_level
                2014-04-01 00:00:00,1.5,,,,,0,,warmup,,,,,
                2014-04-01 00:05:00.250,2.0,1.75,0.25,1.0,0.5,1,g:3,imputed|late,"late, beyond ""lateness\"\"",OPENED,cpu@1,cpu,1.5
                """, csv);
    }

    @Test
    void multivariateHeaderAndTimestampFormats() throws IOException {
        ScoredRow r = new ScoredRow(T0, new double[] {1, 2}, new double[] {3, 4}, new double[] {5, Double.NaN},
                0, 0, false, "m:1", null, null);
        String iso = write(List.of("temp", "rpm"), TimestampFormat.ISO, List.of(r));
        assertEquals("timestamp,temp,temp_forecast,temp_forecast_std,rpm,rpm_forecast,rpm_forecast_std,"
                + "raw_score,anomaly_score,anomaly,model_version,flags,drop_reason,incident_status,incident_id,top_channel,usual_level\n"
                + "2014-04-01T00:00:00Z,1.0,3.0,5.0,2.0,4.0,,0.0,0.0,0,m:1,,,,,,\n", iso);
        String epoch = write(List.of("temp", "rpm"), TimestampFormat.EPOCH_MILLIS, List.of(r));
        assertTrue(epoch.contains("\n" + T0 + ",1.0,"), epoch);
    }

    @Test
    void wrongArrayLengthIsRejected() {
        ScoredCsvWriter w = new ScoredCsvWriter(new StringWriter(), List.of("a", "b"), TimestampFormat.ISO);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.writeRow(
                new ScoredRow(T0, new double[] {1}, null, null, 0, 0, false, null, null, null)));
        assertEquals("actual has 1 values, expected 2", e.getMessage());
    }

    @Test
    void roundTripThroughReaderIsExactAndDeterministic() throws IOException {
        SplittableRandom rnd = new SplittableRandom(7);
        List<String> channels = List.of("a", "b");
        List<ScoredRow> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double[] act = {rnd.nextDouble(-1e6, 1e6), i % 17 == 0 ? Double.NaN : rnd.nextDouble() * 1e-9};
            rows.add(new ScoredRow(T0 + i * 1000L + (i % 3), act, new double[] {rnd.nextGaussian(), rnd.nextGaussian()},
                    new double[] {rnd.nextDouble(), rnd.nextDouble()}, rnd.nextDouble() * 40, rnd.nextDouble(),
                    i % 50 == 0, "g:" + i, i < 10 ? "warmup" : null, null));
        }
        for (TimestampFormat f : TimestampFormat.values()) {
            String csv = write(channels, f, rows);
            assertEquals(csv, write(channels, f, rows), "same rows, same bytes");
            CsvSeries back = new CsvReader(CsvReader.Options.defaults().withValueColumns(
                    "a", "b_forecast", "b_forecast_std", "raw_score", "anomaly_score", "anomaly"))
                    .read(new StringReader(csv), "scored.csv", "k").get(0);
            // a file's rows without timestamps are written as the instants their times are
            assertEquals(f == TimestampFormat.ROW ? TimestampFormat.ISO : f, back.timestampFormat());
            for (int i = 0; i < rows.size(); i++) {
                ScoredRow r = rows.get(i);
                assertEquals(r.time(), back.times()[i]);
                assertArrayEquals(new double[] {r.actual()[0], r.forecast()[1], r.forecastStd()[1], r.rawScore(),
                        r.anomalyScore(), r.anomaly() ? 1 : 0}, back.values()[i]);
            }
            assertTrue(Double.isNaN(new CsvReader(CsvReader.Options.defaults().withValueColumns("b"))
                    .read(new StringReader(csv), "scored.csv", "k").get(0).values()[0][0]));
        }
    }
}
