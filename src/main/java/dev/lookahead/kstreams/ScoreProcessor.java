package dev.lookahead.kstreams;

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
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Scores a key's reading against its state bytes in the {@code key-state} store (the same bytes the Flink job keeps)
 * and forwards the outputs, each tagged with its route. The model in force is the models global table's entry for
 * the running group when it is newer and of the same architecture: the Flink job's rule, checked per record.
 */
final class ScoreProcessor implements Processor<String, byte[], String, byte[]> {

    static final String STATE_STORE = "key-state";
    static final String MODELS_STORE = "models";

    private final byte[] initialModel;
    private final DetectorConfig config;
    private final boolean emitScored;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> state;
    private ReadOnlyKeyValueStore<String, ValueAndTimestamp<byte[]>> models;
    private KeyScorer scorer;
    private byte[] adopted;
    private org.apache.kafka.common.metrics.Sensor scored, anomalies, dropped, outOfOrder, modelSwitches, newKeys;

    ScoreProcessor(byte[] initialModel, DetectorConfig config, boolean emitScored) {
        this.initialModel = initialModel;
        this.config = config;
        this.emitScored = emitScored;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.state = context.getStateStore(STATE_STORE);
        this.models = context.getStateStore(MODELS_STORE);
        this.scorer = new KeyScorer(ModelSnapshots.fromBytes(initialModel), config);
        scored = Metrics.sensor(context, "scored");
        anomalies = Metrics.sensor(context, "anomalies");
        dropped = Metrics.sensor(context, "droppedByDetector");
        outOfOrder = Metrics.sensor(context, "outOfOrder");
        modelSwitches = Metrics.sensor(context, "modelSwitches");
        newKeys = Metrics.sensor(context, "newKeys");
    }

    @Override
    public void process(Record<String, byte[]> r) {
        maybeSwitchModel();
        SensorReading reading = AvroBytes.read(SensorReading.class, r.value());
        byte[] previous = state.get(r.key());
        if (previous == null) newKeys.record();
        byte[] next = scorer.score(previous, reading, r.timestamp(), new KeyScorer.Sink() {
            @Override
            public void scored(ScoredPoint p) {
                scored.record();
                if (p.getFlags().getOutOfOrder()) outOfOrder.record();
                if (emitScored) forward(r, Routes.SCORED, AvroBytes.write(p));
            }

            @Override
            public void anomaly(Anomaly a) {
                anomalies.record();
                forward(r, Routes.ANOMALY, AvroBytes.write(a));
            }

            @Override
            public void dropped(SensorReading rd, Rejection why) {
                dropped.record();
                if (Rejection.ORDER.equals(why.errorClass())) outOfOrder.record();
                var meta = context.recordMetadata();
                forward(r, Routes.DEAD_LETTER, AvroBytes.write(AvroOutputs.deadLetter(AvroBytes.write(rd), null,
                        meta.map(m -> m.topic()).orElse(null), meta.map(m -> m.partition()).orElse(null),
                        meta.map(m -> m.offset()).orElse(null), why, System.currentTimeMillis())));
            }
        });
        if (next != null) state.put(r.key(), next);
    }

    private void forward(Record<String, byte[]> in, String route, byte[] value) {
        RecordHeaders h = new RecordHeaders();
        h.add(Routes.HEADER, Routes.bytes(route));
        context.forward(new Record<>(in.key(), value, in.timestamp(), h));
    }

    private void maybeSwitchModel() {
        LstmModel now = scorer.model();
        ValueAndTimestamp<byte[]> v = models.get(now.group());
        if (v == null || v.value() == adopted) return;
        adopted = v.value();
        LstmModel m;
        try {
            m = ModelSnapshots.fromBytes(v.value());
        } catch (RuntimeException e) {
            return;   // unreadable: keep the current model
        }
        if (m.version() > now.version() && m.architecture().equals(now.architecture())) {
            scorer.setModel(m);
            modelSwitches.record();
        }
    }
}
