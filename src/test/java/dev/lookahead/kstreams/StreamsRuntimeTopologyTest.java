package dev.lookahead.kstreams;

import dev.lookahead.avro.DeadLetter;
import dev.lookahead.avro.ScoredPoint;
import dev.lookahead.config.RuntimeSettings;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.StateChange;
import dev.lookahead.detector.TestModels;
import dev.lookahead.flink.ReorderFixtures;
import dev.lookahead.flink.StreamFixtures;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.model.Provenance;
import dev.lookahead.stream.AvroBytes;
import dev.lookahead.stream.KeyedScoring;
import dev.lookahead.stream.LogCapture;
import dev.lookahead.stream.Metric;
import dev.lookahead.stream.ModelTracker;
import dev.lookahead.stream.Rejection;
import dev.lookahead.stream.ReorderFlush;
import dev.lookahead.stream.Route;
import dev.lookahead.stream.SourceRef;
import dev.lookahead.stream.StreamMetrics;
import dev.lookahead.synthetic.LabelledSeries;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kafka Streams runtime without a broker (TopologyTestDriver, mocked wall clock): REORDER flushed by the
 * punctuator and carried across a restart in the store; a model on the models table adopted once, never re-parsed
 * per record; stored states of another model shape reset by cause; a corrupt state a dead letter.
 */
class StreamsRuntimeTopologyTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static RuntimeSettings settings(DetectorConfig detector, String modelFile) {
        return RuntimeSettings.builder().bootstrapServers("unused:9092").inputTopic("in").anomaliesTopic("anomalies").scoredTopic("scored")
                .deadLetterTopic("dlq").modelsTopic("models").checkpointIntervalMillis(1000).detector(detector).modelFile(modelFile).build();
    }

    private static TopologyTestDriver driver(RuntimeSettings s, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "lookahead-runtime-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return new TopologyTestDriver(LookaheadTopology.build(s), p, START);
    }

    private static void feed(TopologyTestDriver d, List<byte[][]> records) {
        TestInputTopic<byte[], byte[]> in = d.createInputTopic("in", new ByteArraySerializer(), new ByteArraySerializer());
        for (byte[][] kv : records) in.pipeInput(kv[0], kv[1]);
    }

    private static Map<String, List<byte[]>> read(TopologyTestDriver d, String topic) {
        Map<String, List<byte[]>> byKey = new LinkedHashMap<>();
        for (var kv : d.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer()).readKeyValuesToList())
            byKey.computeIfAbsent(kv.key, k -> new ArrayList<>()).add(kv.value);
        return byKey;
    }

    private static void merge(Map<String, List<byte[]>> into, Map<String, List<byte[]>> more) {
        more.forEach((k, v) -> into.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    }

    private static void assertSameBytes(Map<String, List<byte[]>> want, Map<String, List<byte[]>> got, String what) {
        for (String key : want.keySet()) {
            List<byte[]> w = want.get(key), g = got.getOrDefault(key, List.of());
            assertEquals(w.size(), g.size(), what + " of " + key);
            for (int i = 0; i < w.size(); i++) assertArrayEquals(w.get(i), g.get(i), what + " of " + key + " #" + i);
        }
    }

    /** The total of a shared metric over the driver's tasks. */
    private static double metric(TopologyTestDriver d, String name) {
        double sum = 0;
        for (var e : d.metrics().entrySet())
            if (e.getKey().group().equals("stream-lookahead-metrics") && e.getKey().name().equals(name + "-total"))
                sum += ((Number) e.getValue().metricValue()).doubleValue();
        return sum;
    }

    @Test
    void reorderIsFlushedByThePunctuatorWhenKeysGoQuietAndHeldPointsSurviveARestart(@TempDir Path dir) {
        // the driver commits and flushes its stores after every record: one two-channel key, 900 of its readings
        List<LabelledSeries> streams = StreamFixtures.streams().subList(3, 4);
        DetectorConfig reorder = ReorderFixtures.config();
        RuntimeSettings s = settings(reorder, null);
        int n = 900;
        ReorderFixtures.Expected want = ReorderFixtures.expected(ModelSnapshots.bundled(), reorder, streams, Map.of(streams.get(0).key(), n));
        int quiet = ReorderFixtures.cleanCut(StreamFixtures.LENGTH, 350), restart = 650;
        long delay = ReorderFlush.delayMillis(reorder, 0);
        Map<String, List<byte[]>> scored = new LinkedHashMap<>(), alerts = new LinkedHashMap<>(), raw = new LinkedHashMap<>();
        Map<String, List<String>> cls = new LinkedHashMap<>();
        Map<String, byte[]> stored = new LinkedHashMap<>();
        try (TopologyTestDriver d = driver(s, dir.resolve("a"))) {
            feed(d, ReorderFixtures.records(streams, 0, quiet));
            d.advanceWallClockTime(Duration.ofMillis(delay - 1));
            assertEquals(0, metric(d, Metric.REORDER_FLUSHED.id()), "not quiet for the delay yet");
            d.advanceWallClockTime(Duration.ofMillis(ReorderFlush.checkIntervalMillis(delay) + 1));
            assertTrue(metric(d, Metric.REORDER_FLUSHED.id()) >= streams.size(), "every quiet key's held points flushed");
            feed(d, ReorderFixtures.records(streams, quiet, restart));   // then a restart with points held (no flush)
            merge(scored, read(d, "scored"));
            merge(alerts, read(d, "anomalies"));
            read(d, "dlq").forEach((k, v) -> v.forEach(dl -> ReorderFixtures.addDeadLetter(raw, cls, k, dl)));
            KeyValueStore<String, byte[]> store = d.getKeyValueStore(ScoreProcessor.STATE_STORE);
            for (LabelledSeries ls : streams) stored.put(ls.key(), store.get(ls.key()));
        }
        try (TopologyTestDriver d = driver(s, dir.resolve("b"))) {
            KeyValueStore<String, byte[]> store = d.getKeyValueStore(ScoreProcessor.STATE_STORE);
            stored.forEach(store::put);   // what the changelog restores
            feed(d, ReorderFixtures.records(streams, restart, n));
            d.advanceWallClockTime(Duration.ofMillis(2 * delay));   // the end of the input: every key goes quiet
            merge(scored, read(d, "scored"));
            merge(alerts, read(d, "anomalies"));
            read(d, "dlq").forEach((k, v) -> v.forEach(dl -> ReorderFixtures.addDeadLetter(raw, cls, k, dl)));
        }
        assertSameBytes(want.scored(), scored, "scored points");
        assertSameBytes(want.alerts(), alerts, "alerts");
        assertSameBytes(want.droppedRaw(), raw, "dead letters");
        assertEquals(want.droppedClass(), cls);
    }

    @Test
    void aModelOnTheModelsTableIsAdoptedOnceAndNotReparsedPerRecord(@TempDir Path dir) {
        LstmModel base = ModelSnapshots.bundled();
        LstmModel v2 = new LstmModel(base.group(), base.version() + 1, TestModels.untrained(base.architecture(), 5).weights(), Provenance.untrained(5));
        LstmModel otherShape = new LstmModel(base.group(), base.version() + 2, TestModels.untrained(16, 1, 6).weights(), Provenance.untrained(6));
        List<LabelledSeries> streams = StreamFixtures.streams().subList(0, 1);
        try (TopologyTestDriver d = driver(settings(DetectorConfig.defaults(), null), dir);
             LogCapture log = new LogCapture(ModelTracker.class)) {
            TestInputTopic<String, byte[]> models = d.createInputTopic("models", new StringSerializer(), new ByteArraySerializer());
            feed(d, StreamFixtures.records(streams, 0, 100));
            models.pipeInput(base.group(), ModelSnapshots.toBytes(v2));
            feed(d, StreamFixtures.records(streams, 100, 110));   // before the next look at the table: still the base model
            d.advanceWallClockTime(ScoreProcessor.MODEL_CHECK);
            feed(d, StreamFixtures.records(streams, 110, 300));
            d.advanceWallClockTime(ScoreProcessor.MODEL_CHECK.multipliedBy(5));
            assertEquals(1, metric(d, Metric.MODEL_SWITCHES.id()));
            assertEquals(1, metric(d, Metric.MODEL_SNAPSHOTS_PARSED.id()), "decoded once, not per record or per look");
            models.pipeInput(base.group(), ModelSnapshots.toBytes(otherShape));   // refused: another architecture
            for (int i = 0; i < 5; i++) d.advanceWallClockTime(ScoreProcessor.MODEL_CHECK);
            feed(d, StreamFixtures.records(streams, 300, 350));
            assertEquals(1, metric(d, Metric.MODELS_REFUSED.id()), "counted once, however often the table is read");
            assertEquals(1, metric(d, Metric.MODEL_SNAPSHOTS_PARSED.id()));
            assertEquals(1, log.count("adopted model " + v2.versionId()), log.lines().toString());
            assertEquals(1, log.count("WARN", "ignoring model " + otherShape.versionId(), "architecture"), log.lines().toString());
            Map<String, List<byte[]>> scored = read(d, "scored");
            for (LabelledSeries s : streams) {
                List<byte[]> points = scored.get(s.key());
                assertEquals(350, points.size());
                for (int i = 0; i < 350; i++)
                    assertEquals(i < 110 ? base.versionId() : v2.versionId(), AvroBytes.read(ScoredPoint.class, points.get(i)).getModelVersion(), s.key() + " #" + i);
            }
        }
    }

    @Test
    void storedStatesOfAnotherModelShapeAreResetByCauseAndACorruptOneIsADeadLetter(@TempDir Path dir) throws Exception {
        List<LabelledSeries> streams = StreamFixtures.streams().subList(2, 4);
        LstmModel h16 = TestModels.untrained(16, 1, 41);
        Path modelFile = dir.resolve("h16.avro");
        ModelSnapshots.write(h16, modelFile);
        List<byte[][]> first = StreamFixtures.records(streams, 0, 200), second = StreamFixtures.records(streams, 200, 260);
        Map<String, byte[]> stored = new LinkedHashMap<>();
        Map<String, List<byte[]>> scored = new LinkedHashMap<>();
        try (TopologyTestDriver d = driver(settings(DetectorConfig.defaults(), null), dir.resolve("a"))) {
            feed(d, first);
            merge(scored, read(d, "scored"));
            KeyValueStore<String, byte[]> store = d.getKeyValueStore(ScoreProcessor.STATE_STORE);
            for (LabelledSeries s : streams) stored.put(s.key(), store.get(s.key()));
        }
        byte[] garbage = {3, 0, 1, 0, 5, 'v', 'a', 'l', 'u', 'e'};   // format 3, then a header cut short
        try (TopologyTestDriver d = driver(settings(DetectorConfig.defaults(), modelFile.toString()), dir.resolve("b"))) {
            KeyValueStore<String, byte[]> store = d.getKeyValueStore(ScoreProcessor.STATE_STORE);
            stored.forEach(store::put);
            store.put("broken", garbage);
            feed(d, second);
            feed(d, List.<byte[][]>of(new byte[][]{"broken".getBytes(StandardCharsets.UTF_8), AvroBytes.write(dev.lookahead.avro.SensorReading.newBuilder()
                    .setKey("broken").setTime(Instant.parse("2024-01-01T00:00:00Z")).setChannels(Map.of("value", 1.0)).build())}));
            assertEquals(streams.size(), metric(d, Metric.STATE_RESETS.id() + "-" + StateChange.MODEL_ARCHITECTURE.tag()));
            assertEquals(1, metric(d, Metric.STATE_RESETS.id() + "-" + StateChange.CORRUPT.tag()));
            merge(scored, read(d, "scored"));
            Map<String, List<byte[]>> dlq = read(d, "dlq");
            DeadLetter dl = AvroBytes.read(DeadLetter.class, dlq.get("broken").get(0));
            assertEquals(Rejection.CORRUPT_STATE, dl.getErrorClass());
            assertEquals("broken", StandardCharsets.UTF_8.decode(dl.getRawKey()).toString());
            assertTrue(dl.getReason().contains("truncated"), dl.getReason());
            assertEquals(0, AvroBytes.read(ScoredPoint.class, scored.get("broken").get(0)).getSequence(), "scored on a fresh state");
        }
        // each key as the shared scoring step migrates it: the bundled model, then H=16 on the same state bytes
        Map<String, byte[]> states = new HashMap<>();
        Map<String, List<byte[]>> want = new LinkedHashMap<>();
        KeyedScoring a = new KeyedScoring(ModelSnapshots.bundled(), DetectorConfig.defaults(), StreamMetrics.NONE, "A", () -> 0L, true);
        KeyedScoring b = new KeyedScoring(h16, DetectorConfig.defaults(), StreamMetrics.NONE, "B", () -> 0L, true);
        for (List<byte[][]> part : List.of(first, second))
            for (byte[][] kv : part) {
                String key = new String(kv[0], StandardCharsets.UTF_8);
                states.put(key, (part == first ? a : b).score(states.get(key), kv[1], SourceRef.NONE, 0,
                        (r, v) -> { if (r == Route.SCORED) want.computeIfAbsent(key, x -> new ArrayList<>()).add(v); }));
            }
        assertSameBytes(want, scored, "scored points");
        for (LabelledSeries s : streams)
            assertTrue(AvroBytes.read(ScoredPoint.class, scored.get(s.key()).get(200)).getFlags().getStateReset(), s.key());
    }

    /** The Streams runtime starts the two-channel key from the model's normal state, and scores every key as the direct runner does. */
    @Test
    void newKeysOfTheModelsNormalStateStartFromItAsTheDirectRunnersDo(@TempDir Path dir) throws Exception {
        List<LabelledSeries> streams = StreamFixtures.streams();
        LstmModel model = StreamFixtures.withNormalStateOfATwoChannelRecording(ModelSnapshots.bundled());
        Path modelFile = dir.resolve("normal.avro");
        ModelSnapshots.write(model, modelFile);
        try (TopologyTestDriver d = driver(settings(DetectorConfig.defaults(), modelFile.toString()), dir.resolve("s"))) {
            feed(d, StreamFixtures.records(streams, 0, StreamFixtures.LENGTH));
            Map<String, List<byte[]>> scored = read(d, "scored");
            assertSameBytes(StreamFixtures.expectedScored(model, DetectorConfig.defaults(), streams), scored, "scored points");
            for (LabelledSeries s : streams)
                assertEquals(s.channels().size() == 2, AvroBytes.read(ScoredPoint.class, scored.get(s.key()).get(0)).getFlags().getStateReset(), s.key());
        }
    }

    @Test
    void aMultivariateModelOutOfNameOrderServesItsKeysAsTheDirectRunnerDoes(@TempDir Path dir) throws Exception {
        LstmModel multi = dev.lookahead.detector.TestModels.untrained(new dev.lookahead.model.ModelArchitecture(List.of("ch1", "ch0"), 16, 1), 5);
        Path modelFile = dir.resolve("multi.avro");
        ModelSnapshots.write(multi, modelFile);
        List<LabelledSeries> pumps = new ArrayList<>();
        for (int k = 0; k < 2; k++)
            pumps.add(dev.lookahead.synthetic.SyntheticStream.builder(500 + k).key("pump-" + k).length(600).interval(60_000)
                    .level(10 + k).seasonal(10, 2).noise(0.02).channels(2).correlated(true).generate());
        try (TopologyTestDriver d = driver(settings(DetectorConfig.defaults(), modelFile.toString()), dir.resolve("s"))) {
            feed(d, StreamFixtures.records(pumps, 0, 600));
            assertSameBytes(StreamFixtures.expectedScored(multi, DetectorConfig.defaults(), pumps), read(d, "scored"), "scored points");
            assertEquals(Map.of(), read(d, "dlq"), "no reading rejected");
        }
    }
}
