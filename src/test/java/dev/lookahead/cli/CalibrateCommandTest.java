package dev.lookahead.cli;

import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code calibrate}: the threshold for a named rate, the normal state of one series, or both. */
class CalibrateCommandTest {

    private final StringWriter err = new StringWriter();

    /** A fault-free recording of two channels at one-second points, seeded. */
    private static Path recording(Path dir, String name, long seed) throws IOException {
        Random r = new Random(seed);
        List<String> lines = new ArrayList<>(List.of("timestamp,temp,rpm"));
        double a = 0;
        for (int i = 0; i < 3_000; i++) {
            a = 0.99 * a + 0.1 * r.nextGaussian();
            lines.add((1_700_000_000_000L + 1000L * i) + "," + (60 + a) + "," + (1500 + 20 * a + r.nextGaussian()));
        }
        Path f = dir.resolve(name);
        Files.write(f, lines);
        return f;
    }

    private int calibrate(String... args) {
        List<String> all = new ArrayList<>(List.of("calibrate"));
        all.addAll(List.of(args));
        return Main.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), all.toArray(String[]::new));
    }

    @Test
    void withoutARateItKeepsTheThresholdAndLearnsTheNormalStateOfOneSeries(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("m.avro");
        assertEquals(0, calibrate(recording(dir, "plant.csv", 1).toString(), "--out", out.toString()), err.toString());
        LstmModel m = ModelSnapshots.read(out);
        assertNull(m.calibration(), "no threshold was asked for");
        assertNotNull(m.normalState());
        assertEquals(List.of("temp", "rpm"), m.normalState().channels());
        assertEquals(3_000, m.normalState().points());
        assertEquals(ModelSnapshots.bundled().version() + 1, m.version());
        assertTrue(err.toString().contains("threshold kept: 0.5000"), err.toString());
        Path named = dir.resolve("named.avro");
        assertEquals(0, calibrate(recording(dir, "plant.csv", 1).toString(), "--columns", "rpm,temp", "--out", named.toString()), err.toString());
        assertEquals(List.of("rpm", "temp"), ModelSnapshots.read(named).normalState().channels());
    }

    @Test
    void aRateSetsTheThresholdAndOneSeriesItsNormalState(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("m.avro");
        assertEquals(0, calibrate(recording(dir, "plant.csv", 1).toString(), "--false-alarms-per-day", "24", "--out", out.toString()), err.toString());
        LstmModel m = ModelSnapshots.read(out);
        assertNotNull(m.calibration());
        assertNotNull(m.normalState());
        Path none = dir.resolve("none.avro");
        assertEquals(0, calibrate(recording(dir, "plant.csv", 1).toString(), "--false-alarms-per-day", "24", "--no-normal-state",
                "--out", none.toString()), err.toString());
        assertNull(ModelSnapshots.read(none).normalState());
    }

    @Test
    void nothingToCalibrateIsAClearError(@TempDir Path dir) throws IOException {
        recording(dir, "a.csv", 1);
        recording(dir, "b.csv", 2);
        assertEquals(1, calibrate(dir.toString(), "--out", dir.resolve("m.avro").toString()));
        assertTrue(err.toString().contains("nothing to calibrate: give --false-alarms-per-day RATE for a threshold, or one series")
                && err.toString().contains("the inputs hold 2 series"), err.toString());
        assertTrue(Files.notExists(dir.resolve("m.avro")));
    }
}
