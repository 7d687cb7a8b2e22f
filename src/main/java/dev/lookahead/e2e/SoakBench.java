package dev.lookahead.e2e;

import dev.lookahead.config.LookaheadConfig;
import dev.lookahead.config.RuntimeSettings;
import dev.lookahead.config.Scope;
import dev.lookahead.kafka.EmbeddedKafka;
import dev.lookahead.flink.LookaheadJob;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The soak: the job exactly-once in a local Flink in this JVM, against the in-process broker, for a long stretch
 * at a fixed share of its measured maximum, with a task failure injected on a schedule.
 *
 * <ol>
 *   <li>Calibration: K keys x C points produced first, then the job started; its maximum is the rate at which it
 *       scored and committed them (the lower of the job's own rate and a read_committed reader's, as
 *       {@code bench e2e} measures it).</li>
 *   <li>Soak: points C, C+1, ... of every key in turn, paced at {@code load} x that maximum, for {@code duration};
 *       a task failure every {@code failureEvery} ({@link SoakFailures}: the job restarts from its last checkpoint
 *       with the cluster's restart strategy); a full GC every {@code gcEvery}, the heap after every full GC
 *       recorded ({@link HeapWatch}).</li>
 *   <li>Then until every point is committed. A read_committed reader checks every key's sequence as it arrives
 *       ({@link SequenceCheck}): each point exactly once, in order, none missing at the end.</li>
 * </ol>
 * Passes when every point came exactly once in order, every injected failure happened, and the heap after full GC
 * stayed flat ({@link HeapTrend}) over the soak phase.
 */
public final class SoakBench {

    /**
     * @param rate        the soak's input rate in points/s; 0: {@code load} x the measured maximum
     * @param config      YAML the job settings start from (null: the built-in defaults, what {@code run} does)
     * @param overrides   further {@code key=value} settings, applied before the harness's own
     */
    public record Options(int keys, int parallelism, Duration duration, Duration failureEvery, Duration gcEvery, double load,
                          double rate, int calibrationPointsPerKey, long checkpointIntervalMs, Path config, List<String> overrides,
                          long seed) {
        public Options {
            if (keys < 1 || keys > 9_999_999) throw new IllegalArgumentException("keys: " + keys + " is not in [1, 9999999]");
            if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException("duration must be > 0");
            if (failureEvery.isNegative() || failureEvery.isZero()) throw new IllegalArgumentException("failure interval must be > 0");
            if (gcEvery.isNegative() || gcEvery.isZero()) throw new IllegalArgumentException("GC interval must be > 0");
            if (calibrationPointsPerKey < 1) throw new IllegalArgumentException("calibration points per key must be >= 1");
            overrides = List.copyOf(overrides);
        }
    }

    private final Options o;
    private final PrintWriter log;

    public SoakBench(Options options, PrintWriter log) {
        this.o = options;
        this.log = log;
    }

    public SoakResult run() throws Exception {
        Path checkpoints = Files.createTempDirectory("lookahead-soak-checkpoints");
        String runId = "soak-" + System.nanoTime();
        ScoreProbe probe = new ScoreProbe(runId);
        SoakFailures failures = new SoakFailures(runId, probe);
        try (EmbeddedKafka kafka = new EmbeddedKafka(); HeapWatch heap = new HeapWatch()) {
            RuntimeSettings s = settings(kafka, checkpoints, runId);
            kafka.createTopics(2, s.inputTopic(), s.anomaliesTopic(), s.scoredTopic(), s.deadLetterTopic());
            kafka.createCompactedTopic(s.modelsTopic());
            SyntheticReadings readings = new SyntheticReadings(o.seed());
            SequenceCheck sequence = new SequenceCheck(o.keys());
            int c = o.calibrationPointsPerKey();
            long calibration = (long) o.keys() * c;
            try (KafkaProducer<byte[], byte[]> producer = producer(s);
                 CommittedReader scored = new CommittedReader(s, s.scoredTopic(), sequence::accept);
                 CommittedReader anomalies = new CommittedReader(s, s.anomaliesTopic(), null);
                 CommittedReader dead = new CommittedReader(s, s.deadLetterTopic(), null)) {
                // 1. calibration
                log.printf(Locale.ROOT, "soak: %,d keys, parallelism %d; calibration: %,d points produced first...%n", o.keys(), o.parallelism(), calibration);
                log.flush();
                AtomicReference<Exception> sendFailure = new AtomicReference<>();
                for (int j = 0; j < c; j++)
                    for (int k = 0; k < o.keys(); k++)
                        send(producer, s.inputTopic(), k, readings.reading(k, j), sendFailure);
                producer.flush();
                check(sendFailure);

                Configuration flink = LookaheadJob.flinkConfiguration(s);
                flink.set(RestOptions.BIND_PORT, "0");   // other local Flinks may hold 8081
                MetricTap.configure(flink);   // numRestarts, completed checkpoints
                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
                LookaheadJob.build(env, s, failures);
                JobClient job = env.executeAsync("lookahead soak");
                try {
                    waitFor(job, scored::count, calibration, "calibration points");
                    ScoreProbe.Counts pc = probe.counts();
                    double jobRate = pc.scored() / Math.max(1e-9, (pc.lastNanos.get() - pc.firstNanos.get()) / 1e9);
                    long afterCatchUp = calibration - scored.caughtUpCount();
                    double committedRate = afterCatchUp > 0 && scored.lastSeenMillis() > scored.caughtUpMillis()
                            ? afterCatchUp / ((scored.lastSeenMillis() - scored.caughtUpMillis()) / 1e3) : Double.NaN;
                    double max = Double.isNaN(committedRate) ? jobRate : Math.min(jobRate, committedRate);
                    double rate = o.rate() > 0 ? o.rate() : o.load() * max;
                    log.printf(Locale.ROOT, "  maximum: job %,.0f points/s, committed %,.0f points/s -> %,.0f; soak at %,.0f points/s for %d s, "
                                    + "a task failure every %d s, a full GC every %d s%n", jobRate, committedRate, max, rate,
                            o.duration().toSeconds(), o.failureEvery().toSeconds(), o.gcEvery().toSeconds());
                    log.flush();

                    // 2. the soak
                    int[] produced = new int[o.keys()];
                    java.util.Arrays.fill(produced, c);
                    double soakStart = heap.seconds();
                    long sent = soak(producer, s.inputTopic(), readings, rate, failures, heap, scored, produced, sendFailure);
                    double soakEnd = heap.seconds();
                    producer.flush();
                    check(sendFailure);
                    long pointsIn = calibration + sent;

                    // 3. until everything is committed, then two more checkpoints for any straggler
                    long endNanos = System.nanoTime();
                    waitFor(job, scored::count, pointsIn, "points of the soak");
                    double catchUp = (System.nanoTime() - endNanos) / 1e9;
                    long checkpointsNow = MetricTap.sum("numberOfCompletedCheckpoints");
                    waitFor(job, () -> MetricTap.sum("numberOfCompletedCheckpoints"), checkpointsNow + 2, "two more checkpoints");
                    List<HeapTrend.Sample> window = heap.samples().stream()
                            .filter(x -> x.seconds() >= soakStart && x.seconds() <= soakEnd).toList();
                    SoakResult r = new SoakResult(o.keys(), o.parallelism(), soakEnd - soakStart, max, rate, pointsIn, scored.count(),
                            sequence.outcome(produced), dead.count(), anomalies.count(), armed, failures.thrown(),
                            MetricTap.sum("numRestarts"), catchUp, window, HeapTrend.of(window, HeapTrend.DEFAULT_TOLERANCE));
                    log.printf(Locale.ROOT, "  in %,d, committed %,d, %s; failures %d armed, %d thrown, %d restarts; heap %s%n", r.pointsIn(),
                            r.committed(), r.sequence(), r.failuresArmed(), r.failuresThrown(), r.restarts(), r.heap());
                    log.flush();
                    return r;
                } finally {
                    cancel(job);
                }
            }
        } finally {
            failures.release();
            probe.release();
            deleteRecursively(checkpoints);
        }
    }

    private int armed;

    /**
     * Sends points C, C+1, ... of every key in turn at {@code rate} for the soak's duration; arms a task failure and
     * asks for a full GC on their schedules. Returns the points sent.
     */
    private long soak(KafkaProducer<byte[], byte[]> producer, String topic, SyntheticReadings readings, double rate, SoakFailures failures,
                      HeapWatch heap, CommittedReader scored, int[] produced, AtomicReference<Exception> sendFailure) {
        long start = System.nanoTime(), end = start + o.duration().toNanos();
        long failureEvery = o.failureEvery().toNanos(), gcEvery = o.gcEvery().toNanos();
        long nextFailure = start + failureEvery, nextGc = start, nextLog = start + 30_000_000_000L;
        double nanosPer = 1e9 / rate;
        long i = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= nextGc) {
                heap.fullGc();
                nextGc += gcEvery;
            }
            if (now >= nextFailure && nextFailure < end) {
                failures.arm();
                armed++;
                log.printf(Locale.ROOT, "  +%.0f s: task failure %d injected%n", (now - start) / 1e9, armed);
                log.flush();
                nextFailure += failureEvery;
            }
            if (now >= nextLog) {
                log.printf(Locale.ROOT, "  +%.0f s: %,d sent, %,d committed, %d restarts%n", (now - start) / 1e9, i, scored.count(), MetricTap.sum("numRestarts"));
                log.flush();
                nextLog += 30_000_000_000L;
            }
            long due = start + (long) (i * nanosPer);
            if (due >= end) return i;
            long wait = due - System.nanoTime();
            if (wait > 200_000) LockSupport.parkNanos(Math.min(wait, 100_000_000L));   // pacing
            if (System.nanoTime() < due) continue;
            int k = (int) (i % o.keys());
            send(producer, topic, k, readings.reading(k, produced[k]), sendFailure);
            produced[k]++;
            i++;
            if ((i & 0xFFFF) == 0) check(sendFailure);
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, int k, byte[] value, AtomicReference<Exception> failure) {
        producer.send(new ProducerRecord<>(topic, SyntheticReadings.keyBytes(k), value), (m, e) -> {
            if (e != null) failure.compareAndSet(null, e);
        });
    }

    private static void check(AtomicReference<Exception> failure) {
        Exception e = failure.get();
        if (e != null) throw new IllegalStateException("producing readings failed: " + e.getMessage(), e);
    }

    private RuntimeSettings settings(EmbeddedKafka kafka, Path checkpoints, String runId) {
        List<String> s = new ArrayList<>(o.overrides());
        s.addAll(List.of("kafka.bootstrap-servers=embedded", "topics.input=soak-readings", "topics.anomalies=soak-anomalies",
                "topics.scored=soak-scored", "topics.dead-letters=soak-dead-letters", "topics.models=soak-models",
                "job.group-id=" + runId, "job.transactional-id-prefix=" + runId, "job.delivery=exactly-once", "job.bounded=false",
                "job.parallelism=" + o.parallelism(), "job.checkpoint-interval-ms=" + o.checkpointIntervalMs(),
                "job.checkpoint-dir=" + checkpoints.toUri()));
        return LookaheadConfig.loader(Scope.RUN).file(o.config()).sets(s).load().settings().withBrokers(kafka.bootstrap(), kafka.clientProperties());
    }

    /** The harness's producer: the job's client properties (kafka.properties.*), tuned for throughput unless they say otherwise. */
    private static KafkaProducer<byte[], byte[]> producer(RuntimeSettings s) {
        Properties p = new Properties();
        p.put("acks", "all");
        p.put("linger.ms", "5");
        p.put("batch.size", "262144");
        p.put("buffer.memory", "67108864");
        p.putAll(s.kafkaClientProperties());
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Waits until {@code count} reaches {@code target}; fails if the job ends or nothing moves for long. */
    private void waitFor(JobClient job, LongSupplier count, long target, String what) throws Exception {
        long stallNanos = TimeUnit.MILLISECONDS.toNanos(5 * o.checkpointIntervalMs() + 180_000);
        long last = -1, lastMove = System.nanoTime(), lastStatus = 0, lastLog = System.nanoTime();
        while (true) {
            long n = count.getAsLong();
            if (n >= target) return;
            long now = System.nanoTime();
            if (n != last) {
                last = n;
                lastMove = now;
            }
            if (now - lastMove > stallNanos)
                throw new IllegalStateException(String.format(Locale.ROOT, "soak: stalled at %,d of %,d %s", n, target, what));
            if (now - lastStatus > 1_000_000_000L) {
                lastStatus = now;
                JobStatus st;
                try {
                    st = job.getJobStatus().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | RuntimeException e) {
                    st = JobStatus.FAILED;
                }
                if (st.isGloballyTerminalState()) throw new IllegalStateException("the job ended (" + st + ") at " + n + " of " + target + " " + what);
            }
            if (now - lastLog > 30_000_000_000L) {
                lastLog = now;
                log.printf(Locale.ROOT, "  ... %,d / %,d %s%n", n, target, what);
                log.flush();
            }
            LockSupport.parkNanos(20_000_000L);   // poll interval
        }
    }

    private static void cancel(JobClient job) {
        try {
            job.cancel().get(60, TimeUnit.SECONDS);
            job.getJobExecutionResult().exceptionally(t -> null).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            // ended already
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temp dir; leave it
        }
    }
}
