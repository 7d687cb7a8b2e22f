package dev.lookahead.nab;

import dev.lookahead.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading NAB's layout from disk and the {@code evaluate nab-score} command, on a corpus written here. */
class NabScoreCommandTest {

    static final DateTimeFormatter F = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final int ROWS = 100, W_START = 40, W_END = 49;

    @TempDir
    Path dir;

    Path nab, results;

    void writeCorpus() throws IOException {
        nab = dir.resolve("nab");
        results = dir.resolve("results");
        LocalDateTime t0 = LocalDateTime.of(2020, 1, 1, 0, 0);
        Files.createDirectories(nab.resolve("labels"));
        Files.writeString(nab.resolve("labels/combined_windows.json"), "{\n \"catA/one.csv\": [[\"" + F.format(t0.plusMinutes(5L * W_START))
                + ".000000\", \"" + F.format(t0.plusMinutes(5L * W_END)) + ".000000\"]],\n \"catB/two.csv\": []\n}\n");
        for (String series : List.of("catA/one.csv", "catB/two.csv")) {
            Path data = nab.resolve("data").resolve(series);
            Files.createDirectories(data.getParent());
            StringBuilder d = new StringBuilder("timestamp,value\n");
            for (int i = 0; i < ROWS; i++) d.append(F.format(t0.plusMinutes(5L * i))).append(",").append(i).append("\n");
            Files.writeString(data, d);
            for (String det : List.of("perfect", "null", "late")) {
                String cat = series.substring(0, series.indexOf('/')), name = series.substring(series.indexOf('/') + 1);
                Path out = results.resolve(cat).resolve(det + "_" + name);
                Files.createDirectories(out.getParent());
                StringBuilder r = new StringBuilder("timestamp,value,anomaly_score,label\n");
                for (int i = 0; i < ROWS; i++) {
                    boolean inA = series.startsWith("catA");
                    double s = switch (det) {
                        case "perfect" -> inA && i == W_START ? 1 : 0;
                        case "late" -> inA && i == W_END ? 0.9 : 0;
                        default -> 0;
                    };
                    r.append(F.format(t0.plusMinutes(5L * i))).append(",").append(i).append(",").append(s).append(",0\n");
                }
                Files.writeString(out, r);
            }
        }
    }

