package dev.lookahead.io;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader.CsvReaderBuilder;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;

/**
 * CSV records with the line each starts on, parsed by FastCSV (RFC 4180), for every reader in the project
 * ({@link CsvReader}, the report's and NAB's readers): they differ in what the columns mean, not in how a line
 * splits.
 *
 * <p>Fields may be quoted ({@code "a,b"}, {@code ""} for a quote) and a quoted field may span lines; a row's line
 * is the one it starts on. Lines that are empty or only whitespace are skipped, a UTF-8 BOM is dropped, and the
 * number of fields is not checked here (each reader says what it expects). Malformed quoting is a
 * {@link CsvFormatException} naming the source and line. Given {@link #SNIFF} as the delimiter, the source's first
 * non-blank line says which it is ({@link #delimiterOf}). With ' ', runs of spaces are one delimiter.
 *
 * <pre>{@code
 * try (CsvRows rows = CsvRows.open(file, ',')) {
 *     for (CsvRows.Row r; (r = rows.next()) != null; ) use(r.line(), r.field(0));
 * }
 * }</pre>
 */
public final class CsvRows implements Closeable {

    /**
     * One record.
     *
     * @param line   the 1-based line the record starts on
     * @param fields the fields, quotes removed
     */
    public record Row(int line, String[] fields) {

        public int size() {
            return fields.length;
        }

        public String field(int i) {
            return fields[i];
        }

        /** An empty line, or one of only whitespace. */
        private boolean blank() {
            return fields.length == 0 || fields.length == 1 && fields[0].isBlank();
        }
    }

    /**
     * The delimiter to read from the source's first line: ',' unless that line has none outside quotes and holds
     * ';' (as SKAB's files and spreadsheets in many locales write), a tab or '|', or is columns aligned by spaces
     * ({@link #delimiterOf(String, String)}).
     */
    public static final char SNIFF = '\0';
    /** The delimiters {@link #SNIFF} tells apart, in the order a line holding several is read by. */
    private static final String SNIFFED = ",;\t|";
    /** The most of a source read to find its first line. */
    private static final int SNIFF_LIMIT = 1 << 20;

    private final String source;
    private final char delimiter;
    private final Fields handler = new Fields();
    private final Iterator<Row> records;
    private final Closeable closer;
    private int lastLine;

    private CsvRows(Reader in, char delimiter, String source) {
        this.source = source;
        this.delimiter = delimiter;
        CsvReaderBuilder b = de.siegmar.fastcsv.reader.CsvReader.builder()
                .fieldSeparator(delimiter)
                .skipEmptyLines(false)      // skipped here, so lastLine() counts them
                .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
                .allowUnclosedQuote(false);
        de.siegmar.fastcsv.reader.CsvReader<Row> reader = b.build(handler, delimiter == ' ' ? new SpaceRuns(dropBom(in)) : dropBom(in));
        this.records = reader.iterator();
        this.closer = reader;
    }

    /** Rows of CSV text; {@code source} names it in errors. The caller closes {@code in} (or this). */
    public static CsvRows open(Reader in, char delimiter, String source) {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r')
            throw new IllegalArgumentException("delimiter cannot be a quote or line break");
        if (delimiter != SNIFF) return new CsvRows(in, delimiter, source);
        BufferedReader b = in instanceof BufferedReader br ? br : new BufferedReader(in);
        try {
            b.mark(SNIFF_LIMIT);
            String first, second;
            int read = 0;
            do {
                first = b.readLine();
                if (first != null && read == 0 && first.startsWith("\uFEFF")) first = first.substring(1);   // as dropBom does
                read += first == null ? 0 : first.length() + 1;
            } while (first != null && first.isBlank() && read < SNIFF_LIMIT);
            do {
                second = first == null || read >= SNIFF_LIMIT ? null : b.readLine();
                read += second == null ? 0 : second.length() + 1;
            } while (second != null && second.isBlank() && read < SNIFF_LIMIT);
            b.reset();
            return new CsvRows(b, first == null ? ',' : delimiterOf(first, second), source);
        } catch (IOException e) {   // the first line ran past the mark, which is then lost
            throw new CsvFormatException(source, 1, "the first line is over " + (SNIFF_LIMIT >> 20)
                    + " MiB, too long to read its delimiter from: give the delimiter (--delimiter)");
        }
    }

    /**
     * The delimiter of a CSV whose first line is {@code line}: the first of ',', ';', tab and '|' it holds outside
     * quotes; when it holds none, ' ' if it is numbers apart by spaces (columns aligned by spaces, as many
     * instruments and archives write them), else ',' (one column).
     */
    public static char delimiterOf(String line) {
        return delimiterOf(line, null);
    }

