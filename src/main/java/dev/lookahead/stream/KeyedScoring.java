package dev.lookahead.stream;

import dev.lookahead.avro.Anomaly;
import dev.lookahead.avro.ScoredPoint;
import dev.lookahead.avro.SensorReading;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.StateChange;
import dev.lookahead.finetune.FineTuneConfig;
import dev.lookahead.finetune.TimedWindow;
import dev.lookahead.finetune.WindowCollector;
import dev.lookahead.training.TrainerConfig;
import dev.lookahead.model.LstmModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The scoring step of every stream runtime, written once: one key's reading bytes against its state bytes, with
 * the model tracking ({@link ModelTracker}), the routing of every output to its {@link Route} as topic bytes, the
 * dead letters (dropped readings, unreadable key states), the {@link Metric}s, and one log line per cause of a
 * state reset or migration. A runtime adds only what is its own: where state lives, how an output reaches its
 * topic, and when a quiet key's reorder buffer is flushed ({@link ReorderFlush}).
 *
 * <p>A key's outputs are a function of its readings and the model versions named on them, whatever the runtime.
 * Not thread-safe: one per task.
 */
public final class KeyedScoring {

    private static final Logger LOG = LoggerFactory.getLogger(KeyedScoring.class);

    /** Where a runtime sends an output record of the current key. */
    @FunctionalInterface
    public interface Output {
        void emit(Route route, byte[] value);
    }

    private final DetectorConfig config;
    private final KeyScorer scorer;
    private final ModelTracker models;
    private final StreamMetrics metrics;
    private final String where;
    private final LongSupplier clock;
    private final boolean scoredWanted;
    private final StreamMetrics.Counter newKeys, modelSwitches, modelsRefused, modelsParsed;
    private final Map<StateChange, StreamMetrics.Counter> changes = new EnumMap<>(StateChange.class);
    private final Set<StateChange> logged = EnumSet.noneOf(StateChange.class);
    private final Emitter emitter;
    private long parsesCounted, refusalsCounted;

    /**
     * @param initial      the model in force until the models topic has a newer one
     * @param metrics      the runtime's counters
     * @param where        names the task in log lines
     * @param clock        processing time, for dead letters
     * @param scoredWanted whether scored points are emitted (a runtime without a scored topic skips encoding them)
     */
    public KeyedScoring(LstmModel initial, DetectorConfig config, StreamMetrics metrics, String where, LongSupplier clock,
                        boolean scoredWanted) {
        this.config = config;
        this.scorer = new KeyScorer(initial, config);
        this.models = new ModelTracker(initial, where);
        this.metrics = metrics;
        this.where = where;
        this.clock = clock;
        this.scoredWanted = scoredWanted;
        this.newKeys = metrics.counter(Metric.NEW_KEYS);
        this.modelSwitches = metrics.counter(Metric.MODEL_SWITCHES);
        this.modelsRefused = metrics.counter(Metric.MODELS_REFUSED);
        this.modelsParsed = metrics.counter(Metric.MODEL_SNAPSHOTS_PARSED);
        this.emitter = new Emitter(metrics);
    }

    public DetectorConfig config() {
        return config;
    }

    /** The model in force. */
    public LstmModel model() {
        return scorer.model();
    }

    /** Snapshots decoded in full by this task so far. */
    public long modelParses() {
        return models.parses();
    }

    /** Applies the switch rule to a snapshot from the models topic; an adopted one scores each key from its next reading. */
    public ModelTracker.Verdict offerModel(byte[] snapshot) {
        ModelTracker.Verdict v = models.offer(snapshot);
        for (; parsesCounted < models.parses(); parsesCounted++) modelsParsed.inc();
        for (; refusalsCounted < models.refusals(); refusalsCounted++) modelsRefused.inc();   // once per snapshot
        if (v == ModelTracker.Verdict.ADOPTED) {
            scorer.setModel(models.current());
            modelSwitches.inc();
        }
        return v;
    }

    /**
     * Scores one reading (plain Avro {@code SensorReading} bytes, already validated) of a key given the key's state
     * ({@code null} for a new key) and returns the new state. Outputs go to {@code out}.
     */
    public byte[] score(byte[] state, byte[] reading, SourceRef source, long ordinal, Output out) {
        if (state == null) newKeys.inc();
        SensorReading r = AvroBytes.read(SensorReading.class, reading);
        emitter.start(out, source, r, reading, false);
        try {
            return scorer.score(state, r, ordinal, emitter);
        } finally {
            emitter.end();
        }
    }

    /**
     * Releases every point the key's reorder buffer holds and returns the new state: the same array when nothing
     * changed; null when the state could not be read (the key is reset: delete its state).
     */
    public byte[] flush(byte[] state, String key, Output out) {
        emitter.start(out, SourceRef.NONE, null, null, true);
        try {
            return scorer.flush(state, key, emitter);
        } finally {
            emitter.end();
        }
    }

