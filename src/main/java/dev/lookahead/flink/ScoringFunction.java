package dev.lookahead.flink;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.finetune.FineTuneConfig;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.stream.KeyedScoring;
import dev.lookahead.stream.Metric;
import dev.lookahead.stream.ModelTracker;
import dev.lookahead.stream.ReorderFlush;
import dev.lookahead.stream.Route;
import dev.lookahead.stream.SourceRef;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The keyed scoring operator, a thin adapter over {@link KeyedScoring}: per key, the state bytes in a
 * {@code ValueState<byte[]>} (the core's sectioned codec, ~560 bytes at H=32; no Kryo, no POJO analysis); the
 * model as broadcast state. Main output: every scored point; side outputs: anomalies (one per incident by default)
 * and dead letters (points the detector dropped, unreadable key states), so nothing read is lost; with fine-tuning
 * on, sampled training windows for the trainer ({@link FineTuneFunction}), cut from values scoring computed anyway.
 *
 * <p>Model switch rule ({@link ModelTracker}): a subtask adopts a snapshot from the models topic when it arrives on
 * the broadcast input (same group, higher version, same architecture); each key then switches at its own next
 * reading, and every scored point names the version that scored it. After a restore, the broadcast state brings back
 * the version in force at the checkpoint.
 *
 * <p>Under {@code order-policy: REORDER}, a key's held points are released by its own later points and flushed by
 * timers ({@link ReorderFlush}): a processing-time timer when the key goes quiet, and with bounded input an
 * event-time timer at the end of time that only the final watermark fires. Timers are keyed state: they survive
 * checkpoints, restores and rescaling.
 */
public class ScoringFunction extends KeyedBroadcastProcessFunction<String, KeyedRecord, byte[], OutRecord> {

    public static final OutputTag<OutRecord> ANOMALIES = new OutputTag<>("anomalies", TypeInformation.of(OutRecord.class));
    public static final OutputTag<OutRecord> DEAD_LETTERS = new OutputTag<>("dropped", TypeInformation.of(OutRecord.class));
    /** Sampled training windows ({@code SampledWindow} bytes, keyed by model group), with fine-tuning on. */
    public static final OutputTag<OutRecord> TRAINING_WINDOWS = new OutputTag<>("training-windows", TypeInformation.of(OutRecord.class));
    public static final MapStateDescriptor<String, byte[]> MODEL = new MapStateDescriptor<>("model",
            BasicTypeInfo.STRING_TYPE_INFO, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    private static final String CURRENT = "current";
    /** Event-time timers at this time fire only on the final watermark of bounded input. */
    private static final long END_OF_INPUT = Long.MAX_VALUE;

    private final byte[] initialModel;
    private final DetectorConfig config;
    private final long stateTtlMillis;
    private final boolean boundedInput;
    private final FineTuneConfig fineTune;

    private transient KeyedScoring scoring;
    private transient FlinkMetrics metrics;
    private transient byte[] offered;          // the broadcast snapshot last offered to the tracker, by identity
    private transient ValueState<byte[]> state;
    private transient ValueState<Long> flushAt;   // REORDER: the key's pending quiet-key timer
    private transient long flushDelay;
    private transient Histogram nanosPerRecord;
    private transient byte[] group;

    /**
     * @param initialModel   snapshot bytes ({@link ModelSnapshots#toBytes}) used until the models topic says otherwise
     * @param stateTtlMillis a key silent this long (processing time) loses its state; 0 keeps state forever
     * @param boundedInput   the readings end (replays): REORDER buffers are flushed at the end
     * @param fineTune       null: no fine-tuning; else sampled training windows go to {@link #TRAINING_WINDOWS}
     */
    public ScoringFunction(byte[] initialModel, DetectorConfig config, long stateTtlMillis, boolean boundedInput, FineTuneConfig fineTune) {
        this.initialModel = initialModel;
        this.config = config;
        this.stateTtlMillis = stateTtlMillis;
        this.boundedInput = boundedInput;
        this.fineTune = fineTune;
    }

    public ScoringFunction(byte[] initialModel, DetectorConfig config, long stateTtlMillis, boolean boundedInput) {
        this(initialModel, config, stateTtlMillis, boundedInput, null);
    }

    public ScoringFunction(byte[] initialModel, DetectorConfig config, long stateTtlMillis) {
        this(initialModel, config, stateTtlMillis, false);
    }

    @Override
    public void open(OpenContext ctx) {
        metrics = new FlinkMetrics(getRuntimeContext().getMetricGroup());
        var task = getRuntimeContext().getTaskInfo();
        scoring = new KeyedScoring(ModelSnapshots.fromBytes(initialModel), config, metrics,
                "score " + (task.getIndexOfThisSubtask() + 1) + "/" + task.getNumberOfParallelSubtasks(), System::currentTimeMillis, true);
        group = scoring.model().group().getBytes(StandardCharsets.UTF_8);   // the switch rule keeps the group
        if (fineTune != null) scoring.sampleTrainingWindows(fineTune);
        state = getRuntimeContext().getState(withTtl(new ValueStateDescriptor<>("key-state", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)));
        if (ReorderFlush.applies(config)) {
            flushAt = getRuntimeContext().getState(withTtl(new ValueStateDescriptor<>("reorder-flush-at", Types.LONG)));
            flushDelay = ReorderFlush.delayMillis(config, stateTtlMillis);
        }
        nanosPerRecord = metrics.group().histogram("processingNanos", new DescriptiveStatisticsHistogram(1000));
        metrics.group().gauge("modelVersion", () -> scoring.model().version());
    }

    private <T> ValueStateDescriptor<T> withTtl(ValueStateDescriptor<T> d) {
        if (stateTtlMillis > 0)
            d.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMillis(stateTtlMillis))
                    .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                    .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired).build());
        return d;
    }

    @Override
    public void processElement(KeyedRecord r, ReadOnlyContext ctx, Collector<OutRecord> out) throws Exception {
        long t0 = System.nanoTime();
        byte[] current = ctx.getBroadcastState(MODEL).get(CURRENT);
        if (current != null && current != offered) {   // restored from a checkpoint: the version then in force
            scoring.offerModel(current);
            offered = current;
        }
        byte[] keyBytes = r.key.getBytes(StandardCharsets.UTF_8);
        byte[] next = scoring.score(state.value(), r.value, new SourceRef(r.topic, r.partition, r.offset, keyBytes), r.offset,
                output(keyBytes, group, ctx, out));
        if (next != null) state.update(next);
        if (flushAt != null) scheduleFlush(ctx.timerService());
        nanosPerRecord.update(System.nanoTime() - t0);
    }

    /** After a REORDER key's reading: a quiet-key timer while it holds points, and the end-of-input timer. */
    private void scheduleFlush(TimerService timers) throws Exception {
        Long at = flushAt.value();
        if (scoring.buffered() == 0) {
            if (at != null) {
                timers.deleteProcessingTimeTimer(at);
                flushAt.clear();
            }
            return;
        }
        long due = ReorderFlush.dueAt(timers.currentProcessingTime(), flushDelay);
        if (at == null || at != due) {
            if (at != null) timers.deleteProcessingTimeTimer(at);
            timers.registerProcessingTimeTimer(due);
            flushAt.update(due);
        }
        if (boundedInput) timers.registerEventTimeTimer(END_OF_INPUT);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OutRecord> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) flushAt.clear();
        byte[] held = state.value();
        if (held == null) return;   // expired, or flushed already
        String key = ctx.getCurrentKey();
        byte[] next = scoring.flush(held, key, output(key.getBytes(StandardCharsets.UTF_8), group, ctx, out));
        if (next == null) state.clear();
        else if (next != held) state.update(next);
    }

    private static KeyedScoring.Output output(byte[] keyBytes, byte[] group, ReadOnlyContext ctx, Collector<OutRecord> out) {
        return (route, value) -> {
            switch (route) {
                case SCORED -> out.collect(new OutRecord(keyBytes, value));
                case ANOMALY -> ctx.output(ANOMALIES, new OutRecord(keyBytes, value));
                case DEAD_LETTER -> ctx.output(DEAD_LETTERS, new OutRecord(keyBytes, value));
                case TRAINING_WINDOW -> ctx.output(TRAINING_WINDOWS, new OutRecord(group, value));
            }
        };
    }

    @Override
    public void processBroadcastElement(byte[] snapshot, Context ctx, Collector<OutRecord> out) throws Exception {
        // every subtask sees the same snapshots in the same order and applies the same rule: the same broadcast state
        if (scoring.offerModel(snapshot) == ModelTracker.Verdict.ADOPTED) {
            ctx.getBroadcastState(MODEL).put(CURRENT, snapshot);
            offered = snapshot;
        }
    }

    /** The count of one of this subtask's metrics (tests). */
    long count(Metric metric, String cause) {
        return metrics.count(metric, cause);
    }

    /** Snapshots this subtask decoded in full (tests). */
    long modelParses() {
        return scoring.modelParses();
    }
}
