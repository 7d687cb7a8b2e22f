package dev.lookahead.io;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * A file's timestamp column, parsed cell by cell: the first row fixes the kind (text or numeric, and for numbers
 * seconds, millis, micros or nanos) and so the {@link TimestampFormat} output is written in; later rows must be of the same kind.
 * The rules are {@link CsvReader}'s (see "Timestamps" there). Hand-written, no regex and no DateTimeFormatter: it
 * runs once per row. A pattern the user gives is read by a {@link DateTimeFormatter} instead.
 */
final class TimestampParser {

    private final String source;
    String column = "timestamp";
    TimestampFormat format;          // null until the first row
    private boolean numeric;
    private int unit;   // of a numeric column: an index into UNITS
    /** Epoch units told apart by the first row's magnitude: under 1e11 seconds (to the year 5138), under 1e14 millis, under 1e17 micros, else nanos. */
    private static final String[] UNITS = {"seconds", "millis", "micros", "nanos"};
    private static final double[] UNIT_BELOW = {1e11, 1e14, 1e17};
    private static final long[] PER_MILLI = {0, 1, 1_000, 1_000_000};   // units in a milli (seconds: a thousandth)
    private final String pattern;
    private final DateTimeFormatter formatter;   // null without a pattern

    TimestampParser(String source) {
        this(source, null);
    }

    TimestampParser(String source, String pattern) {
        this.source = source;
        this.pattern = pattern;
        this.formatter = pattern == null ? null : formatter(pattern);
    }

    /** The formatter of a user's pattern, read in the root locale; a pattern it cannot take fails here, naming it. */
    static DateTimeFormatter formatter(String pattern) {
        try {
            return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern).toFormatter(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("timestamp format '" + pattern + "' is not a date-time pattern (" + e.getMessage()
                    + "); expected letters of java.time's DateTimeFormatter, e.g. 'dd.MM.yyyy HH:mm:ss' or 'MM/dd/yyyy HH:mm'");
        }
    }

    long parse(String cell, int lineNo) {
        String s = cell.trim();
        if (s.isEmpty()) throw new CsvFormatException(source, lineNo, "empty timestamp in column '" + column + "'");
        if (formatter != null) return parsePattern(s, cell, lineNo);
        boolean isNum = looksNumeric(s);
        if (format == null) {
            numeric = isNum;
            if (isNum) {
                double v = parseNumber(s, cell, lineNo);
                unit = 0;
                while (unit < UNIT_BELOW.length && Math.abs(v) >= UNIT_BELOW[unit]) unit++;
                format = TimestampFormat.EPOCH_MILLIS;
            } else {
                long t = parseText(s, cell, lineNo);
                format = lastIso ? TimestampFormat.ISO : TimestampFormat.NAB;
                return t;
            }
        } else if (isNum != numeric) {
            throw unparseable(cell, lineNo, numeric ? " (earlier rows are numeric epoch " + UNITS[unit] + ")" : " (earlier rows are date-times)");
        }
        if (numeric) {
            long millis;
            if (unit == 0) {
                millis = Math.round(parseNumber(s, cell, lineNo) * 1000.0);
            } else {
                try {
                    millis = Math.floorDiv(Long.parseLong(s), PER_MILLI[unit]);   // exact: a double holds no nanos of today
                } catch (NumberFormatException e) {   // fractional or exponent form
                    millis = Math.round(parseNumber(s, cell, lineNo) / PER_MILLI[unit]);
                }
            }
            if (Math.abs(millis) > MAX_MILLIS) throw unparseable(cell, lineNo, " (out of range)");
            return millis;
        }
        return parseText(s, cell, lineNo);
    }

