package dev.lookahead.testkit;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A closed range of event time, {@code [from, to]}: where an incident is expected to start.
 * {@code between("2024-03-01T10:00:00Z", "2024-03-01T10:30:00Z")}; the CSV form {@code 2024-03-01 10:00:00} (UTC)
 * works too.
 */
public record TimeRange(Instant from, Instant to) {

    public TimeRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) throw new IllegalArgumentException("the range ends (" + to + ") before it starts (" + from + ")");
    }

    public static TimeRange between(Instant from, Instant to) {
        return new TimeRange(from, to);
    }

    /** Epoch millis. */
    public static TimeRange between(long fromMillis, long toMillis) {
        return new TimeRange(Instant.ofEpochMilli(fromMillis), Instant.ofEpochMilli(toMillis));
    }

    /** ISO-8601 instants, or {@code yyyy-MM-dd HH:mm:ss} in UTC as recordings write them. */
    public static TimeRange between(String from, String to) {
        return new TimeRange(instant(from), instant(to));
    }

    public boolean contains(long epochMillis) {
        return epochMillis >= from.toEpochMilli() && epochMillis <= to.toEpochMilli();
    }

    static Instant instant(String s) {
        try {
            if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$")) return java.time.OffsetDateTime.parse(s.replace(' ', 'T')).toInstant();
            return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + s + "' is not an ISO-8601 instant or yyyy-MM-dd HH:mm:ss (UTC)", e);
        }
    }

    @Override
    public String toString() {
        return "[" + from + ", " + to + "]";
    }
}
