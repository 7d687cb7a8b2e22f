package dev.lookahead.kstreams;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.finetune.FineTuneConfig;
import dev.lookahead.stream.KeyedScoring;
import dev.lookahead.stream.ReorderFlush;
import dev.lookahead.stream.Route;
import dev.lookahead.stream.SourceRef;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scoring processor, a thin adapter over {@link KeyedScoring}: a key's state bytes in the {@code key-state}
 * store (the same bytes the Flink job keeps), outputs forwarded with their {@link Route} in a header.
 *
 * <p>The model in force follows the models global table under the shared switch rule, looked at when the task
 * starts and then once a second of wall-clock time ({@link #MODEL_CHECK}), not per record: the store hands out a
 * fresh copy of the snapshot on every read, and a snapshot already judged is recognised without decoding it.
 *
 * <p>Under {@code order-policy: REORDER} a wall-clock punctuator flushes the reorder buffers of keys quiet for the
 * flush delay ({@link ReorderFlush}); the keys holding points are tracked in memory in the order they were last
 * seen, and after a restart every stored key is looked at once, so a restored buffer is flushed too.
 */
final class ScoreProcessor implements Processor<String, byte[], String, byte[]> {

    static final String STATE_STORE = "key-state";
    static final String MODELS_STORE = "models";
    static final Duration MODEL_CHECK = Duration.ofSeconds(1);

    private final byte[] initialModel;
    private final DetectorConfig config;
    private final boolean emitScored;
    private final FineTuneConfig fineTune;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> state;
    private ReadOnlyKeyValueStore<String, ValueAndTimestamp<byte[]>> models;
    private KeyedScoring scoring;
    private Map<String, Long> holding;   // REORDER: keys whose buffer holds points, by when last seen (wall clock), oldest first
    private long flushDelay;

    /** @param fineTune null: no fine-tuning; else sampled training windows are forwarded with {@link Route#TRAINING_WINDOW} */
    ScoreProcessor(byte[] initialModel, DetectorConfig config, boolean emitScored, FineTuneConfig fineTune) {
        this.initialModel = initialModel;
        this.config = config;
        this.emitScored = emitScored;
        this.fineTune = fineTune;
    }

    ScoreProcessor(byte[] initialModel, DetectorConfig config, boolean emitScored) {
        this(initialModel, config, emitScored, null);
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.state = context.getStateStore(STATE_STORE);
        this.models = context.getStateStore(MODELS_STORE);
        this.scoring = new KeyedScoring(ModelSnapshots.fromBytes(initialModel), config, new Metrics(context),
                "score task " + context.taskId(), System::currentTimeMillis, emitScored);
        if (fineTune != null) scoring.sampleTrainingWindows(fineTune);
        checkModel();
        context.schedule(MODEL_CHECK, PunctuationType.WALL_CLOCK_TIME, t -> checkModel());
        if (ReorderFlush.applies(config)) {
            flushDelay = ReorderFlush.delayMillis(config, 0);
            holding = new LinkedHashMap<>();
            long now = context.currentSystemTimeMs();
            try (KeyValueIterator<String, byte[]> all = state.all()) {   // restored keys may hold points
                while (all.hasNext()) holding.put(all.next().key, now);
            }
            context.schedule(Duration.ofMillis(ReorderFlush.checkIntervalMillis(flushDelay)), PunctuationType.WALL_CLOCK_TIME, this::flushQuiet);
        }
    }

    @Override
    public void process(Record<String, byte[]> r) {
        var meta = context.recordMetadata();
        SourceRef source = new SourceRef(meta.map(m -> m.topic()).orElse(null), meta.map(m -> m.partition()).orElse(null),
                meta.map(m -> m.offset()).orElse(null), null);
        byte[] previous = state.get(r.key());
        byte[] next = scoring.score(previous, r.value(), source, r.timestamp(), output(r.key(), r.timestamp()));
        if (next != null && next != previous) state.put(r.key(), next);
        if (holding != null) {
            holding.remove(r.key());
            if (scoring.buffered() > 0) holding.put(r.key(), context.currentSystemTimeMs());
        }
    }

    /** Flushes the reorder buffers of keys not seen for the flush delay. */
    private void flushQuiet(long now) {
        Iterator<Map.Entry<String, Long>> it = holding.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            if (now - e.getValue() < flushDelay) break;   // the rest were seen later
            it.remove();
            String key = e.getKey();
            byte[] held = state.get(key);
            if (held == null) continue;
            byte[] next = scoring.flush(held, key, output(key, now));
            if (next == null) state.delete(key);
            else if (next != held) state.put(key, next);
        }
    }

    private KeyedScoring.Output output(String key, long timestamp) {
        return (route, value) -> {
            RecordHeaders h = new RecordHeaders();
            h.add(Route.HEADER, route.headerValue());
            context.forward(new Record<>(key, value, timestamp, h));
        };
    }

    private void checkModel() {
        ValueAndTimestamp<byte[]> v = models.get(scoring.model().group());
        if (v != null) scoring.offerModel(v.value());
    }
}
