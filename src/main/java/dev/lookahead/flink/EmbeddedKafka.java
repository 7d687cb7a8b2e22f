package dev.lookahead.flink;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * A real single-node KRaft broker in this JVM (Kafka's own {@code KafkaClusterTestKit}: combined controller and
 * broker, free ports, temporary storage): the broker of {@code run}/{@code demo} on embedded defaults and of the
 * tests. Cold start ~3 s. Not for production: one node, replication factor 1.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaClusterTestKit kit;

    public EmbeddedKafka() throws Exception {
        kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                .setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("message.max.bytes", "2000000")
                .build();
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));   // format() prints to stdout
        try {
            kit.format();
        } finally {
            System.setOut(stdout);
        }
        kit.startup();
        kit.waitForReadyBrokers();
    }

    public String bootstrap() {
        return kit.bootstrapServers();
    }

    /** A compacted topic (the models topic: the latest snapshot per model group survives). */
    public void createCompactedTopic(String topic) throws Exception {
        try (Admin a = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
            a.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")))).all().get();
        }
    }

    public void createTopics(int partitions, String... topics) throws Exception {
        try (Admin a = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
            List<NewTopic> ts = new ArrayList<>();
            for (String t : topics) ts.add(new NewTopic(t, partitions, (short) 1));
            a.createTopics(ts).all().get();
            // ready when every partition's leader answers a list-offsets request (right after creation the
            // broker answers NOT_LEADER_OR_FOLLOWER for a while, which confused the idempotent producer)
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> probe = new java.util.HashMap<>();
            for (String t : topics)
                for (int p = 0; p < partitions; p++) probe.put(new TopicPartition(t, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    a.listOffsets(probe).all().get();
                    break;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (System.nanoTime() > deadline) throw e;
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);   // poll interval
                }
            }
        }
    }

    private KafkaProducer<byte[], byte[]> producer;

    /**
     * Sends and flushes, with one idempotent producer for the cluster's life: a second producer instance was seen
     * to be handed the first one's producer id by this test kit, and its sequence numbers were then refused.
     */
    public synchronized void produce(String topic, List<byte[][]> keyValues) throws Exception {
        if (producer == null) {
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrap());
            p.put("acks", "all");
            p.put("max.request.size", "1900000");
            producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        }
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (byte[][] kv : keyValues) sent.add(producer.send(new ProducerRecord<>(topic, kv[0], kv[1])));
        producer.flush();
        for (java.util.concurrent.Future<?> f : sent) f.get();
    }

    /** Every committed record of {@code topic} (read_committed), reading until the end offsets as of now. */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap());
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

    private boolean closed;

    /** Idempotent: a shutdown hook may close it again after a normal close. */
    @Override
    public synchronized void close() throws Exception {
        if (closed) return;
        closed = true;
        if (producer != null) producer.close();
        kit.close();
    }
}