    String[] run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new String[]{String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void readsTheLayoutAndMatchesTheInMemoryScore() throws IOException {
        writeCorpus();
        List<NabSeries> corpus = NabCorpus.readResults(nab, results, "late");
        assertEquals(2, corpus.size());
        assertEquals(ROWS, corpus.get(0).rows());
        assertEquals(0.9, corpus.get(0).scores()[W_END], 0.0);
        NabScorer.ProfileScore r = NabScorer.score(corpus, NabProfile.STANDARD);
        double expected = Sweeper.scaledSigmoid(-1.0 / (W_END - W_START + 1)) / Sweeper.scaledSigmoid(-1.0);
        assertEquals(expected, r.raw(), 1e-9);
        Map<String, Double> byCat = r.normalizedByCategory(corpus);
        assertEquals(r.normalized(), byCat.get("catA"), 1e-9);
        assertTrue(byCat.get("catB").isNaN());
    }

    @Test
    void commandPrintsNormalisedScores() throws IOException {
        writeCorpus();
        String[] perfect = run("evaluate", "nab-score", "--data", nab.toString(), "--results", results.toString(), "--detector", "perfect");
        assertEquals("0", perfect[0], perfect[2]);
        assertTrue(perfect[1].lines().filter(l -> l.startsWith("standard") || l.startsWith("reward_")).allMatch(l -> l.contains(" 100.00 ")), perfect[1]);
        String[] nul = run("evaluate", "nab-score", "--data", nab.toString(), "--results", results.toString(), "--detector", "null", "--categories");
        assertEquals("0", nul[0], nul[2]);
        assertTrue(nul[1].lines().filter(l -> l.startsWith("standard") || l.startsWith("reward_")).allMatch(l -> l.contains(" 0.00 ")), nul[1]);
        assertTrue(nul[1].contains("catA"), nul[1]);
    }

    @Test
    void missingFilesAreOneLineErrorsWithNonZeroExit() throws IOException {
        writeCorpus();
        String[] r = run("evaluate", "nab-score", "--data", nab.toString(), "--results", results.toString(), "--detector", "nosuch");
        assertNotEquals("0", r[0]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
        assertTrue(r[2].contains("missing"), r[2]);
        Files.writeString(results.resolve("catA/null_one.csv"), "timestamp,value,anomaly_score,label\n2020-01-01 00:00:00,1,0,0\n");
        r = run("evaluate", "nab-score", "--data", nab.toString(), "--results", results.toString(), "--detector", "null");
        assertNotEquals("0", r[0]);
        assertTrue(r[2].contains("rows"), r[2]);
        r = run("evaluate", "nab-score", "--data", dir.resolve("nope").toString(), "--results", results.toString(), "--detector", "null");
        assertNotEquals("0", r[0]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
    }

    /** A fixed threshold and the per-file table (NAB's *_scores.csv columns): row counts over scorable rows only. */
    @Test
    void fixedThresholdAndPerFileCounts() throws IOException {
        writeCorpus();
        int scorable = ROWS - Sweeper.probationaryLength(ROWS), inWindow = W_END - W_START + 1;
        String[] above = run("evaluate", "nab-score", "--data", nab.toString(), "--results", results.toString(), "--detector", "late",
                "--threshold", "0.95", "--files");
        assertEquals("0", above[0], above[2]);
        assertTrue(above[1].lines().anyMatch(l -> l.startsWith("standard") && l.contains(" 0.00 ")), "nothing flagged at 0.95: null score\n" + above[1]);
        String[] at = run("evaluate", "nab-score", "--data", nab.toString(), "--results", results.toString(), "--detector", "late",
                "--threshold", "0.9", "--files");
        assertEquals("0", at[0], at[2]);
        List<String> rows = at[1].lines().dropWhile(l -> !l.startsWith("standard at threshold 0.900000")).toList();
        String one = rows.stream().filter(l -> l.startsWith("catA/one.csv")).findFirst().orElseThrow(() -> new AssertionError(at[1]));
        String[] f = one.trim().split("\\s+");
        double expected = Sweeper.scaledSigmoid(-1.0 / inWindow) / Sweeper.scaledSigmoid(-1.0);   // the window's last row, tpWeight 1
        assertEquals(expected, Double.parseDouble(f[1]), 1e-6);
        assertEquals(List.of("1", "0", String.valueOf(inWindow - 1), String.valueOf(scorable - inWindow)), List.of(f[2], f[3], f[4], f[5]));
        String two = rows.stream().filter(l -> l.startsWith("catB/two.csv")).findFirst().orElseThrow();
        assertTrue(two.trim().matches(".*\\s0\\s+0\\s+0\\s+" + scorable + "\\s+0\\.900000"), two);
    }

    /** Each file at its own best threshold: the file table names each one, and a fixed threshold cannot be given too. */
    @Test
    void perFileOptimumNamesEachFilesThreshold() throws IOException {
        writeCorpus();
        String[] each = run("evaluate", "nab-score", "--data", nab.toString(), "--results", results.toString(), "--detector", "late",
                "--per-file-optimum", "--files");
        assertEquals("0", each[0], each[2]);
        assertTrue(each[1].lines().anyMatch(l -> l.startsWith("standard") && l.contains(" per file ")), each[1]);
        String one = each[1].lines().dropWhile(l -> !l.startsWith("standard at threshold per file"))
                .filter(l -> l.startsWith("catA/one.csv")).findFirst().orElseThrow(() -> new AssertionError(each[1]));
        assertTrue(one.trim().endsWith(" 0.900000"), one);
        String[] both = run("evaluate", "nab-score", "--data", nab.toString(), "--results", results.toString(), "--detector", "late",
                "--per-file-optimum", "--threshold", "0.5");
        assertEquals("2", both[0], both[1]);
        assertTrue(both[2].contains("--per-file-optimum and --threshold exclude each other"), both[2]);
    }
}
