package dev.lookahead.synthetic;

import dev.lookahead.io.CsvSeries;
import dev.lookahead.io.TimestampFormat;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * A generated series with its ground truth. Arrays are shared, not copied; treat as read-only.
 *
 * @param key       series key
 * @param channels  channel names, the order of {@code values[row][*]}
 * @param times     epoch millis per row (skipping where gaps removed rows)
 * @param values    {@code [row][channel]}
 * @param anomalies every injected anomaly, gaps included, in injection order, located in output rows
 * @param labels    per row: inside a labelled (non-GAP) anomaly's window
 */
public record LabelledSeries(String key, List<String> channels, long[] times, double[][] values,
                             List<AnomalyWindow> anomalies, boolean[] labels) {

    public LabelledSeries {
        Objects.requireNonNull(key, "key");
        channels = List.copyOf(channels);
        anomalies = List.copyOf(anomalies);
        if (values.length != times.length || labels.length != times.length)
            throw new IllegalArgumentException("times, values and labels differ in length");
    }

    public int size() {
        return times.length;
    }

    /** A copy of one channel's column. */
    public double[] column(int channel) {
        double[] c = new double[times.length];
        for (int r = 0; r < c.length; r++) c[r] = values[r][channel];
        return c;
    }

    /** The data as a {@link CsvSeries}, as if read back from {@link #writeCsv}: NAB timestamps, line = row + 2. */
    public CsvSeries toCsvSeries() {
        int[] lines = new int[times.length];
        for (int i = 0; i < lines.length; i++) lines[i] = i + 2;
        return new CsvSeries(key, channels, times, values, lines, "synthetic:" + key, TimestampFormat.NAB);
    }

    /**
     * Writes the data: {@code timestamp,<channel names>} with NAB-style UTC timestamps, so the default univariate
     * channel {@code value} gives NAB's {@code timestamp,value}. Numbers are {@link Double#toString(double)}.
     */
    public void writeCsv(Writer out) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        sb.append("timestamp");
        for (String ch : channels) sb.append(',').append(ch);
        out.write(sb.append('\n').toString());
        for (int r = 0; r < times.length; r++) {
            sb.setLength(0);
            sb.append(TimestampFormat.NAB.format(times[r]));
            for (double v : values[r]) sb.append(',').append(v);
            out.write(sb.append('\n').toString());
        }
    }

    /**
     * Writes the ground truth, one anomaly per line:
     * {@code start,end,kind,channel,start_row,end_row,magnitude} with NAB-style times and channel names joined by
     * {@code |} (empty for a GAP, which affects whole rows). See {@link AnomalyWindow} for a GAP's rows and times.
     */
    public void writeLabelsCsv(Writer out) throws IOException {
        out.write("start,end,kind,channel,start_row,end_row,magnitude\n");
        for (AnomalyWindow w : anomalies) {
            StringJoiner ch = new StringJoiner("|");
            if (w.kind() != AnomalyKind.GAP) {
                List<Integer> idx = w.anomaly().channels();
                if (idx.isEmpty()) channels.forEach(ch::add);
                else idx.forEach(i -> ch.add(channels.get(i)));
            }
            out.write(TimestampFormat.NAB.format(w.startTime()) + "," + TimestampFormat.NAB.format(w.endTime()) + ","
                    + w.kind() + "," + ch + "," + w.startRow() + "," + w.endRow() + "," + w.anomaly().magnitude()
                    + "\n");
        }
    }

    /** Writes {@link #writeCsv} to {@code dataFile} and {@link #writeLabelsCsv} to {@code labelsFile}. */
    public void write(Path dataFile, Path labelsFile) throws IOException {
        for (Path p : List.of(dataFile, labelsFile))
            if (p.getParent() != null) Files.createDirectories(p.getParent());
        try (Writer w = Files.newBufferedWriter(dataFile, StandardCharsets.UTF_8)) {
            writeCsv(w);
        }
        try (Writer w = Files.newBufferedWriter(labelsFile, StandardCharsets.UTF_8)) {
            writeLabelsCsv(w);
        }
    }
}
