package dev.lookahead.deploy;

import dev.lookahead.kafka.EmbeddedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jars this build wrote, opened after {@code package} (failsafe, in {@code verify}; surefire's {@code test} runs
 * before the jars exist). The job jar holds the job and what it needs, nothing a Flink cluster provides and nothing
 * only local runs, the Streams runtime, the report or tests use; the CLI jar holds no test kit. And the job jar runs
 * the compose file's commands with nothing but Flink's own jars beside it.
 */
class PackagedJarsIT {

    private static final Path JOB_JAR = Path.of("target/lookahead-job.jar");
    private static final Path CLI_JAR = Path.of("target/lookahead.jar");
    /** The project's own classes: the input of both shades, so it must stay thin build after build. */
    private static final Path CLASSES_JAR = Path.of("target/lookahead-classes.jar");

    /** What the job jar must not hold: Flink's own classes and logging (the cluster's), the broker, tests, report, Streams. */
    private static final List<String> JOB_FORBIDDEN = List.of(
            "org/apache/flink/",            // but the connector's and flink-avro's packages, below
            "org/slf4j/", "org/apache/logging/", "org/apache/log4j/",
            "kafka/", "scala/", "org/apache/kafka/raft/", "org/apache/kafka/metadata/", "org/apache/kafka/storage/",
            "org/apache/kafka/coordinator/", "org/apache/kafka/controller/", "org/apache/kafka/image/",
            "org/apache/kafka/common/test/",
            "org/apache/kafka/streams/", "org/rocksdb/",
            "org/jfree/",
            "org/junit/", "junit/", "org/opentest4j/", "org/hamcrest/", "org/assertj/");
    /** The Flink packages the job jar does carry: the Kafka connector (not in Flink's lib/) and flink-avro. */
    private static final List<String> JOB_FLINK_ALLOWED = List.of(
            "org/apache/flink/connector/kafka/", "org/apache/flink/streaming/connectors/kafka/",
            "org/apache/flink/streaming/util/serialization/", "org/apache/flink/formats/avro/");

