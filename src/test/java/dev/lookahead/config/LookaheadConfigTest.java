package dev.lookahead.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LookaheadConfigTest {

    private static final List<Path> SHIPPED = List.of(Path.of("config/local.yaml"), Path.of("config/docker.yaml"));

    private static LookaheadConfig load(Scope scope, Path yaml, Map<String, String> env, List<String> sets) {
        return LookaheadConfig.loader(scope).file(yaml).environment(env).sets(sets).load();
    }

    @Test
    void theShippedFilesLoadForBothRuntimesAndStreamsSkipsExactlyTheKeysOfRunAlone() {
        for (Path f : SHIPPED) {
            for (Scope scope : List.of(Scope.RUN, Scope.STREAMS)) {
                LookaheadConfig c = load(scope, f, Map.of(), List.of());
                assertEquals("lookahead-readings", c.settings().inputTopic(), f + " " + scope);
                for (Map.Entry<String, Setting<?>> e : c.skipped().entrySet())
                    assertFalse(e.getValue().appliesTo(scope), e.getKey());
            }
            assertTrue(load(Scope.RUN, f, Map.of(), List.of()).skipped().keySet().stream().allMatch(k -> k.startsWith("streams.")), f.toString());
        }
        LookaheadConfig docker = load(Scope.STREAMS, Path.of("config/docker.yaml"), Map.of(), List.of());
        assertEquals("kafka:9092", docker.settings().bootstrapServers());
        assertEquals(2, docker.settings().streamsThreads());
        assertTrue(docker.skipped().containsKey("job.parallelism") && docker.skipped().containsKey("fine-tune.enabled"));
        assertFalse(docker.skipped().containsKey("job.delivery"), "streams reads job.delivery");
        String note = docker.skippedNote();
        assertTrue(note.startsWith("config/docker.yaml: streams does not use job.group-id, job.parallelism") && note.endsWith("(run only)"), note);
        RuntimeSettings run = load(Scope.RUN, Path.of("config/docker.yaml"), Map.of(), List.of()).settings();
        assertEquals(2, run.parallelism());
        assertTrue(run.fineTune() != null, "docker.yaml turns fine-tuning on");
        assertEquals("file:///tmp/lookahead-checkpoints", run.checkpointDir());
    }

    /** local.yaml writes the defaults out, and both files the detector's: a changed default must change them too. */
    @Test
    void theShippedFilesHoldTheShippedDefaults() {
        Set<String> localChoices = Set.of("topics.scored", "streams.state-dir");   // scored points on locally; a fixed path
        LookaheadConfig local = load(Scope.RUN, SHIPPED.get(0), Map.of(), List.of());
        for (Setting<?> s : Settings.all()) {
            if (localChoices.contains(s.key()) || local.source(s.key()) == null) continue;
            assertEquals(canonical(s, s.defaultValue()), canonical(s, local.get(s.key())), "config/local.yaml: " + s.key());
        }
        for (Path f : SHIPPED) {
            LookaheadConfig c = load(Scope.RUN, f, Map.of(), List.of());
            for (Setting<?> s : Settings.all())
                if (s.key().startsWith("detector.") && c.source(s.key()) != null)
                    assertEquals(canonical(s, s.defaultValue()), canonical(s, c.get(s.key())), f + ": " + s.key());
        }
    }

    private static <T> String canonical(Setting<T> s, String text) {
        return s.type().format(s.parse(text, null));
    }

    /** A comment listing choices ({@code # DROP | REORDER}) lists exactly the setting's allowed values. */
    @Test
    void choicesListedInTheShippedFilesCommentsAreTheAllowedOnes() throws IOException {
        Pattern line = Pattern.compile("^(\\s*)([a-z-]+):[^#]*#\\s*(.*)$");
        for (Path f : SHIPPED) {
            String section = "";
            for (String l : Files.readAllLines(f)) {
                Matcher m = line.matcher(l);
                if (!l.startsWith(" ") && !l.startsWith("#") && l.contains(":")) section = l.substring(0, l.indexOf(':'));
                if (!m.matches() || m.group(1).isEmpty() || !m.group(3).contains(" | ")) continue;
                String key = section + "." + m.group(2);
                Set<String> listed = new TreeSet<>();
                for (String part : m.group(3).split("\\|")) listed.add(part.trim().split("\\s+")[0]);
                assertEquals(new TreeSet<>(Settings.get(key).type().candidates()), listed, f + ": " + l);
            }
        }
    }

    @Test
    void defaultsThenFileThenEnvironmentThenSetThenFlagsEachOverrideTheOneBefore(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "job:\n  parallelism: 3\n  delivery: at-least-once\ntopics:\n  scored: ''\ndetector:\n  threshold: 0.7\n  warm-up-points: 30\n");
        Map<String, String> env = Map.of("LOOKAHEAD_JOB_PARALLELISM", "4", "LOOKAHEAD_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SSL",
                "LOOKAHEAD_DETECTOR_WARM_UP_POINTS", "40", "PATH", "/bin");
        LookaheadConfig c = LookaheadConfig.loader(Scope.RUN).file(f).environment(env)
                .sets(List.of("detector.threshold=0.8", "kafka.bootstrap-servers=b:1"))
                .flag("detector.warm-up-points", "--warm-up-points", "60").load();
        RuntimeSettings s = c.settings();
        assertEquals(4, s.parallelism());
        assertFalse(s.exactlyOnce());
        assertNull(s.scoredTopic());
        assertEquals(0.8, s.detector().threshold());
        assertEquals(60, s.detector().warmUpPoints());
        assertEquals(Map.of("security.protocol", "SSL"), s.kafka());
        assertEquals("b:1", s.bootstrapServers());
        assertEquals("--warm-up-points", c.source("detector.warm-up-points"));
        assertEquals(3, load(Scope.RUN, f, Map.of(), List.of()).settings().parallelism());
    }

    @Test
    void theFineTuningGatesIncidentCheckIsOffByDefaultAndSetByItsKey() {
        assertEquals(-1, load(Scope.RUN, Path.of("config/docker.yaml"), Map.of(), List.of()).fineTune().maxAddedIncidents());
        assertEquals(2, load(Scope.RUN, Path.of("config/docker.yaml"), Map.of(), List.of("fine-tune.max-added-incidents=2"))
                .fineTune().maxAddedIncidents());
        String m = assertThrows(ConfigException.class, () -> load(Scope.RUN, Path.of("config/docker.yaml"), Map.of(),
                List.of("fine-tune.max-added-incidents=-2")).fineTune()).getMessage();
        assertTrue(m.contains("fine-tune.max-added-incidents (from --set)") && m.contains("-2"), m);
    }

    @Test
    void unknownKeysAndBadValuesFailNamingTheKeyTheSourceAndWhatIsAllowed(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "topics:\n  inptu: x\n");
        String m = assertThrows(ConfigException.class, () -> load(Scope.RUN, f, Map.of(), List.of())).getMessage();
        assertTrue(m.contains("unknown key 'topics.inptu' (from " + f + "); did you mean topics.input?")
                && m.contains("keys under topics.: topics.input, topics.anomalies, topics.scored, topics.dead-letters, topics.models"), m);

        m = assertThrows(ConfigException.class, () -> load(Scope.RUN, null, Map.of(), List.of("jobs.parallelism=2"))).getMessage();
        assertTrue(m.contains("unknown key 'jobs.parallelism' (from --set); did you mean job.parallelism?") && m.contains("allowed keys: kafka.bootstrap-servers,")
                && m.contains("detector.warm-up-points") && m.contains("streams.threads"), m);

        m = assertThrows(ConfigException.class, () -> load(Scope.RUN, null, Map.of(), List.of("detector.settle-points=8"))).getMessage();
        assertTrue(m.contains("unknown key 'detector.settle-points'") && m.contains("detector.warm-up-points"), m);

        m = assertThrows(ConfigException.class, () -> load(Scope.RUN, null, Map.of(), List.of("job.delivery=exactly_once"))).getMessage();
        assertEquals("config: job.delivery (from --set): 'exactly_once' is not allowed; expected one of at-least-once, exactly-once", m);

        m = assertThrows(ConfigException.class, () -> load(Scope.RUN, null, Map.of("LOOKAHEAD_JOB_PARALLELISM", "0"), List.of())).getMessage();
        assertEquals("config: job.parallelism (from environment variable LOOKAHEAD_JOB_PARALLELISM): '0' is not allowed; expected an integer >= 1", m);

        m = assertThrows(ConfigException.class, () -> load(Scope.RUN, null, Map.of(), List.of("detector.direction=sideways"))).getMessage();
        assertEquals("config: detector.direction (from --set): 'sideways' is not allowed; expected one of UP, DOWN, BOTH", m);

        m = assertThrows(ConfigException.class, () -> load(Scope.RUN, null, Map.of(), List.of("detector.threshold=1.5"))).getMessage();
        assertEquals("config: detector.threshold (from --set): '1.5' is not allowed; expected a number in (0, 1]", m);

        m = assertThrows(ConfigException.class, () -> load(Scope.RUN, null, Map.of(), List.of("detector.reorder-bound-ms=-1"))).getMessage();
        assertEquals("config: detector.reorder-bound-ms (from --set): '-1' is not allowed; expected a duration in ms >= 0", m);

        m = assertThrows(ConfigException.class, () -> load(Scope.RUN, null, Map.of(), List.of("detector.time-zone=Europe/Atlantis"))).getMessage();
        assertEquals("config: detector.time-zone (from --set): 'Europe/Atlantis' is not allowed; expected a time zone ID: UTC, a region such as "
                + "Europe/Berlin or America/New_York, or an offset such as +05:30", m);

        m = assertThrows(ConfigException.class, () -> load(Scope.RUN, null, Map.of(), List.of("ingest.min-time=yesterday"))).getMessage();
        assertTrue(m.contains("ingest.min-time (from --set)") && m.contains("ISO-8601"), m);

        m = assertThrows(ConfigException.class, () -> load(Scope.RUN, null, Map.of(), List.of("model.file=/no/such/model.avro"))).getMessage();
        assertTrue(m.contains("model.file (from --set): '/no/such/model.avro' is not allowed; expected the path of a ModelSnapshot Avro file, or empty"), m);

        // a rule between two settings: the core's message, with the value's source
        m = assertThrows(ConfigException.class, () -> load(Scope.RUN, null, Map.of(), List.of("fine-tune.reservoir-windows=10"))).getMessage();
        assertEquals("config: fine-tune.min-train-windows: 64 is not allowed; expected an integer in [1, reservoir-windows = 10]", m);
        m = assertThrows(ConfigException.class, () -> load(Scope.RUN, null, Map.of(), List.of("ingest.min-time=2200-01-01T00:00:00Z"))).getMessage();
        assertEquals("config: ingest.min-time must be before ingest.max-time", m);

        m = assertThrows(ConfigException.class, () -> load(Scope.RUN, null, Map.of("LOOKAHEAD_DETECTOR_TRESHOLD", "0.6"), List.of())).getMessage();
        assertTrue(m.startsWith("config: unknown environment variable LOOKAHEAD_DETECTOR_TRESHOLD; did you mean LOOKAHEAD_DETECTOR_THRESHOLD (detector.threshold)?"), m);

        m = assertThrows(ConfigException.class, () -> load(Scope.RUN, null, Map.of(), List.of("detector.threshold"))).getMessage();
        assertEquals("config: --set detector.threshold: expected key=value", m);
    }

    @Test
    void aKeyGivenForThisStartThatTheCommandDoesNotReadIsRefusedNamingWhereItApplies(@TempDir Path dir) throws IOException {
        String m = assertThrows(ConfigException.class, () -> load(Scope.STREAMS, null, Map.of(), List.of("fine-tune.enabled=true"))).getMessage();
        assertEquals("config: fine-tune.enabled (from --set) does not apply to streams; it applies to run", m);
        m = assertThrows(ConfigException.class, () -> load(Scope.STREAMS, null, Map.of("LOOKAHEAD_JOB_PARALLELISM", "2"), List.of())).getMessage();
        assertEquals("config: job.parallelism (from environment variable LOOKAHEAD_JOB_PARALLELISM) does not apply to streams; it applies to run", m);
        m = assertThrows(ConfigException.class, () -> load(Scope.RUN, null, Map.of(), List.of("streams.threads=2"))).getMessage();
        assertEquals("config: streams.threads (from --set) does not apply to run; it applies to streams", m);
        m = assertThrows(ConfigException.class, () -> LookaheadConfig.loader(Scope.DIRECT).flag("job.parallelism", "--parallelism", "2").load()).getMessage();
        assertEquals("config: job.parallelism (from --parallelism) does not apply to score, demo, evaluate; it applies to run", m);

        // in a file the same key is checked, skipped and named
        Path f = Files.writeString(dir.resolve("shared.yaml"), "fine-tune:\n  enabled: true\njob:\n  delivery: at-least-once\n");
        LookaheadConfig c = load(Scope.STREAMS, f, Map.of(), List.of());
        assertEquals(Set.of("fine-tune.enabled"), c.skipped().keySet());
        assertFalse(c.settings().exactlyOnce(), "job.delivery applies to streams");
        assertEquals(f + ": streams does not use fine-tune.enabled (run only)", c.skippedNote());
        Files.writeString(f, "fine-tune:\n  enabled: yes-please\n");
        m = assertThrows(ConfigException.class, () -> load(Scope.STREAMS, f, Map.of(), List.of())).getMessage();
        assertTrue(m.contains("fine-tune.enabled (from " + f + "): 'yes-please' is not allowed; expected one of false, true"), m);
    }

    @Test
    void weekendDaysAreReadFromAYamlListACommaListOrNone(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("days.yaml"), "detector:\n  weekend-days: [FRIDAY, saturday]\n");
        Set<DayOfWeek> friSat = EnumSet.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY);
        assertEquals(friSat, LookaheadConfig.loader(Scope.RUN).file(f).load().detector().weekendDays());
        assertEquals(friSat, LookaheadConfig.loader(Scope.RUN).sets(List.of("detector.weekend-days=friday,SATURDAY")).load().detector().weekendDays());
        assertEquals(Set.of(), LookaheadConfig.loader(Scope.RUN).sets(List.of("detector.weekend-days=none")).load().detector().weekendDays());
        assertEquals(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), LookaheadConfig.loader(Scope.RUN).load().detector().weekendDays());
        for (String bad : List.of("FUNDAY", "SATURDAY,SATURDAY", "SATURDAY,", "MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY")) {
            String m = assertThrows(ConfigException.class, () -> LookaheadConfig.loader(Scope.RUN).sets(List.of("detector.weekend-days=" + bad)).load())
                    .getMessage();
            assertTrue(m.contains("detector.weekend-days") && m.contains("at most six, or none"), bad + ": " + m);
        }
    }

    @Test
    void oneKeyByFlagAndBySetIsRefused() {
        String m = assertThrows(ConfigException.class, () -> LookaheadConfig.loader(Scope.RUN).sets(List.of("detector.threshold=0.6"))
                .flag("detector.threshold", "--threshold", "0.7").load()).getMessage();
        assertEquals("config: detector.threshold is given twice on the command line, by --threshold and by --set; give it once", m);
    }

    @Test
    void restartsAreTheClustersUnlessAttemptsAreSetAndThenTheDelayApplies() {
        RuntimeSettings d = load(Scope.RUN, null, Map.of(), List.of()).settings();
        assertEquals(-1, d.restartAttempts());
        RuntimeSettings s = load(Scope.RUN, null, Map.of(), List.of("job.restart-attempts=3", "job.restart-delay-ms=250")).settings();
        assertEquals(3, s.restartAttempts());
        assertEquals(250, s.restartDelayMillis());
    }
}
