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
    private static Map<String, List<byte[]>> expected;
    private static int total;

    @BeforeAll
    static void start() throws Exception {
        kafka = new EmbeddedKafka();
        streams = StreamFixtures.streams();
        expected = StreamFixtures.expectedScored(ModelSnapshots.bundled(), DetectorConfig.defaults(), streams);
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
        List<byte[][]> first = StreamFixtures.records(streams, 0, half);
        kafka.produce(s.inputTopic(), first);
        JobClient job = start(s, hooks, null);
        try {
            awaitCount(s.scoredTopic(), first.size());       // committed, so at least one checkpoint completed
            await("a completed checkpoint", () -> CHECKPOINTS.get() > 0);
            kafka.produce(s.inputTopic(), StreamFixtures.records(streams, half, StreamFixtures.LENGTH));
            awaitCount(s.scoredTopic(), total);
            assertEquals(JobStatus.RUNNING, job.getJobStatus().get());
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        assertTrue(FAILED.get("validate").get() && FAILED.get("score").get(), "both failures were injected");
        assertEqualsDirectRunner(s.scoredTopic());
        System.out.println("two injected failures: committed scored points equal the failure-free run, " + total + " points");
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicWithTheirReasonAndTheJobNeverRestarts() throws Exception {
        int maxBytes = 4096;
        RuntimeSettings s = settings("bad-input", 2, 0, maxBytes);   // no restarts allowed: an exception would fail the job
        List<LabelledSeries> two = streams.subList(0, 2);
        int rows = 300;
        List<byte[][]> good = StreamFixtures.records(two, 0, rows);
        Map<String, byte[]> bad = new LinkedHashMap<>();
        byte[] noise = new byte[64];
        new SplittableRandom(3).nextBytes(noise);
        bad.put("MALFORMED", noise);
        bad.put("MALFORMED-empty", new byte[0]);
        bad.put("SCHEMA", AvroBytes.write(DeadLetter.newBuilder().setRaw(java.nio.ByteBuffer.wrap(new byte[]{1, 2, 3}))
                .setReason("a record of another schema").setErrorClass("X").setTime(Instant.EPOCH).build()));
        bad.put("NON_FINITE-nan", AvroBytes.write(reading("sensor-0", Instant.parse("2020-06-01T00:00:00Z"), Double.NaN)));
        bad.put("NON_FINITE-inf", AvroBytes.write(reading("sensor-0", Instant.parse("2020-06-01T00:00:00Z"), Double.POSITIVE_INFINITY)));
        bad.put("INVALID_KEY", AvroBytes.write(reading("", Instant.parse("2020-06-01T00:00:00Z"), 1.0)));
        bad.put("INVALID_TIME-future", AvroBytes.write(reading("sensor-0", Instant.parse("2200-01-01T00:00:00Z"), 1.0)));
        bad.put("INVALID_TIME-past", AvroBytes.write(reading("sensor-0", Instant.parse("1970-01-02T00:00:00Z"), 1.0)));
        SensorReading big = reading("sensor-0", Instant.parse("2020-06-01T00:00:00Z"), 1.0);
        big.setAttributes(Map.of("blob", "x".repeat(maxBytes)));
        bad.put("OVERSIZED", AvroBytes.write(big));
        // a duplicate of a good reading: valid bytes, dropped by the detector's order policy
        byte[] duplicate = good.get(100)[1];
        bad.put("ORDER", duplicate);

        List<byte[][]> input = new ArrayList<>();
        List<String> badNames = new ArrayList<>(bad.keySet());
        int b = 0;
        for (int i = 0; i < good.size(); i++) {
            input.add(good.get(i));
            if (i > 100 && i % 50 == 0 && b < badNames.size()) input.add(new byte[][]{"x".getBytes(StandardCharsets.UTF_8), bad.get(badNames.get(b++))});
        }
        while (b < badNames.size()) input.add(new byte[][]{null, bad.get(badNames.get(b++))});
        input.add(new byte[][]{"tombstone".getBytes(StandardCharsets.UTF_8), null});
        kafka.produce(s.inputTopic(), input);

        JobClient job = start(s, JobHooks.NONE, null);
        List<DeadLetter> letters = new ArrayList<>();
        try {
            awaitCount(s.scoredTopic(), good.size());
            awaitCount(s.deadLetterTopic(), bad.size() + 1);
            assertEquals(JobStatus.RUNNING, job.getJobStatus().get(), "the job is still running: it never restarted");
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(s.deadLetterTopic())) letters.add(AvroBytes.read(DeadLetter.class, r.value()));
        assertEquals(good.size(), kafka.readAll(s.scoredTopic()).size(), "scored = input - dead letters");
        assertEquals(bad.size() + 1, letters.size());
        for (Map.Entry<String, byte[]> e : bad.entrySet()) {
            String cls = e.getKey().split("-")[0];
            DeadLetter dl = letters.stream().filter(l -> Arrays.equals(bytes(l.getRaw()), e.getValue()) && l.getErrorClass().equals(cls))
                    .findFirst().orElseThrow(() -> new AssertionError("no dead letter of class " + cls + " for " + e.getKey() + " in " + letters));
            assertTrue(!dl.getReason().isBlank() && dl.getSourceTopic() != null, dl.toString());
            System.out.printf("dead letter %-20s %-14s %s%n", e.getKey(), dl.getErrorClass(), dl.getReason());
        }
        assertTrue(letters.stream().anyMatch(l -> l.getRaw().remaining() == 0 && l.getReason().contains("empty")), "the tombstone");
    }

    @Test
    void stopWithSavepointThenResumeAtAnotherParallelismContinuesAsIfUninterrupted(@TempDir Path dir) throws Exception {
        RuntimeSettings s = settings("savepoint", 2, 0, 1_000_000).toBuilder().stateBackend("rocksdb")
                .checkpointDir(dir.resolve("checkpoints").toUri().toString()).build();
        int half = StreamFixtures.LENGTH / 2;
        List<byte[][]> first = StreamFixtures.records(streams, 0, half);
        kafka.produce(s.inputTopic(), first);
        JobClient job = start(s, JobHooks.NONE, null);
        awaitCount(s.scoredTopic(), first.size());
        String savepoint = job.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL).get(60, TimeUnit.SECONDS);

        RuntimeSettings resumed = s.toBuilder().parallelism(1).stateBackend("hashmap").checkpointDir(null).build();
        kafka.produce(s.inputTopic(), StreamFixtures.records(streams, half, StreamFixtures.LENGTH));
        JobClient again = start(resumed, JobHooks.NONE, savepoint);
        try {
            awaitCount(s.scoredTopic(), total);
        } finally {
            again.cancel().get(30, TimeUnit.SECONDS);
        }
        assertEqualsDirectRunner(s.scoredTopic());
        System.out.println("stop-with-savepoint at parallelism 2, resumed at 1: " + total + " points equal the uninterrupted direct run");
    }

    @Test
    void theFineTuningBranchPublishesANewVersionAndTheScoringSwitchesToIt() throws Exception {
        RuntimeSettings base = settings("fine-tune", 2, 0, 1_000_000);
        dev.lookahead.finetune.FineTuneConfig ft = dev.lookahead.finetune.FineTuneConfig.builder().roundEveryPoints(1500)
                .reservoirWindows(128).minTrainWindows(8).minValidationWindows(2).epochs(3).margin(1.0).seed(1).build();
        // a regime unlike the base model's corpus (period 10, little noise), so a round has something to learn
        List<LabelledSeries> fast = new ArrayList<>();
        for (int k = 0; k < 4; k++)
            fast.add(dev.lookahead.synthetic.SyntheticStream.builder(300 + k).key("fast-" + k).length(StreamFixtures.LENGTH)
                    .interval(60_000).level(10 + k).seasonal(10, 2).noise(0.02).channels(1).generate());
        int total = StreamFixtures.records(fast, 0, StreamFixtures.LENGTH).size();
        RuntimeSettings s = base.toBuilder().fineTune(ft).build();
        int half = StreamFixtures.LENGTH / 2;
        kafka.produce(s.inputTopic(), StreamFixtures.records(fast, 0, half));
        JobClient job = start(s, JobHooks.NONE, null);
        List<dev.lookahead.model.LstmModel> published = new ArrayList<>();
        try {
            await("a fine-tuned model on " + s.modelsTopic(), () -> !kafka.readAll(s.modelsTopic()).isEmpty());
            kafka.produce(s.inputTopic(), StreamFixtures.records(fast, half, StreamFixtures.LENGTH));
            awaitCount(s.scoredTopic(), total);
            assertEquals(JobStatus.RUNNING, job.getJobStatus().get());
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(s.modelsTopic())) published.add(ModelSnapshots.fromBytes(r.value()));
        dev.lookahead.model.LstmModel first = published.get(0);
        assertEquals(ModelSnapshots.bundled().group(), first.group());
        assertEquals(ModelSnapshots.bundled().version() + 1, first.version());
        assertEquals(Long.valueOf(ModelSnapshots.bundled().version()), first.provenance().parentVersion());
        Map<String, List<byte[]>> got = scoredByKey(s.scoredTopic());
        int onNew = 0;
        for (List<byte[]> points : got.values()) {
            long last = 0;
            for (byte[] b : points) {
                String v = StreamFixtures.decodeScored(b).getModelVersion();
                long version = Long.parseLong(v.substring(v.lastIndexOf(':') + 1));
                assertTrue(version >= last, "versions never go back within a key");
                last = version;
                if (version > ModelSnapshots.bundled().version()) onNew++;
            }
        }
        assertTrue(onNew > 0, "some points were scored by the fine-tuned model");
        System.out.printf("fine-tuning in the job: %d version(s) published (first %s, parent %d); %d of %d points scored by a fine-tuned version%n",
                published.size(), first.versionId(), first.provenance().parentVersion(), onNew, total);
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
