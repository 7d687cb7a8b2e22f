package dev.lookahead.e2e.cluster;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;

/**
 * Produces the input on its own thread, in order, at a fixed rate (0: as fast as it can), with one idempotent
 * producer: every run's input topic then holds the same records at the same offsets of the same partitions, so a
 * dead letter's source offset is comparable across runs.
 */
final class InputFeeder implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final Thread thread;
    private volatile long sent;
    private volatile Exception failure;
    private volatile boolean stop;

    /** {@code client}: the brokers and {@code kafka.properties.*}, as the job connects. */
    InputFeeder(java.util.Map<String, Object> client, String topic, List<ClusterInput.Record> records, double ratePerSecond) {
        Properties p = new Properties();
        p.put("linger.ms", "5");
        p.putAll(client);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        thread = new Thread(() -> {
            long start = System.nanoTime();
            try {
                for (int i = 0; i < records.size() && !stop; i++) {
                    if (ratePerSecond > 0) {
                        long wait = start + (long) (i * 1e9 / ratePerSecond) - System.nanoTime();
                        if (wait > 200_000) LockSupport.parkNanos(wait);   // pacing
                    }
                    ClusterInput.Record r = records.get(i);
                    producer.send(new ProducerRecord<>(topic, r.key(), r.value()), (m, e) -> {
                        if (e != null && failure == null) failure = e;
                    });
                    sent = i + 1;
                }
                producer.flush();
            } catch (RuntimeException e) {
                failure = e;
            }
        }, "cluster-input-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    long sent() {
        check();
        return sent;
    }

    boolean done() {
        check();
        return !thread.isAlive();
    }

    private void check() {
        if (failure != null) throw new IllegalStateException("producing the input failed: " + failure.getMessage(), failure);
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(60_000);
        producer.close();
    }
}
