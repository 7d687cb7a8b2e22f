package dev.lookahead.io;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads sensor CSV into per-key {@link CsvSeries}, rows in input order.
 *
 * <h2>Layout</h2>
 * The first non-blank line is a header, unless every field of it is a number, or its first is a date-time and the
 * others numbers (and it does not number its columns 0 to N-1 or 1 to N, as a table of numbered columns' header
 * does): then the file has none (as many recordings are shipped), and its columns are named {@code value}
 * (one) or {@code value1} to {@code valueN}, after a first column {@code timestamp} that holds date-times.
 * Splitting is {@link CsvRows}' (FastCSV, RFC 4180): blank lines
 * are skipped, a UTF-8 BOM is dropped, fields may be quoted ({@code "a,b"}, {@code ""} for a quote, line breaks
 * inside quotes), and a row's line number is the line it starts on.
 * <ul>
 *   <li><b>Timestamp column:</b> {@link Options#timestampColumn()}, else a column named {@code timestamp}
 *       (case-insensitive), else the first column. None ({@link TimestampFormat#ROW}: each key's rows one second
 *       apart from the epoch) when the option is {@link #NO_TIMESTAMP}, when the file has no header and no
 *       date-times, or when its header names one column besides the key and the labels. A first column taken
 *       by default whose numbers go back is an error, not late points: most likely it is not a time.</li>
 *   <li><b>Value columns:</b> {@link Options#valueColumns()}, else every column except the timestamp, the key
 *       column and the labels: {@link #LABEL_COLUMNS}, {@link #CHANGE_POINT_COLUMNS} and {@link Options#labelColumn()}
 *       (matched by name, case-insensitive). Cells are
 *       decimal numbers; an empty cell or {@code NaN} (any case) is NaN; anything else is an error.</li>
 *   <li><b>Key:</b> the {@link Options#keyColumn()} value per row if set (several series per file, in order of
 *       first appearance); otherwise one key per file: the file name without {@code .csv}, or for a directory
 *       the path relative to it without {@code .csv}, {@code /}-separated, e.g. {@code realKnownCause/nyc_taxi}.</li>
 * </ul>
 *
 * <h2>Timestamps</h2>
 * All UTC unless an offset is given. The kind is fixed by the first data row of each file; later rows must be of
 * the same kind (text or numeric).
 * <ul>
 *   <li>Text: {@code yyyy-MM-dd[( |T)HH:mm[:ss[.fraction]]][Z|±HH:MM|±HHMM|±HH| UTC| GMT]}, the date's dashes or slashes
 *       ({@code 2020/01/02}). Fractions beyond millis are truncated. A space separator without zone is
 *       {@link TimestampFormat#NAB}, anything else {@link TimestampFormat#ISO}.</li>
 *   <li>Text by {@link Options#timestampPattern()} when one is given (a day before its month, or a month before
 *       its day, cannot be told from the text): written back as NAB's, or ISO's when the pattern reads an offset.</li>
 *   <li>Numeric: by the first row's magnitude, epoch <em>seconds</em> below {@code 1e11} (decimals allowed,
 *       rounded to millis), <em>millis</em> below {@code 1e14}, <em>micros</em> below {@code 1e17}, else
 *       <em>nanos</em> (as pandas and time-series databases export them); the finer ones truncated to millis.
 *       {@code 1e11} s is the year 5138 and {@code 1e11} ms is 1973, and so on up, so real data is unambiguous.
 *       Reported as {@link TimestampFormat#EPOCH_MILLIS}.</li>
 * </ul>
 * Timestamps are not sorted. With {@link Options#strictOrder()} a timestamp earlier than the previous row's of
 * the same key is an error; equal timestamps are allowed.
 *
 * <p>Every problem is a {@link CsvFormatException} naming the file and 1-based line. Speed: one streaming pass,
 * a hand-written timestamp parser ({@link TimestampParser}), no regex: the 58-file NAB corpus in well under a
 * second ({@code CsvReadBench}).
 */
public final class CsvReader {

    /** Columns never read as values by default: anomaly labels shipped alongside the data. */
    public static final List<String> LABEL_COLUMNS = List.of("label", "anomaly", "is_anomaly");
    /**
     * Change-point labels (SKAB's {@code changepoint}: 1 where a fault starts or ends), never read as values by
     * default either: a detector given one would be reading the labels.
     */
    public static final List<String> CHANGE_POINT_COLUMNS = List.of("changepoint", "is_changepoint");

    /** The timestamp column's name that says the file has none: its rows are one second apart ({@link TimestampFormat#ROW}). */
    public static final String NO_TIMESTAMP = "none";

    /**
     * Reader options; start from {@link #defaults()} and use the {@code with*} methods.
     *
     * @param delimiter       field separator; by default {@link CsvRows#SNIFF}: each file's own, read from its first line
     * @param timestampColumn timestamp column name, or null for the default rule
     * @param valueColumns    value column names in output channel order, or null for the default rule
     * @param keyColumn       column holding the series key, or null for one key per file
     * @param strictOrder     reject a timestamp earlier than the previous row's of the same key
     * @param labelColumn     a label column under a name of the user's, or null: never a value by the default rule
     * @param timestampPattern the timestamps' {@link java.time.format.DateTimeFormatter} pattern (say
     *                        {@code dd.MM.yyyy HH:mm}), or null for the rules under "Timestamps"
     */
    public record Options(char delimiter, String timestampColumn, List<String> valueColumns, String keyColumn,
                          boolean strictOrder, String labelColumn, String timestampPattern) {

        public Options {
            if (delimiter == '"' || delimiter == '\n' || delimiter == '\r')
                throw new IllegalArgumentException("delimiter cannot be a quote or line break");
            valueColumns = valueColumns == null ? null : List.copyOf(valueColumns);
            if (valueColumns != null && valueColumns.isEmpty())
                throw new IllegalArgumentException("valueColumns, when given, must not be empty");
            if (timestampPattern != null) TimestampParser.formatter(timestampPattern);   // a bad pattern fails here, not at a row
        }

        public static Options defaults() {
            return new Options(CsvRows.SNIFF, null, null, null, false, null, null);
        }

        public Options withDelimiter(char d) {
            return new Options(d, timestampColumn, valueColumns, keyColumn, strictOrder, labelColumn, timestampPattern);
        }

        public Options withTimestampColumn(String name) {
            return new Options(delimiter, name, valueColumns, keyColumn, strictOrder, labelColumn, timestampPattern);
        }

        public Options withValueColumns(List<String> names) {
            return new Options(delimiter, timestampColumn, names, keyColumn, strictOrder, labelColumn, timestampPattern);
        }

        public Options withValueColumns(String... names) {
            return withValueColumns(List.of(names));
        }

        public Options withKeyColumn(String name) {
            return new Options(delimiter, timestampColumn, valueColumns, name, strictOrder, labelColumn, timestampPattern);
        }

        public Options withLabelColumn(String name) {
            return new Options(delimiter, timestampColumn, valueColumns, keyColumn, strictOrder, name, timestampPattern);
        }

        /** Timestamps read by a {@link java.time.format.DateTimeFormatter} pattern, in UTC unless it reads an offset or zone. */
        public Options withTimestampPattern(String pattern) {
            return new Options(delimiter, timestampColumn, valueColumns, keyColumn, strictOrder, labelColumn, pattern);
        }

        public Options withStrictOrder(boolean strict) {
            return new Options(delimiter, timestampColumn, valueColumns, keyColumn, strict, labelColumn, timestampPattern);
        }
    }

    private final Options options;

    public CsvReader() {
        this(Options.defaults());
    }

    public CsvReader(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /**
     * Reads a file, or every {@code *.csv} under a directory (recursively, sorted by relative path).
     * With a key column, a key may not appear in two files of one directory.
     */
    public List<CsvSeries> read(Path path) throws IOException {
        if (!Files.isDirectory(path)) return readFile(path, keyOf(path, path));
        List<Path> files = csvFiles(path);
        if (files.isEmpty()) throw new CsvFormatException(path.toString(), 0, "no *.csv files in directory" + otherFiles(path));
        List<CsvSeries> all = new ArrayList<>();
        Map<String, String> keySource = new LinkedHashMap<>();
        for (Path f : files) {
            for (CsvSeries s : readFile(f, keyOf(path, f))) {
                String prev = keySource.putIfAbsent(s.key(), s.source());
                if (prev != null)
                    throw new CsvFormatException(s.source(), s.lineNumbers()[0],
                            "key '" + s.key() + "' also appears in " + prev);
                all.add(s);
            }
        }
        return all;
    }

    /** What else a directory without CSV files holds (recordings are often shipped as .txt): a hint, or "". */
    private static String otherFiles(Path dir) throws IOException {
        long others;
        String example;
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            others = files.size();
            example = files.isEmpty() ? null : relativeKey(dir, files.get(0));
        }
        return others == 0 ? "" : " (it holds " + others + " other file" + (others == 1 ? "" : "s") + ", such as " + example
                + ": name a file to read it whatever its extension, or give the files the .csv extension)";
    }

    /** Reads a path that must hold exactly one series. */
    public CsvSeries readOne(Path path) throws IOException {
        List<CsvSeries> all = read(path);
        if (all.size() != 1)
            throw new IllegalArgumentException(path + " holds " + all.size() + " series, expected exactly one");
        return all.get(0);
    }

    private List<CsvSeries> readFile(Path file, String key) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString(), key);
        }
    }

    /**
     * Reads CSV text. {@code source} names it in errors and in {@link CsvSeries#source()}; {@code key} is the
     * series key when there is no key column.
     */
    public List<CsvSeries> read(Reader in, String source, String key) throws IOException {
        Columns cols = null;
        TimestampParser ts = new TimestampParser(source, options.timestampPattern());
        Map<String, Acc> byKey = new LinkedHashMap<>();
        Acc single = null;
        int lineNo = 0;
        CsvRows rows = CsvRows.open(in, options.delimiter(), source);
        for (CsvRows.Row row; (row = rows.next()) != null; ) {
            lineNo = row.line();
            String[] fields = row.fields();
            if (cols == null) {
                boolean headerless = headerless(fields);
                cols = resolveColumns(headerless ? namesFor(fields) : fields, source, lineNo, headerless, rows.delimiter());
                if (cols.time >= 0) ts.column = cols.header[cols.time];
                if (!headerless) continue;   // else this line is the first row
            }
            if (fields.length != cols.header.length)
                throw new CsvFormatException(source, lineNo, "wrong number of fields: expected "
                        + cols.header.length + (cols.headerless ? " as on line " + cols.line + " (the file has no header)" : " as in the header") + ", found " + fields.length
                        + (fields.length > cols.header.length ? " (quote fields that contain '"
                        + rows.delimiter() + "')" : ""));
            Acc acc;
            if (cols.key >= 0) {
                String k = fields[cols.key].trim();
                if (k.isEmpty())
                    throw new CsvFormatException(source, lineNo, "empty key in column '" + cols.header[cols.key] + "'");
                acc = byKey.computeIfAbsent(k, x -> new Acc());
            } else {
                if (single == null) {
                    single = new Acc();
                    byKey.put(key, single);
                }
                acc = single;
            }
            long t = cols.time < 0 ? acc.size * 1000L : ts.parse(fields[cols.time], lineNo);
            if (cols.timeGuessed && ts.format == TimestampFormat.EPOCH_MILLIS && acc.size > 0 && t < acc.times[acc.size - 1])
                throw new CsvFormatException(source, lineNo, "column '" + cols.header[cols.time] + "' was taken as the timestamps"
                        + " (no column is named 'timestamp'), but its numbers go back: " + fields[cols.time].trim()
                        + " comes after a larger one on line " + acc.lines[acc.size - 1] + ". Name the timestamp column (--timestamp-column NAME), or, if the"
                        + " file has none, read its rows as one second apart (--timestamp-column " + NO_TIMESTAMP + ")");
            if (options.strictOrder() && acc.size > 0 && t < acc.times[acc.size - 1])
                throw new CsvFormatException(source, lineNo, "unsorted timestamps: "
                        + ts.format.format(t) + " is earlier than " + ts.format.format(acc.times[acc.size - 1])
                        + " on line " + acc.lines[acc.size - 1]
                        + (cols.key >= 0 ? " for key '" + fields[cols.key].trim() + "'" : ""));
            double[] values = new double[cols.values.length];
            for (int c = 0; c < values.length; c++)
                values[c] = parseValue(fields[cols.values[c]], cols.header[cols.values[c]], source, lineNo, rows.delimiter() != ',');
            acc.add(t, values, lineNo);
        }
        lineNo = rows.lastLine();
        if (cols == null) throw new CsvFormatException(source, Math.max(1, lineNo), "empty file, expected a header");
        if (byKey.isEmpty()) throw new CsvFormatException(source, cols.line, "header only, no data rows");
        List<String> channels = new ArrayList<>(cols.values.length);
        for (int v : cols.values) channels.add(cols.header[v]);
        List<CsvSeries> out = new ArrayList<>(byKey.size());
        for (Map.Entry<String, Acc> e : byKey.entrySet()) {
            Acc a = e.getValue();
            out.add(new CsvSeries(e.getKey(), channels, Arrays.copyOf(a.times, a.size), Arrays.copyOf(a.rows, a.size),
                    Arrays.copyOf(a.lines, a.size), source, cols.time < 0 ? TimestampFormat.ROW : ts.format));
        }
        return out;
    }

    // ---------------------------------------------------------------- columns

    /** {@code time} is -1 for a file without timestamps; {@code timeGuessed}, the first column taken by default. */
    private record Columns(String[] header, int line, int time, boolean timeGuessed, int key, int[] values, boolean headerless) {}

    /**
     * Whether a file's first line is a row, not a header: every field a number, or the first a date-time and the rest
     * numbers. Not a line that counts its columns, 0 to N-1 or 1 to N: the header a table of numbered columns is
     * written with.
     */
    private static boolean headerless(String[] fields) {
        if (fields.length > 1 && numbersColumns(fields)) return false;
        boolean anyNumber = false;
        for (int i = 0; i < fields.length; i++) {
            String f = fields[i].trim();
            if (i == 0 && fields.length > 1 && dateTime(f)) continue;
            if (!number(f)) return false;
            anyNumber = true;
        }
        return anyNumber;
    }

    private static boolean numbersColumns(String[] fields) {
        String first = fields[0].trim();
        if (!first.equals("0") && !first.equals("1")) return false;
        int from = first.charAt(0) - '0';
        for (int i = 0; i < fields.length; i++) if (!fields[i].trim().equals(Integer.toString(from + i))) return false;
        return true;
    }

    /** A decimal number as a value cell holds one (not empty, not NaN: a header's field is neither). */
    public static boolean number(String s) {
        try {
            return !Double.isNaN(parseValue(s, "", "", 0));
        } catch (CsvFormatException e) {
            return false;
        }
    }

    /** {@code yyyy-MM-dd...}: the shape of a date-time the timestamp parser takes. */
    private static boolean dateTime(String s) {
        if (s.length() < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') return false;
        for (int i : new int[]{0, 1, 2, 3, 5, 6, 8, 9}) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    /** The names of a file without a header: {@code timestamp} for a first column of date-times, then the values'. */
    private static String[] namesFor(String[] fields) {
        String[] names = new String[fields.length];
        int first = fields.length > 1 && dateTime(fields[0].trim()) ? 1 : 0;
        if (first == 1) names[0] = "timestamp";
        int values = fields.length - first;
        for (int i = first; i < fields.length; i++) names[i] = values == 1 ? "value" : "value" + (i - first + 1);
        return names;
    }

    private Columns resolveColumns(String[] fields, String source, int lineNo, boolean headerless, char delimiter) {
        String[] header = new String[fields.length];
        for (int i = 0; i < header.length; i++) {
            header[i] = fields[i].trim();
            for (int j = 0; j < i; j++)
                if (header[j].equals(header[i]))
                    throw new CsvFormatException(source, lineNo, "duplicate column '" + header[i] + "' in header");
        }
        int time = -1;
        boolean guessed = false;
        if (NO_TIMESTAMP.equals(options.timestampColumn())) {
            time = -1;
        } else if (options.timestampColumn() != null) {
            time = require(header, options.timestampColumn(), "timestamp", source, lineNo, delimiter);
        } else if (headerless) {
            time = header[0].equals("timestamp") ? 0 : -1;
        } else {
            for (int i = 0; i < header.length; i++) if (header[i].equalsIgnoreCase("timestamp")) { time = i; break; }
            if (time < 0) {
                time = 0;
                guessed = true;
            }
        }
        int key = options.keyColumn() == null ? -1 : require(header, options.keyColumn(), "key", source, lineNo, delimiter);
        // a header of one column besides the key and the labels names the values; the file has no timestamps
        if (guessed && time != key && !labels(header[time])) {
            int others = 0;
            for (int i = 0; i < header.length; i++) if (i != time && i != key && !labels(header[i])) others++;
            if (others == 0 && otherDelimiter(header, delimiter).isEmpty()) {   // a lone column holding ';' is SKAB read with ','
                time = -1;
                guessed = false;
            }
        }
        int[] values;
        if (options.valueColumns() != null) {
            values = new int[options.valueColumns().size()];
            for (int i = 0; i < values.length; i++)
                values[i] = require(header, options.valueColumns().get(i), "value", source, lineNo, delimiter);
        } else {
            List<Integer> v = new ArrayList<>();
            for (int i = 0; i < header.length; i++)
                if (i != time && i != key && !labels(header[i])) v.add(i);
            if (v.isEmpty())
                throw new CsvFormatException(source, lineNo, "no value columns (header columns: "
                        + String.join(", ", header) + ")" + otherDelimiter(header, delimiter));
            values = v.stream().mapToInt(Integer::intValue).toArray();
        }
        return new Columns(header, lineNo, time, guessed, key, values, headerless);
    }

    /** Whether a header names labels (the default ones, change points, or the label column in the options). */
    private boolean labels(String column) {   // header names arrive trimmed
        String name = column.toLowerCase(Locale.ROOT);
        return LABEL_COLUMNS.contains(name) || CHANGE_POINT_COLUMNS.contains(name)
                || (options.labelColumn() != null && column.equalsIgnoreCase(options.labelColumn().trim()));
    }

    private int require(String[] header, String name, String role, String source, int lineNo, char delimiter) {
        for (int i = 0; i < header.length; i++) if (header[i].equals(name)) return i;
        throw new CsvFormatException(source, lineNo, "missing " + role + " column '" + name + "' (header columns: "
                + String.join(", ", header) + ")" + otherDelimiter(header, delimiter));
    }

    /**
     * A header read as one column that holds another common delimiter: the file is most likely delimited by it (SKAB's
     * files use ';'), so the message says which delimiter to give.
     */
    private static String otherDelimiter(String[] header, char delimiter) {
        if (header.length != 1) return "";
        for (char d : new char[]{';', '\t', ',', '|', ' '})
            if (d != delimiter && header[0].indexOf(d) >= 0)
                return d == '\t' ? ": the header holds tabs, which look like the file's delimiter (--delimiter $'\\t')"
                        : ": the header holds '" + d + "', which looks like the file's delimiter (--delimiter '" + d + "')";
        return "";
    }

    // ---------------------------------------------------------------- values

    /** Spellings of a missing value that exporters write (R's NA, databases' NULL, Python's None), any case. */
    private static final List<String> MISSING = List.of("nan", "na", "n/a", "null", "none");

    /**
     * A decimal number, or NaN for a missing one: empty, or one of {@link #MISSING}. Rejects hex, {@code Infinity}
     * and Java suffixes.
     */
    static double parseValue(String cell, String column, String source, int lineNo) {
        return parseValue(cell, column, source, lineNo, false);
    }

    /**
     * As {@link #parseValue(String, String, String, int)}; with {@code decimalComma} (a file not delimited by commas,
     * as spreadsheets in many locales write it), one comma and no point is the decimal mark: {@code 1,5} is 1.5.
     */
    static double parseValue(String cell, String column, String source, int lineNo, boolean decimalComma) {
        String s = cell.trim();
        if (s.isEmpty()) return Double.NaN;
        int comma = decimalComma ? s.indexOf(',') : -1;
        if (comma >= 0 && s.indexOf(',', comma + 1) < 0 && s.indexOf('.') < 0) s = s.replace(',', '.');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                if (MISSING.contains(s.toLowerCase(Locale.ROOT))) return Double.NaN;
                throw nonNumeric(cell, column, source, lineNo);
            }
        }
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw nonNumeric(cell, column, source, lineNo);
        }
        if (Double.isInfinite(v))
            throw new CsvFormatException(source, lineNo, "value '" + cell + "' in column '" + column + "' is out of range");
        return v;
    }

    private static CsvFormatException nonNumeric(String cell, String column, String source, int lineNo) {
        return new CsvFormatException(source, lineNo, "non-numeric value '" + cell + "' in column '" + column + "' (a missing value is"
                + " empty, NaN, NA, N/A, null or None); to leave the column out, name the value columns (--columns A,B,...)");
    }

    // ---------------------------------------------------------------- timestamps

    /**
     * Parses one timestamp cell by the rules of the class comment, on its own (a number below {@code 1e11} is epoch
     * seconds): for files that refer to a data file's rows by time, such as labels. Errors name the source and line.
     */
    public static long parseTimestamp(String cell, String column, String source, int lineNo) {
        return parseTimestamp(cell, column, source, lineNo, null);
    }

    /** As {@link #parseTimestamp(String, String, String, int)}, by {@code pattern} when not null (as {@link Options#timestampPattern()}). */
    public static long parseTimestamp(String cell, String column, String source, int lineNo, String pattern) {
        TimestampParser p = new TimestampParser(source, pattern);
        p.column = column;
        return p.parse(cell, lineNo);
    }

    // ---------------------------------------------------------------- helpers

    /** Growable per-key columns; arrays over lists to keep 22k-row files cheap. */
    private static final class Acc {
        long[] times = new long[256];
        double[][] rows = new double[256][];
        int[] lines = new int[256];
        int size;

        void add(long t, double[] row, int line) {
            if (size == times.length) {
                int cap = size * 2;
                times = Arrays.copyOf(times, cap);
                rows = Arrays.copyOf(rows, cap);
                lines = Arrays.copyOf(lines, cap);
            }
            times[size] = t;
            rows[size] = row;
            lines[size] = line;
            size++;
        }
    }

    /**
     * The key {@code file} is read as, given the {@code input} named: its path relative to that directory,
     * {@code /}-separated, without {@code .csv}; for a file named directly, its name without {@code .csv}.
     */
    public static String keyOf(Path input, Path file) {
        return stripCsv(Files.isDirectory(input) ? relativeKey(input, file) : file.getFileName().toString());
    }

    /** Every {@code *.csv} file under {@code dir}, recursively, in the order of their keys. */
    public static List<Path> csvFiles(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
                    .collect(Collectors.toList());
        }
        // Sort on the '/'-joined relative path, not Path order, so keys and their order match on every OS.
        files.sort(Comparator.comparing(p -> relativeKey(dir, p)));
        return files;
    }

    private static String relativeKey(Path dir, Path file) {
        Path rel = dir.relativize(file);
        StringBuilder sb = new StringBuilder();
        for (Path part : rel) {
            if (sb.length() > 0) sb.append('/');
            sb.append(part);
        }
        return sb.toString();
    }

    private static String stripCsv(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
    }
}
