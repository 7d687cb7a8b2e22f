package dev.lookahead.flink;

import dev.lookahead.avro.ScoredPoint;
import dev.lookahead.config.RuntimeSettings;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.StateChange;
import dev.lookahead.detector.TestModels;
import dev.lookahead.kafka.EmbeddedKafka;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.stream.KeyedScoring;
import dev.lookahead.stream.Metric;
import dev.lookahead.stream.Route;
import dev.lookahead.stream.SourceRef;
import dev.lookahead.stream.StreamMetrics;
import dev.lookahead.synthetic.LabelledSeries;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15's upgrade on a real MiniCluster and broker: stop with a savepoint (RocksDB) under the bundled model
 * (H=32), resume from it under a model of another shape (H=16) at another parallelism. The job keeps running, the
 * job's own metric counts every key's reset by cause, each key's next point says its recurrent state was reset while
 * its count carries on, and every output equals the shared scoring step's migration of the same state.
 */
class StateEvolutionJobTest {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = new EmbeddedKafka();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) kafka.close();
    }

    private static JobClient start(RuntimeSettings s, String savepoint) throws Exception {
        Configuration conf = LookaheadJob.flinkConfiguration(s);
        if (savepoint != null) conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        LookaheadJob.build(env, s, JobHooks.NONE);
        return env.executeAsync("state evolution " + (savepoint == null ? "A" : "B"));
    }

    private static void awaitCount(String topic, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int seen;
        while ((seen = kafka.readAll(topic).size()) < count) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out: " + seen + " of " + count + " records on " + topic);
            LockSupport.parkNanos(50_000_000L);   // poll interval
        }
    }

    /** The sum over subtasks of the counters whose identifier (job name, groups, name) holds every part. */
    private static long counter(String... parts) {
        long sum = 0;
        for (var group : METRICS.getMetricsByGroup().entrySet())
            for (var m : group.getValue().entrySet()) {
                String id = group.getKey().getMetricIdentifier(m.getKey());
                boolean all = true;
                for (String p : parts) all &= id.contains(p);
                if (all && m.getValue() instanceof Counter c) sum += c.getCount();
            }
        return sum;
    }

    @Test
    void aSavepointRestoredUnderAModelOfAnotherShapeKeepsRunningAndResetsEachKeysRecurrentState(@TempDir Path dir) throws Exception {
        String run = "evolve";
        kafka.createTopics(2, run + "-in", run + "-anomalies", run + "-scored", run + "-dlq", run + "-models");
        LstmModel h16 = TestModels.untrained(16, 1, 31);
        Path modelFile = dir.resolve("h16.avro");
        ModelSnapshots.write(h16, modelFile);
        RuntimeSettings a = RuntimeSettings.builder().bootstrapServers(kafka.bootstrap()).inputTopic(run + "-in")
                .anomaliesTopic(run + "-anomalies").scoredTopic(run + "-scored").deadLetterTopic(run + "-dlq").modelsTopic(run + "-models")
                .groupId(run + "-group").transactionalIdPrefix(run + "-tx").checkpointIntervalMillis(200).parallelism(2)
                .minTime(Instant.parse("2000-01-01T00:00:00Z").toEpochMilli()).maxTime(Instant.parse("2100-01-01T00:00:00Z").toEpochMilli())
                .restartAttempts(0).stateBackend("rocksdb").checkpointDir(dir.resolve("checkpoints").toUri().toString()).build();
        RuntimeSettings b = a.toBuilder().parallelism(1).modelFile(modelFile.toString()).build();
        List<LabelledSeries> streams = StreamFixtures.streams();
        int half = 400, rows = 800;
        List<byte[][]> first = StreamFixtures.records(streams, 0, half), second = StreamFixtures.records(streams, half, rows);

        kafka.produce(a.inputTopic(), first);
        JobClient jobA = start(a, null);
        awaitCount(a.scoredTopic(), first.size());
        String savepoint = jobA.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(60, TimeUnit.SECONDS);

        kafka.produce(a.inputTopic(), second);
        JobClient jobB = start(b, savepoint);
        long resets;
        try {
            awaitCount(a.scoredTopic(), first.size() + second.size());
            assertEquals(JobStatus.RUNNING, jobB.getJobStatus().get(), "the job keeps running");
            resets = counter("state evolution B", "lookahead", "cause", StateChange.MODEL_ARCHITECTURE.tag(), Metric.STATE_RESETS.id());
            assertEquals(streams.size(), resets, "one reset per key, counted by cause");
            assertEquals(0, counter("state evolution B", "lookahead", StateChange.CORRUPT.tag()));
            assertEquals(0, counter("state evolution B", "lookahead", Metric.MODEL_SWITCHES.id()));
        } finally {
            jobB.cancel().get(30, TimeUnit.SECONDS);
        }

        // what the shared scoring step gives: the bundled model over the first half, then H=16 on the same state bytes
        Map<String, byte[]> states = new HashMap<>();
        Map<String, List<byte[]>> want = new LinkedHashMap<>();
        KeyedScoring refA = new KeyedScoring(a.initialModel(), DetectorConfig.defaults(), StreamMetrics.NONE, "A", () -> 0L, true);
        KeyedScoring refB = new KeyedScoring(h16, DetectorConfig.defaults(), StreamMetrics.NONE, "B", () -> 0L, true);
        for (List<byte[][]> part : List.of(first, second))
            for (byte[][] kv : part) {
                String key = new String(kv[0], StandardCharsets.UTF_8);
                KeyedScoring k = part == first ? refA : refB;
                states.put(key, k.score(states.get(key), kv[1], SourceRef.NONE, 0,
                        (route, v) -> { if (route == Route.SCORED) want.computeIfAbsent(key, x -> new ArrayList<>()).add(v); }));
            }
        Map<String, List<byte[]>> got = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(a.scoredTopic()))
            got.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(r.value());
        for (LabelledSeries s : streams) {
            List<byte[]> w = want.get(s.key()), g = got.get(s.key());
            assertEquals(rows, g.size(), s.key());
            for (int i = 0; i < rows; i++) assertArrayEquals(w.get(i), g.get(i), s.key() + " #" + i);
            ScoredPoint next = StreamFixtures.decodeScored(g.get(half));
            assertTrue(next.getFlags().getStateReset() && next.getFlags().getWarmUp(), s.key() + ": " + next.getFlags());
            assertEquals(half, next.getSequence(), s.key() + ": the key's count carries on");
            assertEquals(h16.versionId(), next.getModelVersion());
        }
        System.out.printf("savepoint under %s restored under %s: job running, %d keys reset (stateResets{cause=%s}), %d points equal the core's migration%n",
                a.initialModel().architecture().describe(), h16.architecture().describe(), resets, StateChange.MODEL_ARCHITECTURE.tag(),
                first.size() + second.size());
    }
}
