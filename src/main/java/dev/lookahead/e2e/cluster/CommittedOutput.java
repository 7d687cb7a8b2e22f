package dev.lookahead.e2e.cluster;

import dev.lookahead.avro.DeadLetter;
import dev.lookahead.stream.AvroBytes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What a downstream consumer with {@code isolation.level=read_committed} sees on one output topic, grouped by
 * record key in topic order (a key's records share a partition, so that is the key's order). {@link #poll()}
 * reads what became visible since the last call.
 */
final class CommittedOutput implements AutoCloseable {

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, List<byte[]>> byKey = new LinkedHashMap<>();
    private long count;

    /** {@code client}: the brokers and {@code kafka.properties.*}, as the job connects. */
    CommittedOutput(Map<String, Object> client, String topic) {
        this.topic = topic;
        Properties p = new Properties();
        p.putAll(client);
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        p.put("max.poll.records", "10000");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = consumer.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
    }

    /** Reads until no more committed records are visible right now; returns the total so far. */
    long poll() {
        while (true) {
            var rs = consumer.poll(Duration.ofMillis(100));
            if (rs.isEmpty()) return count;
            for (ConsumerRecord<byte[], byte[]> r : rs) {
                byKey.computeIfAbsent(ClusterInput.keyString(r.key()), k -> new ArrayList<>()).add(r.value());
                count++;
            }
        }
    }

    long count() {
        return count;
    }

    String topic() {
        return topic;
    }

    Map<String, List<byte[]>> byKey() {
        return byKey;
    }

    /**
     * A dead letter with the two fields that differ between runs by construction blanked: its processing time
     * ({@code time}) and the input topic's name ({@code sourceTopic}, each run reads its own). Raw bytes, raw key,
     * source partition and offset, class and reason stay.
     */
    static byte[] comparableDeadLetter(byte[] value) {
        DeadLetter d = AvroBytes.read(DeadLetter.class, value);
        d.setTime(Instant.EPOCH);
        d.setSourceTopic(null);
        return AvroBytes.write(d);
    }

    /**
     * The differences between two topics' committed records, key by key and record by record (at most
     * {@code limit} described); empty when they are identical.
     */
    static List<String> differences(Map<String, List<byte[]>> expected, Map<String, List<byte[]>> actual,
                                    java.util.function.UnaryOperator<byte[]> comparable, int limit) {
        List<String> out = new ArrayList<>();
        for (String key : expected.keySet()) if (!actual.containsKey(key)) out.add(key + ": missing (" + expected.get(key).size() + " records expected)");
        for (String key : actual.keySet()) if (!expected.containsKey(key)) out.add(key + ": " + actual.get(key).size() + " records not expected");
        for (Map.Entry<String, List<byte[]>> e : expected.entrySet()) {
            List<byte[]> want = e.getValue(), got = actual.get(e.getKey());
            if (got == null) continue;
            if (want.size() != got.size()) out.add(e.getKey() + ": " + got.size() + " records, expected " + want.size());
            for (int i = 0; i < Math.min(want.size(), got.size()); i++)
                if (!Arrays.equals(comparable.apply(want.get(i)), comparable.apply(got.get(i)))) {
                    out.add(e.getKey() + ": record " + i + " differs");
                    break;
                }
            if (out.size() >= limit) break;
        }
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
