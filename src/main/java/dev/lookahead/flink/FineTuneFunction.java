package dev.lookahead.flink;

import dev.lookahead.avro.Anomaly;
import dev.lookahead.avro.ScoredPoint;
import dev.lookahead.avro.SensorReading;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.finetune.FineTuneConfig;
import dev.lookahead.finetune.FineTuner;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.stream.AvroBytes;
import dev.lookahead.stream.KeyScorer;
import dev.lookahead.stream.Rejection;
import dev.lookahead.training.TrainerConfig;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ExecutorService;

/**
 * The online fine-tuning branch, run at parallelism 1 so one trainer sees every key of the model group: a replica
 * of the scoring path (same detector settings, same versions) feeds a {@link FineTuner} through the detector's
 * training tap; rounds run on the tuner's own thread, never on this operator's; an accepted model is emitted as
 * snapshot bytes keyed by group for the compacted models topic, which the scoring operator's broadcast input
 * reads. The current model is operator state, so a restart continues the version sequence instead of reissuing
 * versions; the reservoir is a cache of recent windows and refills after a restart.
 */
public class FineTuneFunction extends KeyedProcessFunction<String, KeyedRecord, OutRecord> implements CheckpointedFunction {

    private final byte[] initialModel;
    private final DetectorConfig detector;
    private final FineTuneConfig config;

    private transient KeyScorer scorer;
    private transient FineTuner tuner;
    private transient ExecutorService executor;
    private transient ValueState<byte[]> state;
    private transient ListState<byte[]> currentModel;
    private transient LstmModel restored;

    public FineTuneFunction(byte[] initialModel, DetectorConfig detector, FineTuneConfig config) {
        this.initialModel = initialModel;
        this.detector = detector;
        this.config = config;
    }

    @Override
    public void initializeState(FunctionInitializationContext ctx) throws Exception {
        currentModel = ctx.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("fine-tuned-model", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        for (byte[] b : currentModel.get()) restored = ModelSnapshots.fromBytes(b);
    }

    @Override
    public void open(OpenContext ctx) {
        LstmModel start = restored != null ? restored : ModelSnapshots.fromBytes(initialModel);
        scorer = new KeyScorer(start, detector);
        ClassLoader userCode = Thread.currentThread().getContextClassLoader();
        executor = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lookahead-fine-tune");
            t.setDaemon(true);
            t.setContextClassLoader(userCode);   // ND4J finds its backend through the context class loader
            return t;
        });
        tuner = new FineTuner(start, TrainerConfig.builder(start.architecture()).build(), config, detector, executor, null, Clock.systemUTC());
        scorer.setTrainingTap(tuner);
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("replica-state", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        var g = getRuntimeContext().getMetricGroup().addGroup("lookahead");
        g.gauge("fineTuneRoundsAccepted", () -> tuner.stats().accepted());
        g.gauge("fineTuneRoundsRejected", () -> tuner.stats().rejected());
        g.gauge("fineTunedModelVersion", () -> tuner.current().version());
        g.gauge("fineTuneRoundsTrained", () -> {   // rounds that trained a candidate, whatever the gate said
            var st = tuner.stats();
            return st.accepted() + st.rejected() + st.timedOut() + st.failed();
        });
    }

    @Override
    public void processElement(KeyedRecord r, Context ctx, Collector<OutRecord> out) throws Exception {
        SensorReading reading = AvroBytes.read(SensorReading.class, r.value);
        byte[] next = scorer.score(state.value(), reading, r.offset, NO_OUTPUT);
        if (next != null) state.update(next);
        publishAccepted(out);
        // a round may finish when no reading is flowing: look again shortly, on this operator's thread
        if (tuner.roundRunning()) ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + POLL_MILLIS);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OutRecord> out) {
        publishAccepted(out);
        if (tuner.roundRunning()) ctx.timerService().registerProcessingTimeTimer(timestamp + POLL_MILLIS);
    }

    private void publishAccepted(Collector<OutRecord> out) {
        LstmModel accepted = tuner.takeAccepted();
        if (accepted != null) {
            scorer.setModel(accepted);
            out.collect(new OutRecord(accepted.group().getBytes(StandardCharsets.UTF_8), ModelSnapshots.toBytes(accepted)));
        }
    }

    private static final long POLL_MILLIS = 200;

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
        currentModel.clear();
        currentModel.add(ModelSnapshots.toBytes(tuner.current()));
    }

    @Override
    public void close() {
        // no interrupt: a round may be inside ND4J's native loading, which an interrupt turns into a stack trace;
        // the daemon thread finishes its bounded round and ends
        if (tuner != null) tuner.close();
        if (executor != null) executor.shutdown();
    }

    private static final KeyScorer.Sink NO_OUTPUT = new KeyScorer.Sink() {
        @Override
        public void scored(ScoredPoint point) {
        }

        @Override
        public void anomaly(Anomaly anomaly) {
        }

        @Override
        public void dropped(SensorReading reading, Rejection why) {
        }
    };
}
