package dev.lookahead.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real single-node KRaft broker in this JVM: Kafka's own {@code KafkaRaftServer} (combined controller and broker,
 * free local ports, storage in a temporary directory deleted on close), formatted the way {@code kafka-storage.sh
 * format} does. The broker of {@code run} and {@code demo} on embedded defaults, of {@code bench e2e} and of the
 * tests. Not Kafka's test kit, which would put JUnit on the CLI's runtime path. Not for production: one node,
 * replication factor 1.
 *
 * <p>Plaintext by default. {@link Builder#scram} makes it a broker that requires SASL/SCRAM-SHA-256 on its client
 * listener (and between its own broker and coordinators): the user's credentials are written at storage format
 * time, as {@code kafka-storage format --add-scram} does, and {@link #clientProperties()} holds what a client
 * needs to log in. Tests use it to prove that every client takes {@code kafka.properties.*}.
 *
 * <p>The broker lives in {@code lookahead.jar} only: {@code lookahead-job.jar} leaves it out, and constructing one
 * there fails with a message saying so.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "BROKER";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** The SASL mechanism of a {@link Builder#scram} broker. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-256";
    /** Another process can take a port between our probe and the broker's bind: start again on fresh ports. */
    private static final int START_ATTEMPTS = 3;

    private final Path dir;
    private final KafkaRaftServer server;
    private final String bootstrap;
    private final Map<String, String> clientProperties;
    private KafkaProducer<byte[], byte[]> producer;
    private boolean closed;

    /** A plaintext broker: formats fresh storage and starts it; returns once it answers as a ready cluster of one. */
    public EmbeddedKafka() throws Exception {
        this(new Builder());
    }

    /** A builder for a plaintext broker; {@link Builder#scram} makes it require authentication. */
    public static Builder builder() {
        return new Builder();
    }

    /** How the broker is secured. */
    public static final class Builder {
        private String user, password;

        private Builder() {
        }

        /** Require SASL/SCRAM-SHA-256 on the client listener; {@code user} is the one user the broker knows. */
        public Builder scram(String user, String password) {
            if (user == null || user.isBlank() || password == null || password.isEmpty())
                throw new IllegalArgumentException("a SCRAM user needs a name and a password");
            if ((user + password).matches(".*[\\[\\],=\"].*"))
                throw new IllegalArgumentException("a SCRAM user name or password here may not hold [ ] , = or \"");
            this.user = user;
            this.password = password;
            return this;
        }

        /** Formats fresh storage and starts the broker; returns once it answers as a ready cluster of one. */
        public EmbeddedKafka start() throws Exception {
            return new EmbeddedKafka(this);
        }
    }

    private EmbeddedKafka(Builder b) throws Exception {
        requireBrokerClasses();
        clientProperties = b.user == null ? Map.of() : scramClientProperties(b.user, b.password);
        dir = Files.createTempDirectory("lookahead-kafka-");
        KafkaRaftServer started = null;
        String address = null;
        try {
            for (int attempt = 1; started == null; attempt++) {
                int brokerPort = freePort();
                int controllerPort = freePort();
                Path logDir = Files.createDirectories(dir.resolve("attempt-" + attempt));
                KafkaConfig config = new KafkaConfig(brokerConfig(logDir, brokerPort, controllerPort, b), false);
                format(logDir, b);
                KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
                try {
                    s.startup();
                    started = s;
                    address = "localhost:" + brokerPort;
                } catch (RuntimeException e) {
                    shutdownQuietly(s);
                    if (attempt >= START_ATTEMPTS || !portTaken(e)) throw e;
                }
            }
            server = started;
            bootstrap = address;
            awaitReady();
        } catch (Exception | Error e) {
            if (started != null) shutdownQuietly(started);
            deleteRecursively(dir);
            throw e;
        }
    }

    private static void requireBrokerClasses() {
        try {
            Class.forName("kafka.server.KafkaRaftServer", false, EmbeddedKafka.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the embedded Kafka broker is not in this jar (lookahead-job.jar leaves it out): "
                    + "set kafka.bootstrap-servers to your brokers, or run target/lookahead.jar");
        }
    }

    /**
     * What a client needs to log in to a SCRAM broker as {@code user}: the {@code kafka.properties.*} of a
     * deployment on such brokers, without the prefix.
     */
    public static Map<String, String> scramClientProperties(String user, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", SCRAM_MECHANISM,
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + user + "\" password=\"" + password + "\";");
    }

    private static Map<String, Object> brokerConfig(Path logDir, int brokerPort, int controllerPort, Builder b) {
        Map<String, Object> c = new HashMap<>();
        c.put("process.roles", "broker,controller");
        c.put("node.id", String.valueOf(NODE_ID));
        c.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        c.put("listeners", BROKER_LISTENER + "://localhost:" + brokerPort + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        c.put("advertised.listeners", BROKER_LISTENER + "://localhost:" + brokerPort);
        boolean scram = b.user != null;
        c.put("listener.security.protocol.map", BROKER_LISTENER + (scram ? ":SASL_PLAINTEXT," : ":PLAINTEXT,") + CONTROLLER_LISTENER + ":PLAINTEXT");
        if (scram) {
            // clients and the broker's own inter-broker connections (e.g. transaction markers to itself) log in with
            // SCRAM; the controller listener stays plaintext (KRaft's quorum, not a client endpoint)
            c.put("sasl.enabled.mechanisms", SCRAM_MECHANISM);
            c.put("sasl.mechanism.inter.broker.protocol", SCRAM_MECHANISM);
            c.put("listener.name." + BROKER_LISTENER.toLowerCase(java.util.Locale.ROOT) + "." + SCRAM_MECHANISM.toLowerCase(java.util.Locale.ROOT)
                    + ".sasl.jaas.config", scramClientProperties(b.user, b.password).get("sasl.jaas.config"));
        }
        c.put("controller.listener.names", CONTROLLER_LISTENER);
        c.put("inter.broker.listener.name", BROKER_LISTENER);
        c.put("log.dirs", logDir.toString());
        // one node: internal topics with one replica, no rebalance delay for the first consumer group
        c.put("offsets.topic.replication.factor", "1");
        // one partition each for the group and transaction logs instead of 50: created on first use, they cost seconds
        c.put("offsets.topic.num.partitions", "1");
        c.put("transaction.state.log.num.partitions", "1");
        c.put("transaction.state.log.replication.factor", "1");
        c.put("transaction.state.log.min.isr", "1");
        c.put("share.coordinator.state.topic.replication.factor", "1");
        c.put("share.coordinator.state.topic.min.isr", "1");
        c.put("group.initial.rebalance.delay.ms", "0");
        // model snapshots of the larger architectures exceed the 1 MB default
        c.put("message.max.bytes", "2000000");
        // the log cleaner (compacted models topic) would allocate a 128 MB dedupe buffer by default
        c.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        return c;
    }

    /** What {@code kafka-storage.sh format} does for a static quorum of one: meta.properties and bootstrap metadata. */
    private static void format(Path logDir, Builder b) throws Exception {
        Formatter f = new Formatter();
        // SCRAM credentials live in the cluster metadata: written at format time, as kafka-storage format --add-scram does
        if (b.user != null) f.setScramArguments(List.of(SCRAM_MECHANISM + "=[name=" + b.user + ",password=" + b.password + "]"));
        f.setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .addDirectory(logDir.toString())
                .setMetadataLogDirectory(logDir.toString())
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .run();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
            return s.getLocalPort();
        }
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause())
            if (t instanceof java.net.BindException || String.valueOf(t.getMessage()).contains("Address already in use")) return true;
        return false;
    }

    /** Ready when an admin client sees the broker (startup returns with the broker registered, but be sure). */
    private void awaitReady() throws Exception {
        try (Admin a = Admin.create(clientConfig())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    if (!a.describeCluster().nodes().get().isEmpty()) return;
                } catch (ExecutionException e) {
                    if (System.nanoTime() > deadline) throw e;
                }
                if (System.nanoTime() > deadline) throw new IllegalStateException("embedded Kafka broker not ready after 60 s");
                LockSupport.parkNanos(50_000_000L);   // poll interval
            }
        }
    }

    /** {@code localhost:PORT} of the broker's client listener. */
    public String bootstrap() {
        return bootstrap;
    }

    /**
     * The client properties this broker needs beyond {@code bootstrap.servers} (empty for a plaintext broker; the
     * SCRAM login for a {@link Builder#scram} one): a deployment's {@code kafka.properties.*}, without the prefix.
     */
    public Map<String, String> clientProperties() {
        return clientProperties;
    }

    /** {@code bootstrap.servers} and {@link #clientProperties()}: what this class's own clients use. */
    private Map<String, Object> clientConfig() {
        Map<String, Object> c = new HashMap<>(clientProperties);
        c.put("bootstrap.servers", bootstrap);
        return c;
    }

    /** A compacted topic (the models topic: the latest snapshot per model group survives). */
    public void createCompactedTopic(String topic) throws Exception {
        try (Admin a = Admin.create(clientConfig())) {
            a.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")))).all().get();
        }
    }

    /** Topics with {@code partitions} partitions each; returns once every partition's leader answers. */
    public void createTopics(int partitions, String... topics) throws Exception {
        try (Admin a = Admin.create(clientConfig())) {
            List<NewTopic> ts = new ArrayList<>();
            for (String t : topics) ts.add(new NewTopic(t, partitions, (short) 1));
            a.createTopics(ts).all().get();
            // ready when every partition's leader answers a list-offsets request (right after creation the
            // broker answers NOT_LEADER_OR_FOLLOWER for a while, which confused the idempotent producer)
            Map<TopicPartition, OffsetSpec> probe = new HashMap<>();
            for (String t : topics)
                for (int p = 0; p < partitions; p++) probe.put(new TopicPartition(t, p), OffsetSpec.latest());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    a.listOffsets(probe).all().get();
                    break;
                } catch (ExecutionException e) {
                    if (System.nanoTime() > deadline) throw e;
                    LockSupport.parkNanos(50_000_000L);   // poll interval
                }
            }
        }
    }

    /**
     * Sends and flushes, with one idempotent producer for the broker's life: a second producer instance was seen to
     * be handed the first one's producer id by Kafka's test kit, and its sequence numbers were then refused.
     */
    public synchronized void produce(String topic, List<byte[][]> keyValues) throws Exception {
        if (producer == null) {
            Properties p = new Properties();
            p.putAll(clientConfig());
            p.put("acks", "all");
            p.put("max.request.size", "1900000");
            producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        }
        List<Future<?>> sent = new ArrayList<>();
        for (byte[][] kv : keyValues) sent.add(producer.send(new ProducerRecord<>(topic, kv[0], kv[1])));
        producer.flush();
        for (Future<?> f : sent) f.get();
    }

    /** Every committed record of {@code topic} (read_committed), reading until the end offsets as of now. */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Properties p = new Properties();
        p.putAll(clientConfig());
        p.put("isolation.level", "read_committed");
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).collect(Collectors.toList());
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("timed out reading " + topic);
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) out.add(r);
            }
        }
        return out;
    }

    /** Stops the broker and deletes its storage. Idempotent: a shutdown hook may close it again after a normal close. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            if (producer != null) producer.close();
        } finally {
            shutdownQuietly(server);
            deleteRecursively(dir);
        }
    }

    private static void shutdownQuietly(KafkaRaftServer s) {
        try {
            s.shutdown();
            s.awaitShutdown();
        } catch (RuntimeException ignored) {
            // stopping anyway; a failed shutdown leaves nothing we could act on
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the embedded broker's storage " + root, e);
        }
    }
}