    /**
     * As {@link #delimiterOf(String)}, knowing the line after it too (null if none): a header of words apart by
     * spaces over a line of as many numbers apart by spaces is ' '-delimited as well.
     */
    public static char delimiterOf(String line, String next) {
        char d = markedDelimiter(line);
        if (d != 0) return d;
        String[] words = line.trim().split(" +");
        if (words.length < 2) return ',';
        if (allNumbers(words)) return ' ';
        if (next == null || markedDelimiter(next) != 0) return ',';
        String[] below = next.trim().split(" +");
        return below.length == words.length && allNumbers(below) ? ' ' : ',';
    }

    private static boolean allNumbers(String[] words) {
        for (String w : words) if (!CsvReader.number(w)) return false;
        return true;
    }

    private static char markedDelimiter(String line) {
        boolean quoted = false;
        int best = SNIFFED.length();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') quoted = !quoted;
            else if (!quoted) {
                int k = SNIFFED.indexOf(c);
                if (k >= 0 && k < best) best = k;
            }
        }
        return best == SNIFFED.length() ? 0 : SNIFFED.charAt(best);
    }

    /** The delimiter the rows are split by (the one read from the first line, given {@link #SNIFF}). */
    public char delimiter() {
        return delimiter;
    }

    /** Rows of a UTF-8 file, named by its path in errors. */
    public static CsvRows open(Path file, char delimiter) throws IOException {
        BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        try {
            return open(in, delimiter, file.toString());
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The next non-blank row, or null at the end. */
    public Row next() throws IOException {
        while (true) {
            Row r;
            try {
                if (!records.hasNext()) return null;
                r = records.next();
            } catch (CsvParseException e) {
                throw new CsvFormatException(source, handler.line, problem(e));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            lastLine = r.line;
            if (!r.blank()) return r;
        }
    }

    /** The line the last row read started on, blank rows included; 0 before the first. */
    public int lastLine() {
        return lastLine;
    }

    /** The source name errors carry. */
    public String source() {
        return source;
    }

    @Override
    public void close() throws IOException {
        closer.close();
    }

    /** FastCSV's words for the two mistakes people make, in the project's; any other in its own. */
    private static String problem(CsvParseException e) {
        String m = e.getMessage() == null ? "malformed CSV" : e.getMessage();
        if (m.startsWith("Unclosed quoted field")) return "unterminated quoted field (no closing quote before the end of the input)";
        if (m.startsWith("Unexpected character after closing quote: '"))
            return "unexpected '" + m.charAt("Unexpected character after closing quote: '".length()) + "' after a closing quote";
        int at = m.indexOf(" (record starting at line");
        return at > 0 ? m.substring(0, at) : m;
    }

    /** Drops a leading U+FEFF: FastCSV detects a BOM only in bytes, and {@link #open(Reader, char, String)} takes chars. */
    private static Reader dropBom(Reader in) {
        PushbackReader p = new PushbackReader(in, 1);
        return new Reader() {
            private boolean checked;

            @Override
            public int read(char[] buf, int off, int len) throws IOException {
                if (!checked) {
                    checked = true;
                    int c = p.read();
                    if (c != '\uFEFF' && c >= 0) p.unread(c);
                }
                return p.read(buf, off, len);
            }

            @Override
            public void close() throws IOException {
                p.close();
            }
        };
    }

    /**
     * A space-delimited source as one space between fields: runs of spaces are one delimiter, and spaces at a line's
     * start or end none, as columns aligned by spaces mean.
     */
    private static final class SpaceRuns extends Reader {
        private final Reader in;
        private boolean lineStart = true, pending;
        private int held = -1;   // a character read after a run of spaces, given out after the one space

        SpaceRuns(Reader in) {
            this.in = in;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n = 0;
            while (n < len) {
                int c = held >= 0 ? held : in.read();
                held = -1;
                if (c < 0) return n == 0 ? -1 : n;
                if (c == ' ') {
                    if (!lineStart) pending = true;
                    continue;
                }
                if (c == '\n' || c == '\r') {
                    pending = false;
                    lineStart = true;
                } else {
                    if (pending) {
                        pending = false;
                        held = c;
                        buf[off + n++] = ' ';
                        continue;
                    }
                    lineStart = false;
                }
                buf[off + n++] = (char) c;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Collects one record's fields; the starting line is kept for errors thrown while the record is parsed. */
    private static final class Fields extends AbstractBaseCsvCallbackHandler<Row> {
        private String[] fields = new String[16];
        private int count;
        private int line;

        @Override
        protected void handleBegin(long startingLineNumber) {
            line = (int) startingLineNumber;
            count = 0;
        }

        @Override
        protected void handleField(int index, char[] buf, int offset, int len, boolean quoted) {
            if (count == fields.length) fields = Arrays.copyOf(fields, count * 2);
            fields[count++] = len == 0 ? "" : new String(buf, offset, len);
        }

        @Override
        protected void handleEmpty() {
            count = 0;
        }

        @Override
        protected Row buildRecord() {
            return new Row(line, Arrays.copyOf(fields, count));
        }
    }
}
