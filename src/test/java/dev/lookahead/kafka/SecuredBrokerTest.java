package dev.lookahead.kafka;

import dev.lookahead.avro.Anomaly;
import dev.lookahead.cli.Main;
import dev.lookahead.config.LookaheadConfig;
import dev.lookahead.config.RuntimeSettings;
import dev.lookahead.config.Scope;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.flink.JobHooks;
import dev.lookahead.flink.LookaheadJob;
import dev.lookahead.flink.StreamFixtures;
import dev.lookahead.kstreams.StreamsApp;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.stream.AvroBytes;
import dev.lookahead.synthetic.LabelledSeries;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker that requires SASL/SCRAM-SHA-256 (the in-process KRaft broker, credentials written at format time):
 * the Flink job, the Kafka Streams app and the CLI clients ({@code replay}, {@code consume}, {@code model publish})
 * log in with the {@code kafka.properties.*} of one deployment file and score exactly as the direct runner does;
 * a client without valid credentials is refused by the broker with an authentication error.
 */
class SecuredBrokerTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String USER = "lookahead", PASSWORD = "s3cret-pw";
    private static final int ROWS = 700;   // past the first injected anomaly (row 600)

    private static EmbeddedKafka kafka;
    private static List<LabelledSeries> streams;   // two keys, their first ROWS rows
    private static List<byte[][]> input;
    private static Map<String, List<byte[]>> expectedScored, expectedAnomalies;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.builder().scram(USER, PASSWORD).start();
        streams = new ArrayList<>();
        for (LabelledSeries s : StreamFixtures.streams().subList(0, 2))
            streams.add(new LabelledSeries(s.key(), s.channels(), Arrays.copyOf(s.times(), ROWS), Arrays.copyOf(s.values(), ROWS),
                    List.of(), Arrays.copyOf(s.labels(), ROWS)));
        input = StreamFixtures.records(streams, 0, ROWS);
        expectedScored = StreamFixtures.expectedScored(ModelSnapshots.bundled(), DetectorConfig.defaults(), streams);
        expectedAnomalies = StreamFixtures.expectedAnomalies(ModelSnapshots.bundled(), DetectorConfig.defaults(), streams);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
    }

    /** One deployment's file: the brokers, the SCRAM login as kafka.properties.*, and its topics. */
    private static Path deploymentFile(Path dir, String run) throws Exception {
        Map<String, String> login = kafka.clientProperties();
        String yaml = "kafka:\n  bootstrap-servers: " + kafka.bootstrap() + "\n  properties:\n"
                + "    security.protocol: " + login.get("security.protocol") + "\n"
                + "    sasl.mechanism: " + login.get("sasl.mechanism") + "\n"
                + "    sasl.jaas.config: '" + login.get("sasl.jaas.config") + "'\n"
                + "topics:\n  input: " + run + "-in\n  anomalies: " + run + "-anomalies\n  scored: " + run + "-scored\n"
                + "  dead-letters: " + run + "-dlq\n  models: " + run + "-models\n"
                + "job:\n  group-id: " + run + "\n  transactional-id-prefix: " + run + "\n  checkpoint-interval-ms: 200\n"
                + "streams:\n  application-id: " + run + "\n  state-dir: " + dir.resolve("streams-state") + "\n";
        Path f = dir.resolve(run + ".yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private static void createTopics(RuntimeSettings s) throws Exception {
        kafka.createTopics(2, s.inputTopic(), s.anomaliesTopic(), s.scoredTopic(), s.deadLetterTopic());
        kafka.createCompactedTopic(s.modelsTopic());
    }

    private static String[] cli(int expectedExit, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertEquals(expectedExit, code, String.join(" ", args) + "\nout: " + out + "\nerr: " + err);
        return new String[]{out.toString(), err.toString()};
    }

    private static Map<String, Object> client(Map<String, String> login) {
        Map<String, Object> c = new HashMap<>(login);
        c.put("bootstrap.servers", kafka.bootstrap());
        return c;
    }

    private static void awaitCount(String topic, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int seen;
        while ((seen = kafka.readAll(topic).size()) < count) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out: " + seen + " of " + count + " records on " + topic);
            LockSupport.parkNanos(100_000_000L);   // poll interval
        }
    }

    /** The committed scored points equal the direct runner's, byte for byte, key by key; so do the anomalies. */
    private static void assertScoredAsTheDirectRunner(RuntimeSettings s) {
        Map<String, List<byte[]>> scored = new LinkedHashMap<>(), alerts = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(s.scoredTopic()))
            scored.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(r.value());
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(s.anomaliesTopic()))
            alerts.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(r.value());
        assertEquals(expectedScored.keySet(), scored.keySet());
        for (String key : expectedScored.keySet()) {
            List<byte[]> e = expectedScored.get(key), g = scored.get(key);
            assertEquals(e.size(), g.size(), key + ": scored points");
            for (int i = 0; i < e.size(); i++) assertArrayEquals(e.get(i), g.get(i), key + " point " + i);
            List<byte[]> ea = expectedAnomalies.getOrDefault(key, List.of()), ga = alerts.getOrDefault(key, List.of());
            assertEquals(ea.size(), ga.size(), key + ": anomalies");
            for (int i = 0; i < ea.size(); i++) assertArrayEquals(ea.get(i), ga.get(i), key + " anomaly " + i);
        }
        assertEquals(0, kafka.readAll(s.deadLetterTopic()).size(), "no dead letters for clean input");
    }

    @Test
    void aClientWithoutValidCredentialsIsRefusedWithAnAuthenticationError() {
        // an unknown user: the broker refuses the SCRAM exchange, and the admin call fails with it at once
        try (Admin a = Admin.create(client(EmbeddedKafka.scramClientProperties("intruder", "guess")))) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> a.describeCluster().nodes().get(30, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, e.getCause(), e.toString());
        }
        // the right user with a wrong password: the consumer's first metadata request fails likewise
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(client(EmbeddedKafka.scramClientProperties(USER, "wrong")),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            assertThrows(SaslAuthenticationException.class, () -> c.listTopics(Duration.ofSeconds(30)));
        }
        // the CLI says so in one line
        String err = cli(1, "consume", "--bootstrap", kafka.bootstrap(), "--max", "1",
                "--kafka-property", "security.protocol=SASL_PLAINTEXT", "--kafka-property", "sasl.mechanism=SCRAM-SHA-256",
                "--kafka-property", EmbeddedKafka.scramClientProperties(USER, "wrong").entrySet().stream()
                        .filter(e -> e.getKey().equals("sasl.jaas.config")).map(e -> e.getKey() + "=" + e.getValue()).findFirst().orElseThrow())[1];
        assertTrue(err.contains("lookahead consume: error: the brokers refused the login: Authentication failed"), err);
        System.out.println("refused without valid credentials: " + err.strip());
    }

    @Test
    void theFlinkJobAndTheCliClientsLogInWithTheDeploymentsKafkaProperties(@TempDir Path dir) throws Exception {
        Path file = deploymentFile(dir, "secure-job");
        RuntimeSettings s = LookaheadConfig.loader(Scope.RUN).file(file).sets(List.of("job.bounded=true", "job.parallelism=2")).load().settings();
        assertEquals("SASL_PLAINTEXT", s.kafka().get("security.protocol"), "the file's kafka.properties.* reach the job's settings");
        createTopics(s);
        // replay: the input as CSV files (key from the file name), to the deployment's brokers, login and input topic, all from the file
        Path csv = Files.createDirectories(dir.resolve("csv"));
        for (LabelledSeries ls : streams)
            try (var w = Files.newBufferedWriter(csv.resolve(ls.key() + ".csv"))) {
                ls.writeCsv(w);
            }
        String replayed = cli(0, "replay", csv.toString(), "--config", file.toString())[1];
        assertTrue(replayed.contains(String.format(java.util.Locale.ROOT, "replayed %,d readings of 2 key(s) to secure-job-in", input.size())), replayed);

        LookaheadJob.run(s, JobHooks.NONE);   // bounded: returns after the last checkpoint committed every output

        assertScoredAsTheDirectRunner(s);
        // consume: the committed anomalies, read with the file's login
        int alerts = expectedAnomalies.values().stream().mapToInt(List::size).sum();
        assertTrue(alerts > 0, "the input has anomalies to read back");
        String[] consumed = cli(0, "consume", "--config", file.toString(), "--from-beginning", "--max", String.valueOf(alerts), "--json");
        assertEquals(alerts, consumed[0].strip().split("\n").length, consumed[0]);
        Anomaly first = AvroBytes.read(Anomaly.class, expectedAnomalies.values().stream().filter(l -> !l.isEmpty()).findFirst().orElseThrow().get(0));
        assertTrue(consumed[0].contains(first.getIncidentId()), consumed[0]);
        // model publish: onto the models topic with the same login
        LstmModel base = ModelSnapshots.bundled();
        LstmModel next = new LstmModel(base.group(), base.version() + 1, base.weights(), base.provenance());
        Path model = dir.resolve("next.avro");
        ModelSnapshots.write(next, model);
        String published = cli(0, "model", "publish", model.toString(), "--config", file.toString())[0];
        assertTrue(published.contains("published model " + next.versionId()), published);
        List<ConsumerRecord<byte[], byte[]>> models = kafka.readAll(s.modelsTopic());
        assertEquals(1, models.size());
        assertArrayEquals(ModelSnapshots.toBytes(next), models.get(0).value());
        System.out.printf("SCRAM broker: the Flink job (p=2, exactly-once) scored %d points as the direct runner; replay, consume (%d anomalies) "
                + "and model publish logged in with the deployment file's kafka.properties.*%n", input.size(), alerts);
    }

    @Test
    void theStreamsAppLogsInWithTheDeploymentsKafkaProperties(@TempDir Path dir) throws Exception {
        Path file = deploymentFile(dir, "secure-streams");
        RuntimeSettings s = LookaheadConfig.loader(Scope.STREAMS).file(file).load().settings();
        createTopics(s);
        kafka.produce(s.inputTopic(), input);
        try (StreamsApp app = new StreamsApp(s)) {   // its topic check logs in too
            app.start();
            awaitCount(s.scoredTopic(), input.size());
        }
        assertScoredAsTheDirectRunner(s);
        System.out.printf("SCRAM broker: the Kafka Streams app (exactly_once_v2) scored %d points as the direct runner%n", input.size());
    }
}
