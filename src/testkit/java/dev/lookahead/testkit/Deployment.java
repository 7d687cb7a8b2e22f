package dev.lookahead.testkit;

import dev.lookahead.avro.SensorReading;
import dev.lookahead.flink.JobHooks;
import dev.lookahead.flink.JobSettings;
import dev.lookahead.flink.LookaheadJob;
import dev.lookahead.kafka.EmbeddedKafka;
import dev.lookahead.kstreams.StreamsApp;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.stream.AvroBytes;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What one test class runs against: an in-process KRaft broker, the topics, the real Flink job (in a local
 * MiniCluster, exactly-once) or the Kafka Streams app ({@code exactly_once_v2}) following the readings topic, and
 * a {@code read_committed} reader of the three output topics.
 */
final class Deployment implements AutoCloseable {

    private static final String NAME = "lookahead-test";

    private final EmbeddedKafka kafka;
    private final JobSettings settings;
    private final OutputCollector outputs;
    private final Path workDir;
    private final JobClient job;          // Flink
    private final StreamsApp app;         // Kafka Streams
    private volatile boolean streamsFailed;
    private int harnesses;

    private Deployment(LookaheadExtension.Options o) throws Exception {
        workDir = Files.createTempDirectory("lookahead-testkit-");
        EmbeddedKafka k = new EmbeddedKafka();
        JobClient j = null;
        StreamsApp a = null;
        OutputCollector c = null;
        try {
            String modelFile = null;
            if (o.model() != null) {
                modelFile = workDir.resolve("model.avro").toString();
                ModelSnapshots.write(o.model(), Path.of(modelFile));
            }
            // event-time bounds wide open: a recording from any year is judged by the detector alone
            settings = new JobSettings(k.bootstrap(), Map.of(), NAME + "-readings", NAME + "-anomalies", NAME + "-scored",
                    NAME + "-dead-letters", NAME + "-models", NAME, true, NAME, o.commitInterval().toMillis(), o.parallelism(),
                    "hashmap", 0, 1 << 20, Long.MIN_VALUE, Long.MAX_VALUE, false, modelFile, o.detector(), 0, o.fineTune(), null);
            k.createTopics(o.parallelism(), settings.inputTopic(), settings.anomaliesTopic(), settings.scoredTopic(), settings.deadLetterTopic());
            k.createCompactedTopic(settings.modelsTopic());
            c = new OutputCollector(k.bootstrap(), settings.scoredTopic(), settings.anomaliesTopic(), settings.deadLetterTopic());
            if (o.runtime() == LookaheadExtension.Runtime.FLINK) {
                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(LookaheadJob.flinkConfiguration(settings));
                LookaheadJob.build(env, settings, JobHooks.NONE);
                j = env.executeAsync("lookahead test kit");
            } else {
                a = new StreamsApp(settings, NAME, workDir.resolve("streams").toString(), o.parallelism());
                a.start(() -> streamsFailed = true);
            }
        } catch (Exception | Error e) {
            if (c != null) c.close();
            if (a != null) a.close();
            k.close();
            throw e;
        }
        kafka = k;
        job = j;
        app = a;
        outputs = c;
    }

    static Deployment start(LookaheadExtension.Options o) throws Exception {
        return new Deployment(o);
    }

    /** A prefix no other harness of this deployment uses, so each test's keys start from a fresh state. */
    synchronized String nextKeyPrefix() {
        return "t" + (++harnesses) + "/";
    }

    JobSettings settings() {
        return settings;
    }

    OutputCollector outputs() {
        return outputs;
    }

    String bootstrap() {
        return kafka.bootstrap();
    }

    void send(List<SensorReading> readings) throws Exception {
        List<byte[][]> kv = new ArrayList<>(readings.size());
        for (SensorReading r : readings) kv.add(new byte[][]{r.getKey().getBytes(StandardCharsets.UTF_8), AvroBytes.write(r)});
        kafka.produce(settings.inputTopic(), kv);
    }

    /** Null while the runtime runs; else what happened to it. */
    String failure() {
        if (job != null) {
            try {
                JobStatus s = job.getJobStatus().get(10, TimeUnit.SECONDS);
                if (s.isGloballyTerminalState()) {
                    String why = "";
                    try {
                        job.getJobExecutionResult().get(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        Throwable t = e;
                        while (t.getCause() != null) t = t.getCause();
                        why = ": " + t;
                    }
                    return "the Flink job is " + s + why;
                }
            } catch (Exception e) {
                return "the Flink job cannot be reached: " + e;
            }
        }
        if (app != null && streamsFailed) return "the Kafka Streams app is in state " + app.state();
        return null;
    }

    @Override
    public void close() throws Exception {
        try {
            if (job != null) {
                try {
                    job.cancel().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // already ended (failed): nothing to cancel
                }
            }
            if (app != null) app.close();
            outputs.close();
        } finally {
            kafka.close();
            deleteQuietly(workDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the OS cleans it eventually
        }
    }
}
