package dev.lookahead.stream;

import java.util.function.LongSupplier;

/**
 * The validation step of every stream runtime: raw record bytes to the reading's sensor key, or a dead letter
 * with the reason ({@link ReadingDecoder}), counted in {@link Metric#RECORDS_IN} and {@link Metric#DEAD_LETTERS}.
 * Never throws on bad bytes. Not thread-safe: one per task.
 */
public final class RecordValidator {

    private final ReadingDecoder decoder;
    private final LongSupplier clock;
    private final StreamMetrics.Counter recordsIn, deadLetters;

    public RecordValidator(int maxRecordBytes, long minTime, long maxTime, StreamMetrics metrics, LongSupplier clock) {
        this.decoder = new ReadingDecoder(maxRecordBytes, minTime, maxTime);
        this.clock = clock;
        this.recordsIn = metrics.counter(Metric.RECORDS_IN);
        this.deadLetters = metrics.counter(Metric.DEAD_LETTERS);
    }

    /** The sensor key of a good record; null for a bad one, whose dead letter (topic bytes) goes to {@code deadLetter}. */
    public String validate(byte[] value, SourceRef source, java.util.function.Consumer<byte[]> deadLetter) {
        recordsIn.inc();
        ReadingDecoder.Result res = decoder.decode(value);
        if (res.ok()) return res.reading().getKey();
        deadLetters.inc();
        deadLetter.accept(AvroBytes.write(AvroOutputs.deadLetter(value, source.rawKey(), source.topic(), source.partition(),
                source.offset(), res.rejection(), clock.getAsLong())));
        return null;
    }
}
