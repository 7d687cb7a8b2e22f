package dev.lookahead.kstreams;

import dev.lookahead.avro.SampledWindow;
import dev.lookahead.config.RuntimeSettings;
import dev.lookahead.finetune.FineTuneStats;
import dev.lookahead.finetune.FineTuner;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.stream.ModelTracker;
import dev.lookahead.stream.SampledWindows;
import dev.lookahead.training.TrainerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The fine-tuning trainer of a Kafka Streams deployment, as its own small process ({@code lookahead trainer}): it
 * reads the windows the scoring tasks sample ({@code topics.training-windows}), feeds them to a {@link FineTuner}
 * (the same reservoir, rounds and validation gate as the Flink job's trainer) and publishes each accepted model to
 * {@code topics.models}, where the Streams application adopts it by the usual switch rule. One trainer per model
 * group: run one process.
 *
 * <p>It starts from the newest snapshot of its group already on the models topic (or {@code model.file}) and follows
 * newer ones published there later ({@link FineTuner#follow}), so a restarted trainer continues the version
 * sequence and a version published by hand becomes the next parent: versions only increase. Windows are a sample: they are read
 * at least once, and the reservoir refills after a restart.
 */
public final class StreamsTrainer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsTrainer.class);

    private final RuntimeSettings s;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaConsumer<byte[], byte[]> models;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ExecutorService executor = FineTuner.newExecutor();
    private final FineTuner tuner;
    private volatile boolean stopping;
    private long windowsIn, published, windowsRefused;

    public StreamsTrainer(RuntimeSettings s) {
        if (s.fineTune() == null || s.trainingWindowsTopic() == null)
            throw new IllegalArgumentException("config: topics.training-windows is empty: the trainer has no windows to read; "
                    + "set it to the topic the streams application samples windows to");
        this.s = s;
        models = new KafkaConsumer<>(consumerProperties(s, null), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        LstmModel start;
        try {
            start = latestPublished(s);
        } catch (RuntimeException e) {
            models.close();
            throw e;
        }
        tuner = new FineTuner(start, TrainerConfig.builder(start.architecture()).build(), s.fineTune(), s.detector(), executor, null, Clock.systemUTC());
        consumer = new KafkaConsumer<>(consumerProperties(s, s.streamsApplicationId() + "-trainer"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Properties p = new Properties();
        p.putAll(s.kafka());
        p.put("bootstrap.servers", s.bootstrapServers());
        p.put("enable.idempotence", "true");
        p.put("acks", "all");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * The model to continue from: the newest of {@code model.file}'s group on the models topic, else
     * {@code model.file}. Leaves {@link #models} positioned at the topic's end, to follow later versions.
     */
    private LstmModel latestPublished(RuntimeSettings s) {
        ModelTracker tracker = new ModelTracker(s.initialModel(), "trainer");
        List<TopicPartition> parts = new ArrayList<>();
        models.partitionsFor(s.modelsTopic(), Duration.ofSeconds(30)).forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
        models.assign(parts);
        models.seekToBeginning(parts);
        Map<TopicPartition, Long> end = models.endOffsets(parts);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (parts.stream().anyMatch(tp -> models.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("cannot read " + s.modelsTopic() + " to its end within 60 s");
            for (ConsumerRecord<byte[], byte[]> r : models.poll(Duration.ofMillis(500)))
                if (r.value() != null) tracker.offer(r.value());
        }
        return tracker.current();
    }

    /** A newer version of the group published since (by hand, say) becomes the next round's parent. */
    private void followPublished() {
        for (ConsumerRecord<byte[], byte[]> r : models.poll(Duration.ZERO)) {
            if (r.value() == null) continue;
            LstmModel now = tuner.current();
            ModelSnapshots.Header h;
            try {
                h = ModelSnapshots.peek(r.value());
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (h.group().equals(now.group()) && h.version() > now.version() && h.architecture().equals(now.architecture()))
                tuner.follow(ModelSnapshots.fromBytes(r.value()));
        }
    }

    private static Properties consumerProperties(RuntimeSettings s, String group) {
        Properties p = new Properties();
        p.putAll(s.kafka());
        p.put("bootstrap.servers", s.bootstrapServers());
        p.put("isolation.level", "read_committed");   // the streams application writes windows in its transactions
        p.put("auto.offset.reset", "earliest");
        if (group != null) p.put("group.id", group);
        else p.put("enable.auto.commit", "false");
        return p;
    }

    /** Reads windows and publishes accepted models until {@link #close()}; call on one thread. */
    public void run() {
        consumer.subscribe(List.of(s.trainingWindowsTopic()));
        String group = tuner.current().group();
        LOG.info("fine-tune trainer: {} -> {} (group {}, from {})", s.trainingWindowsTopic(), s.modelsTopic(), group, tuner.current().versionId());
        try {
            while (!stopping) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    SampledWindow w;
                    try {
                        w = SampledWindows.read(r.value());
                    } catch (RuntimeException e) {
                        if (windowsRefused++ == 0) LOG.warn("fine-tune trainer: a record on {} is not a SampledWindow ({}); skipped (further ones are not logged)", s.trainingWindowsTopic(), e.getMessage());
                        continue;
                    }
                    if (!group.equals(w.getGroup())) {
                        if (windowsRefused++ == 0) LOG.warn("fine-tune trainer: a window of group '{}' reached the trainer of '{}'; skipped (further ones are not logged)", w.getGroup(), group);
                        continue;
                    }
                    windowsIn++;
                    tuner.offer(SampledWindows.window(w));
                    publishAccepted();
                }
                publishAccepted();
                followPublished();
            }
        } catch (WakeupException e) {
            if (!stopping) throw e;
        } finally {
            consumer.close();
            models.close();
        }
    }

    private void publishAccepted() {
        LstmModel m = tuner.takeAccepted();
        if (m == null) return;
        try {
            producer.send(new ProducerRecord<>(s.modelsTopic(), m.group().getBytes(StandardCharsets.UTF_8), ModelSnapshots.toBytes(m))).get(60, TimeUnit.SECONDS);
            published++;
            LOG.info("fine-tune trainer: published {} to {}", m.versionId(), s.modelsTopic());
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish " + m.versionId() + " to " + s.modelsTopic() + ": " + e.getMessage(), e);
        }
    }

    /** The latest accepted model (or the one it started from). */
    public LstmModel current() {
        return tuner.current();
    }

    public FineTuneStats stats() {
        return tuner.stats();
    }

    /** Windows taken so far. */
    public long windowsIn() {
        return windowsIn;
    }

    /** Stops {@link #run()} (from another thread) and releases the clients; a round still running is abandoned. */
    @Override
    public void close() {
        stopping = true;
        tuner.close();
        consumer.wakeup();
        executor.shutdown();
        producer.close(Duration.ofSeconds(10));
    }
}
