package dev.lookahead.cli;

import dev.lookahead.e2e.cluster.ClusterBench;
import dev.lookahead.e2e.cluster.ClusterReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code bench cluster}: the job jar on a real multi-process Flink cluster (see {@link ClusterBench}). */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"The job jar as built on a real standalone Flink 2.2.1 cluster: a Kafka 4.2.1 broker process, one JobManager and",
                "two TaskManagers as separate JVMs from Maven Central's jars, the job submitted through REST (session mode) and run by",
                "the JobManager itself (application mode, as docker/docker-compose.yml). Checks that the JobManager stays up, that",
                "kill -9 of a TaskManager mid-stream and stop-with-savepoint 1 -> 2 -> 1 leave the committed scored points, anomalies",
                "and dead letters identical to a failure-free run. Takes a few minutes; exits 1 if a check fails.",
                "First: ./mvnw -B -ntp -DskipTests package && ./mvnw -B -ntp -f cluster/pom.xml package"},
        footerHeading = "%nExamples:%n",
        footer = {"  java -jar target/lookahead.jar bench cluster",
                "  java -jar target/lookahead.jar bench cluster --keys 500 --points-per-key 400 --out runs/cluster.md"})
final class BenchClusterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--job-jar", paramLabel = "JAR", description = "The job jar to submit (default ${DEFAULT-VALUE}).")
    Path jobJar = Path.of("target/lookahead-job.jar");

    @Option(names = "--config", paramLabel = "FILE", description = "The job's configuration, as the compose setup uses it (default ${DEFAULT-VALUE}).")
    Path config = Path.of("config/docker.yaml");

    @Option(names = "--flink-lib", paramLabel = "DIR", description = "The cluster's jars (default ${DEFAULT-VALUE}, from cluster/pom.xml).")
    Path flinkLib = Path.of("target/cluster/flink-lib");

    @Option(names = "--kafka-lib", paramLabel = "DIR", description = "The broker's jars (default ${DEFAULT-VALUE}, from cluster/pom.xml).")
    Path kafkaLib = Path.of("target/cluster/kafka-lib");

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Emptied, then holds every process's config and logs, checkpoints, savepoints (default ${DEFAULT-VALUE}).")
    Path workDir = Path.of("target/cluster-run");

    @Option(names = "--javacpp-cache", paramLabel = "DIR", description = "ND4J's native-library cache for the TaskManagers (default ${DEFAULT-VALUE}).")
    Path javacppCache = Path.of("target/javacpp");

    @Option(names = "--keys", paramLabel = "K", description = "Sensor keys (default ${DEFAULT-VALUE}).")
    int keys = 200;

    @Option(names = "--points-per-key", paramLabel = "N", description = "Readings per key (default ${DEFAULT-VALUE}).")
    int pointsPerKey = 600;

    @Option(names = "--rate", paramLabel = "RECORDS/S", description = "Input rate of the paced runs (default ${DEFAULT-VALUE}).")
    double rate = 2000;

    @Option(names = "--checkpoint-interval", paramLabel = "MS", description = "job.checkpoint-interval-ms of the session runs (default ${DEFAULT-VALUE}).")
    long checkpointInterval = 2000;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the synthetic readings (default ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the report (markdown) here.")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr(), outw = spec.commandLine().getOut();
        ClusterReport report = new ClusterBench(new ClusterBench.Options(flinkLib, kafkaLib, jobJar, config, workDir, javacppCache, keys,
                pointsPerKey, rate, checkpointInterval, seed), err).run();
        outw.println();
        outw.print(report.markdown());
        outw.flush();
        if (out != null) {
            Path dir = out.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            Files.writeString(out, report.markdown(), StandardCharsets.UTF_8);
            err.println("wrote " + out);
        }
        if (!report.passed()) err.println("error: a check failed (see the table); logs of every process under " + workDir);
        return report.passed() ? 0 : Main.EXIT_BAD_INPUT;
    }
}
