package dev.lookahead.flink;

import dev.lookahead.avro.Anomaly;
import dev.lookahead.avro.DeadLetter;
import dev.lookahead.avro.SensorReading;
import dev.lookahead.config.RuntimeSettings;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.kafka.EmbeddedKafka;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.stream.AvroBytes;
import dev.lookahead.synthetic.LabelledSeries;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real job on a real in-process KRaft broker and a Flink MiniCluster, exactly-once, consumers reading
 * {@code read_committed}: failures mid-stream, bad input, stop-with-savepoint then resume at another parallelism,
 * fine-tuning. A plain replay's equivalence with the direct runner is {@link JobReplayTest}'s, through the test kit.
 */
class LookaheadJobTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    private static final long MIN_TIME = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    private static final long MAX_TIME = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();

    private static EmbeddedKafka kafka;
    private static List<LabelledSeries> streams;
    private static Map<String, List<byte[]>> expected, expectedAlerts;
    private static int total;

    @BeforeAll
    static void start() throws Exception {
        kafka = new EmbeddedKafka();
        streams = StreamFixtures.streams();
        expected = StreamFixtures.expectedScored(ModelSnapshots.bundled(), DetectorConfig.defaults(), streams);
        expectedAlerts = StreamFixtures.expectedAnomalies(ModelSnapshots.bundled(), DetectorConfig.defaults(), streams);
        total = StreamFixtures.records(streams, 0, StreamFixtures.LENGTH).size();
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) kafka.close();
    }

    /** The test's job on its own topics; restarts are quick (the cluster's default strategy waits seconds). */
    private static RuntimeSettings settings(String run, int parallelism, int restarts, int maxRecordBytes) throws Exception {
        kafka.createTopics(2, run + "-in", run + "-anomalies", run + "-scored", run + "-dlq", run + "-models");
        return RuntimeSettings.builder().bootstrapServers(kafka.bootstrap()).inputTopic(run + "-in").anomaliesTopic(run + "-anomalies")
                .scoredTopic(run + "-scored").deadLetterTopic(run + "-dlq").modelsTopic(run + "-models").groupId(run + "-group")
                .transactionalIdPrefix(run + "-tx").checkpointIntervalMillis(200).parallelism(parallelism).maxRecordBytes(maxRecordBytes)
                .minTime(MIN_TIME).maxTime(MAX_TIME).restartAttempts(restarts).restartDelayMillis(200).build();
    }

    private static JobClient start(RuntimeSettings s, JobHooks hooks, String savepoint) throws Exception {
        Configuration conf = LookaheadJob.flinkConfiguration(s);
        if (savepoint != null) conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        LookaheadJob.build(env, s, hooks);
        return env.executeAsync("lookahead-test " + s.inputTopic());
    }

    private static void await(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);   // poll interval
        }
    }

    private static void awaitCount(String topic, int count) {
        int[] last = {-1};
        await(count + " records on " + topic + " (last seen " + last[0] + ")", () -> (last[0] = kafka.readAll(topic).size()) >= count);
    }

    /**
     * Fine-tuning in small rounds: the trainer sees only the windows the two scoring subtasks sample (a quarter of the
     * clean points start one, each counted as 4 points), so a round comes once ~25 windows have arrived.
     */
    private static dev.lookahead.finetune.FineTuneConfig smallRounds() {
        return dev.lookahead.finetune.FineTuneConfig.builder().roundEveryPoints(100)
                .sampleEveryPoints(4).quarantinePoints(2).reservoirWindows(128).minTrainWindows(8).minValidationWindows(2)
                .epochs(3).margin(1.0).seed(1).build();
    }

    /**
     * Runs the job on the first half of {@code streams}, waits for a fine-tuned model on the models topic, feeds the
     * rest, waits for every scored point and cancels the job (still running); returns the points fed.
     */
    private static int runUntilFineTunedThenToTheEnd(RuntimeSettings s, List<LabelledSeries> streams) throws Exception {
        int total = StreamFixtures.records(streams, 0, StreamFixtures.LENGTH).size();
        int half = StreamFixtures.LENGTH / 2;
        kafka.produce(s.inputTopic(), StreamFixtures.records(streams, 0, half));
        JobClient job = start(s, JobHooks.NONE, null);
        try {
            await("a fine-tuned model on " + s.modelsTopic(), () -> !kafka.readAll(s.modelsTopic()).isEmpty());
            kafka.produce(s.inputTopic(), StreamFixtures.records(streams, half, StreamFixtures.LENGTH));
            awaitCount(s.scoredTopic(), total);
            assertEquals(JobStatus.RUNNING, job.getJobStatus().get());
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        return total;
    }

    /** Committed scored points per key, in topic order (a key's records share a partition). */
    private static Map<String, List<byte[]>> scoredByKey(String topic) {
        Map<String, List<byte[]>> out = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(topic))
            out.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(r.value());
        return out;
    }

    private static void assertEqualsDirectRunner(String scoredTopic) {
        Map<String, List<byte[]>> got = scoredByKey(scoredTopic);
        assertEquals(expected.keySet(), got.keySet());
        for (String key : expected.keySet()) {
            List<byte[]> e = expected.get(key), g = got.get(key);
            assertEquals(e.size(), g.size(), key + ": scored points");
            for (int i = 0; i < e.size(); i++)
                assertArrayEquals(e.get(i), g.get(i), key + " point " + i + ": job " + StreamFixtures.decodeScored(g.get(i))
                        + " direct " + StreamFixtures.decodeScored(e.get(i)));
        }
    }

    /** The committed anomalies are exactly the direct runner's alerts, byte for byte, in each key's order. */
    private static void assertAlertsEqualDirectRunner(String anomaliesTopic) {
        Map<String, List<byte[]>> got = scoredByKey(anomaliesTopic);
        for (String key : expectedAlerts.keySet()) {
            List<byte[]> w = expectedAlerts.get(key), g = got.getOrDefault(key, List.of());
            assertEquals(w.size(), g.size(), key + ": alerts");
            for (int i = 0; i < w.size(); i++) assertArrayEquals(w.get(i), g.get(i), key + " alert " + i);
        }
        assertTrue(expectedAlerts.keySet().containsAll(got.keySet()), "alerts only for the input's keys: " + got.keySet());
    }

    // failure injection: static because the MiniCluster runs the job in this JVM
    static final AtomicInteger CHECKPOINTS = new AtomicInteger();
    static final Map<String, AtomicBoolean> FAILED = new ConcurrentHashMap<>();

    /** Throws once, on the first record after at least {@code after} records and one completed checkpoint. */
    static final class FailOnce<T> extends RichMapFunction<T, T> implements CheckpointListener {
        private final String name;
        private final int after;
        private transient int seen;

        FailOnce(String name, int after) {
            this.name = name;
            this.after = after;
        }

        @Override
        public void open(OpenContext ctx) {
            seen = 0;
        }

        @Override
        public T map(T v) {
            if (++seen >= after && CHECKPOINTS.get() > 0 && FAILED.computeIfAbsent(name, k -> new AtomicBoolean()).compareAndSet(false, true))
                throw new IllegalStateException("injected failure in " + name + " after " + seen + " records");
            return v;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTS.incrementAndGet();
        }
    }

    @Test
    void failuresInTwoPlacesMidStreamLoseNothingAndDuplicateNothing() throws Exception {
        RuntimeSettings s = settings("failures", 2, 5, 1_000_000);
        JobHooks hooks = new JobHooks() {
            @Override
            public DataStream<KeyedRecord> afterValidation(DataStream<KeyedRecord> valid) {
                return valid.map(new FailOnce<KeyedRecord>("validate", 500)).returns(TypeInformation.of(KeyedRecord.class)).uid("fail-validate");
            }

            @Override
            public DataStream<OutRecord> afterScoring(DataStream<OutRecord> scored) {
                return scored.map(new FailOnce<OutRecord>("score", 900)).returns(TypeInformation.of(OutRecord.class)).uid("fail-score");
            }
        };
        int half = StreamFixtures.LENGTH / 2;
        // bad records in both halves, so the dead-letter sink has output to lose or duplicate across the failures too
        List<byte[][]> first = withBadRecords(StreamFixtures.records(streams, 0, half), 0);
        List<byte[][]> second = withBadRecords(StreamFixtures.records(streams, half, StreamFixtures.LENGTH), 1);
        int goodInFirst = StreamFixtures.records(streams, 0, half).size();
        kafka.produce(s.inputTopic(), first);
        JobClient job = start(s, hooks, null);
        List<String> wantDeadLetters;
        int wantAlerts = expectedAlerts.values().stream().mapToInt(List::size).sum();
        try {
            awaitCount(s.scoredTopic(), goodInFirst);       // committed, so at least one checkpoint completed
            await("a completed checkpoint", () -> CHECKPOINTS.get() > 0);
            kafka.produce(s.inputTopic(), second);
            wantDeadLetters = validationDeadLetters(s);
            awaitCount(s.scoredTopic(), total);
            awaitCount(s.anomaliesTopic(), wantAlerts);
            awaitCount(s.deadLetterTopic(), wantDeadLetters.size());
            assertEquals(JobStatus.RUNNING, job.getJobStatus().get());
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        assertTrue(FAILED.get("validate").get() && FAILED.get("score").get(), "both failures were injected");
        // all three topics equal the failure-free run: the direct runner's points and alerts, byte for byte in each
        // key's order, and one dead letter per bad record with its source offset (nothing lost, nothing twice)
        assertEqualsDirectRunner(s.scoredTopic());
        assertAlertsEqualDirectRunner(s.anomaliesTopic());
        assertEquals(10, wantDeadLetters.size(), "five bad records in each half");
        assertEquals(wantDeadLetters, deadLetters(s.deadLetterTopic()));
        System.out.printf("two injected failures: committed output equals the failure-free run on all three topics: %d points, %d alerts, %d dead letters%n",
                total, wantAlerts, wantDeadLetters.size());
    }

    /** {@code good} with a tombstone, an empty value, noise, another schema's record and a reading out of range spread through it. */
    private static List<byte[][]> withBadRecords(List<byte[][]> good, int salt) {
        byte[] noise = new byte[48];
        new SplittableRandom(11 + salt).nextBytes(noise);
        List<byte[]> bad = new ArrayList<>();
        bad.add(null);
        bad.add(new byte[0]);
        bad.add(noise);
        bad.add(AvroBytes.write(DeadLetter.newBuilder().setRaw(java.nio.ByteBuffer.wrap(new byte[]{7})).setReason("another schema")
                .setErrorClass("X").setTime(Instant.EPOCH).build()));
        bad.add(AvroBytes.write(reading("sensor-1", Instant.parse("2200-01-01T00:00:00Z"), 1.0)));
        List<byte[][]> out = new ArrayList<>(good);
        for (int i = bad.size() - 1; i >= 0; i--)
            out.add((i + 1) * good.size() / (bad.size() + 1), new byte[][]{("bad-" + salt + "-" + i).getBytes(StandardCharsets.UTF_8), bad.get(i)});
        return out;
    }

    /** What any run must write to the dead-letter topic for the input topic's records that fail validation (time zeroed, sorted). */
    private static List<String> validationDeadLetters(RuntimeSettings s) {
        dev.lookahead.stream.ReadingDecoder decoder = new dev.lookahead.stream.ReadingDecoder(s.maxRecordBytes(), s.minTime(), s.maxTime());
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(s.inputTopic())) {
            var res = decoder.decode(r.value());
            if (!res.ok()) out.add(dev.lookahead.stream.AvroOutputs.deadLetter(r.value(), r.key(), r.topic(), r.partition(), r.offset(),
                    res.rejection(), 0).toString());
        }
        out.sort(null);
        return out;
    }

    /** The committed dead letters, time zeroed (it is the wall clock of the run), sorted. */
    private static List<String> deadLetters(String topic) {
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(topic)) {
            DeadLetter d = AvroBytes.read(DeadLetter.class, r.value());
            d.setTime(Instant.EPOCH);
            out.add(d.toString());
        }
        out.sort(null);
        return out;
    }

    /** One bad record of the dead-letter test: what is sent, and the class and reason its dead letter must carry. */
    private record Bad(String name, byte[] key, byte[] value, String errorClass, String reasonStart) {
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicWithTheirReasonAndTheJobNeverRestarts() throws Exception {
        int maxBytes = 4096;
        RuntimeSettings s = settings("bad-input", 2, 0, maxBytes);   // no restarts allowed: an exception would fail the job
        List<LabelledSeries> two = streams.subList(0, 2);
        int rows = 300;
        List<byte[][]> good = StreamFixtures.records(two, 0, rows);
        byte[] x = "x".getBytes(StandardCharsets.UTF_8);
        byte[] noise = new byte[64];
        new SplittableRandom(3).nextBytes(noise);
        SensorReading big = reading("sensor-0", Instant.parse("2020-06-01T00:00:00Z"), 1.0);
        big.setAttributes(Map.of("blob", "x".repeat(maxBytes)));
        Instant t = Instant.parse("2020-06-01T00:00:00Z");
        // rejected by validation, each with its own class
        List<Bad> rejected = List.of(
                new Bad("tombstone", "tombstone".getBytes(StandardCharsets.UTF_8), null, "TOMBSTONE", "tombstone"),
                new Bad("empty", x, new byte[0], "EMPTY", "empty record"),
                new Bad("noise", x, noise, "MALFORMED", "not Avro SensorReading bytes"),
                new Bad("other schema", x, AvroBytes.write(DeadLetter.newBuilder().setRaw(java.nio.ByteBuffer.wrap(new byte[]{1, 2, 3}))
                        .setReason("a record of another schema").setErrorClass("X").setTime(Instant.EPOCH).build()), "SCHEMA", "not a SensorReading"),
                new Bad("NaN", x, AvroBytes.write(reading("sensor-0", t, Double.NaN)), "NON_FINITE", "every channel is NaN"),
                new Bad("infinity", x, AvroBytes.write(reading("sensor-0", t, Double.POSITIVE_INFINITY)), "NON_FINITE", "channel 'value' is Infinity"),
                new Bad("blank key", x, AvroBytes.write(reading("", t, 1.0)), "INVALID_KEY", "blank key"),
                new Bad("future", x, AvroBytes.write(reading("sensor-0", Instant.parse("2200-01-01T00:00:00Z"), 1.0)), "INVALID_TIME", "event time"),
                new Bad("past", x, AvroBytes.write(reading("sensor-0", Instant.parse("1970-01-02T00:00:00Z"), 1.0)), "INVALID_TIME", "event time"),
                new Bad("oversized", x, AvroBytes.write(big), "OVERSIZED", "record of"));
        List<Bad> bad = new ArrayList<>(rejected);
        // valid bytes dropped by the detector: a real duplicate (the same key and event time again, right after the
        // original) and a real out-of-order reading (30 s before the key's last point, a time it never had)
        List<byte[][]> input = new ArrayList<>();
        int b = 0;
        for (int i = 0; i < good.size(); i++) {
            input.add(good.get(i));
            if (i > 100 && i % 15 == 0 && b < rejected.size()) {
                Bad next = rejected.get(b++);
                input.add(new byte[][]{next.key(), next.value()});
            }
            if (i == 150 || i == 201) {
                byte[] key = good.get(i)[0];
                SensorReading last = AvroBytes.read(SensorReading.class, good.get(i)[1]);
                Bad d = i == 150
                        ? new Bad("duplicate", key, good.get(i)[1], "DUPLICATE", "duplicate: a point at this time was already processed")
                        : new Bad("out of order", key, AvroBytes.write(SensorReading.newBuilder(last).setTime(last.getTime().minusSeconds(30)).build()),
                                "ORDER", "out of order: 30000 ms before the key's last point");
                bad.add(d);
                input.add(new byte[][]{d.key(), d.value()});   // the key's own partition, so it follows the original there
            }
        }
        assertEquals(bad.size(), input.size() - good.size(), "every bad record was sent");
        kafka.produce(s.inputTopic(), input);

        JobClient job = start(s, JobHooks.NONE, null);
        List<DeadLetter> letters = new ArrayList<>();
        try {
            awaitCount(s.scoredTopic(), good.size());
            awaitCount(s.deadLetterTopic(), bad.size());
            assertEquals(JobStatus.RUNNING, job.getJobStatus().get(), "the job is still running: it never restarted");
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(s.deadLetterTopic())) letters.add(AvroBytes.read(DeadLetter.class, r.value()));
        assertEquals(good.size(), kafka.readAll(s.scoredTopic()).size(), "scored = input - dead letters");
        assertEquals(bad.size(), letters.size(), "one dead letter per bad record");
        for (Bad e : bad) {
            byte[] raw = e.value() == null ? new byte[0] : e.value();
            List<DeadLetter> mine = letters.stream().filter(l -> Arrays.equals(bytes(l.getRaw()), raw) && l.getErrorClass().equals(e.errorClass())).toList();
            assertEquals(1, mine.size(), e.name() + ": one dead letter of class " + e.errorClass() + " among "
                    + letters.stream().map(l -> l.getErrorClass() + ": " + l.getReason()).toList());
            DeadLetter dl = mine.get(0);
            assertTrue(dl.getReason().startsWith(e.reasonStart()) && dl.getSourceTopic().equals(s.inputTopic()) && dl.getSourceOffset() != null,
                    e.name() + ": " + dl);
            System.out.printf("dead letter %-13s %-11s %s%n", e.name(), dl.getErrorClass(), dl.getReason());
        }
        // the cases that used to share a branch now each take their own
        assertEquals(4, bad.stream().filter(e -> List.of("tombstone", "empty", "duplicate", "out of order").contains(e.name()))
                .map(Bad::errorClass).distinct().count(), "tombstone, empty, duplicate and out of order each carry their own class");
    }

    @Test
    void stopWithSavepointOnRocksDbThenResumeOnRocksDbAtAnotherParallelismContinuesAsIfUninterrupted(@TempDir Path dir) throws Exception {
        RuntimeSettings s = settings("savepoint", 2, 0, 1_000_000).toBuilder().stateBackend("rocksdb")
                .checkpointDir(dir.resolve("checkpoints").toUri().toString()).build();
        int half = StreamFixtures.LENGTH / 2;
        List<byte[][]> first = StreamFixtures.records(streams, 0, half);
        kafka.produce(s.inputTopic(), first);
        JobClient job = start(s, JobHooks.NONE, null);
        awaitCount(s.scoredTopic(), first.size());
        String savepoint = job.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL).get(60, TimeUnit.SECONDS);

        // resumed on RocksDB too (state.backend.type rocksdb, the same checkpoint directory): the savepoint's
        // canonical format is read back into RocksDB at another parallelism
        RuntimeSettings resumed = s.toBuilder().parallelism(1).build();
        assertEquals("rocksdb", LookaheadJob.flinkConfiguration(resumed).get(org.apache.flink.configuration.StateBackendOptions.STATE_BACKEND));
        kafka.produce(s.inputTopic(), StreamFixtures.records(streams, half, StreamFixtures.LENGTH));
        JobClient again = start(resumed, JobHooks.NONE, savepoint);
        try {
            awaitCount(s.scoredTopic(), total);
            awaitCount(s.anomaliesTopic(), expectedAlerts.values().stream().mapToInt(List::size).sum());
        } finally {
            again.cancel().get(30, TimeUnit.SECONDS);
        }
        assertEqualsDirectRunner(s.scoredTopic());
        assertAlertsEqualDirectRunner(s.anomaliesTopic());
        System.out.println("stop-with-savepoint on RocksDB at parallelism 2, resumed on RocksDB at 1: " + total
                + " points and their alerts equal the uninterrupted direct run");
    }

    /**
     * A multivariate model whose channels are not in name order, deployed as a snapshot file: the job serves its keys
     * in the model's order whatever the readings' maps hold, rejects nothing, fine-tunes it, and every key's points
     * equal a direct replay that switches models where the job's points say it did.
     */
    @Test
    void aMultivariateModelOutOfNameOrderScoresAndFineTunesItsKeys(@TempDir Path dir) throws Exception {
        dev.lookahead.model.LstmModel multi = dev.lookahead.detector.TestModels.untrained(
                new dev.lookahead.model.ModelArchitecture(List.of("ch1", "ch0"), 16, 1), 5);
        Path file = dir.resolve("multi.avro");
        ModelSnapshots.write(multi, file);
        dev.lookahead.finetune.FineTuneConfig ft = smallRounds();
        RuntimeSettings s = settings("multivariate", 2, 0, 1_000_000).toBuilder().modelFile(file.toString()).fineTune(ft).build();
        List<LabelledSeries> pumps = new ArrayList<>();
        for (int k = 0; k < 3; k++)
            pumps.add(dev.lookahead.synthetic.SyntheticStream.builder(500 + k).key("pump-" + k).length(StreamFixtures.LENGTH)
                    .interval(60_000).level(10 + k).seasonal(10, 2).noise(0.02).channels(2).correlated(true).generate());
        int total = runUntilFineTunedThenToTheEnd(s, pumps);
        assertEquals(0, kafka.readAll(s.deadLetterTopic()).size(), "no reading rejected");
        Map<String, dev.lookahead.model.LstmModel> versions = new LinkedHashMap<>();
        versions.put(multi.versionId(), multi);
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(s.modelsTopic())) {
            dev.lookahead.model.LstmModel m = ModelSnapshots.fromBytes(r.value());
            assertEquals(multi.architecture(), m.architecture());
            versions.put(m.versionId(), m);
        }
        Map<String, List<byte[]>> got = scoredByKey(s.scoredTopic());
        int onTuned = 0;
        for (LabelledSeries ls : pumps) {
            List<byte[]> points = got.get(ls.key());
            assertEquals(ls.size(), points.size(), ls.key() + ": scored points");
            List<String> ids = new ArrayList<>();
            for (byte[] b : points) ids.add(StreamFixtures.decodeScored(b).getModelVersion().toString());
            assertEquals(List.of("ch1", "ch0"), StreamFixtures.decodeScored(points.get(0)).getChannels().stream().map(c -> c.getName().toString()).toList());
            List<byte[]> replay = StreamFixtures.replayWithSwitches(multi, versions, DetectorConfig.defaults(), ls, ids);
            for (int i = 0; i < points.size(); i++)
                assertArrayEquals(replay.get(i), points.get(i), ls.key() + " point " + i + " (" + ids.get(i) + ")");
            onTuned += (int) ids.stream().filter(v -> !v.equals(multi.versionId())).count();
        }
        assertTrue(onTuned > 0, "some points were scored by a fine-tuned version");
        System.out.printf("a multivariate model [ch1, ch0] in the job: %d points, %d version(s) published, %d points scored by one%n",
                total, versions.size() - 1, onTuned);
    }

    @Test
    void theTrainerLearnsFromSampledWindowsPublishesNewWeightsAndTheScoresFollowThem() throws Exception {
        RuntimeSettings base = settings("fine-tune", 2, 0, 1_000_000);
        dev.lookahead.finetune.FineTuneConfig ft = smallRounds();
        // a regime unlike the base model's corpus (period 10, little noise), so a round has something to learn
        List<LabelledSeries> fast = new ArrayList<>();
        for (int k = 0; k < 4; k++)
            fast.add(dev.lookahead.synthetic.SyntheticStream.builder(300 + k).key("fast-" + k).length(StreamFixtures.LENGTH)
                    .interval(60_000).level(10 + k).seasonal(10, 2).noise(0.02).channels(1).generate());
        int total = StreamFixtures.records(fast, 0, StreamFixtures.LENGTH).size();
        RuntimeSettings s = base.toBuilder().fineTune(ft).build();
        runUntilFineTunedThenToTheEnd(s, fast);
        List<dev.lookahead.model.LstmModel> published = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(s.modelsTopic())) published.add(ModelSnapshots.fromBytes(r.value()));
        dev.lookahead.model.LstmModel parent = ModelSnapshots.bundled(), first = published.get(0);
        assertEquals(parent.group(), first.group());
        assertEquals(parent.version() + 1, first.version());
        assertEquals(Long.valueOf(parent.version()), first.provenance().parentVersion());
        // the adopted weights are new: every published version differs from the one it was trained from
        Map<String, dev.lookahead.model.LstmModel> versions = new LinkedHashMap<>();
        versions.put(parent.versionId(), parent);
        for (dev.lookahead.model.LstmModel m : published) versions.put(m.versionId(), m);
        for (dev.lookahead.model.LstmModel m : published) {
            dev.lookahead.model.LstmModel from = versions.get(m.group() + ":" + m.provenance().parentVersion());
            assertTrue(from != null && !Arrays.equals(from.weights().toFlat(), m.weights().toFlat()),
                    m.versionId() + ": weights differ from its parent " + m.provenance().parentVersion());
        }
        // the scores follow them: each key's committed points equal a direct-runner replay that switches models where
        // the job's points say it did, and after the switch they differ from what the parent alone forecasts
        Map<String, List<byte[]>> got = scoredByKey(s.scoredTopic());
        Map<String, List<byte[]>> parentOnly = StreamFixtures.expectedScored(parent, DetectorConfig.defaults(), fast);
        int onNew = 0, differing = 0;
        for (LabelledSeries ls : fast) {
            List<byte[]> points = got.get(ls.key());
            assertEquals(ls.size(), points.size(), ls.key() + ": scored points");
            List<String> ids = new ArrayList<>();
            long last = 0;
            for (byte[] b : points) {
                String v = StreamFixtures.decodeScored(b).getModelVersion();
                long version = Long.parseLong(v.substring(v.lastIndexOf(':') + 1));
                assertTrue(version >= last, "versions never go back within a key");
                last = version;
                ids.add(v);
            }
            List<byte[]> replay = StreamFixtures.replayWithSwitches(parent, versions, DetectorConfig.defaults(), ls, ids);
            for (int i = 0; i < points.size(); i++)
                assertArrayEquals(replay.get(i), points.get(i), ls.key() + " point " + i + " (" + ids.get(i) + ")");
            int keyOnNew = 0, keyDiffering = 0;
            for (int i = 0; i < points.size(); i++) {
                if (ids.get(i).equals(parent.versionId())) continue;
                keyOnNew++;
                double tuned = StreamFixtures.decodeScored(points.get(i)).getChannels().get(0).getForecast();
                double old = StreamFixtures.decodeScored(parentOnly.get(ls.key()).get(i)).getChannels().get(0).getForecast();
                if (tuned != old) keyDiffering++;
            }
            assertTrue(keyOnNew > 0 && keyDiffering > keyOnNew / 2, ls.key() + ": " + keyDiffering + " of " + keyOnNew
                    + " points under a fine-tuned version are forecast differently from the parent");
            onNew += keyOnNew;
            differing += keyDiffering;
        }
        System.out.printf("fine-tuning in the job: %d version(s) published (first %s, parent %d, new weights); %d of %d points scored by a fine-tuned "
                        + "version equal a direct replay with it, %d of them forecast differently from the parent%n",
                published.size(), first.versionId(), first.provenance().parentVersion(), onNew, total, differing);
    }

    /** {@code lookahead ...} in this JVM; returns {out, err} after checking the exit code. */
    private static String[] cli(int expectedExit, String... args) {
        java.io.StringWriter out = new java.io.StringWriter(), err = new java.io.StringWriter();
        int code = dev.lookahead.cli.Main.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), args);
        assertEquals(expectedExit, code, String.join(" ", args) + "\nout: " + out + "\nerr: " + err);
        return new String[]{out.toString(), err.toString()};
    }

    /** {@code parent}'s weights nudged by a seeded 1%, as version {@code version} of {@code group} trained from it, written as {@code train} writes. */
    private static Path snapshot(Path dir, String name, String group, long version, dev.lookahead.model.LstmModel parent, long seed) {
        float[] w = parent.weights().toFlat();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < w.length; i++) w[i] *= (float) (1 + 0.01 * (2 * r.nextDouble() - 1));
        dev.lookahead.model.Provenance p = new dev.lookahead.model.Provenance(parent.version(), "a test", "none", null, null, 0, 0,
                Double.NaN, Double.NaN, seed, 0L, Map.of());
        Path f = dir.resolve(name + ".avro");
        ModelSnapshots.write(new dev.lookahead.model.LstmModel(group, version, dev.lookahead.model.LstmWeights.fromFlat(parent.architecture(), w), p), f);
        return f;
    }

    @Test
    void modelPublishPutsASnapshotTheRunningJobAdoptsAndRefusesOnesItWouldIgnore(@TempDir Path dir) throws Exception {
        RuntimeSettings s = settings("publish", 2, 0, 1_000_000).toBuilder().modelsTopic("publish-models-compacted").build();
        kafka.createCompactedTopic(s.modelsTopic());
        List<LabelledSeries> two = streams.subList(0, 2);
        int half = StreamFixtures.LENGTH / 2;
        kafka.produce(s.inputTopic(), StreamFixtures.records(two, 0, half));
        dev.lookahead.model.LstmModel parent = ModelSnapshots.bundled();
        String[] topic = {"--bootstrap", kafka.bootstrap(), "--topic", s.modelsTopic()};
        JobClient job = start(s, JobHooks.NONE, null);
        String published;
        try {
            awaitCount(s.scoredTopic(), 2 * half);
            // what the job would ignore is refused, with the reason, and nothing reaches the topic
            String foreign = cli(1, concat(new String[]{"model", "publish", snapshot(dir, "foreign", "plant-7", parent.version() + 1, parent, 1).toString()}, topic))[1];
            assertTrue(foreign.contains("of group 'plant-7', but the deployment scores group '" + parent.group() + "'"), foreign);
            dev.lookahead.model.LstmModel small = new dev.lookahead.model.LstmModel(parent.group(), parent.version() + 1,
                    dev.lookahead.model.LstmWeights.initialise(dev.lookahead.model.ModelArchitecture.univariate(8, 1), 5),
                    dev.lookahead.model.Provenance.untrained(5));
            Path smallFile = dir.resolve("small.avro");
            ModelSnapshots.write(small, smallFile);
            String arch = cli(1, concat(new String[]{"model", "publish", smallFile.toString()}, topic))[1];
            assertTrue(arch.contains("has architecture " + small.architecture().describe() + ", but the deployment runs "
                    + parent.architecture().describe()), arch);
            String stale = cli(1, concat(new String[]{"model", "publish", snapshot(dir, "stale", parent.group(), parent.version(), parent, 2).toString()}, topic))[1];
            assertTrue(stale.contains("is not newer than " + parent.versionId() + " (the bundled base model)"), stale);
            assertEquals(0, kafka.readAll(s.modelsTopic()).size(), "refused snapshots never reach the topic");

            // train's file format in, the topic's format out: plain Avro binary keyed by model group
            Path next = snapshot(dir, "next", parent.group(), parent.version() + 1, parent, 3);
            published = cli(0, concat(new String[]{"model", "publish", next.toString()}, topic))[0];
            String nextId = parent.group() + ":" + (parent.version() + 1);
            assertTrue(published.startsWith("published model " + nextId) && published.contains("it replaces " + parent.versionId()), published);
            List<ConsumerRecord<byte[], byte[]>> onTopic = kafka.readAll(s.modelsTopic());
            assertEquals(1, onTopic.size());
            assertEquals(parent.group(), new String(onTopic.get(0).key(), StandardCharsets.UTF_8));
            assertArrayEquals(ModelSnapshots.toBytes(ModelSnapshots.read(next)), onTopic.get(0).value());
            // the topic's latest is now the reference: publishing it again is refused as not newer
            String again = cli(1, concat(new String[]{"model", "publish", next.toString()}, topic))[1];
            assertTrue(again.contains("is not newer than " + nextId + " (the latest of its group on " + s.modelsTopic() + ")"), again);

            kafka.produce(s.inputTopic(), StreamFixtures.records(two, half, StreamFixtures.LENGTH));
            awaitCount(s.scoredTopic(), 2 * StreamFixtures.LENGTH);
            assertEquals(JobStatus.RUNNING, job.getJobStatus().get());
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        // the running job adopted it: each key's later points name the new version, and they are what a replay
        // that switches to the published weights at that point forecasts
        dev.lookahead.model.LstmModel adopted = ModelSnapshots.fromBytes(kafka.readAll(s.modelsTopic()).get(0).value());
        Map<String, dev.lookahead.model.LstmModel> versions = Map.of(parent.versionId(), parent, adopted.versionId(), adopted);
        Map<String, List<byte[]>> got = scoredByKey(s.scoredTopic());
        int onNew = 0;
        for (LabelledSeries ls : two) {
            List<String> ids = got.get(ls.key()).stream().map(b -> StreamFixtures.decodeScored(b).getModelVersion().toString()).toList();
            assertEquals(parent.versionId(), ids.get(half - 1), ls.key() + ": the first half ran before the publish");
            assertEquals(adopted.versionId(), ids.get(ids.size() - 1), ls.key() + ": the new version scores the end");
            List<byte[]> replay = StreamFixtures.replayWithSwitches(parent, versions, DetectorConfig.defaults(), ls, ids);
            for (int i = 0; i < ids.size(); i++) assertArrayEquals(replay.get(i), got.get(ls.key()).get(i), ls.key() + " point " + i + " (" + ids.get(i) + ")");
            onNew += (int) ids.stream().filter(adopted.versionId()::equals).count();
        }
        System.out.printf("model publish: %s; the running job adopted it for %d points, each equal to a direct replay with it%n", published.strip(), onNew);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void consumePrintsCommittedAnomaliesAsReadableLinesAndJson() throws Exception {
        kafka.createTopics(1, "consume-anomalies");
        Map<String, List<byte[]>> alerts = StreamFixtures.expectedAnomalies(ModelSnapshots.bundled(), DetectorConfig.defaults(), streams.subList(0, 1));
        List<byte[]> two = alerts.values().iterator().next().subList(0, 2);
        kafka.produce("consume-anomalies", List.of(new byte[][]{null, two.get(0)}, new byte[][]{null, two.get(1)}));
        for (boolean json : new boolean[]{false, true}) {
            java.io.StringWriter out = new java.io.StringWriter(), err = new java.io.StringWriter();
            List<String> args = new ArrayList<>(List.of("consume", "--bootstrap", kafka.bootstrap(), "--topic", "consume-anomalies",
                    "--from-beginning", "--max", "2"));
            if (json) args.add("--json");
            assertEquals(0, dev.lookahead.cli.Main.run(new java.io.PrintWriter(out), new java.io.PrintWriter(err), args.toArray(String[]::new)), err.toString());
            String[] lines = out.toString().strip().split("\n");
            assertEquals(2, lines.length, out.toString());
            for (int i = 0; i < 2; i++) {
                Anomaly a = AvroBytes.read(Anomaly.class, two.get(i));
                if (json) assertTrue(lines[i].startsWith("{") && lines[i].contains("\"incidentId\": \"" + a.getIncidentId()), lines[i]);
                else assertTrue(lines[i].contains(a.getPoint().getKey()) && lines[i].contains(a.getIncidentId())
                        && lines[i].contains("model " + a.getPoint().getModelVersion()) && lines[i].contains("expected"), lines[i]);
            }
            System.out.println("consume " + (json ? "--json" : "") + ": " + lines[0]);
        }
        java.io.StringWriter err = new java.io.StringWriter();
        assertEquals(1, dev.lookahead.cli.Main.run(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err),
                "consume", "--bootstrap", kafka.bootstrap(), "--topic", "no-such-topic", "--max", "1"));
        assertTrue(err.toString().contains("topic 'no-such-topic' does not exist"), err.toString());
    }

    @Test
    void replaySendsCsvDirectoriesAndJsonLinesAsAvroReadingsInEventTimeOrder(@TempDir Path dir) throws Exception {
        kafka.createTopics(2, "replay-cmd");
        Path csvDir = Files.createDirectories(dir.resolve("nab"));
        Files.writeString(csvDir.resolve("machine-a.csv"), "timestamp,value\n2014-04-01 00:00:00,1.5\n2014-04-01 00:05:00,2.5\n2014-04-01 00:10:00,3.5\n");
        Files.writeString(csvDir.resolve("machine-b.csv"), "timestamp,value\n2014-04-01 00:02:00,10\n2014-04-01 00:07:00,11\n");
        Path jsonl = dir.resolve("pump.jsonl");
        Files.writeString(jsonl, "{\"key\": \"pump-1\", \"time\": \"2014-04-01T00:01:00Z\", \"channels\": {\"temp\": 20.5, \"rpm\": 900}}\n"
                + "{\"key\": \"pump-1\", \"time\": 1396310520000, \"channels\": {\"temp\": 21.0, \"rpm\": 905}}\n");
        java.io.StringWriter err = new java.io.StringWriter();
        assertEquals(0, dev.lookahead.cli.Main.run(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err),
                "replay", csvDir.toString(), jsonl.toString(), "--bootstrap", kafka.bootstrap(), "--topic", "replay-cmd"), err.toString());
        assertTrue(err.toString().contains("replayed 7 readings of 3 key(s)"), err.toString());
        List<SensorReading> got = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll("replay-cmd")) {
            SensorReading sr = AvroBytes.read(SensorReading.class, r.value());
            assertEquals(sr.getKey(), new String(r.key(), StandardCharsets.UTF_8), "keyed by sensor key");
            got.add(sr);
        }
        assertEquals(7, got.size());
        Map<String, List<Instant>> times = new LinkedHashMap<>();
        for (SensorReading sr : got) times.computeIfAbsent(sr.getKey(), k -> new ArrayList<>()).add(sr.getTime());
        assertEquals(List.of(Instant.parse("2014-04-01T00:00:00Z"), Instant.parse("2014-04-01T00:05:00Z"), Instant.parse("2014-04-01T00:10:00Z")),
                times.get("machine-a"), "a key's readings in order, key from the file name");
        SensorReading pump = got.stream().filter(x -> x.getKey().equals("pump-1")).findFirst().orElseThrow();
        assertEquals(Map.of("temp", 20.5, "rpm", 900.0), pump.getChannels());
        // bad input names the file and line
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"key\": \"k\", \"time\": 1, \"channels\": {\"x\": \"high\"}}\n");
        java.io.StringWriter err2 = new java.io.StringWriter();
        assertEquals(1, dev.lookahead.cli.Main.run(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err2),
                "replay", bad.toString(), "--bootstrap", kafka.bootstrap(), "--topic", "replay-cmd"));
        assertTrue(err2.toString().contains(bad + ":1: channel 'x' is not a number"), err2.toString());
    }

    private static SensorReading reading(String key, Instant t, double v) {
        return SensorReading.newBuilder().setKey(key).setTime(t).setChannels(Map.of("value", v)).build();
    }

    private static byte[] bytes(java.nio.ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