    /**
     * Turns on online fine-tuning's share of scoring: clean windows sampled per key ({@link WindowCollector#sampled})
     * leave as {@link Route#TRAINING_WINDOW} records ({@link SampledWindows}) to the current {@link Output}, on the
     * scoring thread, from the values the detector computed anyway. The key state is unchanged: a window under
     * construction is memory of this task.
     */
    public void sampleTrainingWindows(FineTuneConfig fineTune) {
        LstmModel m = scorer.model();
        WindowCollector c = WindowCollector.sampled(TrainerConfig.builder(m.architecture()).build().windowLength(),
                m.architecture().channelCount(), fineTune, w -> emitter.window(w));
        scorer.setTrainingTap(c);
    }

    /** Points held by the reorder buffer of the state the last call returned (0 under DROP). */
    public int buffered() {
        return scorer.buffered();
    }

    /** Turns the core's verdicts into topic bytes, counts them and routes them; one per task, reused. */
    private final class Emitter implements KeyScorer.Sink {
        private final StreamMetrics.Counter scored, anomalies, dropped, outOfOrder, flushed, windows;
        private Output out;
        private SourceRef source;
        private SensorReading reading;
        private byte[] readingBytes;
        private boolean flushing;

        Emitter(StreamMetrics m) {
            scored = m.counter(Metric.SCORED);
            anomalies = m.counter(Metric.ANOMALIES);
            dropped = m.counter(Metric.DROPPED_BY_DETECTOR);
            outOfOrder = m.counter(Metric.OUT_OF_ORDER);
            flushed = m.counter(Metric.REORDER_FLUSHED);
            windows = m.counter(Metric.TRAINING_WINDOWS);
        }

        void start(Output out, SourceRef source, SensorReading reading, byte[] readingBytes, boolean flushing) {
            this.out = out;
            this.source = source;
            this.reading = reading;
            this.readingBytes = readingBytes;
            this.flushing = flushing;
        }

        void end() {
            out = null;
            reading = null;
            readingBytes = null;
        }

        @Override
        public void scored(ScoredPoint p) {
            scored.inc();
            if (p.getFlags().getOutOfOrder()) outOfOrder.inc();
            if (flushing) flushed.inc();
            if (scoredWanted) out.emit(Route.SCORED, AvroBytes.write(p));
        }

        void window(TimedWindow w) {
            windows.inc();
            LstmModel m = scorer.model();
            out.emit(Route.TRAINING_WINDOW, SampledWindows.write(m.group(), m.versionId(), w));
        }

        @Override
        public void anomaly(Anomaly a) {
            anomalies.inc();
            out.emit(Route.ANOMALY, AvroBytes.write(a));
        }

        @Override
        public void dropped(SensorReading r, Rejection why) {
            dropped.inc();
            if (Rejection.ORDER.equals(why.errorClass()) || Rejection.DUPLICATE.equals(why.errorClass())) outOfOrder.inc();
            byte[] raw = r == reading ? readingBytes : AvroBytes.write(r);   // the bytes as received when it is this reading
            out.emit(Route.DEAD_LETTER, AvroBytes.write(AvroOutputs.deadLetter(raw, source.rawKey(), source.topic(),
                    source.partition(), source.offset(), why, clock.getAsLong())));
        }

        @Override
        public void stateChanged(String key, StateChange change, String detail, byte[] unreadable) {
            changes.computeIfAbsent(change, c -> metrics.counter(c.reset() ? Metric.STATE_RESETS : Metric.STATE_MIGRATIONS, c.tag())).inc();
            if (logged.add(change)) {
                String metric = (change.reset() ? Metric.STATE_RESETS : Metric.STATE_MIGRATIONS).id() + "{cause=" + change.tag() + "}";
                String line = "{}: key state {}: {} ({}); first key: {}; further keys with this cause are counted in {}, not logged";
                if (change.reset()) LOG.warn(line, where, change.tag(), change.meaning(), detail, key, metric);
                else LOG.info(line, where, change.tag(), change.meaning(), detail, key, metric);
            }
            if (change == StateChange.CORRUPT) {
                Rejection why = new Rejection(Rejection.CORRUPT_STATE, "the state of key '" + key + "' cannot be read ("
                        + detail + "); the key starts fresh" + (reading == null ? "" : " with the reading at " + reading.getTime())
                        + "; raw holds the state's bytes");
                out.emit(Route.DEAD_LETTER, AvroBytes.write(AvroOutputs.deadLetter(unreadable, key.getBytes(StandardCharsets.UTF_8),
                        null, null, null, why, clock.getAsLong())));
            }
        }
    }
}
