package dev.lookahead.flink;

import dev.lookahead.avro.Anomaly;
import dev.lookahead.avro.ScoredPoint;
import dev.lookahead.avro.SensorReading;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.stream.AvroBytes;
import dev.lookahead.stream.AvroOutputs;
import dev.lookahead.stream.KeyScorer;
import dev.lookahead.stream.Rejection;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The keyed scoring operator: per key, the {@link KeyScorer}'s state bytes in a {@code ValueState<byte[]>} (the
 * core's compact codec, ~510 bytes at H=32; no Kryo, no POJO analysis); the model as broadcast state. Main output:
 * every scored point; side outputs: anomalies (one per incident by default) and dead letters for points the
 * detector dropped (duplicates, out of order, late), so nothing read is lost.
 *
 * <p>Model switch rule: a subtask adopts a snapshot from the models topic when it arrives on the broadcast input
 * (same group, higher version); each key then switches at its own next reading (the detector resets the key's
 * head correction then), and every scored point names the version that scored it. After a restore, the
 * broadcast state brings back the version in force at the checkpoint.
 */
public class ScoringFunction extends KeyedBroadcastProcessFunction<String, KeyedRecord, byte[], OutRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringFunction.class);

    public static final OutputTag<OutRecord> ANOMALIES = new OutputTag<>("anomalies", TypeInformation.of(OutRecord.class));
    public static final OutputTag<OutRecord> DEAD_LETTERS = new OutputTag<>("dropped", TypeInformation.of(OutRecord.class));
    public static final MapStateDescriptor<String, byte[]> MODEL = new MapStateDescriptor<>("model",
            BasicTypeInfo.STRING_TYPE_INFO, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    private static final String CURRENT = "current";

    private final byte[] initialModel;
    private final DetectorConfig config;
    private final long stateTtlMillis;

    private transient KeyScorer scorer;
    private transient byte[] adopted;          // the broadcast snapshot the scorer runs, by identity
    private transient ValueState<byte[]> state;
    private transient Counter scored, anomalies, dropped, outOfOrder, modelSwitches, newKeys;
    private transient Histogram nanosPerRecord;
    private transient volatile long modelVersion;

    /**
     * @param initialModel   snapshot bytes ({@link ModelSnapshots#toBytes}) used until the models topic says otherwise
     * @param stateTtlMillis a key silent this long (processing time) loses its state; 0 keeps state forever
     */
    public ScoringFunction(byte[] initialModel, DetectorConfig config, long stateTtlMillis) {
        this.initialModel = initialModel;
        this.config = config;
        this.stateTtlMillis = stateTtlMillis;
    }

    @Override
    public void open(OpenContext ctx) {
        LstmModel m = ModelSnapshots.fromBytes(initialModel);
        scorer = new KeyScorer(m, config);
        modelVersion = m.version();
        ValueStateDescriptor<byte[]> d = new ValueStateDescriptor<>("key-state", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        if (stateTtlMillis > 0)
            d.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMillis(stateTtlMillis))
                    .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                    .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired).build());
        state = getRuntimeContext().getState(d);
        var g = getRuntimeContext().getMetricGroup().addGroup("lookahead");
        scored = g.counter("scored");
        anomalies = g.counter("anomalies");
        dropped = g.counter("droppedByDetector");
        outOfOrder = g.counter("outOfOrder");
        modelSwitches = g.counter("modelSwitches");
        newKeys = g.counter("newKeys");   // keys seen for the first time (or again after their state expired)
        nanosPerRecord = g.histogram("processingNanos", new DescriptiveStatisticsHistogram(1000));
        g.gauge("modelVersion", () -> modelVersion);
    }

    @Override
    public void processElement(KeyedRecord r, ReadOnlyContext ctx, Collector<OutRecord> out) throws Exception {
        long t0 = System.nanoTime();
        ReadOnlyBroadcastState<String, byte[]> models = ctx.getBroadcastState(MODEL);
        byte[] current = models.get(CURRENT);
        if (current != null && current != adopted) adopt(current);
        SensorReading reading = AvroBytes.read(SensorReading.class, r.value);
        byte[] keyBytes = r.key.getBytes(StandardCharsets.UTF_8);
        byte[] previous = state.value();
        if (previous == null) newKeys.inc();
        byte[] next = scorer.score(previous, reading, r.offset, new KeyScorer.Sink() {
            @Override
            public void scored(ScoredPoint p) {
                scored.inc();
                if (p.getFlags().getOutOfOrder()) outOfOrder.inc();
                out.collect(new OutRecord(keyBytes, AvroBytes.write(p)));
            }

            @Override
            public void anomaly(Anomaly a) {
                anomalies.inc();
                ctx.output(ANOMALIES, new OutRecord(keyBytes, AvroBytes.write(a)));
            }

            @Override
            public void dropped(SensorReading rd, Rejection why) {
                dropped.inc();
                if (Rejection.ORDER.equals(why.errorClass())) outOfOrder.inc();
                ctx.output(DEAD_LETTERS, new OutRecord(keyBytes, AvroBytes.write(AvroOutputs.deadLetter(
                        AvroBytes.write(rd), keyBytes, r.topic, r.partition, r.offset, why, System.currentTimeMillis()))));
            }
        });
        if (next != null) state.update(next);
        nanosPerRecord.update(System.nanoTime() - t0);
    }

    @Override
    public void processBroadcastElement(byte[] snapshot, Context ctx, Collector<OutRecord> out) throws Exception {
        LstmModel m;
        try {
            m = ModelSnapshots.fromBytes(snapshot);
        } catch (RuntimeException e) {
            LOG.warn("ignoring an unreadable record on the models topic: {}", e.toString());
            return;
        }
        LstmModel now = scorer.model();
        if (!m.group().equals(now.group())) return;                 // another deployment's models
        if (m.version() <= now.version()) return;                   // replayed or stale
        if (!m.architecture().equals(now.architecture())) {
            LOG.warn("ignoring model {}: architecture {} differs from the running {}", m.versionId(),
                    m.architecture().describe(), now.architecture().describe());
            return;
        }
        ctx.getBroadcastState(MODEL).put(CURRENT, snapshot);
        adopt(snapshot);
    }

    private void adopt(byte[] snapshot) {
        LstmModel m = ModelSnapshots.fromBytes(snapshot);
        if (m.version() != scorer.model().version() || !m.group().equals(scorer.model().group())) {
            scorer.setModel(m);
            modelVersion = m.version();
            modelSwitches.inc();
            LOG.info("subtask {} now scores with model {}", getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), m.versionId());
        }
        adopted = snapshot;
    }
}
