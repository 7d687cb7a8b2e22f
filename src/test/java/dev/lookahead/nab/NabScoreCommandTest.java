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
}
