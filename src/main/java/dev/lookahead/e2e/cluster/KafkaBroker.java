package dev.lookahead.e2e.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A Kafka 4.2.1 broker as its own process, from the jars in {@code kafkaLib}: one KRaft node (broker and
 * controller), storage formatted with {@code kafka.tools.StorageTool format --standalone}, then {@code kafka.Kafka
 * server.properties}. Replication factor 1 everywhere; ports picked free.
 */
final class KafkaBroker implements AutoCloseable {

    private final JavaProcess process;
    private final String bootstrap;

    private KafkaBroker(JavaProcess process, String bootstrap) {
        this.process = process;
        this.bootstrap = bootstrap;
    }

    static KafkaBroker start(Path kafkaLib, Path dir) throws Exception {
        dir = dir.toAbsolutePath();
        Files.createDirectories(dir);
        int port = Ports.free(), controller = Ports.free();
        Path props = dir.resolve("server.properties");
        Files.writeString(props, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controller,
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "controller.quorum.bootstrap.servers=localhost:" + controller,
                "log.dirs=" + dir.resolve("data").toAbsolutePath(),
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "") , StandardCharsets.UTF_8);
        Path log4j = dir.resolve("log4j2.properties");
        Files.writeString(log4j, String.join("\n",
                "rootLogger.level=INFO",
                "rootLogger.appenderRef.file.ref=file",
                "appender.file.type=File",
                "appender.file.name=file",
                "appender.file.fileName=" + dir.resolve("kafka.log").toAbsolutePath(),
                "appender.file.layout.type=PatternLayout",
                "appender.file.layout.pattern=%d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
                ""), StandardCharsets.UTF_8);
        String cp = kafkaLib.toAbsolutePath() + "/*";
        List<String> jvm = List.of("-Xms512m", "-Xmx512m", "-Dlog4j2.configurationFile=" + log4j.toAbsolutePath());
        JavaProcess.runToEnd("kafka-format", dir, cp, jvm, "kafka.tools.StorageTool",
                List.of("format", "-t", Uuid.randomUuid().toString(), "-c", props.toAbsolutePath().toString(), "--standalone"),
                Duration.ofSeconds(120));
        JavaProcess p = JavaProcess.start("kafka", dir, cp, jvm, "kafka.Kafka", List.of(props.toAbsolutePath().toString()), Map.of());
        KafkaBroker b = new KafkaBroker(p, "localhost:" + port);
        try {
            b.awaitReady(Duration.ofSeconds(120));
        } catch (Exception e) {
            b.close();
            throw e;
        }
        return b;
    }

    String bootstrap() {
        return bootstrap;
    }

    JavaProcess process() {
        return process;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) throw new IllegalStateException("the Kafka broker exited:\n" + process.tail(30));
            if (listening()) try (Admin a = admin()) {
                if (!a.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) return;
            } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
                // not up yet
            }
            if (System.nanoTime() > deadline) throw new IllegalStateException("the Kafka broker was not ready within " + timeout + ":\n" + process.tail(30));
            LockSupport.parkNanos(250_000_000L);   // poll interval
        }
    }

    /** The listener accepts connections (asked before an admin client, which logs every refused attempt). */
    private boolean listening() {
        int colon = bootstrap.lastIndexOf(':');
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(bootstrap.substring(0, colon), Integer.parseInt(bootstrap.substring(colon + 1))), 1000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", "10000", "default.api.timeout.ms", "20000"));
    }

    /** Creates topics of {@code partitions} partitions, and {@code compacted} ones of one partition with cleanup.policy=compact. */
    void createTopics(int partitions, List<String> topics, List<String> compacted) throws Exception {
        try (Admin a = admin()) {
            List<NewTopic> ts = new ArrayList<>();
            for (String t : topics) ts.add(new NewTopic(t, partitions, (short) 1));
            for (String t : compacted) ts.add(new NewTopic(t, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
            a.createTopics(ts).all().get(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.stop(Duration.ofSeconds(30));
    }
}
