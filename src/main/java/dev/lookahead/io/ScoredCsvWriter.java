package dev.lookahead.io;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.Flushable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Objects;

/**
 * Writes {@link ScoredRow}s as CSV.
 *
 * <p>Columns: {@code timestamp}; then {@code value,forecast,forecast_std} for one channel (whatever its name,
 * matching NAB's {@code value}) or {@code <ch>,<ch>_forecast,<ch>_forecast_std} per channel; then
 * {@code raw_score,anomaly_score,anomaly,model_version,flags,drop_reason,incident_status,incident_id,top_channel,usual_level}.
 * {@code anomaly} is 0/1; {@code incident_status} is where the point stands in its key's incident (empty when none is
 * open); {@code top_channel} names, on an anomalous point, the channel that deviated most (empty otherwise), as the
 * anomaly record's {@code topChannel} does, and {@code usual_level} where it should be (the record's {@code usualLevel}).
 *
 * <p>Deterministic: numbers are {@link Double#toString(double)} (locale-independent, exact round trip), NaN and
 * null print as empty, lines end in {@code \n}, FastCSV quotes a field only when it holds a comma or a quote (RFC
 * 4180), and line breaks inside text become spaces (one row per line, for line tools). Same rows in, same bytes
 * out. Every field goes straight to the caller's writer (no buffer of its own to forget to flush); the caller owns
 * and closes it.
 */
public final class ScoredCsvWriter implements Flushable {

    private final Writer out;
    private final CsvWriter csv;
    private final List<String> channels;
    private final TimestampFormat timestampFormat;

    public ScoredCsvWriter(Writer out, List<String> channels, TimestampFormat timestampFormat) {
        this.out = Objects.requireNonNull(out, "out");
        this.channels = List.copyOf(channels);
        this.timestampFormat = Objects.requireNonNull(timestampFormat, "timestampFormat");
        if (this.channels.isEmpty()) throw new IllegalArgumentException("at least one channel is needed");
        this.csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).bufferSize(0).build(out);
    }

    /** The header columns for these channels, in output order. */
    public List<String> columns() {
        List<String> cols = new java.util.ArrayList<>();
        cols.add("timestamp");
        if (channels.size() == 1) {
            cols.add("value");
            cols.add("forecast");
            cols.add("forecast_std");
        } else {
            for (String ch : channels) {
                cols.add(ch);
                cols.add(ch + "_forecast");
                cols.add(ch + "_forecast_std");
            }
        }
        cols.addAll(List.of("raw_score", "anomaly_score", "anomaly", "model_version", "flags", "drop_reason", "incident_status", "incident_id", "top_channel", "usual_level"));
        return cols;
    }

    public void writeHeader() throws IOException {
        List<String> cols = columns();
        String[] fields = new String[cols.size()];
        for (int i = 0; i < fields.length; i++) fields[i] = oneLine(cols.get(i));
        try {
            csv.writeRecord(fields);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    public void writeRow(ScoredRow row) throws IOException {
        int c = channels.size();
        check(row.actual(), "actual", c);
        check(row.forecast(), "forecast", c);
        check(row.forecastStd(), "forecastStd", c);
        try {
            CsvWriter.CsvWriterRecord r = csv.writeRecord().writeField(timestampFormat.format(row.time()));
            for (int ch = 0; ch < c; ch++) {
                r.writeField(num(row.actual(), ch));
                r.writeField(num(row.forecast(), ch));
                r.writeField(num(row.forecastStd(), ch));
            }
            r.writeField(num(row.rawScore()))
                    .writeField(num(row.anomalyScore()))
                    .writeField(row.anomaly() ? "1" : "0")
                    .writeField(oneLine(row.modelVersion()))
                    .writeField(oneLine(row.flags()))
                    .writeField(oneLine(row.dropReason()))
                    .writeField(oneLine(row.incident()))
                    .writeField(oneLine(row.incidentId()))
                    .writeField(oneLine(row.topChannel()))
                    .writeField(num(row.usualLevel()))
                    .endRecord();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    private static void check(double[] a, String name, int channels) {
        if (a != null && a.length != channels)
            throw new IllegalArgumentException(name + " has " + a.length + " values, expected " + channels);
    }

    private static String num(double[] a, int ch) {
        return a == null ? null : num(a[ch]);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? null : Double.toString(v);
    }

    private static String oneLine(String s) {
        return s == null ? null : s.replace('\n', ' ').replace('\r', ' ');
    }
}
