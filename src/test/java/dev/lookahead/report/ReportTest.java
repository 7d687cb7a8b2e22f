package dev.lookahead.report;

import dev.lookahead.cli.Main;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.io.ScoredCsvWriter;
import dev.lookahead.io.TimestampFormat;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.runner.DirectRunner;
import dev.lookahead.runner.ScoredRows;
import dev.lookahead.synthetic.InjectedAnomaly;
import dev.lookahead.synthetic.LabelledSeries;
import dev.lookahead.synthetic.SyntheticStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report of a generated, scored series: PNGs that decode and show the series and its anomalies; HTML a real browser renders. */
class ReportTest {

    /** A two-channel series with two spikes, scored by the direct runner and written as 'score' writes it. */
    private static int scoredFixture(Path csv) throws Exception {
        LabelledSeries s = SyntheticStream.builder(42).key("pump-7").length(1500).interval(60_000).level(40)
                .seasonal(96, 3).noise(0.2).channels(2).correlated(true)
                .anomaly(InjectedAnomaly.spike(700, 4)).anomaly(InjectedAnomaly.spike(1100, 4)).generate();
        Outcome[] out = new DirectRunner(ModelSnapshots.bundled(), DetectorConfig.defaults()).run(s.key(), s.channels(), s.times(), s.values());
        int anomalous = 0;
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            ScoredCsvWriter c = new ScoredCsvWriter(w, s.channels(), TimestampFormat.ISO);
            c.writeHeader();
            for (int i = 0; i < out.length; i++) {
                c.writeRow(ScoredRows.of(out[i], s.values()[i]));
                if (out[i] instanceof PointResult p && p.anomaly()) anomalous++;
            }
        }
        return anomalous;
    }

    private static int run(StringWriter err, String... args) {
        return Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
    }

    private static boolean hasColour(BufferedImage img, Color c) {
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = 0; x < img.getWidth(); x++) {
                Color p = new Color(img.getRGB(x, y));
                if (Math.abs(p.getRed() - c.getRed()) + Math.abs(p.getGreen() - c.getGreen()) + Math.abs(p.getBlue() - c.getBlue()) < 12) return true;
            }
        return false;
    }

    @Test
    void pngPerKeyShowsTheSeriesAndMarksItsAnomalies(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("pump-7.csv");
        int anomalous = scoredFixture(csv);
        assertTrue(anomalous > 0, "the fixture has anomalous points to mark");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, "report", csv.toString(), "--out", dir.resolve("r").toString()), err.toString());
        BufferedImage img = ImageIO.read(dir.resolve("r/pump-7.png").toFile());
        assertEquals(PngCharts.WIDTH, img.getWidth());
        assertEquals(2 * PngCharts.PANEL + PngCharts.SCORE + 80, img.getHeight(), "two channel panels and the score panel");
        assertTrue(hasColour(img, PngCharts.ACTUAL), "the actual series is drawn");
        assertTrue(hasColour(img, PngCharts.ANOMALY), "anomalies are marked");
        assertTrue(hasColour(img, PngCharts.SCORE_COLOUR), "the score is drawn");

        // a series without anomalies has no anomaly colour: the check above can fail
        List<String> lines = Files.readAllLines(csv);
        StringBuilder quiet = new StringBuilder(lines.get(0)).append('\n');
        int flag = List.of(lines.get(0).split(",")).indexOf("anomaly");
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split(",", -1);
            f[flag] = "0";
            quiet.append(String.join(",", f)).append('\n');
        }
        Path q = dir.resolve("quiet.csv");
        Files.writeString(q, quiet);
        assertEquals(0, run(new StringWriter(), "report", q.toString(), "--out", dir.resolve("q").toString(), "--threshold", "2"));
        assertTrue(!hasColour(ImageIO.read(dir.resolve("q/quiet.png").toFile()), PngCharts.ANOMALY), "no anomaly marks without anomalies");
    }

    private static Path chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome"))
            for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path p = Path.of(d, name);
                if (Files.isExecutable(p)) return p;
            }
        return null;
    }

    @Test
    void htmlRendersInAHeadlessBrowserWithOneMarkerPerAnomalousPointOnTheChannelThatDeviated(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("pump-7.csv");
        int anomalous = scoredFixture(csv);
        assertEquals(0, run(new StringWriter(), "report", csv.toString(), "--out", dir.resolve("r").toString()));
        String html = Files.readString(dir.resolve("r/index.html"));
        assertTrue(!html.contains("http://") || html.indexOf("http://") == html.indexOf("http://www.w3.org/2000/svg"), "no network references");
        assertTrue(html.contains("<path class=\"usual\" d=\"M"), "where the deviating channel should have been, through its anomalies");
        Path browser = chromium();
        Assumptions.assumeTrue(browser != null, "no chromium on PATH (Debian package chromium; .ci/run installs it where it can): browser check skipped");
        Process p = new ProcessBuilder(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                dir.resolve("r/index.html").toUri().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s");
        }
        assertTrue(dom.contains("data-charts-rendered=\"1\""), "the page's script saw one laid-out chart");
        Matcher m = Pattern.compile("data-rendered=\"(\\d+)\"").matcher(dom);
        assertTrue(m.find() && Integer.parseInt(m.group(1)) > SvgChart.WIDTH / 2, "the actual series spans the chart");
        // two channels: a dot on the channel that deviated most, a ring on the other
        int dots = dom.split("<circle class=\"anomaly\"", -1).length - 1, rings = dom.split("<circle class=\"anomaly-other\"", -1).length - 1;
        assertEquals(anomalous, dots, "one dot per anomalous point");
        assertEquals(anomalous, rings, "one ring per anomalous point on its other channel");
        assertEquals(anomalous, dom.split(", deviated: ", -1).length - 1 - rings, "each dot names its channel");
    }

    @Test
    void aFileThatIsNotAScoredCsvFailsWithOneLine(@TempDir Path dir) throws Exception {
        Path raw = dir.resolve("raw.csv");
        Files.writeString(raw, "timestamp,value\n2014-04-01 00:00:00,1\n");
        StringWriter err = new StringWriter();
        assertEquals(1, run(err, "report", raw.toString(), "--out", dir.resolve("r").toString()));
        assertTrue(err.toString().contains("raw.csv:1: not a scored CSV"), err.toString());
    }

    @Test
    void twoChannelLegendListsEachEntryOnce(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("pump-7.csv");
        assertTrue(scoredFixture(csv) > 0, "the fixture has anomalous points, so the legend has the anomalous entry");
        ScoredSeries series = ScoredSeriesReader.read(csv).get(0);
        assertEquals(2, series.channels().size());
        List<String> legend = new java.util.ArrayList<>();
        var items = PngCharts.chart(series, 0.5, List.of(new LabelledSpan(series.times()[10], series.times()[20], "SPIKE")))
                .getXYPlot().getLegendItems().iterator();
        while (items.hasNext()) legend.add(((org.jfree.chart.LegendItem) items.next()).getLabel());
        assertEquals(List.of("forecast ± 2 std", "actual", "anomalous", "anomaly score", "labelled, found", "labelled, missed"), legend);
    }
}