    private static List<String> classes(Path jar) throws IOException {
        assertTrue(Files.isRegularFile(jar), jar + " was not built (this check runs after package)");
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).collect(Collectors.toList());
        }
    }

    private static boolean has(Path jar, String entry) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.getEntry(entry) != null;
        }
    }

    /** Class count per forbidden prefix that occurs, with one example each: empty when the jar is clean. */
    private static Map<String, String> offending(List<String> classes, List<String> forbidden, List<String> allowed) {
        Map<String, String> found = new TreeMap<>();
        for (String prefix : forbidden) {
            List<String> hits = classes.stream().filter(c -> c.startsWith(prefix))
                    .filter(c -> allowed.stream().noneMatch(c::startsWith)).collect(Collectors.toList());
            if (!hits.isEmpty()) found.put(prefix, hits.size() + " classes, e.g. " + hits.get(0));
        }
        return found;
    }

    @Test
    void jobJarHoldsTheJobAndNothingTheClusterOrOnlyLocalRunsProvide() throws IOException {
        List<String> job = classes(JOB_JAR);
        assertEquals(Map.of(), offending(job, JOB_FORBIDDEN, JOB_FLINK_ALLOWED), JOB_JAR + " holds classes it must leave out");
        for (String needed : List.of("dev/lookahead/cli/Main.class", "dev/lookahead/flink/LookaheadJob.class",
                "picocli/CommandLine.class", "org/yaml/snakeyaml/Yaml.class", "org/apache/avro/Schema.class",
                "org/apache/flink/formats/avro/AvroDeserializationSchema.class",
                "org/apache/flink/connector/kafka/source/KafkaSource.class",
                "org/apache/kafka/clients/producer/KafkaProducer.class", "org/nd4j/linalg/factory/Nd4j.class",
                "org/nd4j/linalg/cpu/nativecpu/CpuBackend.class",
                // replay's CSV and JSON lines
                "de/siegmar/fastcsv/reader/CsvReader.class", "com/fasterxml/jackson/databind/ObjectMapper.class"))
            assertTrue(job.contains(needed), JOB_JAR + " lacks " + needed);
        try (JarFile j = new JarFile(JOB_JAR.toFile())) {
            assertEquals("dev.lookahead.cli.Main", j.getManifest().getMainAttributes().getValue("Main-Class"));
            List<String> natives = j.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("org/nd4j/") || n.startsWith("org/bytedeco/"))
                    .filter(n -> n.endsWith(".so") || n.endsWith(".dll") || n.endsWith(".dylib")).collect(Collectors.toList());
            assertFalse(natives.isEmpty(), "ND4J's native libraries are missing");
            assertTrue(natives.stream().allMatch(n -> n.contains("/linux-x86_64/")), "ND4J natives for Linux x86-64 only: " + natives);
            assertTrue(j.getEntry("log4j2.properties") == null, "the cluster's logging configuration applies, not the CLI's");
        }
    }

    @Test
    void cliJarHasEverythingLocalRunsNeedButNoTestKit() throws IOException {
        List<String> cli = classes(CLI_JAR);
        assertEquals(Map.of(), offending(cli, List.of("org/junit/", "junit/", "org/opentest4j/", "org/apache/kafka/common/test/"), List.of()),
                CLI_JAR + " holds a test kit");
        for (String needed : List.of("dev/lookahead/kafka/EmbeddedKafka.class", "kafka/server/KafkaRaftServer.class",
                "org/apache/flink/runtime/minicluster/MiniCluster.class", "org/apache/kafka/streams/KafkaStreams.class",
                "org/jfree/chart/JFreeChart.class", "org/nd4j/linalg/factory/Nd4j.class"))
            assertTrue(cli.contains(needed), CLI_JAR + " lacks " + needed);
    }

    /** Both shades read this jar: were a shade to replace it, the next build's job jar would be shaded from a fat jar. */
    @Test
    void theShadesInputStaysTheProjectsOwnClasses() throws IOException {
        List<String> own = classes(CLASSES_JAR);
        assertTrue(has(CLASSES_JAR, "dev/lookahead/cli/Main.class"));
        List<String> foreign = own.stream().filter(c -> !c.startsWith("dev/lookahead/")).collect(Collectors.toList());
        assertEquals(List.of(), foreign.subList(0, Math.min(5, foreign.size())), CLASSES_JAR + " holds more than the project's classes");
    }

    /**
     * The compose file's flow with the job jar and only Flink's jars on the class path (a stand-in for the image's
     * {@code /opt/flink/lib}): generate a sample, replay it, run the job over it (bounded, exactly-once, a local Flink),
     * read its anomalies with {@code consume}. Loading the CLI must not touch what the job jar leaves out (Streams,
     * the report, the broker); {@code run} on the embedded default says the broker is not there.
     */
    @Test
    void jobJarRunsTheComposeCommandsBesideFlinksOwnJars(@TempDir Path dir) throws Exception {
        String classpath = flinkLibClasspath() + File.pathSeparator + JOB_JAR.toAbsolutePath();

        Result version = lookahead(classpath, dir, "--version");
        assertEquals(0, version.code, version.output);
        assertTrue(version.output.startsWith("lookahead "), version.output);
        Result help = lookahead(classpath, dir, "run", "--help");
        assertEquals(0, help.code, help.output);
        assertTrue(help.output.contains("Usage: lookahead run"), help.output);
        Result embedded = lookahead(classpath, dir, "run");
        assertEquals(1, embedded.code, embedded.output);
        assertTrue(embedded.output.contains("not in this jar") && embedded.output.contains("kafka.bootstrap-servers"), embedded.output);

        Path sample = dir.resolve("sample");
        Result generate = lookahead(classpath, dir, "generate", "--recipe", "sample", "--keys", "2", "--length", "1500", "--out", sample.toString());
        assertEquals(0, generate.code, generate.output);

        try (EmbeddedKafka kafka = new EmbeddedKafka()) {
            kafka.createTopics(2, "lookahead-readings", "lookahead-anomalies", "lookahead-scored", "lookahead-dead-letters");
            kafka.createCompactedTopic("lookahead-models");
            Result replay = lookahead(classpath, dir, "replay", sample.resolve("data").toString(), "--bootstrap", kafka.bootstrap(),
                    "--topic", "lookahead-readings");
            assertEquals(0, replay.code, replay.output);
            int readings = kafka.readAll("lookahead-readings").size();
            assertTrue(readings > 2000 && replay.output.contains(String.format("replayed %,d readings of ", readings)), replay.output);
            Path jsonl = Files.writeString(dir.resolve("pump.jsonl"), "{\"key\": \"pump-1\", \"time\": \"2024-01-01T00:00:00Z\", \"channels\": {\"temp\": 20.5}}\n"
                    + "{\"key\": \"pump-1\", \"time\": 1704067260000, \"channels\": {\"temp\": 21}}\n");
            kafka.createTopics(1, "jsonl-readings");
            Result replayJson = lookahead(classpath, dir, "replay", jsonl.toString(), "--bootstrap", kafka.bootstrap(), "--topic", "jsonl-readings");
            assertEquals(0, replayJson.code, replayJson.output);
            assertEquals(2, kafka.readAll("jsonl-readings").size(), replayJson.output);

            Result run = lookahead(classpath, dir, "run", "--config", Path.of("config/docker.yaml").toAbsolutePath().toString(),
                    "--set", "kafka.bootstrap-servers=" + kafka.bootstrap(),
                    "--set", "job.checkpoint-dir=" + dir.resolve("checkpoints").toUri(),
                    "--set", "job.bounded=true");
            assertEquals(0, run.code, run.output);
            assertEquals(readings, kafka.readAll("lookahead-scored").size(), "every replayed reading scored and committed");
            int anomalies = kafka.readAll("lookahead-anomalies").size();
            assertTrue(anomalies > 0, "the sample's injected anomalies were found");

            Result consume = lookahead(classpath, dir, "consume", "--bootstrap", kafka.bootstrap(), "--topic", "lookahead-anomalies",
                    "--from-beginning", "--max", String.valueOf(anomalies));
            assertEquals(0, consume.code, consume.output);
            long lines = consume.output.lines().filter(l -> l.contains(" score ") && l.contains("incident ")).count();
            assertEquals(anomalies, lines, consume.output);
            System.out.printf("job jar beside Flink's jars: generate, replay %,d readings, run (bounded), consume %d anomalies%n", readings, anomalies);
        }
    }

    private record Result(int code, String output) {
    }

    private static Result lookahead(String classpath, Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dorg.bytedeco.javacpp.cachedir=" + dir.resolve("javacpp"), "-cp", classpath, "dev.lookahead.cli.Main"));
        cmd.addAll(Arrays.asList(args));
        Path log = Files.createTempFile(dir, "lookahead-", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("lookahead " + String.join(" ", args) + " did not finish in 180 s:\n" + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /**
     * Flink's own jars, logging and the libraries flink-dist bundles, taken from this build's test class path: what
     * a cluster's lib/ gives the job jar. The connector and flink-avro are the job jar's to bring, so they are left out.
     */
    private static String flinkLibClasspath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> bundled = List.of("/com/esotericsoftware/", "/org/objenesis/", "/commons-collections/commons-collections/",
                "/org/snakeyaml/", "/com/google/code/findbugs/", "/commons-cli/", "/org/apache/commons/commons-text/",
                "/org/javassist/", "/tools/profiler/", "/com/ververica/");
        List<String> lib = Stream.of(cp.split(File.pathSeparator))
                .map(e -> e.replace(File.separatorChar, '/'))
                .filter(e -> e.endsWith(".jar"))
                .filter(e -> (e.contains("/org/apache/flink/") && !e.endsWith("-tests.jar") && !e.contains("/flink-test-utils")
                                && !e.contains("/flink-connector-kafka/") && !e.contains("/flink-avro/"))
                        || e.contains("/org/apache/logging/log4j/") || e.contains("/org/slf4j/")
                        || bundled.stream().anyMatch(e::contains))
                .collect(Collectors.toList());
        assertTrue(lib.stream().anyMatch(e -> e.contains("/flink-runtime/")), "no Flink runtime on the test class path: " + cp);
        return String.join(File.pathSeparator, lib);
    }
}
