package dev.lookahead.e2e;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Every key's committed scored points, checked in the order a read_committed consumer sees them (a key's records
 * share a partition): the next point of key k must be point {@code next[k]}. A point below it was seen already
 * (a duplicate, or a late one after a skip); a point above it means some were skipped. At the end every key must
 * have reached the number of points produced for it. One reader thread calls {@link #accept}.
 */
public final class SequenceCheck {

    private final int[] next;
    private volatile long accepted, duplicates, skips;
    private BinaryDecoder decoder;

    public SequenceCheck(int keys) {
        next = new int[keys];
    }

    /** A scored point of key {@code k} with index {@code j} (0 = the key's first point). */
    public void accept(int k, long j) {
        if (j == next[k]) next[k]++;
        else if (j < next[k]) duplicates++;
        else {
            skips++;
            next[k] = (int) j + 1;
        }
        accepted++;
    }

    /** A committed ScoredPoint record of the synthetic readings (key {@code sensor-NNNNNNN}, one point a second). */
    void accept(ConsumerRecord<byte[], byte[]> r) {
        byte[] key = r.key();
        int k = 0;
        for (int i = key.length - 7; i < key.length; i++) k = k * 10 + (key[i] - '0');
        long time;
        try {
            decoder = DecoderFactory.get().binaryDecoder(r.value(), decoder);
            decoder.skipString();         // ScoredPoint.key
            time = decoder.readLong();    // ScoredPoint.time
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        accept(k, (time - SyntheticReadings.BASE_TIME) / SyntheticReadings.INTERVAL_MS);
    }

    /** Points accepted in all. */
    public long accepted() {
        return accepted;
    }

    /** Points seen again, or late after a skip. */
    public long duplicates() {
        return duplicates;
    }

    /** Times a key's next point was not the one expected but a later one. */
    public long skips() {
        return skips;
    }

    /** The outcome against the points produced: every key's sequence must end at {@code pointsPerKey[k]}. */
    public Outcome outcome(int[] pointsPerKey) {
        long complete = 0, missing = 0, extra = 0;
        for (int k = 0; k < next.length; k++) {
            if (next[k] == pointsPerKey[k]) complete++;
            else if (next[k] < pointsPerKey[k]) missing += pointsPerKey[k] - next[k];
            else extra += next[k] - pointsPerKey[k];
        }
        return new Outcome(next.length, complete, accepted, duplicates, skips, missing, extra);
    }

    /**
     * @param keysComplete keys whose every point came, once, in order
     * @param missing      points never seen at the end of a key's sequence
     * @param beyond       points past what was produced (cannot happen unless the input is not what was counted)
     */
    public record Outcome(long keys, long keysComplete, long accepted, long duplicates, long skips, long missing, long beyond) {
        /** Every point exactly once, every key's sequence complete and in order. */
        public boolean exact() {
            return keysComplete == keys && duplicates == 0 && skips == 0 && missing == 0 && beyond == 0;
        }
    }
}
