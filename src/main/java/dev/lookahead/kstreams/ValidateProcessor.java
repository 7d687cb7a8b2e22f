package dev.lookahead.kstreams;

import dev.lookahead.stream.AvroBytes;
import dev.lookahead.stream.AvroOutputs;
import dev.lookahead.stream.ReadingDecoder;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decodes and validates raw records: a good one is re-keyed by its sensor key (the repartition that follows puts
 * each key's readings on one task, in order); a bad one becomes a {@code DeadLetter} with a null key, for the
 * dead-letter branch. Never throws on bad bytes.
 */
final class ValidateProcessor implements Processor<byte[], byte[], String, byte[]> {

    private final int maxRecordBytes;
    private final long minTime, maxTime;
    private ProcessorContext<String, byte[]> context;
    private ReadingDecoder decoder;
    private org.apache.kafka.common.metrics.Sensor recordsIn, deadLetters;

    ValidateProcessor(int maxRecordBytes, long minTime, long maxTime) {
        this.maxRecordBytes = maxRecordBytes;
        this.minTime = minTime;
        this.maxTime = maxTime;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.decoder = new ReadingDecoder(maxRecordBytes, minTime, maxTime);
        recordsIn = Metrics.sensor(context, "recordsIn");
        deadLetters = Metrics.sensor(context, "deadLetters");
    }

    @Override
    public void process(Record<byte[], byte[]> r) {
        recordsIn.record();
        ReadingDecoder.Result res = decoder.decode(r.value());
        if (res.ok()) {
            context.forward(r.withKey(res.reading().getKey()));
        } else {
            deadLetters.record();
            var meta = context.recordMetadata();
            byte[] dl = AvroBytes.write(AvroOutputs.deadLetter(r.value(), r.key(), meta.map(m -> m.topic()).orElse(null),
                    meta.map(m -> m.partition()).orElse(null), meta.map(m -> m.offset()).orElse(null), res.rejection(),
                    System.currentTimeMillis()));
            context.forward(new Record<String, byte[]>(null, dl, r.timestamp(), r.headers()));
        }
    }
}
