package dev.lookahead.kstreams;

import dev.lookahead.config.RuntimeSettings;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.stream.Route;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import java.util.Map;

/**
 * The Kafka Streams topology over the shared core: the same topics, records and rules as the Flink job (see
 * docs/STREAM-JOB.md), built from the same {@link RuntimeSettings}.
 */
public final class LookaheadTopology {

    private LookaheadTopology() {
    }

    /** The sampling of training windows is on when fine-tuning is configured and there is a topic for the windows. */
    static dev.lookahead.finetune.FineTuneConfig fineTune(RuntimeSettings s) {
        return s.trainingWindowsTopic() == null ? null : s.fineTune();
    }

    public static Topology build(RuntimeSettings s) {
        StreamsBuilder b = new StreamsBuilder();
        byte[] model = ModelSnapshots.toBytes(s.initialModel());
        b.globalTable(s.modelsTopic(), Consumed.with(Serdes.String(), Serdes.ByteArray()),
                Materialized.<String, byte[], org.apache.kafka.streams.state.KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]>>as(ScoreProcessor.MODELS_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));
        // changelog-backed by default; cached, so a key's state reaches the changelog once per commit (or when the
        // cache, statestore.cache.max.bytes, evicts it) instead of once per reading
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ScoreProcessor.STATE_STORE),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled());

        KStream<String, byte[]> checked = b.stream(s.inputTopic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .process(() -> new ValidateProcessor(s.maxRecordBytes(), s.minTime(), s.maxTime()), Named.as("validate"));
        Map<String, KStream<String, byte[]>> branches = checked.split(Named.as("checked-"))
                .branch((k, v) -> k == null, Branched.as("bad"))
                .defaultBranch(Branched.as("good"));
        branches.get("checked-bad").to(s.deadLetterTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        branches.get("checked-good")
                .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName("by-key"))
                .process(() -> new ScoreProcessor(model, s.detector(), s.scoredTopic() != null, fineTune(s)), Named.as("score"), ScoreProcessor.STATE_STORE)
                .to((key, value, ctx) -> {
                    var route = ctx.headers().lastHeader(Route.HEADER);
                    return switch (Route.ofHeader(route == null ? null : route.value())) {
                        case ANOMALY -> s.anomaliesTopic();
                        case DEAD_LETTER -> s.deadLetterTopic();
                        case SCORED -> s.scoredTopic();
                        case TRAINING_WINDOW -> s.trainingWindowsTopic();
                    };
                }, Produced.with(Serdes.String(), Serdes.ByteArray()));
        return b.build();
    }
}
