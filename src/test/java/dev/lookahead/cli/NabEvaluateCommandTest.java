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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code evaluate nab} on a tiny NAB-shaped corpus built here: results layout, labels only in the output, scores printed. */
class NabEvaluateCommandTest {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Test
    void writesNabsLayoutAndScoresIt(@TempDir Path nab) throws Exception {
        LocalDateTime t0 = LocalDateTime.of(2014, 4, 1, 0, 0);
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 1200; i++)
            csv.append(t0.plusMinutes(5L * i).format(TS)).append(',').append(10 + Math.sin(i / 8.0) + (i == 900 ? 8 : 0)).append('\n');
        Files.createDirectories(nab.resolve("data/artificialWithAnomaly"));
        Files.writeString(nab.resolve("data/artificialWithAnomaly/spike.csv"), csv);
        Files.createDirectories(nab.resolve("labels"));
        Files.writeString(nab.resolve("labels/combined_windows.json"), "{\"artificialWithAnomaly/spike.csv\": [[\""
                + t0.plusMinutes(5L * 880).format(TS) + ".000000\", \"" + t0.plusMinutes(5L * 920).format(TS) + ".000000\"]]}");
        StringWriter out = new StringWriter(), err = new StringWriter();
        Path results = nab.resolve("results");
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "evaluate", "nab", "--data", nab.toString(), "--out", results.toString(),
                "--score-source", "onset");
        assertEquals(0, code, err.toString());
        List<String> lines = Files.readAllLines(results.resolve("artificialWithAnomaly/lookahead_spike.csv"));
        assertEquals("timestamp,value,anomaly_score,label", lines.get(0));
        assertEquals(1201, lines.size());
        assertTrue(lines.get(901).endsWith(",1") && lines.get(100).endsWith(",0"), "labels mark the window rows only");
        assertTrue(out.toString().contains("NAB score"), out.toString());
        // the spike is found at the window's start: a positive standard score on this one-window corpus
        String total = out.toString().lines().filter(l -> l.startsWith("NAB score")).findFirst().orElseThrow();
        double standard = Double.parseDouble(total.trim().split("\\s+")[2]);
        assertTrue(standard > 0, total);

        StringWriter err2 = new StringWriter();
        assertEquals(1, Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err2), "evaluate", "nab", "--data", nab.toString(), "--engine", "flink"));
        assertTrue(err2.toString().contains("--engine flink is not available yet"), err2.toString());
    }
}
