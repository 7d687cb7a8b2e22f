package dev.lookahead.evaluation;

import dev.lookahead.io.CsvFormatException;
import dev.lookahead.io.CsvReader;
import dev.lookahead.io.CsvRows;
import dev.lookahead.io.CsvSeries;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads labelled series: the data the detector sees and, apart from it, the labels only the evaluator reads.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li><b>Labels files</b> (what {@code generate} writes): {@code DIR/data/} holds the series (CSV files, one key
 *       per file, key = path under {@code data/} without {@code .csv}) and {@code DIR/labels/<key>.csv} each
 *       series' labels, one window per line: a header with {@code start} and {@code end} (timestamps, both
 *       inclusive, in any format the data may use), optionally {@code kind} and {@code channel} (channel names
 *       joined by {@code |}); other columns are ignored. A header alone says the series has no anomaly. A file of
 *       one number a line and no header is a label a row instead (as many lines as the series' rows). A line of
 *       kind {@code GAP} marks rows removed from the data, not an anomaly, and is skipped. A series without a
 *       labels file must have a label column.</li>
 *   <li><b>A label column</b>: otherwise every CSV under {@code DIR} (or the one file given) is a series with a
 *       label column: the one named, else the first of {@link CsvReader#LABEL_COLUMNS} in the header. The reader
 *       takes none of those as values, nor the one named, nor {@link CsvReader#CHANGE_POINT_COLUMNS}. A non-zero
 *       value labels the row; 0 or empty does not. Each run of labelled rows is one window, without a kind.</li>
 * </ul>
 * A window covers the rows whose timestamps lie within it (first to last such row); a window that covers no row is
 * an error, as is a series with no labels at all.
 */
public final class LabelledDataset {

    /** One series, its labels and where they came from. */
    public record Entry(CsvSeries series, SeriesLabels labels, String labelSource) {
    }

    private LabelledDataset() {
    }

    /**
     * @param path        a directory in either layout, or one CSV file with a label column
     * @param options     how to read the data (delimiter, timestamp and value columns)
     * @param labelColumn the label column's name, or null for the default rule
     */
    public static List<Entry> load(Path path, CsvReader.Options options, String labelColumn) throws IOException {
        return load(path, options, labelColumn, s -> true);
    }

    /**
     * As {@link #load(Path, CsvReader.Options, String)}, for the series {@code wanted} accepts only: a recording that
     * lies beside the labelled ones and is not one of them (SKAB's fault-free recording, used as the history) is left
     * out rather than found to have no labels.
     */
    public static List<Entry> load(Path path, CsvReader.Options options, String labelColumn, Predicate<CsvSeries> wanted) throws IOException {
        if (!Files.exists(path)) throw new IllegalArgumentException(path + " does not exist");
        if (labelColumn != null && options.valueColumns() != null && options.valueColumns().contains(labelColumn))
            throw new IllegalArgumentException("label column '" + labelColumn + "' is also a value column: the detector must not read the labels");
        boolean split = Files.isDirectory(path.resolve("data"));
        // the label column named is never a channel: the detector must not read the labels
        List<CsvSeries> all = new CsvReader(labelColumn == null ? options : options.withLabelColumn(labelColumn)).read(split ? path.resolve("data") : path);
        Map<String, Map<String, CsvSeries>> labelColumns = new LinkedHashMap<>();   // source -> key -> label rows
        List<Entry> out = new ArrayList<>(all.size());
        for (CsvSeries s : all) {
            if (!wanted.test(s)) continue;
            Path file = split ? path.resolve("labels").resolve(s.key() + ".csv") : null;
            if (file != null && Files.isRegularFile(file)) {
                out.add(new Entry(s, readWindows(file, s, options.timestampPattern()), file.toString()));
                continue;
            }
            Map<String, CsvSeries> bySource = labelColumns.computeIfAbsent(s.source(), src -> labelRows(src, s.key(), options, labelColumn));
            CsvSeries rows = bySource == null ? null : bySource.get(s.key());
            if (rows == null)
                throw new UnlabelledSeriesException(s, "series '" + s.key() + "' (" + s.source() + ") has no labels: "
                        + (split ? "no " + file + " and no" : "no") + " label column ("
                        + (labelColumn != null ? "'" + labelColumn + "'" : String.join(", ", CsvReader.LABEL_COLUMNS)) + ")");
            if (rows.size() != s.size())
                throw new IllegalStateException(s.source() + ": " + s.size() + " data rows but " + rows.size() + " label rows");
            out.add(new Entry(s, labelledRows(rows), s.source() + " column '" + rows.channels().get(0) + "'"));
        }
        return out;
    }

    /** The label column of one data file as a series per key, or null when the file has none. */
    private static Map<String, CsvSeries> labelRows(String source, String key, CsvReader.Options options, String labelColumn) {
        try {
            Path file = Path.of(source);
            String column = labelColumn != null ? labelColumn : defaultLabelColumn(file, options.delimiter());
            if (column == null) return null;
            Map<String, CsvSeries> out = new LinkedHashMap<>();
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                // the label column read as the one value, laid out as the data were (the same timestamp column, or none)
                for (CsvSeries s : new CsvReader(options.withLabelColumn(column).withValueColumns(column)).read(r, source, key)) out.put(s.key(), s);
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String defaultLabelColumn(Path file, char delimiter) throws IOException {
        try (CsvRows r = CsvRows.open(file, delimiter)) {
            CsvRows.Row header = r.next();
            if (header == null) return null;
            for (String h : header.fields())
                if (CsvReader.LABEL_COLUMNS.contains(h.trim().toLowerCase(Locale.ROOT))) return h.trim();
            return null;
        }
    }

    /**
     * A labels file's windows, located in the series' rows; or, for a file of one number a line and no header (as
     * SMD's test labels are shipped), a label a row: as many lines as the series has rows, non-zero labelling its row.
     */
    static SeriesLabels readWindows(Path file, CsvSeries s, String timestampPattern) throws IOException {
        String source = file.toString();
        if (labelPerRow(file)) return readRowLabels(file, s);
        List<LabelWindow> windows = new ArrayList<>();
        try (CsvRows r = CsvRows.open(file, CsvRows.SNIFF)) {
            int start = -1, end = -1, kind = -1, channel = -1, width = 0;
            boolean header = false;
            for (CsvRows.Row row; (row = r.next()) != null; ) {
                int lineNo = row.line();
                List<String> f = List.of(row.fields());
                if (!header) {
                    header = true;
                    width = f.size();
                    for (int i = 0; i < f.size(); i++) {
                        switch (f.get(i).trim().toLowerCase(Locale.ROOT)) {
                            case "start" -> start = i;
                            case "end" -> end = i;
                            case "kind" -> kind = i;
                            case "channel" -> channel = i;
                            default -> { }
                        }
                    }
                    if (start < 0 || end < 0)
                        throw new CsvFormatException(source, lineNo, "a labels file needs 'start' and 'end' columns (optionally 'kind' and 'channel'); header: "
                                + String.join(",", f));
                    continue;
                }
                if (f.size() != width)
                    throw new CsvFormatException(source, lineNo, "expected " + width + " fields as in the header, found " + f.size());
                String k = kind < 0 || f.get(kind).isBlank() ? null : f.get(kind).trim();
                if ("GAP".equalsIgnoreCase(k)) continue;
                long t0 = CsvReader.parseTimestamp(f.get(start), "start", source, lineNo, timestampPattern);
                long t1 = CsvReader.parseTimestamp(f.get(end), "end", source, lineNo, timestampPattern);
                if (t1 < t0) throw new CsvFormatException(source, lineNo, "window ends before it starts");
                int first = -1, last = -1;
                for (int i = 0; i < s.size(); i++) {
                    long t = s.times()[i];
                    if (t >= t0 && t <= t1) {
                        if (first < 0) first = i;
                        last = i;
                    }
                }
                if (first < 0)
                    throw new CsvFormatException(source, lineNo, "window " + f.get(start).trim() + " .. " + f.get(end).trim()
                            + " covers no row of " + s.source());
                List<String> chans = channel < 0 || f.get(channel).isBlank() ? List.of() : List.of(f.get(channel).trim().split("\\|"));
                windows.add(new LabelWindow(first, last, k, chans));
            }
            if (!header) throw new CsvFormatException(source, Math.max(1, r.lastLine()), "empty labels file: expected a header with 'start' and 'end'");
        }
        return new SeriesLabels(s.size(), windows);
    }

    private static boolean labelPerRow(Path file) throws IOException {
        try (CsvRows r = CsvRows.open(file, ',')) {
            CsvRows.Row first = r.next();
            return first != null && first.fields().length == 1 && CsvReader.number(first.fields()[0]);
        }
    }

    /** One number a line, read as the reader reads a file without a header: its parsing and its errors. */
    private static SeriesLabels readRowLabels(Path file, CsvSeries s) throws IOException {
        CsvSeries rows = new CsvReader(CsvReader.Options.defaults().withTimestampColumn(CsvReader.NO_TIMESTAMP)).readOne(file);
        if (rows.size() != s.size())
            throw new CsvFormatException(file.toString(), rows.lineNumbers()[rows.size() - 1], rows.size() + " labels, one a row, but "
                    + s.source() + " has " + s.size() + " rows");
        return labelledRows(rows);
    }

    /** A label a row, from a series whose one value is the label: non-zero labels its row, 0 or empty does not. */
    private static SeriesLabels labelledRows(CsvSeries rows) {
        boolean[] labelled = new boolean[rows.size()];
        for (int r = 0; r < labelled.length; r++) {
            double v = rows.values()[r][0];
            labelled[r] = !Double.isNaN(v) && v != 0;
        }
        return SeriesLabels.ofRows(labelled);
    }

    /** A series under the directory has no labels: a caller may know why (a fault-free recording left beside them). */
    public static final class UnlabelledSeriesException extends IllegalArgumentException {
        private final transient CsvSeries series;

        UnlabelledSeriesException(CsvSeries series, String message) {
            super(message);
            this.series = series;
        }

        /** The series without labels. */
        public CsvSeries series() {
            return series;
        }
    }
}
