package dev.lookahead.kstreams;

import dev.lookahead.config.RuntimeSettings;
import dev.lookahead.detector.Detector;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.KeyState;
import dev.lookahead.detector.TestModels;
import dev.lookahead.flink.ReorderFixtures;
import dev.lookahead.flink.StreamFixtures;
import dev.lookahead.kafka.EmbeddedKafka;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.model.Provenance;
import dev.lookahead.stream.Metric;
import dev.lookahead.synthetic.LabelledSeries;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kafka Streams application on a real in-process broker, exactly_once_v2: out-of-order input under REORDER
 * across a restart that restores every key's state (held points included) from the changelog equals the direct
 * runner on every topic, a key with no input after the restart included; a model published while the application
 * runs is adopted once per task and never decoded again, however many records follow; the cached key-state store
 * writes its changelog once per key per commit, not per reading.
 */
class StreamsRuntimeAppTest {

    private static final long INTERVAL = 4_000, BOUND = 10_000;   // a quiet key is flushed 10 s after its last reading
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = new EmbeddedKafka();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) kafka.close();
    }

    private static RuntimeSettings settings(String run, Path stateDir, DetectorConfig detector) throws Exception {
        RuntimeSettings s = RuntimeSettings.builder().bootstrapServers(kafka.bootstrap()).inputTopic(run + "-in").anomaliesTopic(run + "-anomalies")
                .scoredTopic(run + "-scored").deadLetterTopic(run + "-dlq").modelsTopic(run + "-models").checkpointIntervalMillis(200)
                .streamsApplicationId("lookahead-" + run).streamsStateDir(stateDir.toString()).streamsThreads(1).detector(detector).build();
        kafka.createTopics(2, s.inputTopic(), s.anomaliesTopic(), s.scoredTopic(), s.deadLetterTopic());
        kafka.createCompactedTopic(s.modelsTopic());
        return s;
    }

    private static void await(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            LockSupport.parkNanos(100_000_000L);   // poll interval
        }
    }

    /** The total of a shared metric over the application's tasks. */
    private static double metric(StreamsApp app, String name) {
        double sum = 0;
        for (var e : app.metrics().entrySet())
            if (e.getKey().group().equals("stream-lookahead-metrics") && e.getKey().name().equals(name + "-total"))
                sum += ((Number) e.getValue().metricValue()).doubleValue();
        return sum;
    }

    private static Map<String, List<byte[]>> byKey(String topic) {
        Map<String, List<byte[]>> out = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(topic))
            out.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(r.value());
        return out;
    }

    private static void assertSameBytes(Map<String, List<byte[]>> want, Map<String, List<byte[]>> got, String what) {
        assertEquals(want.keySet(), got.keySet(), what);
        for (String key : want.keySet()) {
            List<byte[]> w = want.get(key), g = got.get(key);
            assertEquals(w.size(), g.size(), what + " of " + key + ": nothing lost, nothing duplicated");
            for (int i = 0; i < w.size(); i++) assertArrayEquals(w.get(i), g.get(i), what + " of " + key + " #" + i);
        }
    }

    /** Outcomes the detector emits for a key's first {@code n} arrivals, before any flush. */
    private static int emittedBeforeFlush(LabelledSeries s, DetectorConfig cfg, int n) {
        TreeMap<String, Integer> byName = new TreeMap<>();
        for (int c = 0; c < s.channels().size(); c++) byName.put(s.channels().get(c), c);
        List<String> names = new ArrayList<>(byName.keySet());
        Detector d = new Detector(ModelSnapshots.bundled(), cfg.toBuilder().channels(names).build());
        KeyState state = d.newState();
        List<Integer> rows = ReorderFixtures.arrival(s.size());
        int[] count = {0};
        for (int i = 0; i < n; i++) {
            double[] v = new double[names.size()];
            for (int c = 0; c < v.length; c++) v[c] = s.values()[rows.get(i)][byName.get(names.get(c))];
            d.process(state, s.key(), s.times()[rows.get(i)], v, i, o -> count[0]++);
        }
        return count[0];
    }

    @Test
    void reorderAcrossARestartThatRestoresHeldPointsFromTheChangelogEqualsTheDirectRunner(@TempDir Path dir) throws Exception {
        DetectorConfig reorder = ReorderFixtures.config(BOUND);
        RuntimeSettings s = settings("kstreams-reorder", dir.resolve("state-1"), reorder);
        List<LabelledSeries> streams = StreamFixtures.streams(INTERVAL).subList(2, 4);   // one univariate key, one two-channel
        int n = ReorderFixtures.arrival(StreamFixtures.LENGTH).size();
        int cut = ReorderFixtures.cleanCut(StreamFixtures.LENGTH, 750);
        String silent = streams.get(1).key();   // no readings after the restart: only the restored state's flush ends it
        Set<String> talking = streams.stream().map(LabelledSeries::key).filter(k -> !k.equals(silent)).collect(Collectors.toSet());
        List<byte[][]> first = ReorderFixtures.records(streams, 0, cut), second = ReorderFixtures.records(streams, cut, n, talking);
        int beforeFlush = streams.stream().mapToInt(ls -> emittedBeforeFlush(ls, reorder, cut)).sum();

        kafka.produce(s.inputTopic(), first);
        try (StreamsApp app = new StreamsApp(s)) {
            app.start();
            await("the first part scored or dropped, held points still held", () ->
                    metric(app, Metric.SCORED.id()) + metric(app, Metric.DROPPED_BY_DETECTOR.id()) >= beforeFlush);
            assertEquals(0, metric(app, Metric.REORDER_FLUSHED.id()), "closed before any key was quiet for " + BOUND + " ms");
        }
        kafka.produce(s.inputTopic(), second);
        ReorderFixtures.Expected want = ReorderFixtures.expected(ModelSnapshots.bundled(), reorder, streams, Map.of(silent, cut));
        try (StreamsApp app = new StreamsApp(s.toBuilder().streamsStateDir(dir.resolve("state-2").toString()).streamsThreads(2).build())) {
            app.start();
            await(want.scoredCount() + " scored points", () -> kafka.readAll(s.scoredTopic()).size() >= want.scoredCount());
            assertTrue(metric(app, Metric.REORDER_FLUSHED.id()) > 0, "the restored buffers were flushed");
        }
        assertSameBytes(want.scored(), byKey(s.scoredTopic()), "scored points");
        Map<String, List<byte[]>> alerts = byKey(s.anomaliesTopic());
        for (String key : want.alerts().keySet()) alerts.putIfAbsent(key, List.of());
        assertSameBytes(want.alerts(), alerts, "alerts");
        Map<String, List<byte[]>> raw = new LinkedHashMap<>();
        Map<String, List<String>> cls = new LinkedHashMap<>();
        byKey(s.deadLetterTopic()).forEach((k, v) -> v.forEach(dl -> ReorderFixtures.addDeadLetter(raw, cls, k, dl)));
        assertSameBytes(want.droppedRaw(), raw, "dead letters");
        assertEquals(want.droppedClass(), cls);
        System.out.printf("kafka streams, REORDER across a restart: %d points, %d alerts, %d late or duplicate readings equal the direct runner; "
                + "%s's held points flushed from its restored state%n", want.scoredCount(), want.alertCount(), want.droppedCount(), silent);
    }

    /** The total of a Kafka Streams thread metric. */
    private static double threadMetric(StreamsApp app, String name) {
        double sum = 0;
        for (var e : app.metrics().entrySet())
            if (e.getKey().group().equals("stream-thread-metrics") && e.getKey().name().equals(name))
                sum += ((Number) e.getValue().metricValue()).doubleValue();
        return sum;
    }

    @Test
    void theCachedKeyStateStoreWritesItsChangelogAtMostOncePerKeyPerCommit(@TempDir Path dir) throws Exception {
        RuntimeSettings s = settings("kstreams-cache", dir, DetectorConfig.defaults());
        List<LabelledSeries> streams = StreamFixtures.streams();
        List<byte[][]> input = StreamFixtures.records(streams, 0, 1000);
        kafka.produce(s.inputTopic(), input);
        double commits;
        try (StreamsApp app = new StreamsApp(s.toBuilder().checkpointIntervalMillis(1000).build())) {
            app.start();
            await("every reading scored", () -> kafka.readAll(s.scoredTopic()).size() >= input.size());
            commits = threadMetric(app, "commit-total");
        }   // a clean close commits once more
        int changelog = kafka.readAll(s.streamsApplicationId() + "-" + ScoreProcessor.STATE_STORE + "-changelog").size();
        assertTrue(changelog > 0, "the store is changelog-backed");
        assertTrue(changelog <= streams.size() * (commits + 1), changelog + " changelog records for " + streams.size()
                + " keys over " + (commits + 1) + " commits");
        System.out.printf("kafka streams: %d readings of %d keys wrote %d key-state changelog records over %.0f commits (uncached: %d)%n",
                input.size(), streams.size(), changelog, commits + 1, input.size());
    }

    @Test
    void aModelPublishedWhileTheApplicationRunsIsAdoptedOncePerTaskAndNeverReparsed(@TempDir Path dir) throws Exception {
        RuntimeSettings s = settings("kstreams-model", dir, DetectorConfig.defaults());
        List<LabelledSeries> streams = StreamFixtures.streams();
        LstmModel base = ModelSnapshots.bundled();
        LstmModel v2 = new LstmModel(base.group(), base.version() + 1, TestModels.untrained(base.architecture(), 12).weights(), Provenance.untrained(12));
        List<byte[][]> before = StreamFixtures.records(streams, 0, 200), after = StreamFixtures.records(streams, 200, 1000);
        kafka.produce(s.inputTopic(), before);
        double parses, switches, records;
        try (StreamsApp app = new StreamsApp(s)) {
            app.start();
            await("the first readings scored", () -> kafka.readAll(s.scoredTopic()).size() >= before.size());
            kafka.produce(s.modelsTopic(), List.<byte[][]>of(new byte[][]{base.group().getBytes(StandardCharsets.UTF_8), ModelSnapshots.toBytes(v2)}));
            await("every scoring task on " + v2.versionId(), () -> metric(app, Metric.MODEL_SWITCHES.id()) >= 2);
            kafka.produce(s.inputTopic(), after);
            await("every reading scored", () -> kafka.readAll(s.scoredTopic()).size() >= before.size() + after.size());
            parses = metric(app, Metric.MODEL_SNAPSHOTS_PARSED.id());
            switches = metric(app, Metric.MODEL_SWITCHES.id());
            records = metric(app, Metric.SCORED.id());
        }
        assertEquals(2, switches, "adopted once by each of the two scoring tasks");
        assertEquals(switches, parses, "decoded once per adoption, not per record: " + records + " records scored");
        int onV2 = 0;
        for (List<byte[]> points : byKey(s.scoredTopic()).values()) {
            long last = 0;
            for (byte[] b : points) {
                String version = StreamFixtures.decodeScored(b).getModelVersion();
                long v = Long.parseLong(version.substring(version.lastIndexOf(':') + 1));
                assertTrue(v >= last, "versions never go back within a key");
                last = v;
                if (version.equals(v2.versionId())) onV2++;
            }
        }
        assertTrue(onV2 >= after.size(), onV2 + " points on " + v2.versionId());
        System.out.printf("kafka streams: %s adopted by %d tasks with %d decodes over %d scored records%n", v2.versionId(), (int) switches, (int) parses, (int) records);
    }
}
