package dev.lookahead.io;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * A file's timestamp column, parsed cell by cell: the first row fixes the kind (text or numeric, and for numbers
 * seconds or millis) and so the {@link TimestampFormat} output is written in; later rows must be of the same kind.
 * The rules are {@link CsvReader}'s (see "Timestamps" there). Hand-written, no regex and no DateTimeFormatter: it
 * runs once per row.
 */
final class TimestampParser {

    private final String source;
    String column = "timestamp";
    TimestampFormat format;          // null until the first row
    private boolean numeric;
    private boolean seconds;

    TimestampParser(String source) {
        this.source = source;
    }

    long parse(String cell, int lineNo) {
        String s = cell.trim();
        if (s.isEmpty()) throw new CsvFormatException(source, lineNo, "empty timestamp in column '" + column + "'");
        boolean isNum = looksNumeric(s);
        if (format == null) {
            numeric = isNum;
            if (isNum) {
                double v = parseNumber(s, cell, lineNo);
                seconds = Math.abs(v) < 1e11;
                format = TimestampFormat.EPOCH_MILLIS;
            } else {
                long t = parseText(s, cell, lineNo);
                format = lastIso ? TimestampFormat.ISO : TimestampFormat.NAB;
                return t;
            }
        } else if (isNum != numeric) {
            throw unparseable(cell, lineNo, numeric ? " (earlier rows are numeric epoch "
                    + (seconds ? "seconds" : "millis") + ")" : " (earlier rows are date-times)");
        }
        if (numeric) {
            if (!seconds) {
                try {
                    return Long.parseLong(s);
                } catch (NumberFormatException ignored) {
                    // fractional or exponent form: fall through
                }
                return Math.round(parseNumber(s, cell, lineNo));
            }
            return Math.round(parseNumber(s, cell, lineNo) * 1000.0);
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
            if (!Double.isFinite(v) || Math.abs(v) > 9e15) throw unparseable(cell, lineNo, " (out of range)");
            return v;
        } catch (NumberFormatException e) {
            throw unparseable(cell, lineNo, "");
        }
    }

    /** {@code yyyy-MM-dd[( |T)HH:mm[:ss[.fff]]][Z|±HH[:]MM|±HH]}. */
    private long parseText(String s, String cell, int lineNo) {
        final int n = s.length();
        if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') throw unparseable(cell, lineNo, "");
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
        lastIso = zone || (n > 10 && !space);
        return ((epochDay * 86_400L + hour * 3600L + min * 60L + sec) - offset) * 1000L + millis;
    }

    private boolean lastIso;

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
                + "'" + why + "; expected yyyy-MM-dd HH:mm:ss, ISO-8601 or epoch millis/seconds");
    }
}
