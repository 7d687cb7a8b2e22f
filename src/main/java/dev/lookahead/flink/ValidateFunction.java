package dev.lookahead.flink;

import dev.lookahead.stream.RecordValidator;
import dev.lookahead.stream.SourceRef;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Decodes and validates raw records ({@link RecordValidator}); a bad one goes to the dead-letter side output with its reason, never an exception. */
public class ValidateFunction extends ProcessFunction<RawRecord, KeyedRecord> {

    public static final OutputTag<OutRecord> DEAD_LETTERS = new OutputTag<>("dead-letters", TypeInformation.of(OutRecord.class));

    private final int maxRecordBytes;
    private final long minTime;
    private final long maxTime;
    private transient RecordValidator validator;

    public ValidateFunction(int maxRecordBytes, long minTime, long maxTime) {
        this.maxRecordBytes = maxRecordBytes;
        this.minTime = minTime;
        this.maxTime = maxTime;
    }

    @Override
    public void open(OpenContext ctx) {
        validator = new RecordValidator(maxRecordBytes, minTime, maxTime, new FlinkMetrics(getRuntimeContext().getMetricGroup()),
                System::currentTimeMillis);
    }

    @Override
    public void processElement(RawRecord r, Context ctx, Collector<KeyedRecord> out) {
        String key = validator.validate(r.value, new SourceRef(r.topic, r.partition, r.offset, r.key),
                dl -> ctx.output(DEAD_LETTERS, new OutRecord(r.key, dl)));
        if (key != null) out.collect(new KeyedRecord(key, r));
    }
}
