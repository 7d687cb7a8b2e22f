package dev.lookahead.e2e;

import dev.lookahead.avro.SensorReading;
import dev.lookahead.stream.AvroBytes;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * The benchmark's readings: key {@code k}'s {@code j}-th point, a pure function of (seed, k, j). One channel, a
 * daily-like sine with its own phase per key plus deterministic noise, one second of event time apart (so the
 * detector sees a regular key and never imputes a gap), and a rare spike after warm-up so anomalies flow too.
 */
public final class SyntheticReadings {

    /** Event time of every key's point 0. */
    public static final long BASE_TIME = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    public static final long INTERVAL_MS = 1000;
    private static final int SPIKE_EVERY = 4096;   // about one spike in this many points past warm-up

    private final long seed;

    public SyntheticReadings(long seed) {
        this.seed = seed;
    }

    public static String key(int k) {
        return String.format(java.util.Locale.ROOT, "sensor-%07d", k);
    }

    public static byte[] keyBytes(int k) {
        return key(k).getBytes(StandardCharsets.UTF_8);
    }

    public double value(int k, long j) {
        long h = mix(seed ^ mix(k * 0x9E3779B97F4A7C15L + j));
        double noise = ((h >>> 11) * 0x1.0p-53 - 0.5) * 0.6;              // uniform, +-0.3
        double phase = (mix(seed + k) >>> 11) * 0x1.0p-53 * 2 * Math.PI;
        double v = 20 + 3 * Math.sin(2 * Math.PI * j / 96.0 + phase) + noise;
        if (j >= 128 && Long.remainderUnsigned(h, SPIKE_EVERY) == 0) v += 25;
        return v;
    }

    public byte[] reading(int k, long j) {
        return AvroBytes.write(SensorReading.newBuilder().setKey(key(k))
                .setTime(Instant.ofEpochMilli(BASE_TIME + j * INTERVAL_MS))
                .setChannels(Map.of("value", value(k, j))).build());
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
