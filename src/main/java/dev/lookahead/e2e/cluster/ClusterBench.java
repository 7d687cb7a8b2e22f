package dev.lookahead.e2e.cluster;

import dev.lookahead.config.LookaheadConfig;
import dev.lookahead.config.Scope;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The job jar as built, on a real standalone Flink cluster of separate JVMs (1 JobManager, 2 TaskManagers, from
 * Maven Central's jars) against a Kafka broker process, driven the way an operator drives it: REST submission of
 * {@code lookahead-job.jar} with {@code run --config config/docker.yaml --set ...}, no cluster-side workaround.
 *
 * <ol>
 *   <li><b>reference</b> (session mode, parallelism 2): the whole input, no failure. Its committed scored points,
 *       anomalies and dead letters are what the other runs must reproduce.</li>
 *   <li><b>kill</b> (session mode, p=2): the input paced; once a third is committed and a checkpoint done, kill -9
 *       of a TaskManager that runs the job's tasks, and a replacement started as a supervisor would.</li>
 *   <li><b>savepoint</b> (session mode): p=1, stop with a savepoint a third of the way, resume at p=2, stop again at
 *       two thirds, resume at p=1, the input paced throughout.</li>
 *   <li><b>application</b>: a new cluster whose JobManager runs the job itself from {@code usrlib}
 *       ({@code StandaloneApplicationClusterEntryPoint --job-classname dev.lookahead.cli.Main run --config
 *       config/docker.yaml}, as docker/docker-compose.yml does), docker.yaml as shipped (fine-tuning on) but for the
 *       broker's address and the checkpoint directory.</li>
 * </ol>
 * The session runs turn fine-tuning off ({@code --set fine-tune.enabled=false}) so that outputs are a pure function of
 * the input and comparable record for record; each run has its own topics, consumer group and transactional ids.
 * Every run checks that the JobManager process is alive throughout. Dead letters are compared with their
 * processing time and source topic name blanked (they differ by construction); everything else byte for byte.
 */
public final class ClusterBench {

    private static final String MAIN = "dev.lookahead.cli.Main";

    private final Options o;
    private final PrintWriter log;
    private final List<String> setting = new ArrayList<>();
    private final List<ClusterReport.Check> checks = new ArrayList<>();
    private int submissions;

    /**
     * @param flinkLib       the cluster's jars (target/cluster/flink-lib)
     * @param kafkaLib       the broker's jars (target/cluster/kafka-lib)
     * @param jobJar         the job jar to submit (target/lookahead-job.jar)
     * @param config         the YAML the job runs with (config/docker.yaml)
     * @param workDir        emptied, then holds every process's logs, config, checkpoints and savepoints
     * @param javacppCache   ND4J's native-library cache for the TaskManagers (extracted once, reused)
     * @param rate           input points/s of the paced runs
     * @param checkpointIntervalMs the session runs' job.checkpoint-interval-ms (the application run keeps docker.yaml's)
     */
    public record Options(Path flinkLib, Path kafkaLib, Path jobJar, Path config, Path workDir, Path javacppCache, int keys,
                          int pointsPerKey, double rate, long checkpointIntervalMs, long seed) {
        public Options {
            Objects.requireNonNull(flinkLib);
            Objects.requireNonNull(kafkaLib);
            Objects.requireNonNull(jobJar);
            Objects.requireNonNull(config);
            Objects.requireNonNull(workDir);
            Objects.requireNonNull(javacppCache);
        }
    }

    public ClusterBench(Options options, PrintWriter log) {
        this.o = options;
        this.log = log;
    }

    /** The topics, group and transactional ids of one run. */
    private record Run(String name, String input, String scored, String anomalies, String deadLetters, String models) {
        static Run named(String name) {
            return new Run(name, name + "-readings", name + "-scored", name + "-anomalies", name + "-dead-letters", name + "-models");
        }
    }

    /** A run's committed output on the three topics. */
    private record Outputs(CommittedOutput scored, CommittedOutput anomalies, CommittedOutput deadLetters) implements AutoCloseable {
        static Outputs open(Map<String, Object> client, Run r) {
            return new Outputs(new CommittedOutput(client, r.scored()), new CommittedOutput(client, r.anomalies()),
                    new CommittedOutput(client, r.deadLetters()));
        }

        void poll() {
            scored.poll();
            anomalies.poll();
            deadLetters.poll();
        }

        String counts() {
            return String.format(Locale.ROOT, "%,d scored, %,d anomalies, %,d dead letters", scored.count(), anomalies.count(), deadLetters.count());
        }

        @Override
        public void close() {
            scored.close();
            anomalies.close();
            deadLetters.close();
        }
    }

    public ClusterReport run() throws Exception {
        require(o.flinkLib().resolve("flink-runtime-2.2.1.jar"), "the Flink cluster's jars: ./mvnw -B -ntp -f cluster/pom.xml package");
        require(o.kafkaLib().resolve("kafka_2.13-4.2.1.jar"), "the Kafka broker's jars: ./mvnw -B -ntp -f cluster/pom.xml package");
        require(o.jobJar(), "the job jar: ./mvnw -B -ntp -DskipTests package");
        require(o.config(), "the job's configuration");
        deleteRecursively(o.workDir());
        Files.createDirectories(o.workDir());
        Files.createDirectories(o.javacppCache());
        ClusterInput input = new ClusterInput(o.keys(), o.pointsPerKey(), o.seed());
        setting.add(String.format(Locale.ROOT, "job jar %s (%,d MB); config %s; Flink 2.2.1 and Kafka 4.2.1 from Maven Central (cluster/pom.xml)",
                o.jobJar(), Files.size(o.jobJar()) / 1_000_000, o.config()));
        setting.add(String.format(Locale.ROOT, "input: %,d keys x %,d points + %,d bad records = %,d records (%,d become scored points, %,d dead letters); "
                        + "paced runs at %,.0f records/s; session runs' checkpoint interval %,d ms",
                o.keys(), o.pointsPerKey(), input.deadLetters(), input.size(), input.scored(), input.deadLetters(), o.rate(), o.checkpointIntervalMs()));
        List<String> jvmOpts = List.of("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.lookahead.avro",
                "-Dorg.bytedeco.javacpp.cachedir=" + o.javacppCache().toAbsolutePath());

        long t0 = System.nanoTime();
        try (KafkaBroker kafka = KafkaBroker.start(o.kafkaLib(), o.workDir().resolve("kafka"))) {
            log.printf(Locale.ROOT, "Kafka broker process up at %s in %.1f s (pid %d)%n", kafka.bootstrap(), secondsSince(t0), kafka.process().pid());
            log.flush();
            session(kafka, input, jvmOpts);
            application(kafka, input, jvmOpts);
        }
        return new ClusterReport(setting, checks);
    }

    private void session(KafkaBroker kafka, ClusterInput input, List<String> jvmOpts) throws Exception {
        long t0 = System.nanoTime();
        try (FlinkCluster cluster = FlinkCluster.session(o.flinkLib(), o.workDir().resolve("session"), Map.of(), jvmOpts)) {
            cluster.startTaskManager();
            cluster.startTaskManager();
            cluster.awaitTaskManagers(2, Duration.ofMinutes(3));
            double ready = secondsSince(t0);
            long tu = System.nanoTime();
            String jar = cluster.rest().uploadJar(o.jobJar());
            setting.add(String.format(Locale.ROOT, "session cluster (JobManager pid %d, TaskManagers tm-1 and tm-2, 2 slots each) ready in %.1f s; "
                    + "jar uploaded through REST in %.1f s", cluster.jobManager().pid(), ready, secondsSince(tu)));
            log.println(setting.get(setting.size() - 1));
            log.flush();

            Outputs reference = reference(kafka, cluster, jar, input);
            try (reference) {
                kill(kafka, cluster, jar, input, reference);
                savepoints(kafka, cluster, jar, input, reference);
            }
            check("session mode: the JobManager stays up", cluster.jobManager().isAlive(),
                    String.format(Locale.ROOT, "JobManager pid %d alive after %.0f s and %d job submissions through REST", cluster.jobManager().pid(),
                            secondsSince(t0), submissions));
        }
    }

    /** The job's program arguments for a session run: docker.yaml plus this run's broker, topics, ids and parallelism. */
    private List<String> programArgs(KafkaBroker kafka, Run r, int parallelism) {
        List<String> a = new ArrayList<>(List.of("run", "--config", o.config().toAbsolutePath().toString()));
        for (String s : List.of("kafka.bootstrap-servers=" + kafka.bootstrap(), "topics.input=" + r.input(), "topics.scored=" + r.scored(),
                "topics.anomalies=" + r.anomalies(), "topics.dead-letters=" + r.deadLetters(), "topics.models=" + r.models(),
                "job.group-id=" + r.name(), "job.transactional-id-prefix=" + r.name(), "job.parallelism=" + parallelism,
                "job.checkpoint-interval-ms=" + o.checkpointIntervalMs(),
                "job.checkpoint-dir=" + o.workDir().resolve("checkpoints").resolve(r.name()).toAbsolutePath().toUri(),
                "fine-tune.enabled=false")) {
            a.add("--set");
            a.add(s);
        }
        return a;
    }

    /** How the harness's clients connect: as the job does, with the config file's kafka.properties.* on this run's broker. */
    private Map<String, Object> client(KafkaBroker kafka) {
        return LookaheadConfig.loader(Scope.RUN).file(o.config()).load().settings().withBrokers(kafka.bootstrap(), Map.of()).kafkaClientProperties();
    }

    private static void createTopics(KafkaBroker kafka, Run r) throws Exception {
        kafka.createTopics(2, List.of(r.input(), r.scored(), r.anomalies(), r.deadLetters()), List.of(r.models()));
    }

    private Outputs reference(KafkaBroker kafka, FlinkCluster cluster, String jar, ClusterInput input) throws Exception {
        Run r = Run.named("reference");
        createTopics(kafka, r);
        long t0 = System.nanoTime();
        try (InputFeeder feeder = new InputFeeder(client(kafka), r.input(), input.records(), 0)) {
            awaitTrue("the reference input produced", cluster, null, feeder::done, Duration.ofMinutes(5));
        }
        String job = submit(cluster, jar, programArgs(kafka, r, 2), null);
        log.println("reference: job " + job + " submitted (parallelism 2)");
        log.flush();
        Outputs out = Outputs.open(client(kafka), r);
        awaitComplete("reference", cluster, job, out, input);
        String state = cluster.rest().jobState(job);
        cluster.rest().cancel(job);
        check("session mode: the job runs, JobManager up", cluster.jobManager().isAlive() && state.equals("RUNNING")
                        && out.scored().count() == input.scored() && out.deadLetters().count() == input.deadLetters(),
                String.format(Locale.ROOT, "reference run (p=2, no failure): %s committed in %.1f s; job %s, JobManager pid %d alive",
                        out.counts(), secondsSince(t0), state, cluster.jobManager().pid()));
        check("reference output has all three kinds", out.anomalies().count() > 0 && out.deadLetters().count() > 0,
                out.counts() + " (the runs below must reproduce these)");
        return out;
    }

    private void kill(KafkaBroker kafka, FlinkCluster cluster, String jar, ClusterInput input, Outputs reference) throws Exception {
        Run r = Run.named("kill");
        createTopics(kafka, r);
        long t0 = System.nanoTime();
        String job = submit(cluster, jar, programArgs(kafka, r, 2), null);
        log.println("kill: job " + job + " submitted (parallelism 2); the input paced from when it runs");
        log.flush();
        awaitRunning(cluster, job);
        try (InputFeeder feeder = new InputFeeder(client(kafka), r.input(), input.records(), o.rate());
             Outputs out = Outputs.open(client(kafka), r)) {
            awaitTrue("a third of the points committed and a checkpoint completed", cluster, job, () -> {
                out.poll();
                return out.scored().count() >= input.scored() / 3 && completedCheckpoints(cluster, job) > 0;
            }, Duration.ofMinutes(5));
            Set<String> hosts = cluster.rest().taskManagersOf(job);
            String victim = hosts.iterator().next();
            long pid = cluster.taskManager(victim).pid(), committedAtKill = out.scored().count(), sentAtKill = feeder.sent();
            cluster.kill(victim);
            String replacement = cluster.startTaskManager();
            log.printf(Locale.ROOT, "kill: kill -9 %s (pid %d, running tasks of %s) at %,d committed / %,d produced; replacement %s started%n",
                    victim, pid, hosts, committedAtKill, sentAtKill, replacement);
            log.flush();
            awaitComplete("kill", cluster, job, out, input);
            long restarts = cluster.rest().restarts(job);
            String state = cluster.rest().jobState(job);
            cluster.rest().cancel(job);
            check("kill -9 of a TaskManager mid-stream", state.equals("RUNNING") && sentAtKill < input.size() && restarts >= 1,
                    String.format(Locale.ROOT, "killed %s (pid %d; it ran tasks of the job on %s) with %,d of %,d scored points committed and %,d of %,d records produced; "
                                    + "replacement %s started at once; job %s after %d restart(s), %s committed in %.1f s", victim, pid, hosts,
                            committedAtKill, input.scored(), sentAtKill, input.size(), replacement, state, restarts, out.counts(), secondsSince(t0)));
            compare("kill -9: committed output equals the failure-free run", reference, out);
        }
    }

    private void savepoints(KafkaBroker kafka, FlinkCluster cluster, String jar, ClusterInput input, Outputs reference) throws Exception {
        Run r = Run.named("savepoint");
        createTopics(kafka, r);
        long t0 = System.nanoTime();
        String target = o.workDir().resolve("savepoints").toAbsolutePath().toUri().toString();
        List<String> steps = new ArrayList<>();
        int[] parallelism = {1, 2, 1};
        String savepoint = null, job = submit(cluster, jar, programArgs(kafka, r, parallelism[0]), null);
        awaitRunning(cluster, job);
        try (InputFeeder feeder = new InputFeeder(client(kafka), r.input(), input.records(), o.rate());
             Outputs out = Outputs.open(client(kafka), r)) {
            for (int stage = 0; stage < parallelism.length; stage++) {
                if (stage > 0) job = submit(cluster, jar, programArgs(kafka, r, parallelism[stage]), savepoint);
                log.printf(Locale.ROOT, "savepoint: job %s at parallelism %d%s%n", job, parallelism[stage], savepoint == null ? "" : " from " + savepoint);
                log.flush();
                if (stage == parallelism.length - 1) break;
                long until = input.scored() * (stage + 1) / 3;
                String j = job;
                awaitTrue(String.format(Locale.ROOT, "%,d points committed", until), cluster, job, () -> {
                    out.poll();
                    return out.scored().count() >= until && completedCheckpoints(cluster, j) > 0;
                }, Duration.ofMinutes(5));
                long sent = feeder.sent(), committed = out.scored().count();
                savepoint = cluster.rest().stopWithSavepoint(job, target, Duration.ofMinutes(3));
                out.poll();
                steps.add(String.format(Locale.ROOT, "p=%d stopped with a savepoint at %,d committed / %,d produced (%,d after the stop)",
                        parallelism[stage], committed, sent, out.scored().count()));
                log.println("savepoint: " + steps.get(steps.size() - 1) + ": " + savepoint);
                log.flush();
            }
            awaitComplete("savepoint", cluster, job, out, input);
            String state = cluster.rest().jobState(job);
            cluster.rest().cancel(job);
            check("stop with savepoint, resume 1 -> 2 -> 1", state.equals("RUNNING") && steps.size() == 2,
                    String.join("; ", steps) + String.format(Locale.ROOT, "; resumed at p=1, job %s: %s committed in %.1f s", state, out.counts(), secondsSince(t0)));
            compare("savepoints 1 -> 2 -> 1: committed output equals the uninterrupted run", reference, out);
        }
    }

    private void application(KafkaBroker kafka, ClusterInput input, List<String> jvmOpts) throws Exception {
        // docker/docker-compose.yml's topics service: four topics of 2 partitions, the models topic compacted
        Run r = new Run("application", "lookahead-readings", "lookahead-scored", "lookahead-anomalies", "lookahead-dead-letters", "lookahead-models");
        createTopics(kafka, r);
        List<String> job = new ArrayList<>(List.of(MAIN, "run", "--config", o.config().toAbsolutePath().toString(),
                "--set", "kafka.bootstrap-servers=" + kafka.bootstrap(),
                "--set", "job.checkpoint-dir=" + o.workDir().resolve("checkpoints").resolve("application").toAbsolutePath().toUri()));
        long t0 = System.nanoTime();
        try (InputFeeder feeder = new InputFeeder(client(kafka), r.input(), input.records(), o.rate());
             Outputs out = Outputs.open(client(kafka), r);
             CommittedOutput models = new CommittedOutput(client(kafka), r.models());
             FlinkCluster cluster = FlinkCluster.application(o.flinkLib(), o.workDir().resolve("application"), Map.of(), jvmOpts, o.jobJar(), job)) {
            cluster.startTaskManager();
            cluster.startTaskManager();
            cluster.awaitTaskManagers(2, Duration.ofMinutes(3));
            String[] id = {null};
            awaitTrue("the application's job running", cluster, null, () -> {
                try {
                    List<String> running = cluster.rest().jobs("RUNNING");
                    if (!running.isEmpty()) id[0] = running.get(0);
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                return id[0] != null;
            }, Duration.ofMinutes(3));
            log.printf(Locale.ROOT, "application: JobManager pid %d runs job %s after %.1f s%n", cluster.jobManager().pid(), id[0], secondsSince(t0));
            log.flush();
            awaitComplete("application", cluster, id[0], out, input);
            // fine-tuning is on in docker.yaml: a round after 100,000 points, trained with ND4J in a TaskManager
            long done = System.nanoTime();
            awaitTrue("a fine-tuned model on the models topic, or 90 s", cluster, id[0], () -> models.poll() > 0 || secondsSince(done) > 90,
                    Duration.ofMinutes(3));
            double upFor = secondsSince(t0);
            String state = cluster.rest().jobState(id[0]);
            boolean up = cluster.jobManager().isAlive();
            cluster.rest().cancel(id[0]);
            long tc = System.nanoTime();
            while (cluster.jobManager().isAlive() && secondsSince(tc) < 60) LockSupport.parkNanos(200_000_000L);   // poll interval
            check("application mode (standalone-job, as docker-compose.yml): the JobManager stays up while the job runs",
                    up && state.equals("RUNNING") && out.scored().count() == input.scored() && out.deadLetters().count() == input.deadLetters(),
                    String.format(Locale.ROOT, "JobManager pid %d alive %.0f s after start with job %s %s (config/docker.yaml as shipped, fine-tuning on): %s; "
                                    + "%d fine-tuned model version(s) published; after a cancel the application cluster %s", cluster.jobManager().pid(), upFor,
                            id[0], state, out.counts(), models.count(),
                            cluster.jobManager().isAlive() ? "was still up after 60 s" : "shut down (exit " + cluster.jobManager().exitCode() + "), as application mode does"));
        }
    }

    private String submit(FlinkCluster cluster, String jar, List<String> args, String savepoint) throws IOException, InterruptedException {
        submissions++;
        return cluster.rest().runJar(jar, MAIN, args, savepoint);
    }

    private void awaitRunning(FlinkCluster cluster, String job) {
        awaitTrue("job " + job + " running", cluster, job, () -> {
            try {
                return cluster.rest().jobState(job).equals("RUNNING");
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, Duration.ofMinutes(3));
    }

    /** Waits until the run's counts are complete, then two more checkpoints (so every sink's last transaction is in). */
    private void awaitComplete(String name, FlinkCluster cluster, String job, Outputs out, ClusterInput input) {
        awaitTrue(name + ": all points committed", cluster, job, () -> {
            out.poll();
            return out.scored().count() >= input.scored() && out.deadLetters().count() >= input.deadLetters();
        }, Duration.ofMinutes(10));
        long cp = completedCheckpoints(cluster, job);
        awaitTrue(name + ": two more checkpoints", cluster, job, () -> completedCheckpoints(cluster, job) >= cp + 2, Duration.ofMinutes(2));
        out.poll();
        log.println(name + ": " + out.counts());
        log.flush();
    }

    private static long completedCheckpoints(FlinkCluster cluster, String job) {
        try {
            return cluster.rest().completedCheckpoints(job);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Polls {@code done} until true; fails at once if the JobManager process exits or the job reaches a terminal
     * state, and after {@code timeout}.
     */
    private void awaitTrue(String what, FlinkCluster cluster, String job, BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos(), lastStatus = 0;
        while (!done.getAsBoolean()) {
            if (cluster != null && !cluster.jobManager().isAlive())
                throw new IllegalStateException("waiting for " + what + ": the JobManager exited (code " + cluster.jobManager().exitCode()
                        + "); its output ends:\n" + cluster.jobManager().tail(25));
            if (cluster != null && job != null && System.nanoTime() - lastStatus > 2_000_000_000L) {
                lastStatus = System.nanoTime();
                String state;
                try {
                    state = cluster.rest().jobState(job);
                } catch (IOException e) {
                    state = "unknown (" + e.getMessage() + ")";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted");
                }
                if (Set.of("FAILED", "CANCELED", "FINISHED").contains(state))
                    throw new IllegalStateException("waiting for " + what + ": job " + job + " is " + state);
            }
            if (System.nanoTime() > deadline) throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
            LockSupport.parkNanos(250_000_000L);   // poll interval
        }
    }

    private void compare(String name, Outputs expected, Outputs actual) {
        List<String> diffs = new ArrayList<>();
        for (String d : CommittedOutput.differences(expected.scored().byKey(), actual.scored().byKey(), b -> b, 5)) diffs.add("scored " + d);
        for (String d : CommittedOutput.differences(expected.anomalies().byKey(), actual.anomalies().byKey(), b -> b, 5)) diffs.add("anomalies " + d);
        for (String d : CommittedOutput.differences(expected.deadLetters().byKey(), actual.deadLetters().byKey(),
                CommittedOutput::comparableDeadLetter, 5)) diffs.add("dead letters " + d);
        boolean same = diffs.isEmpty() && expected.scored().count() == actual.scored().count()
                && expected.anomalies().count() == actual.anomalies().count() && expected.deadLetters().count() == actual.deadLetters().count();
        check(name, same, same
                ? String.format(Locale.ROOT, "identical per key, record for record: %s over %,d keys", actual.counts(), actual.scored().byKey().size())
                : actual.counts() + " against " + expected.counts() + "; " + String.join("; ", diffs));
    }

    private void check(String name, boolean passed, String seen) {
        checks.add(new ClusterReport.Check(name, passed, seen));
        log.println((passed ? "PASS " : "FAIL ") + name + ": " + seen);
        log.flush();
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    private static void require(Path p, String what) {
        if (!Files.exists(p)) throw new IllegalArgumentException(p + " does not exist: " + what);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
