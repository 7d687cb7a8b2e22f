package dev.lookahead.io;

import java.time.LocalDate;

/**
 * How timestamps are written, chosen from what the reader detected so output looks like its input.
 * All formats are UTC and locale-independent.
 */
public enum TimestampFormat {
    /** NAB style {@code 2014-04-01 00:00:00}, with {@code .SSS} appended only when the millis are non-zero. */
    NAB,
    /** ISO-8601 instant {@code 2014-04-01T00:00:00Z}, with {@code .SSS} only when the millis are non-zero. */
    ISO,
    /** Epoch millis as a decimal long. Also used for input given as (fractional) epoch seconds. */
    EPOCH_MILLIS,
    /**
     * A file without timestamps: its rows are one second apart from the epoch, written as {@link #ISO} instants
     * ({@code 1970-01-01T00:00:05Z} is the sixth row), which every reader of the outputs takes back.
     */
    ROW;

    /** Formats epoch millis. Hand-rolled rather than DateTimeFormatter: one call per output row. */
    public String format(long epochMillis) {
        if (this == EPOCH_MILLIS) return Long.toString(epochMillis);
        long secs = Math.floorDiv(epochMillis, 1000L);
        int millis = (int) Math.floorMod(epochMillis, 1000L);
        long day = Math.floorDiv(secs, 86_400L);
        int sod = (int) Math.floorMod(secs, 86_400L);
        LocalDate d = LocalDate.ofEpochDay(day);
        StringBuilder sb = new StringBuilder(24);
        int y = d.getYear();
        if (y < 0 || y > 9999) sb.append(y); else pad(sb, y, 4);
        sb.append('-');
        pad(sb, d.getMonthValue(), 2);
        sb.append('-');
        pad(sb, d.getDayOfMonth(), 2);
        sb.append(this == NAB ? ' ' : 'T');
        pad(sb, sod / 3600, 2);
        sb.append(':');
        pad(sb, (sod / 60) % 60, 2);
        sb.append(':');
        pad(sb, sod % 60, 2);
        if (millis != 0) {
            sb.append('.');
            pad(sb, millis, 3);
        }
        if (this != NAB) sb.append('Z');
        return sb.toString();
    }

    private static void pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) sb.append('0');
        sb.append(s);
    }
}
