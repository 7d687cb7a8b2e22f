package dev.lookahead.kstreams;

import dev.lookahead.stream.RecordValidator;
import dev.lookahead.stream.SourceRef;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decodes and validates raw records ({@link RecordValidator}): a good one is re-keyed by its sensor key (the
 * repartition that follows puts each key's readings on one task, in order); a bad one becomes a {@code DeadLetter}
 * with a null key, for the dead-letter branch. Never throws on bad bytes.
 */
final class ValidateProcessor implements Processor<byte[], byte[], String, byte[]> {

    private final int maxRecordBytes;
    private final long minTime, maxTime;
    private ProcessorContext<String, byte[]> context;
    private RecordValidator validator;

    ValidateProcessor(int maxRecordBytes, long minTime, long maxTime) {
        this.maxRecordBytes = maxRecordBytes;
        this.minTime = minTime;
        this.maxTime = maxTime;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.validator = new RecordValidator(maxRecordBytes, minTime, maxTime, new Metrics(context), System::currentTimeMillis);
    }

    @Override
    public void process(Record<byte[], byte[]> r) {
        var meta = context.recordMetadata();
        SourceRef source = new SourceRef(meta.map(m -> m.topic()).orElse(null), meta.map(m -> m.partition()).orElse(null),
                meta.map(m -> m.offset()).orElse(null), r.key());
        String key = validator.validate(r.value(), source,
                dl -> context.forward(new Record<String, byte[]>(null, dl, r.timestamp(), r.headers())));
        if (key != null) context.forward(r.withKey(key));
    }
}
