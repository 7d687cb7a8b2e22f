package dev.lookahead.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code evaluate nab} on a tiny NAB-shaped corpus built here: results layout, labels only in the output, scores printed, both engines equal. */
class NabEvaluateCommandTest {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final LocalDateTime T0 = LocalDateTime.of(2014, 4, 1, 0, 0);

    /** A sine with a spike at row 900 and a window around it; {@code withBadRows} adds a duplicate and an out-of-order timestamp. */
    private static void series(Path nab, String path, int length, boolean withBadRows) throws Exception {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < length; i++) {
            int at = i;
            if (withBadRows && i == 500) at = 499;   // duplicate of the previous row's time: dropped
            if (withBadRows && i == 700) at = 650;   // behind the last time: dropped
            csv.append(T0.plusMinutes(5L * at).format(TS)).append(',').append(10 + Math.sin(i / 8.0) + (i == 900 ? 8 : 0)).append('\n');
        }
        Path f = nab.resolve("data").resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, csv);
    }

    private static String window(String path) {
        return "\"" + path + "\": [[\"" + T0.plusMinutes(5L * 880).format(TS) + ".000000\", \"" + T0.plusMinutes(5L * 920).format(TS) + ".000000\"]]";
    }

    private static String[] run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        assertEquals(0, code, err.toString());
        return new String[]{out.toString(), err.toString()};
    }

    /** The score table: every line after the first (which names the engine and the time taken). */
    private static List<String> table(String out) {
        List<String> lines = out.lines().toList();
        return lines.subList(1, lines.size());
    }

    @Test
    void writesNabsLayoutAndScoresIt(@TempDir Path nab) throws Exception {
        series(nab, "artificialWithAnomaly/spike.csv", 1200, false);
        Files.createDirectories(nab.resolve("labels"));
        Files.writeString(nab.resolve("labels/combined_windows.json"), "{" + window("artificialWithAnomaly/spike.csv") + "}");
        Path results = nab.resolve("results");
        String out = run("evaluate", "nab", "--data", nab.toString(), "--out", results.toString(), "--score-source", "onset")[0];
        List<String> lines = Files.readAllLines(results.resolve("artificialWithAnomaly/lookahead_spike.csv"));
        assertEquals("timestamp,value,anomaly_score,label", lines.get(0));
        assertEquals(1201, lines.size());
        assertTrue(lines.get(901).endsWith(",1") && lines.get(100).endsWith(",0"), "labels mark the window rows only");
        assertTrue(out.contains("NAB score"), out);
        // the spike is found at the window's start: a positive standard score on this one-window corpus
        String total = out.lines().filter(l -> l.startsWith("NAB score")).findFirst().orElseThrow();
        double standard = Double.parseDouble(total.trim().split("\\s+")[2]);
        assertTrue(standard > 0, total);
    }

    /**
     * The same corpus through the core alone and through the real job (embedded broker, local Flink, exactly-once,
     * results read back committed): the results files are equal byte for byte and so are the printed scores, rows
     * the detector drops included.
     */
    @Test
    void flinkEngineWritesTheSameBytesAsTheDirectEngine(@TempDir Path nab) throws Exception {
        series(nab, "realTraffic/a.csv", 1200, true);
        series(nab, "realKnownCause/b.csv", 1000, false);
        Files.createDirectories(nab.resolve("labels"));
        Files.writeString(nab.resolve("labels/combined_windows.json"), "{" + window("realTraffic/a.csv") + ", " + window("realKnownCause/b.csv") + "}");
        Path direct = nab.resolve("direct"), flink = nab.resolve("flink");
        String d = run("evaluate", "nab", "--data", nab.toString(), "--out", direct.toString())[0];
        String[] f = run("evaluate", "nab", "--data", nab.toString(), "--out", flink.toString(), "--engine", "flink");
        assertTrue(f[0].contains("flink engine"), f[0]);
        assertTrue(f[1].contains("nab flink") && f[1].contains("100%"), "a progress bar: " + f[1]);
        for (String file : List.of("realTraffic/lookahead_a.csv", "realKnownCause/lookahead_b.csv"))
            assertArrayEquals(Files.readAllBytes(direct.resolve(file)), Files.readAllBytes(flink.resolve(file)), file);
        assertEquals(table(d), table(f[0]));
        assertTrue(d.contains("2200 rows, 2 dropped by the detector"), d);
        List<String> a = Files.readAllLines(flink.resolve("realTraffic/lookahead_a.csv"));
        assertTrue(a.get(501).split(",")[2].equals("0.0") && a.get(701).split(",")[2].equals("0.0"), "dropped rows score 0");
        long onsets = a.stream().skip(1).filter(l -> Double.parseDouble(l.split(",")[2]) > 0).count();
        assertTrue(onsets > 0, "some alerts carry a score, so the comparison is not between two files of zeros");
    }

    /** {@code --baseline windowedGaussian}: NAB's own detector into NAB's layout under its own name, then scored. */
    @Test
    void baselineWritesItsOwnResults(@TempDir Path nab) throws Exception {
        series(nab, "artificialWithAnomaly/spike.csv", 1200, false);
        Files.createDirectories(nab.resolve("labels"));
        Files.writeString(nab.resolve("labels/combined_windows.json"), "{" + window("artificialWithAnomaly/spike.csv") + "}");
        Path results = nab.resolve("results");
        String out = run("evaluate", "nab", "--data", nab.toString(), "--out", results.toString(), "--baseline", "windowedGaussian")[0];
        assertTrue(out.contains("detector windowedGaussian (NAB's own baseline"), out);
        List<String> lines = Files.readAllLines(results.resolve("artificialWithAnomaly/windowedGaussian_spike.csv"));
        assertEquals(1201, lines.size());
        assertEquals("0.0", lines.get(1).split(",")[2], "no window before the first row");
        // the spike is 8 above a sine of amplitude 1 (std ~0.7): more than 10 std out, so 1 - Q rounds to 1 in 12 digits
        assertEquals("1.0", lines.get(901).split(",")[2]);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("NAB score")), out);

        // bad combinations fail fast with one line naming the option
        StringWriter err = new StringWriter();
        assertEquals(1, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "evaluate", "nab", "--data", nab.toString(),
                "--baseline", "random", "--engine", "flink"));
        assertTrue(err.toString().contains("drop --engine flink"), err.toString());
        err = new StringWriter();
        assertEquals(1, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "evaluate", "nab", "--data", nab.toString(),
                "--engine", "flink", "--parallelism", "0"));
        assertTrue(err.toString().contains("--parallelism 0: expected 1 or more"), err.toString());

        // random: random.seed(42) per file, one uniform(0, 1) per row, 12 digits
        run("evaluate", "nab", "--data", nab.toString(), "--out", results.toString(), "--baseline", "random");
        List<String> rnd = Files.readAllLines(results.resolve("artificialWithAnomaly/random_spike.csv"));
        dev.lookahead.nab.baseline.PythonRandom r = new dev.lookahead.nab.baseline.PythonRandom(42);
        for (int i = 1; i <= 3; i++)
            assertEquals(String.valueOf(dev.lookahead.nab.baseline.PythonNumerics.str12(r.random())), rnd.get(i).split(",")[2]);
    }
}
