package dev.lookahead.cli;

import dev.lookahead.avro.Anomaly;
import dev.lookahead.avro.ScoredPoint;
import dev.lookahead.avro.SensorReading;
import dev.lookahead.config.RuntimeSettings;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.finetune.FineTuneConfig;
import dev.lookahead.kafka.EmbeddedKafka;
import dev.lookahead.flink.JobHooks;
import dev.lookahead.flink.LookaheadJob;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.stream.AvroBytes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The real stream job on an in-process broker, for commands that replay a fixed set of readings and want every
 * verdict back ({@code demo}, {@code evaluate nab --engine flink}): an embedded KRaft broker, the topics, the model
 * as a file, the readings produced, the bounded job run in a local Flink (exactly-once sinks), then the scored
 * points, anomalies and dead letters read back as a {@code read_committed} consumer. While the job runs, a
 * listener sees how many scored points are committed so far.
 */
final class EmbeddedPipeline implements AutoCloseable {

    /**
     * Committed scored points so far (and how many of them are anomalous), redrawn by the caller as it likes;
     * {@code last} on the final call, made after the job with the totals read back.
     */
    interface Progress {
        void update(long committed, long anomalous, double seconds, boolean last);
    }

    /** What the job wrote: scored points per key in topic order, anomalies, and the dead letters' count. */
    record Output(Map<String, List<ScoredPoint>> scoredByKey, List<Anomaly> anomalies, int deadLetters) {
    }

    private final EmbeddedKafka kafka;
    private final RuntimeSettings settings;
    private final Thread closeOnCtrlC;

    /**
     * Starts the broker and creates the topics {@code <name>-readings}, {@code -anomalies}, {@code -scored},
     * {@code -dead-letters} and the compacted {@code -models}.
     *
     * @param fineTune null: no fine-tuning (the scores then equal the direct runner's)
     */
    EmbeddedPipeline(String name, Path workDir, LstmModel model, DetectorConfig config, FineTuneConfig fineTune, int parallelism) throws Exception {
        long t0 = System.nanoTime();
        kafka = new EmbeddedKafka();
        closeOnCtrlC = new Thread(() -> {
            try {
                kafka.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
        }, "lookahead-" + name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(closeOnCtrlC);   // Ctrl-C: stop the broker and delete its files
        Files.createDirectories(workDir);
        Path modelFile = workDir.resolve("model.avro");
        ModelSnapshots.write(model, modelFile);
        // event-time bounds wide open: a replay of recorded data is judged by the detector alone, as the direct runner is
        settings = RuntimeSettings.builder()
                .inputTopic(name + "-readings").anomaliesTopic(name + "-anomalies").scoredTopic(name + "-scored")
                .deadLetterTopic(name + "-dead-letters").modelsTopic(name + "-models").groupId(name).transactionalIdPrefix(name)
                .exactlyOnce(true).checkpointIntervalMillis(1000).parallelism(parallelism).bounded(true)
                .minTime(Long.MIN_VALUE).maxTime(Long.MAX_VALUE).modelFile(modelFile.toString()).detector(config).fineTune(fineTune)
                .restartAttempts(0).build().withBrokers(kafka.bootstrap(), kafka.clientProperties());
        kafka.createTopics(parallelism, settings.inputTopic(), settings.anomaliesTopic(), settings.scoredTopic(), settings.deadLetterTopic());
        kafka.createCompactedTopic(settings.modelsTopic());
        startSeconds = (System.nanoTime() - t0) / 1e9;
    }

    private final double startSeconds;
    private double producedSeconds, jobSeconds;

    /** Where the time went: broker start and topics, producing the readings, the job (Flink start, scoring, last checkpoint). */
    String timings() {
        return String.format(java.util.Locale.ROOT, "broker and topics %.1f s, readings produced %.1f s, job %.1f s",
                startSeconds, producedSeconds, jobSeconds);
    }

    RuntimeSettings settings() {
        return settings;
    }

    /** A reading as the input topic carries it: key bytes and the Avro {@code SensorReading}. */
    static byte[][] reading(String key, long time, List<String> channels, double[] values) {
        Map<String, Double> ch = new LinkedHashMap<>();
        for (int c = 0; c < channels.size(); c++) ch.put(channels.get(c), values[c]);
        return new byte[][]{key.getBytes(StandardCharsets.UTF_8), AvroBytes.write(
                SensorReading.newBuilder().setKey(key).setTime(Instant.ofEpochMilli(time)).setChannels(ch).build())};
    }

    /** Produces {@code readings} (in list order, so each key's order is kept), runs the job to their end, reads the outputs. */
    Output run(List<byte[][]> readings, Progress progress) throws Exception {
        long t0 = System.nanoTime();
        kafka.produce(settings.inputTopic(), readings);
        producedSeconds = (System.nanoTime() - t0) / 1e9;
        Watcher w = new Watcher(settings.kafkaClientProperties(), settings.scoredTopic(), settings.groupId() + "-progress", readings.size(), progress);
        Thread t = new Thread(w, "lookahead-" + settings.groupId() + "-progress");
        t.setDaemon(true);
        t.start();
        long t1 = System.nanoTime(), watchStart = t1;
        try {
            LookaheadJob.run(settings, JobHooks.NONE);
        } finally {
            w.stop = true;
            t.join(Duration.ofSeconds(5).toMillis());
        }
        jobSeconds = (System.nanoTime() - t1) / 1e9;
        Map<String, List<ScoredPoint>> byKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(settings.scoredTopic()))
            byKey.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(AvroBytes.read(ScoredPoint.class, r.value()));
        List<Anomaly> anomalies = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(settings.anomaliesTopic()))
            anomalies.add(AvroBytes.read(Anomaly.class, r.value()));
        int dead = kafka.readAll(settings.deadLetterTopic()).size();
        // the watcher may stop before it sees the last commit: the final line shows what was read back in full
        long scored = byKey.values().stream().mapToLong(List::size).sum();
        long anomalous = byKey.values().stream().flatMap(List::stream).filter(ScoredPoint::getAnomaly).count();
        progress.update(scored, anomalous, (System.nanoTime() - watchStart) / 1e9, true);
        return new Output(byKey, anomalies, dead);
    }

    @Override
    public void close() throws Exception {
        kafka.close();
        try {
            Runtime.getRuntime().removeShutdownHook(closeOnCtrlC);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) anyway; close is idempotent
        }
    }

    /** Follows the scored-points topic as a read_committed consumer would, until stopped or all points are seen. */
    private static final class Watcher implements Runnable {
        private final Map<String, Object> client;
        private final String topic, group;
        private final long total;
        private final Progress progress;
        private volatile boolean stop;

        Watcher(Map<String, Object> client, String topic, String group, long total, Progress progress) {
            this.client = client;
            this.topic = topic;
            this.group = group;
            this.total = total;
            this.progress = progress;
        }

        @Override
        public void run() {
            Properties p = new Properties();
            p.putAll(client);
            p.put("isolation.level", "read_committed");
            p.put("auto.offset.reset", "earliest");
            p.put("group.id", group);
            long start = System.nanoTime(), seen = 0, anomalous = 0;
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                c.subscribe(List.of(topic));
                while (!stop && seen < total) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(250))) {
                        seen++;
                        if (AvroBytes.read(ScoredPoint.class, r.value()).getAnomaly()) anomalous++;
                    }
                    if (!stop) progress.update(seen, anomalous, (System.nanoTime() - start) / 1e9, false);
                }
            } catch (RuntimeException e) {
                // the progress display is a courtesy: the results are read again after the job, in full
            }
        }
    }
}
