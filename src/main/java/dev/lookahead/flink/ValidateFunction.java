package dev.lookahead.flink;

import dev.lookahead.stream.AvroBytes;
import dev.lookahead.stream.AvroOutputs;
import dev.lookahead.stream.ReadingDecoder;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.nio.charset.StandardCharsets;

/** Decodes and validates raw records; a bad one goes to the dead-letter side output with its reason, never an exception. */
public class ValidateFunction extends ProcessFunction<RawRecord, KeyedRecord> {

    public static final OutputTag<OutRecord> DEAD_LETTERS = new OutputTag<>("dead-letters", org.apache.flink.api.common.typeinfo.TypeInformation.of(OutRecord.class));

    private final int maxRecordBytes;
    private final long minTime;
    private final long maxTime;
    private transient ReadingDecoder decoder;
    private transient Counter recordsIn;
    private transient Counter deadLetters;

    public ValidateFunction(int maxRecordBytes, long minTime, long maxTime) {
        this.maxRecordBytes = maxRecordBytes;
        this.minTime = minTime;
        this.maxTime = maxTime;
    }

    @Override
    public void open(OpenContext ctx) {
        decoder = new ReadingDecoder(maxRecordBytes, minTime, maxTime);
        var group = getRuntimeContext().getMetricGroup().addGroup("lookahead");
        recordsIn = group.counter("recordsIn");
        deadLetters = group.counter("deadLetters");
    }

    @Override
    public void processElement(RawRecord r, Context ctx, Collector<KeyedRecord> out) {
        recordsIn.inc();
        ReadingDecoder.Result res = decoder.decode(r.value);
        if (res.ok()) {
            out.collect(new KeyedRecord(res.reading().getKey(), r));
        } else {
            deadLetters.inc();
            byte[] dl = AvroBytes.write(AvroOutputs.deadLetter(r.value, r.key, r.topic, r.partition, r.offset,
                    res.rejection(), System.currentTimeMillis()));
            ctx.output(DEAD_LETTERS, new OutRecord(r.key, dl));
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
