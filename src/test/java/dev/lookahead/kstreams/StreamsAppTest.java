package dev.lookahead.kstreams;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.kafka.EmbeddedKafka;
import dev.lookahead.config.RuntimeSettings;
import dev.lookahead.flink.StreamFixtures;
import dev.lookahead.model.ModelSnapshots;
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
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kafka Streams application on a real in-process broker, exactly_once_v2, read_committed: the replayed
 * multi-key stream scores exactly as the direct runner does (and so as the Flink job does: LookaheadJobTest holds
 * the job to the same bytes), across a restart that must restore every key's state from the changelog.
 */
class StreamsAppTest {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = new EmbeddedKafka();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) kafka.close();
    }

    private static RuntimeSettings settings(String run, Path stateDir, int threads) {
        return RuntimeSettings.builder().bootstrapServers(kafka.bootstrap()).inputTopic(run + "-in").anomaliesTopic(run + "-anomalies")
                .scoredTopic(run + "-scored").deadLetterTopic(run + "-dlq").modelsTopic(run + "-models").checkpointIntervalMillis(200)
                .streamsApplicationId("lookahead-it").streamsStateDir(stateDir.toString()).streamsThreads(threads).build();
    }

    private static void awaitCount(String topic, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int seen;
        while ((seen = kafka.readAll(topic).size()) < count) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out: " + seen + " of " + count + " records on " + topic);
            LockSupport.parkNanos(100_000_000L);   // poll interval
        }
    }

    @Test
    void replayAcrossARestartThatRestoresStateFromTheChangelogEqualsTheDirectRunner(@TempDir Path dir) throws Exception {
        RuntimeSettings s = settings("kstreams", dir.resolve("state-1"), 1);
        kafka.createTopics(2, s.inputTopic(), s.anomaliesTopic(), s.scoredTopic(), s.deadLetterTopic());
        kafka.createCompactedTopic(s.modelsTopic());
        List<LabelledSeries> streams = StreamFixtures.streams();
        int half = StreamFixtures.LENGTH / 2;
        List<byte[][]> first = StreamFixtures.records(streams, 0, half), second = StreamFixtures.records(streams, half, StreamFixtures.LENGTH);
        kafka.produce(s.inputTopic(), first);
        try (StreamsApp app = new StreamsApp(s)) {
            app.start();
            awaitCount(s.scoredTopic(), first.size());
        }
        // a new state directory: the restarted application must restore every key from the changelog topic
        kafka.produce(s.inputTopic(), second);
        try (StreamsApp app = new StreamsApp(s.toBuilder().streamsStateDir(dir.resolve("state-2").toString()).streamsThreads(2).build())) {
            app.start();
            awaitCount(s.scoredTopic(), first.size() + second.size());
        }
        Map<String, List<byte[]>> expected = StreamFixtures.expectedScored(ModelSnapshots.bundled(), DetectorConfig.defaults(), streams);
        Map<String, List<byte[]>> got = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(s.scoredTopic()))
            got.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(r.value());
        assertEquals(expected.keySet(), got.keySet());
        for (String key : expected.keySet()) {
            assertEquals(expected.get(key).size(), got.get(key).size(), key + ": nothing lost, nothing duplicated");
            for (int i = 0; i < expected.get(key).size(); i++) assertArrayEquals(expected.get(key).get(i), got.get(key).get(i), key + " point " + i);
        }
        int alerts = StreamFixtures.expectedAnomalies(ModelSnapshots.bundled(), DetectorConfig.defaults(), streams).values().stream().mapToInt(List::size).sum();
        assertEquals(alerts, kafka.readAll(s.anomaliesTopic()).size());
        System.out.printf("kafka streams: %d points across a restart with state restored from the changelog equal the direct runner's; %d alerts%n",
                first.size() + second.size(), alerts);
    }

    @Test
    void withFineTuningScoringSamplesWindowsToATopicAndTheTrainerProcessPublishesVersionsTheAppAdopts(@TempDir Path dir) throws Exception {
        dev.lookahead.finetune.FineTuneConfig ft = dev.lookahead.finetune.FineTuneConfig.builder().roundEveryPoints(100)
                .sampleEveryPoints(4).quarantinePoints(2).reservoirWindows(128).minTrainWindows(8).minValidationWindows(2)
                .epochs(3).margin(1.0).seed(1).build();
        RuntimeSettings s = settings("ft", dir.resolve("state"), 1).toBuilder().trainingWindowsTopic("ft-windows").fineTune(ft).build();
        kafka.createTopics(2, s.inputTopic(), s.anomaliesTopic(), s.scoredTopic(), s.deadLetterTopic(), s.trainingWindowsTopic());
        kafka.createCompactedTopic(s.modelsTopic());
        // a regime unlike the base model's corpus (period 10, little noise), so a round has something to learn
        List<LabelledSeries> fast = new ArrayList<>();
        for (int k = 0; k < 4; k++)
            fast.add(dev.lookahead.synthetic.SyntheticStream.builder(300 + k).key("fast-" + k).length(StreamFixtures.LENGTH)
                    .interval(60_000).level(10 + k).seasonal(10, 2).noise(0.02).channels(1).generate());
        int half = StreamFixtures.LENGTH / 2, total = fast.size() * StreamFixtures.LENGTH;
        kafka.produce(s.inputTopic(), StreamFixtures.records(fast, 0, half));
        dev.lookahead.model.LstmModel parent = ModelSnapshots.bundled();
        try (StreamsApp app = new StreamsApp(s); StreamsTrainer trainer = new StreamsTrainer(s)) {
            app.start();
            Thread t = new Thread(trainer::run, "test-trainer");
            t.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (kafka.readAll(s.modelsTopic()).isEmpty()) {
                if (System.nanoTime() > deadline) throw new AssertionError("no model on " + s.modelsTopic() + "; trainer took "
                        + trainer.windowsIn() + " windows, " + trainer.stats());
                LockSupport.parkNanos(100_000_000L);   // poll interval
            }
            kafka.produce(s.inputTopic(), StreamFixtures.records(fast, half, StreamFixtures.LENGTH));
            awaitCount(s.scoredTopic(), total);
            assertTrue(trainer.windowsIn() > 0);
            trainer.close();
            t.join(30_000);
        }
        List<dev.lookahead.model.LstmModel> published = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(s.modelsTopic())) published.add(ModelSnapshots.fromBytes(r.value()));
        Map<String, dev.lookahead.model.LstmModel> versions = new LinkedHashMap<>();
        versions.put(parent.versionId(), parent);
        long last = parent.version();
        for (dev.lookahead.model.LstmModel m : published) {
            assertTrue(m.version() > last, "versions only increase: " + m.versionId());
            last = m.version();
            dev.lookahead.model.LstmModel from = versions.get(m.group() + ":" + m.provenance().parentVersion());
            assertTrue(from != null && !java.util.Arrays.equals(from.weights().toFlat(), m.weights().toFlat()), m.versionId() + ": new weights");
            versions.put(m.versionId(), m);
        }
        // the scores follow them: each key's points equal a direct replay switching where the points say, and some are the new version's
        Map<String, List<byte[]>> got = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(s.scoredTopic()))
            got.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(r.value());
        int onNew = 0;
        for (LabelledSeries ls : fast) {
            List<byte[]> points = got.get(ls.key());
            assertEquals(ls.size(), points.size(), ls.key() + ": nothing lost, nothing duplicated");
            List<String> ids = new ArrayList<>();
            for (byte[] b : points) ids.add(StreamFixtures.decodeScored(b).getModelVersion());
            List<byte[]> replay = StreamFixtures.replayWithSwitches(parent, versions, DetectorConfig.defaults(), ls, ids);
            for (int i = 0; i < points.size(); i++) assertArrayEquals(replay.get(i), points.get(i), ls.key() + " point " + i + " (" + ids.get(i) + ")");
            onNew += (int) ids.stream().filter(v -> !v.equals(parent.versionId())).count();
        }
        assertTrue(onNew > 0, "points scored by a fine-tuned version");
        System.out.printf("kafka streams fine-tuning: %d version(s) published by the trainer process (first %s); %d of %d points scored by them, "
                + "each equal to a direct replay with the versions the points name%n", published.size(), published.get(0).versionId(), onNew, total);
    }

    @Test
    void aMissingTopicIsAClearErrorBeforeAnythingStarts(@TempDir Path dir) {
        RuntimeSettings s = settings("missing", dir, 1);
        String m = assertThrows(IllegalArgumentException.class, () -> new StreamsApp(s)).getMessage();
        assertTrue(m.contains("topic 'missing-in' does not exist"), m);
    }
}
