package dev.lookahead.testkit;

import dev.lookahead.avro.Anomaly;
import dev.lookahead.avro.DeadLetter;
import dev.lookahead.avro.ScoredPoint;
import dev.lookahead.stream.AvroBytes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Follows the deployment's three output topics as a consuming service does ({@code isolation.level=read_committed})
 * on its own thread, from the start, keeping every record by key in topic order (a key's records share a partition).
 */
final class OutputCollector implements AutoCloseable {

    private final String scoredTopic, anomaliesTopic, deadLetterTopic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final Map<String, List<ScoredPoint>> scored = new ConcurrentHashMap<>();
    private final Map<String, List<Anomaly>> anomalies = new ConcurrentHashMap<>();
    private final Map<String, List<DeadLetter>> deadLetters = new ConcurrentHashMap<>();
    private volatile boolean stop;
    private volatile RuntimeException failure;

    OutputCollector(String bootstrap, String scoredTopic, String anomaliesTopic, String deadLetterTopic) {
        this.scoredTopic = scoredTopic;
        this.anomaliesTopic = anomaliesTopic;
        this.deadLetterTopic = deadLetterTopic;
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        p.put("max.poll.records", "10000");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : List.of(scoredTopic, anomaliesTopic, deadLetterTopic))
            consumer.partitionsFor(t).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        thread = new Thread(this::loop, "lookahead-testkit-outputs");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (!stop) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                    if (r.topic().equals(scoredTopic)) add(scored, key, AvroBytes.read(ScoredPoint.class, r.value()));
                    else if (r.topic().equals(anomaliesTopic)) add(anomalies, key, AvroBytes.read(Anomaly.class, r.value()));
                    else add(deadLetters, key, AvroBytes.read(DeadLetter.class, r.value()));
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (!stop) failure = e;
        }
    }

    private static <T> void add(Map<String, List<T>> m, String key, T v) {
        List<T> l = m.computeIfAbsent(key, k -> java.util.Collections.synchronizedList(new ArrayList<>()));
        l.add(v);
    }

    private static <T> List<T> copy(Map<String, List<T>> m, String key) {
        List<T> l = m.get(key);
        if (l == null) return List.of();
        synchronized (l) {
            return List.copyOf(l);
        }
    }

    List<ScoredPoint> scored(String key) {
        check();
        return copy(scored, key);
    }

    List<Anomaly> anomalies(String key) {
        check();
        return copy(anomalies, key);
    }

    List<DeadLetter> deadLetters(String key) {
        check();
        return copy(deadLetters, key);
    }

    private void check() {
        if (failure != null) throw new IllegalStateException("reading the output topics failed: " + failure.getMessage(), failure);
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        consumer.wakeup();
        thread.join(10_000);
        consumer.close(Duration.ofSeconds(5));
    }
}
