package dev.lookahead.flink;

import dev.lookahead.config.RuntimeSettings;
import dev.lookahead.kafka.EmbeddedKafka;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.synthetic.LabelledSeries;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The job on out-of-order input under REORDER, bounded, on a real broker and MiniCluster at parallelism 1 and 2:
 * every output topic (scored points, alerts, dead letters of late and duplicate readings) equals the direct
 * runner's, byte for byte per key; the points held at the end of the input are flushed, not lost.
 */
class ReorderJobTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    private static EmbeddedKafka kafka;
    private static List<LabelledSeries> streams;
    private static ReorderFixtures.Expected expected;

    @BeforeAll
    static void start() throws Exception {
        kafka = new EmbeddedKafka();
        streams = StreamFixtures.streams();
        expected = ReorderFixtures.expected(ModelSnapshots.bundled(), ReorderFixtures.config(), streams);
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) kafka.close();
    }

    private static Map<String, List<byte[]>> byKey(String topic) {
        Map<String, List<byte[]>> out = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(topic))
            out.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(r.value());
        return out;
    }

    private static void assertSameBytes(Map<String, List<byte[]>> want, Map<String, List<byte[]>> got, String what) {
        for (String key : want.keySet()) {
            List<byte[]> w = want.get(key), g = got.getOrDefault(key, List.of());
            assertEquals(w.size(), g.size(), what + " of " + key);
            for (int i = 0; i < w.size(); i++) assertArrayEquals(w.get(i), g.get(i), what + " of " + key + " #" + i);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void outOfOrderInputUnderReorderEqualsTheDirectRunnerOnEveryTopic(int parallelism) throws Exception {
        String run = "reorder-p" + parallelism;
        kafka.createTopics(2, run + "-in", run + "-anomalies", run + "-scored", run + "-dlq", run + "-models");
        RuntimeSettings s = RuntimeSettings.builder().bootstrapServers(kafka.bootstrap()).inputTopic(run + "-in")
                .anomaliesTopic(run + "-anomalies").scoredTopic(run + "-scored").deadLetterTopic(run + "-dlq").modelsTopic(run + "-models")
                .groupId(run + "-group").transactionalIdPrefix(run + "-tx").checkpointIntervalMillis(300).parallelism(parallelism)
                .minTime(Instant.parse("2000-01-01T00:00:00Z").toEpochMilli()).maxTime(Instant.parse("2100-01-01T00:00:00Z").toEpochMilli())
                .restartAttempts(0).bounded(true).detector(ReorderFixtures.config()).build();
        kafka.produce(s.inputTopic(), ReorderFixtures.records(streams, 0, ReorderFixtures.arrival(StreamFixtures.LENGTH).size()));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(LookaheadJob.flinkConfiguration(s));
        LookaheadJob.build(env, s, JobHooks.NONE);
        JobClient job = env.executeAsync("reorder " + run);
        JobExecutionResult result = job.getJobExecutionResult().get(180, TimeUnit.SECONDS);   // bounded: it ends

        assertSameBytes(expected.scored(), byKey(s.scoredTopic()), "scored points");
        assertSameBytes(expected.alerts(), byKey(s.anomaliesTopic()), "alerts");
        Map<String, List<byte[]>> raw = new LinkedHashMap<>();
        Map<String, List<String>> cls = new LinkedHashMap<>();
        byKey(s.deadLetterTopic()).forEach((k, v) -> v.forEach(dl -> ReorderFixtures.addDeadLetter(raw, cls, k, dl)));
        assertSameBytes(expected.droppedRaw(), raw, "dead letters");
        assertEquals(expected.droppedClass(), cls);
        System.out.printf("REORDER, bounded, parallelism %d: %d points, %d alerts and %d late or duplicate readings equal the direct runner (%d ms)%n",
                parallelism, expected.scoredCount(), expected.alertCount(), expected.droppedCount(), result.getNetRuntime());
    }
}
