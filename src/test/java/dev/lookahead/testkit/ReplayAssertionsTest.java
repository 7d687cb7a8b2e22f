package dev.lookahead.testkit;

import dev.lookahead.avro.ScoredPoint;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.io.CsvReader;
import dev.lookahead.io.CsvSeries;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.runner.DirectRunner;
import dev.lookahead.stream.AvroOutputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.lookahead.compare.Direction.ABOVE;
import static dev.lookahead.compare.Direction.BELOW;
import static dev.lookahead.testkit.TimeRange.between;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kit's assertions fail when they should, and say why: on the README example's recording, scored by the core. */
class ReplayAssertionsTest {

    private static Replay example() throws Exception {
        List<ScoredPoint> points = new ArrayList<>();
        DirectRunner runner = new DirectRunner(ModelSnapshots.bundled(), DetectorConfig.defaults());
        for (CsvSeries s : new CsvReader(CsvReader.Options.defaults()).read(Path.of("src/test/resources/example/recording")))
            for (Outcome o : runner.run(s.key(), s.channels(), s.times(), s.values())) points.add(AvroOutputs.scoredPoint((PointResult) o));
        return Replay.of(points);
    }

    @Test
    void expectIncidentPassesOnlyForAnIncidentStartingInTheRangeAndDirection() throws Exception {
        Replay r = example();
        r.expectIncident("pump-7", between("2024-03-02 00:55:00", "2024-03-02 01:05:00"), ABOVE)
                .expectIncident("pump-7", between("2024-03-02T01:00:00Z", "2024-03-02T01:00:00Z"));
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> r.expectIncident("pump-7", between("2024-03-02 00:55:00", "2024-03-02 01:05:00"), BELOW));
        assertEquals("expected an incident of pump-7 starting within [2024-03-02T00:55:00Z, 2024-03-02T01:05:00Z], below; "
                + "pump-7 has 1 incident(s): 2024-03-02T01:00:00Z..01:24:00Z  25 points, peak 0.992 above, CLOSED", e.getMessage());
        e = assertThrows(AssertionFailedError.class, () -> r.expectIncident("pump-8", between("2024-03-01 00:00:00", "2024-03-03 00:00:00")));
        assertTrue(e.getMessage().endsWith("pump-8 has no incident (2000 points scored)"), e.getMessage());
        e = assertThrows(AssertionFailedError.class, () -> r.expectIncident("pump-9", between(0, 1)));
        assertEquals("key pump-9 was not replayed; replayed: pump-7, pump-8", e.getMessage());
    }

    @Test
    void expectNoIncidentFailsNamingTheIncidents() throws Exception {
        Replay r = example();
        r.expectNoIncident("pump-8").expectNoIncident("pump-7", between("2024-03-01 00:00:00", "2024-03-02 00:00:00"));
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> r.expectNoIncident("pump-7"));
        assertTrue(e.getMessage().startsWith("expected no incident of pump-7; pump-7 has 1 incident(s): 2024-03-02T01:00:00Z"), e.getMessage());
        assertThrows(AssertionFailedError.class, () -> r.expectNoIncident("pump-7", between("2024-03-02 00:00:00", "2024-03-03 00:00:00")));
    }

    @Test
    void expectSameAsFailsWithTheDiffAndRecordsWhenAsked(@TempDir Path dir) throws Exception {
        Replay r = example();
        r.expectSameAs(Path.of("src/test/resources/example/golden"));   // the core equals the golden the job is held to
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> r.expectSameAs(dir.resolve("none")));
        assertTrue(e.getMessage().contains("no golden output in") && e.getMessage().contains("-Dlookahead.update-golden=true"), e.getMessage());

        // a golden output where pump-7's incident sits elsewhere and pump-8's points differ
        Path g = dir.resolve("golden");
        Files.createDirectories(g);
        Path src = Path.of("src/test/resources/example/golden");
        Files.writeString(g.resolve("keys.csv"), Files.readString(src.resolve("keys.csv")).replaceFirst("(?m)^(pump-8,.*,)[0-9a-f]{64}$", "$1" + "0".repeat(64)));
        Files.writeString(g.resolve("incidents.csv"), Files.readString(src.resolve("incidents.csv")).replace("2024-03-02T01:00:00Z,2024-03-02T01:24:00Z", "2024-03-02T01:01:00Z,2024-03-02T01:24:00Z"));
        e = assertThrows(AssertionFailedError.class, () -> r.expectSameAs(g));
        String m = e.getMessage();
        assertTrue(m.contains("pump-7  moved    pump-7@1709341200000  2024-03-02T01:01:00Z..01:24:00Z"), m);
        assertTrue(m.contains("pump-8: scored points differ from the golden output"), m);
        assertTrue(m.endsWith("differs from the golden output: incidents 0 added, 0 removed, 1 moved; 1 key(s) with other differences"), m);

        System.setProperty(Replay.UPDATE_GOLDEN, "true");
        try {
            r.expectSameAs(g);   // approves: records this replay
        } finally {
            System.clearProperty(Replay.UPDATE_GOLDEN);
        }
        r.expectSameAs(g);
        assertEquals(Files.readString(src.resolve("keys.csv")), Files.readString(g.resolve("keys.csv")));
    }
}
