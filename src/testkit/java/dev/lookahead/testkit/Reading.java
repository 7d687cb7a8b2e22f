package dev.lookahead.testkit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One sensor reading to replay: a key, an event time and named channel values (NaN for a missing value), as the
 * input topic's {@code SensorReading} carries it.
 */
public record Reading(String key, Instant time, Map<String, Double> channels) {

    public Reading {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(time, "time");
        channels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(channels));
        if (channels.isEmpty()) throw new IllegalArgumentException("a reading needs at least one channel");
    }

    /** A univariate reading (channel {@code value}). */
    public static Reading of(String key, Instant time, double value) {
        return new Reading(key, time, Map.of("value", value));
    }

    /** A univariate reading at an ISO-8601 instant or {@code yyyy-MM-dd HH:mm:ss} (UTC). */
    public static Reading of(String key, String time, double value) {
        return of(key, TimeRange.instant(time), value);
    }

    public static Reading of(String key, Instant time, Map<String, Double> channels) {
        return new Reading(key, time, channels);
    }
}
