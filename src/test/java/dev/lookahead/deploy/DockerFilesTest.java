package dev.lookahead.deploy;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment files agree with the build and are valid: the compose file by {@code docker-compose config -q}
 * where that command exists (Debian package {@code docker-compose}; no Docker engine is needed), the Dockerfile and
 * the Kubernetes manifest against the pom and the job jar's name.
 */
class DockerFilesTest {

    private static final Path COMPOSE = Path.of("docker/docker-compose.yml");

    private static String flinkVersion() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        int a = pom.indexOf("<flink.version>") + "<flink.version>".length();
        return pom.substring(a, pom.indexOf("</flink.version>", a));
    }

    private static Path dockerCompose() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "docker-compose");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    private static int validate(Path compose, StringBuilder output) throws Exception {
        Process p = new ProcessBuilder(dockerCompose().toString(), "-f", compose.toString(), "config", "-q").redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker-compose config did not finish in 60 s");
        }
        output.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        return p.exitValue();
    }

    @Test
    void composeFileIsValidAndABrokenOneIsNot(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(dockerCompose() != null,
                "docker-compose not on PATH (Debian package docker-compose; .ci/run installs it where it can): compose validation skipped");
        StringBuilder out = new StringBuilder();
        assertEquals(0, validate(COMPOSE, out), out.toString());
        // the validator can fail: an unknown service key is refused
        Path broken = dir.resolve("docker-compose.yml");
        Files.writeString(broken, Files.readString(COMPOSE).replace("    command: taskmanager", "    command: taskmanager\n    replicaz: 2"));
        StringBuilder out2 = new StringBuilder();
        assertNotEquals(0, validate(broken, out2), "a compose file with an unknown key must be refused");
        assertTrue(out2.toString().contains("replicaz"), out2.toString());
    }

    @Test
    void dockerfileAndManifestMatchTheBuild() throws IOException {
        String dockerfile = Files.readString(Path.of("docker/Dockerfile"));
        assertTrue(dockerfile.contains("FROM flink:" + flinkVersion() + "-java17"), "the image's Flink is the pom's " + flinkVersion());
        assertTrue(dockerfile.contains("target/lookahead-job.jar") && Files.readString(Path.of("pom.xml")).contains("/lookahead-job.jar</outputFile>"),
                "the Dockerfile copies the jar the build makes");
        assertTrue(dockerfile.contains("config/docker.yaml") && Files.exists(Path.of("config/docker.yaml")));

        Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE));
        @SuppressWarnings("unchecked") Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertTrue(services.keySet().containsAll(List.of("kafka", "topics", "jobmanager", "taskmanager", "producer")), services.keySet().toString());

        Map<String, Object> k8s = new Yaml().load(Files.readString(Path.of("docker/k8s/flink-deployment.yaml")));
        assertEquals("FlinkDeployment", k8s.get("kind"));
        @SuppressWarnings("unchecked") Map<String, Object> spec = (Map<String, Object>) k8s.get("spec");
        String[] v = flinkVersion().split("\\.");
        assertEquals("v" + v[0] + "_" + v[1], spec.get("flinkVersion"));
        @SuppressWarnings("unchecked") Map<String, Object> job = (Map<String, Object>) spec.get("job");
        assertEquals("local:///opt/flink/usrlib/lookahead-job.jar", job.get("jarURI"));
        assertEquals("dev.lookahead.cli.Main", job.get("entryClass"));
    }
}
