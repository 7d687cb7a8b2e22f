package dev.lookahead.io;

import java.io.Flushable;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Objects;

/**
 * Writes {@link ScoredRow}s as CSV.
 *
 * <p>Columns: {@code timestamp}; then {@code value,forecast,forecast_std} for one channel (whatever its name,
 * matching NAB's {@code value}) or {@code <ch>,<ch>_forecast,<ch>_forecast_std} per channel; then
 * {@code raw_score,anomaly_score,anomaly,model_version,flags,drop_reason,incident_status,incident_id}. {@code anomaly} is 0/1;
 * {@code incident_status} is where the point stands in its key's incident (empty when none is open).
 *
 * <p>Deterministic: numbers are {@link Double#toString(double)} (locale-independent, exact round trip), NaN and
 * null print as empty, lines end in {@code \n}, text fields are quoted only when they contain a comma or quote,
 * and line breaks inside text become spaces (one row per line, as {@link CsvReader} expects). Same rows in, same
 * bytes out. The caller owns (and closes) the writer.
 */
public final class ScoredCsvWriter implements Flushable {

    private final Writer out;
    private final List<String> channels;
    private final TimestampFormat timestampFormat;
    private final StringBuilder line = new StringBuilder(256);

    public ScoredCsvWriter(Writer out, List<String> channels, TimestampFormat timestampFormat) {
        this.out = Objects.requireNonNull(out, "out");
        this.channels = List.copyOf(channels);
        this.timestampFormat = Objects.requireNonNull(timestampFormat, "timestampFormat");
        if (this.channels.isEmpty()) throw new IllegalArgumentException("at least one channel is needed");
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
        cols.addAll(List.of("raw_score", "anomaly_score", "anomaly", "model_version", "flags", "drop_reason", "incident_status", "incident_id"));
        return cols;
    }

    public void writeHeader() throws IOException {
        line.setLength(0);
        List<String> cols = columns();
        for (int i = 0; i < cols.size(); i++) {
            if (i > 0) line.append(',');
            text(cols.get(i));
        }
        line.append('\n');
        out.write(line.toString());
    }

    public void writeRow(ScoredRow row) throws IOException {
        int c = channels.size();
        check(row.actual(), "actual", c);
        check(row.forecast(), "forecast", c);
        check(row.forecastStd(), "forecastStd", c);
        line.setLength(0);
        line.append(timestampFormat.format(row.time()));
        for (int ch = 0; ch < c; ch++) {
            num(row.actual(), ch);
            num(row.forecast(), ch);
            num(row.forecastStd(), ch);
        }
        line.append(',');
        num(row.rawScore());
        line.append(',');
        num(row.anomalyScore());
        line.append(',').append(row.anomaly() ? '1' : '0');
        line.append(',');
        text(row.modelVersion());
        line.append(',');
        text(row.flags());
        line.append(',');
        text(row.dropReason());
        line.append(',');
        text(row.incident());
        line.append(',');
        text(row.incidentId());
        line.append('\n');
        out.write(line.toString());
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    private static void check(double[] a, String name, int channels) {
        if (a != null && a.length != channels)
            throw new IllegalArgumentException(name + " has " + a.length + " values, expected " + channels);
    }

    private void num(double[] a, int ch) {
        line.append(',');
        if (a != null) num(a[ch]);
    }

    private void num(double v) {
        if (!Double.isNaN(v)) line.append(Double.toString(v));
    }

    private void text(String s) {
        if (s == null) return;
        boolean quote = false;
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"';
        }
        if (quote) line.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') line.append('"');
            line.append(c == '\n' || c == '\r' ? ' ' : c);
        }
        if (quote) line.append('"');
    }
}
