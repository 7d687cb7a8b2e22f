package dev.lookahead.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged CLI's demo through the real job (its default engine), on a small sample: its scored CSVs, read back
 * from the scored-points topic, name the channel that deviated and where it should be on every anomalous row, and
 * its report draws that level through the anomalies, as the direct runner's do. Failsafe, after {@code package}.
 */
class DemoReportIT {

    private static final Path CLI_JAR = Path.of("target/lookahead.jar");

    @Test
    void theJobsDemoSaysWhichChannelDeviatedAndWhereItShouldBeOnEveryAnomalousRow(@TempDir Path dir) throws Exception {
        assertTrue(Files.isRegularFile(CLI_JAR), CLI_JAR + " was not built (this check runs after package)");
        Path out = dir.resolve("out.txt"), demo = dir.resolve("demo");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-jar", CLI_JAR.toString(), "demo", "--keys", "3", "--length", "1500", "-o", demo.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("demo did not finish in 180 s:\n" + Files.readString(out));
        }
        assertEquals(0, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));

        int anomalous = 0;
        List<Path> csvs;
        try (Stream<Path> s = Files.list(demo.resolve("scored"))) {
            csvs = s.filter(f -> f.toString().endsWith(".csv")).sorted().toList();
        }
        assertEquals(3, csvs.size(), "a scored CSV per sensor: " + csvs);
        for (Path f : csvs) {
            List<String> lines = Files.readAllLines(f);
            List<String> header = List.of(lines.get(0).split(",", -1));
            int flag = header.indexOf("anomaly"), top = header.indexOf("top_channel"), usual = header.indexOf("usual_level");
            assertTrue(top >= 0 && usual >= 0, f + ": " + header);
            for (int i = 1; i < lines.size(); i++) {
                String[] row = lines.get(i).split(",", -1);
                if (!"1".equals(row[flag])) continue;
                anomalous++;
                // one channel's columns are value, forecast, forecast_std whatever the channel's name
                boolean named = header.contains("forecast") ? !row[top].isEmpty() : header.contains(row[top]);
                assertTrue(named, f.getFileName() + " row " + i + " names no channel of the key: " + row[top]);
                assertTrue(Double.isFinite(Double.parseDouble(row[usual])), f.getFileName() + " row " + i + ": no usual level");
            }
        }
        assertTrue(anomalous > 0, "the sample has anomalous rows");
        String html = Files.readString(demo.resolve("report/index.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("<path class=\"usual\" d=\"M"), "the report draws where the channel should be");
    }
}
