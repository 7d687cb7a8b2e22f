package dev.lookahead.kstreams;

import dev.lookahead.avro.DeadLetter;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.config.RuntimeSettings;
import dev.lookahead.flink.StreamFixtures;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.stream.AvroBytes;
import dev.lookahead.synthetic.LabelledSeries;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The Kafka Streams topology without a broker (TopologyTestDriver): scoring, dead letters, state restore. */
class LookaheadTopologyTest {

    static RuntimeSettings settings() {
        return RuntimeSettings.builder().bootstrapServers("unused:9092").inputTopic("in").anomaliesTopic("anomalies").scoredTopic("scored")
                .deadLetterTopic("dlq").modelsTopic("models").checkpointIntervalMillis(1000).build();
    }

    private static TopologyTestDriver driver(Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "lookahead-topology-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return new TopologyTestDriver(LookaheadTopology.build(settings()), p);
    }

    private static void feed(TopologyTestDriver d, List<byte[][]> records) {
        TestInputTopic<byte[], byte[]> in = d.createInputTopic("in", new ByteArraySerializer(), new ByteArraySerializer());
        for (byte[][] kv : records) in.pipeInput(kv[0], kv[1]);
    }

    private static Map<String, List<byte[]>> scored(TopologyTestDriver d) {
        TestOutputTopic<String, byte[]> out = d.createOutputTopic("scored", new StringDeserializer(), new ByteArrayDeserializer());
        Map<String, List<byte[]>> byKey = new LinkedHashMap<>();
        for (var kv : out.readKeyValuesToList()) byKey.computeIfAbsent(kv.key, k -> new ArrayList<>()).add(kv.value);
        return byKey;
    }

    @Test
    void scoresEveryPointAsTheDirectRunnerDoesAndSendsBadRecordsToTheDeadLetterTopic(@TempDir Path dir) {
        List<LabelledSeries> streams = StreamFixtures.streams().subList(0, 2);
        Map<String, List<byte[]>> expected = StreamFixtures.expectedScored(ModelSnapshots.bundled(), DetectorConfig.defaults(), streams);
        try (TopologyTestDriver d = driver(dir)) {
            List<byte[][]> input = new ArrayList<>(StreamFixtures.records(streams, 0, StreamFixtures.LENGTH));
            input.add(100, new byte[][]{"x".getBytes(StandardCharsets.UTF_8), new byte[]{1, 2, 3, 4, 5}});
            feed(d, input);
            Map<String, List<byte[]>> got = scored(d);
            assertEquals(expected.keySet(), got.keySet());
            for (String key : expected.keySet()) {
                assertEquals(expected.get(key).size(), got.get(key).size(), key);
                for (int i = 0; i < expected.get(key).size(); i++) assertArrayEquals(expected.get(key).get(i), got.get(key).get(i), key + " point " + i);
            }
            var dlq = d.createOutputTopic("dlq", new StringDeserializer(), new ByteArrayDeserializer()).readValuesToList();
            assertEquals(1, dlq.size());
            DeadLetter dl = AvroBytes.read(DeadLetter.class, dlq.get(0));
            assertEquals("MALFORMED", dl.getErrorClass());
            assertEquals(StreamFixtures.expectedAnomalies(ModelSnapshots.bundled(), DetectorConfig.defaults(), streams).values().stream().mapToInt(List::size).sum(),
                    d.createOutputTopic("anomalies", new StringDeserializer(), new ByteArrayDeserializer()).readValuesToList().size());
            KeyValueStore<String, byte[]> store = d.getKeyValueStore(ScoreProcessor.STATE_STORE);
            assertNotNull(store.get(streams.get(0).key()), "each key's state is in the store");
        }
    }

    @Test
    void aKeyRestoredFromItsStoredStateContinuesAsIfUninterrupted(@TempDir Path dir) {
        // what the changelog restores after a restart is the store's bytes: hand them to a fresh application
        List<LabelledSeries> streams = StreamFixtures.streams().subList(2, 4);
        Map<String, List<byte[]>> expected = StreamFixtures.expectedScored(ModelSnapshots.bundled(), DetectorConfig.defaults(), streams);
        Map<String, List<byte[]>> got = new LinkedHashMap<>();
        Map<String, byte[]> saved = new LinkedHashMap<>();
        try (TopologyTestDriver d = driver(dir.resolve("a"))) {
            feed(d, StreamFixtures.records(streams, 0, 400));
            scored(d).forEach((k, v) -> got.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            KeyValueStore<String, byte[]> store = d.getKeyValueStore(ScoreProcessor.STATE_STORE);
            for (LabelledSeries s : streams) saved.put(s.key(), store.get(s.key()));
        }
        try (TopologyTestDriver d = driver(dir.resolve("b"))) {
            KeyValueStore<String, byte[]> store = d.getKeyValueStore(ScoreProcessor.STATE_STORE);
            saved.forEach(store::put);
            feed(d, StreamFixtures.records(streams, 400, 800));
            scored(d).forEach((k, v) -> got.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        }
        for (String key : expected.keySet()) {
            assertEquals(800, got.get(key).size(), key);
            for (int i = 0; i < 800; i++) assertArrayEquals(expected.get(key).get(i), got.get(key).get(i), key + " point " + i);
        }
    }
}
