package dev.lookahead.e2e;

import dev.lookahead.config.RuntimeSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * A downstream reader of one output topic with {@code isolation.level=read_committed}, on its own thread: counts
 * what becomes visible and when, and the latency of every record produced after a chosen instant as receive
 * time minus the record's timestamp. The job's sinks carry each input record's timestamp through to its outputs,
 * and the harness's producer stamps every reading with its scheduled send time, so that difference is the
 * produce-to-committed latency a consumer sees.
 */
final class CommittedReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final Consumer<ConsumerRecord<byte[], byte[]>> each;
    private volatile boolean stop;
    private volatile RuntimeException failure;

    private volatile long count;
    private volatile long firstSeenMillis = -1, lastSeenMillis = -1;
    private volatile long caughtUpMillis = -1, caughtUpCount;   // the first moment a poll came back empty after records
    private volatile long latencyFromMillis = Long.MAX_VALUE, latencyToMillis = Long.MAX_VALUE;
    private int[] latencies = new int[1 << 16];
    private int latencyCount;

    /** Reads {@code topic} as a client of {@code s} ({@code kafka.properties.*} and the brokers). */
    CommittedReader(RuntimeSettings s, String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        this.each = each;
        Properties p = new Properties();
        p.putAll(s.kafkaClientProperties());
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        p.put("max.poll.records", "20000");
        p.put("fetch.max.bytes", "67108864");
        p.put("max.partition.fetch.bytes", "16777216");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = consumer.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        thread = new Thread(this::loop, "e2e-reader-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** Records whose timestamp is in [from, to) count towards the latency percentiles. */
    void measureLatency(long fromMillis, long toMillis) {
        latencyToMillis = toMillis;
        latencyFromMillis = fromMillis;
    }

    private void loop() {
        boolean hadRecords = false;
        try {
            while (!stop) {
                ConsumerRecords<byte[], byte[]> rs = consumer.poll(Duration.ofMillis(50));
                long now = System.currentTimeMillis();
                if (rs.isEmpty()) {
                    if (hadRecords && caughtUpMillis < 0) {
                        caughtUpCount = count;
                        caughtUpMillis = lastSeenMillis;
                    }
                    continue;
                }
                hadRecords = true;
                long from = latencyFromMillis, to = latencyToMillis;
                for (ConsumerRecord<byte[], byte[]> r : rs) {
                    long ts = r.timestamp();
                    if (ts >= from && ts < to) addLatency(now - ts);
                    if (each != null) each.accept(r);
                }
                if (firstSeenMillis < 0) firstSeenMillis = now;
                lastSeenMillis = now;
                count += rs.count();
            }
        } catch (RuntimeException e) {
            if (!stop) failure = e;
        }
    }

    private synchronized void addLatency(long millis) {
        if (latencyCount == latencies.length) latencies = Arrays.copyOf(latencies, latencies.length * 2);
        latencies[latencyCount++] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, millis));
    }

    long count() {
        if (failure != null) throw new IllegalStateException("reader failed: " + failure.getMessage(), failure);
        return count;
    }

    long firstSeenMillis() {
        return firstSeenMillis;
    }

    long lastSeenMillis() {
        return lastSeenMillis;
    }

    long caughtUpMillis() {
        return caughtUpMillis;
    }

    long caughtUpCount() {
        return caughtUpCount;
    }

    /** Latency samples so far, sorted. */
    synchronized int[] latencies() {
        int[] l = Arrays.copyOf(latencies, latencyCount);
        Arrays.sort(l);
        return l;
    }

    static double percentile(int[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        consumer.wakeup();
        thread.join(10_000);
        consumer.close(Duration.ofSeconds(5));
    }
}
