package dev.lookahead.stream;

import dev.lookahead.avro.SensorReading;
import dev.lookahead.model.AvroTrust;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

import java.util.Map;

/**
 * Raw record bytes (plain Avro binary of {@code SensorReading}, no header or registry prefix) to a reading, or a
 * {@link Rejection} that says why not. Never throws on bad bytes: a stream job must route them to the dead-letter
 * topic, not crash-loop on them.
 *
 * <p>Rules, in order: a tombstone (null value); empty; over {@code maxRecordBytes}; bytes that do not decode, or decode with bytes left
 * over (another schema's record often parses as a prefix); a blank key or one over 256 characters; event time
 * outside {@code [minTime, maxTime]} (absolute bounds, not the wall clock, so a replay of old data is judged
 * exactly as it was live); no channels or a blank channel name; an infinite value. NaN is the schema's "missing"
 * and is imputed by the detector, unless every channel is NaN (nothing to score).
 */
public final class ReadingDecoder {

    public static final int MAX_KEY_LENGTH = 256;

    static {
        AvroTrust.ensure();
    }

    private final int maxRecordBytes;
    private final long minTime;
    private final long maxTime;
    private final SpecificDatumReader<SensorReading> reader = new SpecificDatumReader<>(SensorReading.class);
    private BinaryDecoder decoder;

    public ReadingDecoder(int maxRecordBytes, long minTime, long maxTime) {
        if (maxRecordBytes < 16) throw new IllegalArgumentException("ingest.max-record-bytes: " + maxRecordBytes + " is not allowed; expected >= 16");
        if (minTime >= maxTime) throw new IllegalArgumentException("ingest.min-time must be before ingest.max-time");
        this.maxRecordBytes = maxRecordBytes;
        this.minTime = minTime;
        this.maxTime = maxTime;
    }

    /** The outcome of decoding: exactly one of {@code reading} and {@code rejection} is set. */
    public record Result(SensorReading reading, Rejection rejection) {
        public boolean ok() {
            return reading != null;
        }
    }

    public Result decode(byte[] bytes) {
        if (bytes == null) return reject(Rejection.TOMBSTONE, "tombstone: a record with a null value, a deletion marker rather than a reading");
        if (bytes.length == 0) return reject(Rejection.EMPTY, "empty record: a value of zero bytes");
        if (bytes.length > maxRecordBytes)
            return reject(Rejection.OVERSIZED, "record of " + bytes.length + " bytes exceeds ingest.max-record-bytes " + maxRecordBytes);
        SensorReading r;
        try {
            decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
            r = reader.read(null, decoder);
            if (!decoder.isEnd())
                return reject(Rejection.SCHEMA, "not a SensorReading: " + remaining(bytes.length) + " bytes left after decoding");
        } catch (Exception | StackOverflowError e) {
            return reject(Rejection.MALFORMED, "not Avro SensorReading bytes: " + oneLine(e));
        }
        String key = r.getKey();
        if (key == null || key.isBlank()) return reject(Rejection.INVALID_KEY, "blank key");
        if (key.length() > MAX_KEY_LENGTH)
            return reject(Rejection.INVALID_KEY, "key of " + key.length() + " characters; at most " + MAX_KEY_LENGTH);
        long t = r.getTime().toEpochMilli();
        if (t < minTime || t > maxTime)
            return reject(Rejection.INVALID_TIME, "event time " + r.getTime() + " outside [" + java.time.Instant.ofEpochMilli(minTime)
                    + ", " + java.time.Instant.ofEpochMilli(maxTime) + "] (ingest.min-time, ingest.max-time)");
        Map<String, Double> ch = r.getChannels();
        if (ch.isEmpty()) return reject(Rejection.INVALID_CHANNELS, "no channels");
        boolean anyFinite = false;
        for (Map.Entry<String, Double> e : ch.entrySet()) {
            if (e.getKey().isBlank()) return reject(Rejection.INVALID_CHANNELS, "blank channel name");
            double v = e.getValue();
            if (Double.isInfinite(v)) return reject(Rejection.NON_FINITE, "channel '" + e.getKey() + "' is " + v);
            if (!Double.isNaN(v)) anyFinite = true;
        }
        if (!anyFinite) return reject(Rejection.NON_FINITE, "every channel is NaN: nothing to score");
        return new Result(r, null);
    }

    private int remaining(int total) {
        try {
            return decoder.inputStream().available();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static Result reject(String cls, String reason) {
        return new Result(null, new Rejection(cls, reason));
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        m = m.replace('\n', ' ');
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
