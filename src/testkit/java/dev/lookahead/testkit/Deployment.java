package dev.lookahead.testkit;

import dev.lookahead.avro.SensorReading;
import dev.lookahead.config.RuntimeSettings;
import dev.lookahead.flink.JobHooks;
import dev.lookahead.flink.LookaheadJob;
import dev.lookahead.kafka.EmbeddedKafka;
import dev.lookahead.kstreams.StreamsApp;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.stream.AvroBytes;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What one test class runs against: an in-process KRaft broker, the topics, the real Flink job (on a MiniCluster
 * in this JVM, started beside the broker, exactly-once) or the Kafka Streams app ({@code exactly_once_v2}) following the readings topic, and
 * a {@code read_committed} reader of the three output topics.
 */
final class Deployment implements AutoCloseable {

    private static final String NAME = "lookahead-test";

    private final EmbeddedKafka kafka;
    private final RuntimeSettings settings;
    private final OutputCollector outputs;
    private final Path workDir;
    private final MiniCluster miniCluster;   // Flink
    private final JobID job;
    private final StreamsApp app;         // Kafka Streams
    private volatile boolean streamsFailed;
    private int harnesses;

    private Deployment(LookaheadExtension.Options o) throws Exception {
        long t0 = System.nanoTime();
        workDir = Files.createTempDirectory("lookahead-testkit-");
        String modelFile = null;
        if (o.model() != null) {
            modelFile = workDir.resolve("model.avro").toString();
            ModelSnapshots.write(o.model(), Path.of(modelFile));
        }
        // Flink's MiniCluster starts while the broker does: neither needs the other until the job is submitted
        Configuration flinkConf = LookaheadJob.flinkConfiguration(settings(o, "localhost:0", modelFile));
        ExecutorService starter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lookahead-testkit-flink-start");
            t.setDaemon(true);
            return t;
        });
        Future<MiniCluster> flink = o.runtime() == LookaheadExtension.Runtime.FLINK ? starter.submit(() -> {
            MiniCluster mc = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(flinkConf)
                    .setNumTaskManagers(1).setNumSlotsPerTaskManager(o.parallelism()).withRandomPorts().build());
            mc.start();
            return mc;
        }) : null;
        starter.shutdown();
        EmbeddedKafka k = null;
        MiniCluster mc = null;
        JobID j = null;
        StreamsApp a = null;
        OutputCollector c = null;
        try {
            k = new EmbeddedKafka();
            long t1 = System.nanoTime();
            settings = settings(o, k.bootstrap(), modelFile);
            k.createTopics(o.parallelism(), settings.inputTopic(), settings.anomaliesTopic(), settings.scoredTopic(), settings.deadLetterTopic());
            k.createCompactedTopic(settings.modelsTopic());
            c = new OutputCollector(k.bootstrap(), settings.scoredTopic(), settings.anomaliesTopic(), settings.deadLetterTopic());
            long t2 = System.nanoTime();
            if (flink != null) {
                mc = flink.get();
                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConf);
                LookaheadJob.build(env, settings, JobHooks.NONE);
                StreamGraph graph = env.getStreamGraph();
                graph.setJobName("lookahead test kit");
                j = mc.submitJob(graph).get(60, TimeUnit.SECONDS).getJobID();
            } else {
                a = new StreamsApp(settings);
                a.start(() -> streamsFailed = true);
            }
            System.out.printf(java.util.Locale.ROOT, "lookahead test kit: broker %.1f s, topics %.1f s, %s running %.1f s later%n",
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9, o.runtime(), (System.nanoTime() - t2) / 1e9);
        } catch (Exception | Error e) {
            if (c != null) c.close();
            if (a != null) a.close();
            if (flink != null) {
                try {
                    flink.get().closeAsync().get(30, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // it did not start either
                }
            }
            if (k != null) k.close();
            deleteQuietly(workDir);
            throw e;
        }
        kafka = k;
        miniCluster = mc;
        job = j;
        app = a;
        outputs = c;
    }

    private RuntimeSettings settings(LookaheadExtension.Options o, String bootstrap, String modelFile) {
        // event-time bounds wide open: a recording from any year is judged by the detector alone
        return RuntimeSettings.builder().bootstrapServers(bootstrap).inputTopic(NAME + "-readings")
                .anomaliesTopic(NAME + "-anomalies").scoredTopic(NAME + "-scored").deadLetterTopic(NAME + "-dead-letters")
                .modelsTopic(NAME + "-models").groupId(NAME).exactlyOnce(true).transactionalIdPrefix(NAME)
                .checkpointIntervalMillis(o.commitInterval().toMillis()).parallelism(o.parallelism()).stateBackend("hashmap")
                .minTime(Long.MIN_VALUE).maxTime(Long.MAX_VALUE).bounded(false).modelFile(modelFile).detector(o.detector())
                .restartAttempts(0).fineTune(o.fineTune()).streamsApplicationId(NAME)
                .streamsStateDir(workDir.resolve("streams").toString()).streamsThreads(o.parallelism()).build();
    }

    static Deployment start(LookaheadExtension.Options o) throws Exception {
        return new Deployment(o);
    }

    /** A prefix no other harness of this deployment uses, so each test's keys start from a fresh state. */
    synchronized String nextKeyPrefix() {
        return "t" + (++harnesses) + "/";
    }

    RuntimeSettings settings() {
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
                JobStatus s = miniCluster.getJobStatus(job).get(10, TimeUnit.SECONDS);
                if (s.isGloballyTerminalState()) {
                    String why = miniCluster.requestJobResult(job).get(10, TimeUnit.SECONDS).getSerializedThrowable()
                            .map(t -> ": " + t.getFullStringifiedStackTrace().lines().findFirst().orElse("")).orElse("");
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
        long t0 = System.nanoTime();
        try {
            if (job != null) {
                try {
                    miniCluster.cancelJob(job).get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // already ended (failed): nothing to cancel
                }
                miniCluster.closeAsync().get(60, TimeUnit.SECONDS);
            }
            if (app != null) app.close();
            outputs.close();
        } finally {
            kafka.close();
            deleteQuietly(workDir);
            System.out.printf(java.util.Locale.ROOT, "lookahead test kit: stopped in %.1f s%n", (System.nanoTime() - t0) / 1e9);
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
