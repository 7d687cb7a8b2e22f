package dev.lookahead.flink;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.stream.Metric;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.OutputTag;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scoring operator in Flink's keyed broadcast operator test harness (keyed and broadcast state, timers,
 * watermarks, snapshot and restore), with its outputs per key and the operator's own counters.
 */
final class ScoringHarness implements AutoCloseable {

    final KeyedBroadcastOperatorTestHarness<String, KeyedRecord, byte[], OutRecord> h;
    private final ScoringFunction fn;
    private long offset;

    ScoringHarness(LstmModel model, DetectorConfig config, boolean bounded, long stateTtlMillis, OperatorSubtaskState restore) throws Exception {
        fn = new ScoringFunction(ModelSnapshots.toBytes(model), config, stateTtlMillis, bounded);
        h = new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(fn, List.of(ScoringFunction.MODEL)),
                (KeyedRecord r) -> r.key, Types.STRING, 128, 1, 0);
        h.setup();
        if (restore != null) h.initializeState(restore);
        h.open();
    }

    ScoringHarness(LstmModel model, DetectorConfig config, OperatorSubtaskState restore) throws Exception {
        this(model, config, false, 0, restore);
    }

    void feed(List<byte[][]> records) throws Exception {
        for (byte[][] kv : records) {
            RawRecord raw = new RawRecord(kv[0], kv[1], "in", 0, offset++);
            h.processElement(new KeyedRecord(new String(kv[0], StandardCharsets.UTF_8), raw), 0L);
        }
    }

    /** The final watermark of bounded input, on both inputs. */
    void endOfInput() throws Exception {
        h.processWatermark(new Watermark(Long.MAX_VALUE));
        h.processBroadcastWatermark(new Watermark(Long.MAX_VALUE));
    }

    OperatorSubtaskState snapshot() throws Exception {
        return h.snapshot(1L, 1L);
    }

    /** Scored points per key, in output order. */
    Map<String, List<byte[]>> scored() {
        Map<String, List<byte[]>> out = new LinkedHashMap<>();
        for (OutRecord r : h.extractOutputValues()) out.computeIfAbsent(key(r), k -> new ArrayList<>()).add(r.value);
        return out;
    }

    Map<String, List<byte[]>> side(OutputTag<OutRecord> tag) {
        Map<String, List<byte[]>> out = new LinkedHashMap<>();
        var q = h.getSideOutput(tag);
        if (q != null) for (StreamRecord<OutRecord> r : q) out.computeIfAbsent(key(r.getValue()), k -> new ArrayList<>()).add(r.getValue().value);
        return out;
    }

    long count(Metric m, String cause) {
        return fn.count(m, cause);
    }

    long count(Metric m) {
        return fn.count(m, null);
    }

    /** Overwrites one key's state bytes in the keyed state backend, as a damaged checkpoint would. */
    void overwriteState(String key, byte[] bytes) throws Exception {
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(key);
        ValueState<byte[]> s = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                new ValueStateDescriptor<>("key-state", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        s.update(bytes);
    }

    private static String key(OutRecord r) {
        return new String(r.key, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        h.close();
    }
}
