package dev.lookahead.e2e;

import dev.lookahead.config.LookaheadConfig;
import dev.lookahead.config.RuntimeSettings;
import dev.lookahead.config.Scope;
import dev.lookahead.kafka.EmbeddedKafka;
import dev.lookahead.flink.LookaheadJob;
import dev.lookahead.model.ModelSnapshots;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Runs one {@link E2eCase}: a fresh in-process broker; K x N readings produced before the job starts; the real job
 * (exactly-once, the given parallelism, backend and checkpoint interval, fine-tuning on or off) started in a local
 * Flink in this JVM; read_committed readers on the scored, anomalies, dead-letter and models topics.
 *
 * <ol>
 *   <li>Throughput: until every pre-produced point is scored and committed. The job rate is the probe's count over
 *       first-to-last scored; the committed rate is what a reader saw after its first catch-up.</li>
 *   <li>State: the latest completed checkpoint's files (the harness sets a file checkpoint directory), and the heap
 *       used after a forced GC now minus before the job started (this JVM is the TaskManager's).</li>
 *   <li>Latency: a producer paced at {@code load} x the committed rate (or a given rate) for {@code latencySeconds},
 *       each reading stamped with its scheduled send time; latency = reader's receive time - that stamp, over the
 *       phase after its first seconds (the first checkpoint interval, at least 5 s).</li>
 * </ol>
 * Every point in must come out exactly once (checked with a bitset over (key, point index)).
 */
public final class EndToEndBench {

    private final Path config;
    private final List<String> overrides;
    private final Map<String, String> flinkSettings;
    private final long seed;
    private final PrintWriter log;

    /**
     * @param config    the YAML the job settings start from (null: built-in defaults); the harness then sets
     *                  topics, parallelism, backend, checkpoint interval and directory, fine-tuning
     * @param overrides further {@code key=value} settings, applied before the harness's own
     * @param flinkSettings Flink configuration keys set on the local cluster as they are (experiments, e.g. RocksDB options)
     */
    public EndToEndBench(Path config, List<String> overrides, Map<String, String> flinkSettings, long seed, PrintWriter log) {
        this.config = config;
        this.overrides = List.copyOf(overrides);
        this.flinkSettings = Map.copyOf(flinkSettings);
        this.seed = seed;
        this.log = log;
    }

    private static final String ROUNDS_TRAINED = "fineTuneRoundsTrained";
    private static final String WINDOWS_IN = "trainingWindowsIn";

    public E2eResult run(E2eCase c) throws Exception {
        Path checkpoints = Files.createTempDirectory("lookahead-e2e-checkpoints");
        String runId = "e2e-" + System.nanoTime();
        ScoreProbe probe = new ScoreProbe(runId);
        try (EmbeddedKafka kafka = new EmbeddedKafka()) {
            RuntimeSettings s = settings(c, kafka, checkpoints, runId);
            kafka.createTopics(2, s.inputTopic(), s.anomaliesTopic(), s.scoredTopic(), s.deadLetterTopic());
            kafka.createCompactedTopic(s.modelsTopic());
            SyntheticReadings readings = new SyntheticReadings(seed);
            Seen seen = new Seen(c.keys());
            List<String> rounds = new ArrayList<>();
            AtomicLong latencyStart = new AtomicLong(Long.MAX_VALUE), latencyEnd = new AtomicLong(Long.MAX_VALUE);
            AtomicReference<Integer> inWindow = new AtomicReference<>(0);
            try (KafkaProducer<byte[], byte[]> producer = producer(s);
                 CommittedReader scored = new CommittedReader(s, s.scoredTopic(), seen::add);
                 CommittedReader anomalies = new CommittedReader(s, s.anomaliesTopic(), null);
                 CommittedReader dead = new CommittedReader(s, s.deadLetterTopic(), null);
                 CommittedReader models = new CommittedReader(s, s.modelsTopic(), r -> {
                     long now = System.currentTimeMillis();
                     String v = ModelSnapshots.fromBytes(r.value()).versionId();
                     synchronized (rounds) {
                         long from = latencyStart.get();
                         rounds.add(from == Long.MAX_VALUE ? v + "@before" : String.format(Locale.ROOT, "%s@%+.1fs", v, (now - from) / 1e3));
                         if (now >= from && now <= latencyEnd.get()) inWindow.set(inWindow.get() + 1);
                     }
                 })) {
                // 1. throughput phase: everything produced before the job starts
                log.printf(Locale.ROOT, "%s: producing %,d readings...%n", c.describe(), c.points());
                log.flush();
                long t0 = System.nanoTime();
                Errors errors = new Errors();
                for (int j = 0; j < c.pointsPerKey(); j++)
                    for (int k = 0; k < c.keys(); k++)
                        producer.send(new ProducerRecord<>(s.inputTopic(), SyntheticReadings.keyBytes(k), readings.reading(k, j)), errors);
                producer.flush();
                errors.check();
                double produceRate = c.points() / ((System.nanoTime() - t0) / 1e9);
                long heapBefore = settledHeap();

                Configuration flink = LookaheadJob.flinkConfiguration(s);
                flink.set(RestOptions.BIND_PORT, "0");   // other local Flinks may hold 8081
                MetricTap.configure(flink);   // the harness reads the job's fine-tuning gauges
                flink.addAll(Configuration.fromMap(flinkSettings));
                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
                LookaheadJob.build(env, s, probe);
                ThreadCpu cpuBefore = ThreadCpu.now();
                long processCpuBefore = processCpuNanos();
                long submittedMillis = System.currentTimeMillis();
                JobClient job = env.executeAsync("lookahead e2e bench " + c.describe());
                try {
                    waitFor(job, scored::count, c.points(), c, "scored points");
                    String cpu = String.format(Locale.ROOT, "process %.1f us/point; threads: %s",
                            (processCpuNanos() - processCpuBefore) / 1e3 / c.points(), ThreadCpu.perPoint(ThreadCpu.now().since(cpuBefore), c.points()));
                    log.println("  CPU per point (throughput phase, job start included): " + cpu);
                    ScoreProbe.Counts pc = probe.counts();
                    double jobRate = pc.scored() / Math.max(1e-9, (pc.lastNanos.get() - pc.firstNanos.get()) / 1e9);
                    long afterCatchUp = c.points() - scored.caughtUpCount();
                    double committedRate = afterCatchUp > 0 && scored.lastSeenMillis() > scored.caughtUpMillis()
                            ? afterCatchUp / ((scored.lastSeenMillis() - scored.caughtUpMillis()) / 1e3) : Double.NaN;
                    double wallRate = c.points() / ((scored.lastSeenMillis() - submittedMillis) / 1e3);
                    long checkpointBytes = latestCheckpointBytes(checkpoints);
                    long windowsIn = MetricTap.sum(WINDOWS_IN);   // sampled windows the trainer took in the throughput phase
                    long heapDelta = heapAfterGc() - heapBefore;
                    log.printf(Locale.ROOT, "  throughput: job %,.0f points/s, committed %,.0f points/s, wall %,.0f points/s; "
                                    + "checkpoint %,d B (%,.0f B/key), heap +%,d B (%,.0f B/key); %,d training windows to the trainer%n", jobRate, committedRate, wallRate,
                            checkpointBytes, (double) checkpointBytes / c.keys(), heapDelta, (double) heapDelta / c.keys(), windowsIn);
                    log.flush();

                    // 2. latency phase: paced at a fraction of the sustained rate
                    long sent = 0;
                    double latencyRate = Double.NaN;
                    long[] trainedAtStart = {0}, trainedInWindow = {0};
                    ThreadCpu[] trainerAtStart = {null};
                    double[] trainerCpuMs = {Double.NaN};
                    if (c.latencySeconds() > 0) {
                        // the job's own rate is the capacity: a reader's rate over a short run is quantised by the
                        // checkpoints (one late commit of many points in a few ms reads as a huge rate)
                        double capacity = Double.isNaN(committedRate) ? jobRate : Math.min(jobRate, committedRate);
                        double rate = c.rate() > 0 ? c.rate() : c.load() * capacity;
                        long skip = Math.min(Math.max(5000, c.checkpointIntervalMs()), c.latencySeconds() * 1000L / 3);
                        long startMillis = System.currentTimeMillis();
                        long endMillis = startMillis + c.latencySeconds() * 1000L;
                        latencyStart.set(startMillis + skip);   // the measured window, as for the trained rounds
                        latencyEnd.set(endMillis);
                        scored.measureLatency(startMillis + skip, endMillis);
                        anomalies.measureLatency(startMillis + skip, endMillis);
                        log.printf(Locale.ROOT, "  latency: %,.0f points/s for %d s (first %.1f s not counted)...%n", rate, c.latencySeconds(), skip / 1e3);
                        log.flush();
                        sent = paced(producer, s.inputTopic(), readings, c, rate, startMillis, errors, skip, () -> {
                            trainedAtStart[0] = MetricTap.sum(ROUNDS_TRAINED);
                            trainerAtStart[0] = ThreadCpu.now();
                        }, () -> {
                            trainedInWindow[0] = MetricTap.sum(ROUNDS_TRAINED) - trainedAtStart[0];
                            trainerCpuMs[0] = ThreadCpu.now().since(trainerAtStart[0]).getOrDefault(ThreadCpu.TRAINER, 0L) / 1e6;
                        });
                        latencyRate = sent / (c.latencySeconds() * 1.0);
                        producer.flush();
                        errors.check();
                        waitFor(job, scored::count, c.points() + sent, c, "scored points of the latency phase");
                    }
                    int[] lat = scored.latencies(), alat = anomalies.latencies();
                    long deadLetters = dead.count();
                    E2eResult r;
                    synchronized (rounds) {
                        r = new E2eResult(c, c.points() + sent, scored.count(), seen.distinct(), deadLetters, produceRate, jobRate,
                                committedRate, wallRate, latencyRate, lat.length, CommittedReader.percentile(lat, 0.5),
                                CommittedReader.percentile(lat, 0.99), lat.length == 0 ? Double.NaN : lat[lat.length - 1], alat.length,
                                CommittedReader.percentile(alat, 0.5), CommittedReader.percentile(alat, 0.99), checkpointBytes, heapDelta,
                                inWindow.get(), trainedInWindow[0], trainerCpuMs[0], List.copyOf(rounds), cpu, windowsIn);
                    }
                    log.printf(Locale.ROOT, "  latency at %,.0f points/s: p50 %.0f ms, p99 %.0f ms, max %.0f ms over %,d points; anomalies %,d (p50 %.0f, p99 %.0f ms); "
                                    + "rounds trained in the window %d (trainer CPU %.0f ms); fine-tuned versions %s; in %,d out %,d distinct %,d dead letters %,d%n",
                            latencyRate, r.p50Ms(), r.p99Ms(), r.maxMs(), r.latencySamples(), r.anomalySamples(), r.anomalyP50Ms(),
                            r.anomalyP99Ms(), r.trainedInWindow(), r.trainerCpuMs(), r.rounds(), r.pointsIn(), r.scoredOut(),
                            r.distinctScored(), r.deadLetters());
                    log.flush();
                    return r;
                } finally {
                    cancel(job);
                }
            }
        } finally {
            probe.release();
            deleteRecursively(checkpoints);
        }
    }

    private RuntimeSettings settings(E2eCase c, EmbeddedKafka kafka, Path checkpoints, String runId) {
        List<String> o = new ArrayList<>(overrides);
        o.addAll(List.of("kafka.bootstrap-servers=embedded", "topics.input=e2e-readings", "topics.anomalies=e2e-anomalies",
                "topics.scored=e2e-scored", "topics.dead-letters=e2e-dead-letters", "topics.models=e2e-models",
                "job.group-id=" + runId, "job.transactional-id-prefix=" + runId, "job.delivery=exactly-once", "job.bounded=false",
                "job.parallelism=" + c.parallelism(), "job.checkpoint-interval-ms=" + c.checkpointIntervalMs(),
                "job.state-backend=" + c.stateBackend(), "job.checkpoint-dir=" + checkpoints.toUri(),
                "fine-tune.enabled=" + c.fineTuning(), "fine-tune.round-every-points=" + c.roundEveryPoints()));
        return LookaheadConfig.loader(Scope.RUN).file(config).sets(o).load().settings().withBrokers(kafka.bootstrap(), kafka.clientProperties());
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

    /** Sends readings N, N+1, ... of every key in turn at {@code rate}, each stamped with its scheduled time. */
    private static long paced(KafkaProducer<byte[], byte[]> producer, String topic, SyntheticReadings readings, E2eCase c,
                              double rate, long startMillis, Errors errors, long skipMillis, Runnable windowStart, Runnable windowEnd) {
        long start = System.nanoTime(), end = start + c.latencySeconds() * 1_000_000_000L;
        long measureFrom = start + skipMillis * 1_000_000L;
        boolean measuring = false;
        double nanosPer = 1e9 / rate;
        long i = 0;
        while (true) {
            long due = start + (long) (i * nanosPer);
            if (!measuring && due >= measureFrom) {
                measuring = true;
                windowStart.run();
            }
            if (due >= end) {
                windowEnd.run();
                return i;
            }
            long wait = due - System.nanoTime();
            if (wait > 200_000) LockSupport.parkNanos(wait);   // pacing, not a test wait
            int k = (int) (i % c.keys());
            long j = c.pointsPerKey() + i / c.keys();
            long stamp = startMillis + (due - start) / 1_000_000;
            producer.send(new ProducerRecord<>(topic, null, stamp, SyntheticReadings.keyBytes(k), readings.reading(k, j)), errors);
            i++;
        }
    }

    /** Waits until {@code count} reaches {@code target}; fails if the job ends or nothing moves for a while. */
    private void waitFor(JobClient job, LongSupplier count, long target, E2eCase c, String what) throws Exception {
        long stallNanos = TimeUnit.MILLISECONDS.toNanos(3 * c.checkpointIntervalMs() + 120_000);
        long last = -1, lastMove = System.nanoTime(), lastLog = System.nanoTime(), lastStatus = 0;
        while (true) {
            long n = count.getAsLong();
            if (n >= target) return;
            long now = System.nanoTime();
            if (n != last) {
                last = n;
                lastMove = now;
            }
            if (now - lastMove > stallNanos)
                throw new IllegalStateException(String.format(Locale.ROOT, "%s: stalled at %,d of %,d %s (no progress for %d s)",
                        c.describe(), n, target, what, TimeUnit.NANOSECONDS.toSeconds(now - lastMove)));
            if (now - lastStatus > 1_000_000_000L) {
                lastStatus = now;
                JobStatus st;
                try {
                    st = job.getJobStatus().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | RuntimeException e) {
                    st = JobStatus.FAILED;   // the local cluster is gone: the job ended
                }
                if (st.isGloballyTerminalState()) {
                    String cause = "";
                    try {
                        job.getJobExecutionResult().get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        Throwable t = e;
                        while (t.getCause() != null) t = t.getCause();
                        cause = ": " + t;
                        log.println("  the job failed:");
                        e.printStackTrace(log);
                    }
                    throw new IllegalStateException("the job ended (" + st + ") at " + n + " of " + target + " " + what + cause);
                }
            }
            if (now - lastLog > 10_000_000_000L) {
                lastLog = now;
                log.printf(Locale.ROOT, "  ... %,d / %,d %s committed%n", n, target, what);
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
            // ended already or failed: nothing more to stop
        }
    }

    /** CPU time of this whole JVM (GC and JIT threads too), or -1 where the JVM does not say. */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    static long heapAfterGc() {
        MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) m.gc();
        return m.getHeapMemoryUsage().getUsed();
    }

    /**
     * The baseline: heap after GC once it stops falling. A previous case's local cluster shuts down
     * asynchronously after its job is cancelled, and measuring while it still held its state inflated the baseline
     * (a p=2 case right after a p=1 one came out at 247 B/key against 815).
     */
    static long settledHeap() {
        long previous = heapAfterGc(), deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(500_000_000L);   // let the shutdown progress
            long now = heapAfterGc();
            if (now > previous - (1 << 20)) return Math.min(now, previous);
            previous = now;
        }
        return previous;
    }

    /** Bytes of the newest completed checkpoint (chk-N with its _metadata) plus the shared (incremental) files. */
    static long latestCheckpointBytes(Path root) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try (Stream<Path> all = Files.walk(root)) {
                Path latest = all.filter(p -> p.getFileName().toString().equals("_metadata"))
                        .map(Path::getParent).filter(p -> p.getFileName().toString().startsWith("chk-"))
                        .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(4)))).orElse(null);
                if (latest == null) return -1;
                long bytes = size(latest);
                Path shared = latest.getParent().resolve("shared");
                if (Files.isDirectory(shared)) bytes += size(shared);
                // a newer checkpoint completing meanwhile deletes this one, possibly under the walk: measure again
                if (!Files.exists(latest.resolve("_metadata")) && attempt < 20) continue;
                return bytes;
            } catch (UncheckedIOException | NoSuchFileException e) {
                if (attempt > 5) throw e;   // an older checkpoint was being deleted as we walked: look again
            }
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir; leave it
        }
    }

    /** Producer callback: the first send failure, rethrown by {@link #check()}. */
    private static final class Errors implements Callback {
        private volatile Exception first;

        @Override
        public void onCompletion(org.apache.kafka.clients.producer.RecordMetadata m, Exception e) {
            if (e != null && first == null) first = e;
        }

        void check() {
            if (first != null) throw new IllegalStateException("producing readings failed: " + first.getMessage(), first);
        }
    }

    /** Which (key, point index) pairs came out, from the scored point's key and event time. */
    static final class Seen {
        private final int keys;
        private final BitSet bits = new BitSet();
        private volatile long distinct;
        private BinaryDecoder decoder;

        Seen(int keys) {
            this.keys = keys;
        }

        void add(ConsumerRecord<byte[], byte[]> r) {
            int k = 0;
            byte[] key = r.key();
            for (int i = key.length - 7; i < key.length; i++) k = k * 10 + (key[i] - '0');
            long time;
            try {
                decoder = DecoderFactory.get().binaryDecoder(r.value(), decoder);
                decoder.skipString();         // ScoredPoint.key
                time = decoder.readLong();    // ScoredPoint.time
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long j = (time - SyntheticReadings.BASE_TIME) / SyntheticReadings.INTERVAL_MS;
            long bit = j * keys + k;
            if (bit < 0 || bit > Integer.MAX_VALUE) throw new IllegalStateException("point index out of range: key " + k + " point " + j);
            if (!bits.get((int) bit)) {
                bits.set((int) bit);
                distinct++;
            }
        }

        long distinct() {
            return distinct;
        }
    }
}
