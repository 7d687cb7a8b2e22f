package dev.lookahead.cli;

import dev.lookahead.compare.Golden;
import dev.lookahead.model.ModelSnapshots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code score --golden DIR} and {@code --update-golden} on the demo sample. */
class GoldenCommandTest {

    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void theDemoSamplesGoldenOutputIsSmallAndFailsWithTheDiffOnceBehaviourChanges(@TempDir Path dir) throws IOException {
        SampleData.write(dir.resolve("sample"), 6, 4000, 7);   // the demo sample
        String data = dir.resolve("sample/data").toString(), golden = dir.resolve("golden").toString();

        assertEquals(Main.EXIT_BAD_INPUT, run("score", data, "--golden", golden));
        assertTrue(err.toString().contains("no golden output in " + golden) && err.toString().contains("--update-golden"), err.toString());
        assertEquals(Main.EXIT_BAD_INPUT, run("score", data, "--update-golden"));
        assertTrue(err.toString().contains("--update-golden needs --golden DIR"), err.toString());

        assertEquals(0, run("score", data, "--golden", golden, "--update-golden"));
        long bytes = Files.size(dir.resolve("golden/keys.csv")) + Files.size(dir.resolve("golden/incidents.csv"));
        assertTrue(bytes <= 50 * 1024, "golden files of the demo sample: " + bytes + " bytes, goal <= 50 KB");
        Golden g = Golden.read(dir.resolve("golden"));
        assertEquals(6, g.keys().size());
        assertTrue(g.incidentCount() > 0);
        assertTrue(err.toString().contains("golden output recorded in " + golden + ": 6 key(s), " + g.incidentCount() + " incident(s), " + String.format(java.util.Locale.ROOT, "%,d", bytes) + " bytes"), err.toString());

        assertEquals(0, run("score", data, "--golden", golden));
        assertTrue(err.toString().contains("same as the golden output"), err.toString());
        assertEquals(0, run("score", data, "--golden", golden, "--out", dir.resolve("scored").toString()));
        assertTrue(Files.isRegularFile(dir.resolve("scored/sensor-000.csv")), "--out still writes the scored CSVs");

        // a settings change that moves incidents: the failure lists them and says how to approve
        assertEquals(Main.EXIT_DIFFERENT, run("score", data, "--golden", golden, "--threshold", "0.45"));
        String e = err.toString();
        assertTrue(e.lines().anyMatch(l -> l.matches("\\S+  (added|removed|moved) +\\S+@\\d+  .*")), e);
        assertTrue(e.contains("differs from the golden output: incidents ") && e.contains("--update-golden to approve"), e);
        assertTrue(e.contains(": scored points differ from the golden output:"), e);

        // a model change too small to move any incident still changes the points' digest
        Path model = dir.resolve("m.avro");
        ModelSnapshots.write(DiffCommandTest.shifted(ModelSnapshots.bundled(), 1e-3), model);
        assertEquals(Main.EXIT_DIFFERENT, run("score", data, "--golden", golden, "--model", model.toString()));
        e = err.toString();
        assertTrue(e.contains("incidents 0 added, 0 removed, 0 moved; 6 key(s) with other differences"), e);
        assertTrue(e.contains("model base:1 -> base:2"), e);

        // approving makes it the golden output
        assertEquals(0, run("score", data, "--golden", golden, "--model", model.toString(), "--update-golden"));
        assertEquals(0, run("score", data, "--golden", golden, "--model", model.toString()));
        assertFalse(err.toString().contains("differs"), err.toString());
    }
}
