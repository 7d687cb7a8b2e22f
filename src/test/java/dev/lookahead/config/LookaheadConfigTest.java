package dev.lookahead.config;

import dev.lookahead.flink.JobSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LookaheadConfigTest {

    @Test
    void theShippedFilesLoadAndEveryKeyInThemIsKnown() {
        for (String f : List.of("config/local.yaml", "config/docker.yaml")) {
            LookaheadConfig c = LookaheadConfig.load(Path.of(f), Map.of(), List.of());
            assertEquals("lookahead-readings", c.get("topics.input"), f);
        }
        JobSettings docker = LookaheadConfig.load(Path.of("config/docker.yaml"), Map.of(), List.of()).toJobSettings(null);
        assertEquals("kafka:9092", docker.bootstrapServers());
        assertEquals("hashmap", docker.stateBackend());
    }

    @Test
    void fileThenEnvironmentThenFlagsEachOverrideTheOneBefore(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "job:\n  parallelism: 3\n  delivery: at-least-once\ntopics:\n  scored: ''\ndetector:\n  threshold: 0.7\n");
        Map<String, String> env = Map.of("LOOKAHEAD_JOB_PARALLELISM", "4", "LOOKAHEAD_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SSL");
        JobSettings s = LookaheadConfig.load(f, env, List.of("detector.threshold=0.8")).toJobSettings("b:1");
        assertEquals(4, s.parallelism());
        assertFalse(s.exactlyOnce());
        assertNull(s.scoredTopic());
        assertEquals(0.8, s.detector().threshold());
        assertEquals(Map.of("security.protocol", "SSL"), s.kafka());
        assertEquals("b:1", s.bootstrapServers());
        assertEquals(3, LookaheadConfig.load(f, Map.of(), List.of()).toJobSettings("b:1").parallelism());
    }

    @Test
    void theFineTuningGatesIncidentCheckIsOffByDefaultAndSetByItsKey() {
        assertEquals(-1, LookaheadConfig.load(Path.of("config/docker.yaml"), Map.of(), List.of()).fineTune().maxAddedIncidents());
        assertEquals(2, LookaheadConfig.load(Path.of("config/docker.yaml"), Map.of(), List.of("fine-tune.max-added-incidents=2"))
                .fineTune().maxAddedIncidents());
        String m = assertThrows(ConfigException.class, () -> LookaheadConfig.load(Path.of("config/docker.yaml"), Map.of(),
                List.of("fine-tune.max-added-incidents=-2")).fineTune()).getMessage();
        assertEquals("config: fine-tune.max-added-incidents (from --set): -2 is not allowed; expected an integer >= -1", m);
    }

    @Test
    void unknownKeysAndBadValuesFailNamingTheKeyTheSourceAndWhatIsAllowed(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "topics:\n  inptu: x\n");
        String m = assertThrows(ConfigException.class, () -> LookaheadConfig.load(f, Map.of(), List.of())).getMessage();
        assertTrue(m.contains("unknown key 'topics.inptu'") && m.contains(f.toString()) && m.contains("topics.input"), m);

        m = assertThrows(ConfigException.class, () -> LookaheadConfig.load(null, Map.of(), List.of("job.delivery=exactly_once"))).getMessage();
        assertEquals("config: job.delivery (from --set): 'exactly_once' is not allowed; expected one of at-least-once, exactly-once", m);

        m = assertThrows(ConfigException.class, () -> LookaheadConfig.load(null, Map.of("LOOKAHEAD_JOB_PARALLELISM", "0"), List.of())).getMessage();
        assertTrue(m.contains("job.parallelism (from environment variable LOOKAHEAD_JOB_PARALLELISM)") && m.contains(">= 1"), m);

        m = assertThrows(ConfigException.class, () -> LookaheadConfig.load(null, Map.of(), List.of("detector.direction=sideways"))).getMessage();
        assertTrue(m.contains("detector.direction") && m.contains("BOTH"), m);

        m = assertThrows(ConfigException.class, () -> LookaheadConfig.load(null, Map.of(), List.of("detector.threshold=1.5"))).getMessage();
        assertTrue(m.contains("threshold"), m);

        m = assertThrows(ConfigException.class, () -> LookaheadConfig.load(null, Map.of(), List.of("ingest.min-time=yesterday"))).getMessage();
        assertTrue(m.contains("ingest.min-time") && m.contains("ISO-8601"), m);
    }
}
