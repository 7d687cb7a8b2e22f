package dev.lookahead.e2e.cluster;

import dev.lookahead.avro.SensorReading;
import dev.lookahead.e2e.SyntheticReadings;
import dev.lookahead.stream.AvroBytes;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The cluster runs' input, a pure function of (keys, points per key, seed): K x N synthetic readings (key after key,
 * point after point, so every key advances together) with bad records mixed in, each keyed by a real sensor key so
 * it shares that key's partition and its dead letter has a place in that key's order.
 *
 * <ul>
 *   <li>Keys 0-5 get records the validation rejects: garbage bytes, an empty value, another schema's bytes, an event
 *       time out of bounds, an infinite value, a blank key inside the record (MALFORMED, SCHEMA, INVALID_TIME,
 *       NON_FINITE, INVALID_KEY).</li>
 *   <li>Keys 6-8 get readings the detector drops for order (a duplicate and a late point: ORDER). These come from the
 *       score operator, the others from validation; the two are kept on different keys because a key's letters from
 *       two operators may interleave differently from run to run, while each operator keeps a key's order.</li>
 * </ul>
 */
final class ClusterInput {

    /** One input record; {@code scored}: it becomes a scored point, otherwise a dead letter. */
    record Record(byte[] key, byte[] value, boolean scored) {
    }

    private static final int VALIDATION_KEYS = 6, ORDER_KEYS = 3, ROUNDS = 4;

    private final List<Record> records;
    private final long scored, deadLetters;

    ClusterInput(int keys, int pointsPerKey, long seed) {
        if (keys < VALIDATION_KEYS + ORDER_KEYS) throw new IllegalArgumentException("--keys: at least " + (VALIDATION_KEYS + ORDER_KEYS));
        if (pointsPerKey < 5 * (ROUNDS + 1)) throw new IllegalArgumentException("--points-per-key: at least " + 5 * (ROUNDS + 1));
        SyntheticReadings readings = new SyntheticReadings(seed);
        List<Record> out = new ArrayList<>();
        long bad = 0;
        int every = pointsPerKey / (ROUNDS + 1);
        for (int j = 0; j < pointsPerKey; j++) {
            for (int k = 0; k < keys; k++) {
                byte[] key = SyntheticReadings.keyBytes(k);
                out.add(new Record(key, readings.reading(k, j), true));
                boolean badPoint = j > 0 && j % every == 0 && j / every <= ROUNDS;
                if (!badPoint) continue;
                int round = j / every - 1;
                if (k < VALIDATION_KEYS) {
                    out.add(new Record(key, invalid((k + round) % 6, k, j, seed), false));
                    bad++;
                } else if (k < VALIDATION_KEYS + ORDER_KEYS) {
                    // the same reading again (a duplicate), or one from 3 points back (late): both dropped for order
                    out.add(new Record(key, readings.reading(k, round % 2 == 0 ? j : j - 3), false));
                    bad++;
                }
            }
        }
        this.records = Collections.unmodifiableList(out);
        this.deadLetters = bad;
        this.scored = out.size() - bad;
    }

    private static byte[] invalid(int kind, int k, int j, long seed) {
        String key = SyntheticReadings.key(k);
        Instant t = Instant.ofEpochMilli(SyntheticReadings.BASE_TIME + j * SyntheticReadings.INTERVAL_MS);
        return switch (kind) {
            case 0 -> {   // not Avro: an over-long varint first
                byte[] b = new byte[24];
                Arrays.fill(b, (byte) 0xFF);
                b[20] = (byte) (seed + k + j);
                yield b;
            }
            case 1 -> null;   // a tombstone
            case 2 -> {   // a reading with bytes left over: another schema's record
                byte[] r = reading(key, t, 1.0), b = Arrays.copyOf(r, r.length + 3);
                b[r.length] = 2;
                yield b;
            }
            case 3 -> reading(key, Instant.parse("2200-01-01T00:00:00Z"), 1.0);
            case 4 -> reading(key, t, Double.POSITIVE_INFINITY);
            default -> reading(" ", t, 1.0);
        };
    }

    private static byte[] reading(String key, Instant t, double v) {
        return AvroBytes.write(SensorReading.newBuilder().setKey(key).setTime(t).setChannels(Map.of("value", v)).build());
    }

    List<Record> records() {
        return records;
    }

    int size() {
        return records.size();
    }

    /** Records that become scored points. */
    long scored() {
        return scored;
    }

    long deadLetters() {
        return deadLetters;
    }

    static String keyString(byte[] key) {
        return key == null ? "<null>" : new String(key, StandardCharsets.UTF_8);
    }
}