    private static boolean looksNumeric(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E') continue;
            if ((c == '-' || c == '+') && (i == 0 || s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')) continue;
            return false;
        }
        return true;
    }

    private double parseNumber(String s, String cell, int lineNo) {
        try {
            double v = Double.parseDouble(s);
            if (!Double.isFinite(v) || Math.abs(v) > 9.3e18) throw unparseable(cell, lineNo, " (out of range)");
            return v;
        } catch (NumberFormatException e) {
            throw unparseable(cell, lineNo, "");
        }
    }

    /** By the user's pattern: UTC unless it reads an offset or a zone (then written as ISO instants). */
    private long parsePattern(String s, String cell, int lineNo) {
        TemporalAccessor t;
        try {
            t = formatter.parseBest(s, ZonedDateTime::from, OffsetDateTime::from, LocalDateTime::from, LocalDate::from);
        } catch (DateTimeParseException e) {
            throw new CsvFormatException(source, lineNo, "timestamp '" + cell + "' in column '" + column
                    + "' does not match --timestamp-format '" + pattern + "'");
        }
        boolean zoned = t instanceof ZonedDateTime || t instanceof OffsetDateTime;
        if (format == null) format = zoned ? TimestampFormat.ISO : TimestampFormat.NAB;
        if (t instanceof ZonedDateTime z) return z.toInstant().toEpochMilli();
        if (t instanceof OffsetDateTime o) return o.toInstant().toEpochMilli();
        if (t instanceof LocalDateTime l) return l.toInstant(ZoneOffset.UTC).toEpochMilli();
        return ((LocalDate) t).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** {@code yyyy-MM-dd[( |T)HH:mm[:ss[.fff]]][Z|±HH[:]MM|±HH| UTC| GMT]}, or {@code yyyy/MM/dd} as the date. */
    private long parseText(String text, String cell, int lineNo) {
        String s = text;
        boolean utc = false;   // a zone named after the time, as database exports write it: an instant
        if (s.length() > 14 && (s.regionMatches(true, s.length() - 4, " UTC", 0, 4) || s.regionMatches(true, s.length() - 4, " GMT", 0, 4))) {
            s = s.substring(0, s.length() - 4);
            utc = true;
        }
        final int n = s.length();
        if (n < 10 || (s.charAt(4) != '-' && s.charAt(4) != '/') || s.charAt(7) != s.charAt(4)) throw unparseable(cell, lineNo, "");
        int year = digits(s, 0, 4), month = digits(s, 5, 7), day = digits(s, 8, 10);
        int hour = 0, min = 0, sec = 0, millis = 0, offset = 0;
        boolean space = false, zone = false;
        int p = 10;
        if (p < n) {
            char sep = s.charAt(p);
            if (sep == ' ') space = true;
            else if (sep != 'T' && sep != 't') throw unparseable(cell, lineNo, "");
            p++;
            if (p + 5 > n || s.charAt(p + 2) != ':') throw unparseable(cell, lineNo, "");
            hour = digits(s, p, p + 2);
            min = digits(s, p + 3, p + 5);
            p += 5;
            if (p < n && s.charAt(p) == ':') {
                if (p + 3 > n) throw unparseable(cell, lineNo, "");
                sec = digits(s, p + 1, p + 3);
                p += 3;
                if (p < n && (s.charAt(p) == '.' || s.charAt(p) == ',')) {
                    p++;
                    int start = p, scale = 100;
                    while (p < n && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
                        if (p - start < 3) millis += (s.charAt(p) - '0') * scale;
                        scale /= 10;
                        p++;
                    }
                    if (p == start) throw unparseable(cell, lineNo, "");
                }
            }
            if (p < n) {
                char z = s.charAt(p);
                zone = true;
                if (z == 'Z' || z == 'z') {
                    p++;
                } else if (z == '+' || z == '-') {
                    if (p + 3 > n) throw unparseable(cell, lineNo, "");
                    int oh = digits(s, p + 1, p + 3), om = 0;
                    p += 3;
                    if (p < n && s.charAt(p) == ':') p++;
                    if (p < n) {
                        if (p + 2 > n) throw unparseable(cell, lineNo, "");
                        om = digits(s, p, p + 2);
                        p += 2;
                    }
                    if (oh < 0 || oh > 18 || om < 0 || om > 59) throw unparseable(cell, lineNo, "");
                    offset = (z == '-' ? -1 : 1) * (oh * 3600 + om * 60);
                } else {
                    throw unparseable(cell, lineNo, "");
                }
            }
            if (p != n) throw unparseable(cell, lineNo, "");
        }
        if (year < 0 || hour < 0 || hour > 23 || min < 0 || min > 59 || sec < 0 || sec > 59) throw unparseable(cell, lineNo, "");
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            throw unparseable(cell, lineNo, "");
        }
        // Only the first row's style picks the output format; later rows may mix styles freely.
        lastIso = zone || utc || (n > 10 && !space);
        return ((epochDay * 86_400L + hour * 3600L + min * 60L + sec) - offset) * 1000L + millis;
    }

    private boolean lastIso;
    /** The latest epoch millis taken, about the year 287,000. */
    private static final double MAX_MILLIS = 9e15;

    /** Parses ASCII digits in [from, to); a large negative if any is not a digit (caught by the range checks). */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1_000_000;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private CsvFormatException unparseable(String cell, int lineNo, String why) {
        return new CsvFormatException(source, lineNo, "unparseable timestamp '" + cell + "' in column '" + column
                + "'" + why + "; expected yyyy-MM-dd HH:mm:ss, ISO-8601 or epoch seconds/millis/micros/nanos, or the pattern given as --timestamp-format"
                + suggestion(cell.trim()));
    }

    /**
     * For a date written day and month first ({@code 02.01.2020 10:00}, {@code 1/2/2020}), which the text cannot
     * order: the two patterns it may be, to give as --timestamp-format.
     */
    static String suggestion(String s) {
        int n = s.length();
        int a = run(s, 0);
        if (a < 1 || a > 2 || a >= n) return "";
        char sep = s.charAt(a);
        if (sep != '/' && sep != '.' && sep != '-') return "";
        int b = run(s, a + 1);
        if (b < 1 || b > 2 || a + 1 + b >= n || s.charAt(a + 1 + b) != sep) return "";
        int yearAt = a + 2 + b, y = run(s, yearAt);
        if (y != 4) return "";
        StringBuilder time = new StringBuilder();
        int p = yearAt + 4;
        if (p < n) {
            if (s.charAt(p) != ' ' && s.charAt(p) != 'T') return "";
            time.append(s.charAt(p) == 'T' ? "'T'" : " ");
            String[] fields = {"H", "m", "s"};
            for (int k = 0; k < 3 && p < n; k++) {
                int r = run(s, p + 1);
                if (r < 1 || r > 2) return "";
                if (k > 0) time.append(':');
                time.append(fields[k].repeat(r == 2 || k > 0 ? 2 : 1));
                p += 1 + r;
                if (p < n && s.charAt(p) != ':') break;
            }
            if (p < n && s.charAt(p) == '.') {
                int r = run(s, p + 1);
                if (r < 1) return "";
                time.append('.').append("S".repeat(r));
                p += 1 + r;
            }
            if (p != n) return "";
        }
        String dayFirst = (a == 2 ? "dd" : "d") + sep + (b == 2 ? "MM" : "M") + sep + "yyyy" + time;
        String monthFirst = (a == 2 ? "MM" : "M") + sep + (b == 2 ? "dd" : "d") + sep + "yyyy" + time;
        return " (day first: --timestamp-format '" + dayFirst + "'; month first: --timestamp-format '" + monthFirst + "')";
    }

    /** The number of ASCII digits from {@code from}. */
    private static int run(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
        return i - from;
    }
}
