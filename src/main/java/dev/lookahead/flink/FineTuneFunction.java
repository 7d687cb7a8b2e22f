package dev.lookahead.flink;

import dev.lookahead.avro.SampledWindow;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.finetune.FineTuneConfig;
import dev.lookahead.finetune.FineTuner;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.stream.SampledWindows;
import dev.lookahead.training.TrainerConfig;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ExecutorService;

/**
 * The fine-tuning trainer, keyed by model group at parallelism 1: it reads only the training windows the scoring
 * operator samples ({@link ScoringFunction#TRAINING_WINDOWS}), never a reading, so scoring costs the same with
 * fine-tuning on or off and the trainer's intake is a small fraction of the points however many subtasks score.
 * The windows feed a {@link FineTuner}; rounds run on the tuner's own thread, never on this operator's; an
 * accepted model is emitted as snapshot bytes keyed by group for the compacted models topic, which the scoring
 * operator's broadcast input reads (the one place a version is adopted). The current model is operator state, so
 * a restart continues the version sequence instead of reissuing versions; the reservoir is a cache of recent
 * windows and refills after a restart.
 */
public class FineTuneFunction extends KeyedBroadcastProcessFunction<String, OutRecord, byte[], OutRecord> implements CheckpointedFunction {

    private static final Logger LOG = LoggerFactory.getLogger(FineTuneFunction.class);

    private final byte[] initialModel;
    private final DetectorConfig detector;
    private final FineTuneConfig config;

    private transient FineTuner tuner;
    private transient ExecutorService executor;
    private transient ListState<byte[]> currentModel;
    private transient LstmModel restored;
    private transient long windowsIn, windowsRefused;

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
        ClassLoader userCode = Thread.currentThread().getContextClassLoader();
        executor = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lookahead-fine-tune");
            t.setDaemon(true);
            t.setContextClassLoader(userCode);   // ND4J finds its backend through the context class loader
            return t;
        });
        tuner = new FineTuner(start, TrainerConfig.builder(start.architecture()).build(), config, detector, executor, null, Clock.systemUTC());
        var g = getRuntimeContext().getMetricGroup().addGroup("lookahead");
        g.gauge("fineTuneRoundsAccepted", () -> tuner.stats().accepted());
        g.gauge("fineTuneRoundsRejected", () -> tuner.stats().rejected());
        g.gauge("fineTunedModelVersion", () -> tuner.current().version());
        g.gauge("fineTuneRoundsTrained", () -> {   // rounds that trained a candidate, whatever the gate said
            var st = tuner.stats();
            return st.accepted() + st.rejected() + st.timedOut() + st.failed();
        });
        g.gauge("trainingWindowsIn", () -> windowsIn);
    }

    @Override
    public void processElement(OutRecord r, ReadOnlyContext ctx, Collector<OutRecord> out) throws Exception {
        SampledWindow w = SampledWindows.read(r.value);
        String group = tuner.current().group();
        if (!group.equals(w.getGroup())) {   // one trainer per group: a window of another group is not ours to learn
            if (windowsRefused++ == 0) LOG.warn("fine-tune: a training window of group '{}' reached the trainer of '{}'; ignored (further ones are not logged)", w.getGroup(), group);
            return;
        }
        windowsIn++;
        tuner.offer(SampledWindows.window(w));
        publishAccepted(out);
        // a round may finish when no window is flowing: look again shortly, on this operator's thread
        if (tuner.roundRunning()) ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + POLL_MILLIS);
    }

    @Override
    public void processBroadcastElement(byte[] snapshot, Context ctx, Collector<OutRecord> out) {
        // the scoring operator judges and logs every snapshot; the trainer only looks for a newer one of its group
        // of the same architecture (its own come back here too, and are not newer)
        LstmModel now = tuner.current();
        ModelSnapshots.Header h;
        try {
            h = ModelSnapshots.peek(snapshot);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (h.group().equals(now.group()) && h.version() > now.version() && h.architecture().equals(now.architecture()))
            tuner.follow(ModelSnapshots.fromBytes(snapshot));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OutRecord> out) {
        publishAccepted(out);
        if (tuner.roundRunning()) ctx.timerService().registerProcessingTimeTimer(timestamp + POLL_MILLIS);
    }

    private void publishAccepted(Collector<OutRecord> out) {
        LstmModel accepted = tuner.takeAccepted();
        if (accepted != null)
            out.collect(new OutRecord(accepted.group().getBytes(StandardCharsets.UTF_8), ModelSnapshots.toBytes(accepted)));
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
}
