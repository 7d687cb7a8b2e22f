package dev.lookahead.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lookahead.report.PngCharts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code generate --recipe rig|daily} then {@code evaluate labelled} end to end on small sets, and
 * {@code report --labels} on what it scored. Asserts the layout and the report's fields, not the current
 * detector's quality (issue 14 rewrites the scoring; its tests assert the numbers).
 */
class LabelledEvaluateCommandTest {

    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void rigEndToEndJsonHasEveryMetricPerSeriesPerKindAndOverall(@TempDir Path dir) throws IOException {
        Path rig = dir.resolve("rig");
        assertEquals(0, run("generate", "--recipe", "rig", "--keys", "5", "--length", "1000", "--out", rig.toString()), err.toString());
        assertTrue(Files.isRegularFile(rig.resolve("train/rig-train.csv")), "the fault-free training recording");
        try (Stream<String> lines = Files.lines(rig.resolve("train/rig-train.csv"))) {
            assertEquals(10_801, lines.count(), "three hours at 1 Hz and a header");
        }
        Path report = dir.resolve("rig.json");
        assertEquals(0, run("evaluate", "labelled", rig.toString(), "--json", report.toString()), err.toString());
        assertTrue(out.toString().contains("LEVEL_SHIFT") && out.toString().contains("overall"), out.toString());
        JsonNode j = json(report);
        assertEquals("base:1", j.get("model_version").asText());
        JsonNode overall = j.get("overall");
        for (String f : List.of("series", "rows", "labelled_rows", "flagged_rows", "tp", "fp", "fn", "tn", "precision", "recall",
                "f1", "far", "mar", "windows", "windows_detected", "event_recall", "openings", "false_alarms",
                "false_alarms_per_10k", "delay", "nab"))
            assertTrue(overall.has(f), "overall." + f + " in " + overall);
        assertEquals(5_000, overall.get("rows").asLong());
        assertEquals(5, overall.get("windows").asInt());
        assertEquals(overall.get("rows").asLong(), overall.get("tp").asLong() + overall.get("fp").asLong()
                + overall.get("fn").asLong() + overall.get("tn").asLong());
        for (String p : List.of("standard", "reward_low_FP_rate", "reward_low_FN_rate")) assertTrue(overall.get("nab").has(p), p);
        assertTrue(overall.get("delay").get("rows").has("median") && overall.get("delay").get("seconds").has("max"));
        List<String> kinds = new ArrayList<>();
        j.get("kinds").fieldNames().forEachRemaining(kinds::add);
        assertEquals(List.of("LEVEL_SHIFT", "DRIFT", "CROSS_CHANNEL_BREAK", "VARIANCE_CHANGE", "FLATLINE"), kinds);
        assertTrue(j.get("no_anomaly").isNull());
        assertEquals(5, j.get("series").size());
        long labelled = 0;
        for (JsonNode s : j.get("series")) {
            JsonNode w = s.get("windows").get(0);
            assertEquals(1, s.get("windows").size());
            assertTrue(w.get("channels").size() >= 1 && w.has("detected") && w.has("delay_rows"), w.toString());
            labelled += w.get("end_row").asInt() - w.get("start_row").asInt() + 1;
            assertEquals(j.get("kinds").get(w.get("kind").asText()).get("labelled_rows").asLong(), s.get("metrics").get("labelled_rows").asLong());
        }
        assertEquals(labelled, overall.get("labelled_rows").asLong(), "every labelled row counted once");
    }

    @Test
    void historyIsScoredFirstAndNotCountedAndAKeyWithHistoryFindsMoreFaults(@TempDir Path dir) throws IOException {
        Path rig = dir.resolve("rig");
        assertEquals(0, run("generate", "--recipe", "rig", "--keys", "5", "--length", "1000", "--out", rig.toString()), err.toString());
        Path fresh = dir.resolve("fresh.json"), after = dir.resolve("after.json");
        assertEquals(0, run("evaluate", "labelled", rig.toString(), "--json", fresh.toString()), err.toString());
        assertEquals(0, run("evaluate", "labelled", rig.toString(), "--history", rig.resolve("train/rig-train.csv").toString(),
                "--json", after.toString()), err.toString());
        assertTrue(out.toString().contains("each key first shown 10,800 rows of"), out.toString());
        JsonNode f = json(fresh).get("overall"), a = json(after).get("overall");
        assertEquals(5_000, a.get("rows").asLong(), "the history's rows are not counted");
        assertEquals(rig.resolve("train/rig-train.csv").toString(), json(after).get("history").asText());
        assertTrue(a.get("windows_detected").asInt() > f.get("windows_detected").asInt(),
                "a key that has seen normal operation finds more faults: " + a.get("windows_detected") + " vs " + f.get("windows_detected"));
        assertTrue(a.get("windows_detected").asInt() >= 3, "faults found after history: " + a.get("windows_detected"));

        Path other = dir.resolve("other.csv");
        Files.writeString(other, "timestamp,x\n2024-01-01 00:00:00,1\n2024-01-01 00:00:01,2\n");
        assertEquals(Main.EXIT_BAD_INPUT, run("evaluate", "labelled", rig.toString(), "--history", other.toString()));
        assertTrue(err.toString().contains("--history has no channel"), err.toString());
    }

    /**
     * {@code --one-key}: recordings made at the same times (as a lab's runs often are, each from its clock's zero)
     * are joined as one key's runs, each moved to start a new run after the one before, so no reading is dropped as
     * late; recordings of other channels are not one key's.
     */
    @Test
    void oneKeysRecordingsThatOverlapInTimeAreJoinedAsRunsAndRecordingsOfOtherChannelsAreRefused(@TempDir Path dir) throws IOException {
        Path data = Files.createDirectories(dir.resolve("runs"));
        StringBuilder a = new StringBuilder("timestamp,x,y,label\n"), b = new StringBuilder("timestamp,x,y,label\n");
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 600; i++) {
            String t = String.format(java.util.Locale.ROOT, "2024-01-01 00:%02d:%02d", i / 60, i % 60);
            a.append(String.format(java.util.Locale.ROOT, "%s,%.4f,%.4f,%d%n", t, random.nextGaussian(), random.nextGaussian(), i >= 500 ? 1 : 0));
            b.append(String.format(java.util.Locale.ROOT, "%s,%.4f,%.4f,%d%n", t, random.nextGaussian(), 8 + random.nextGaussian(), i >= 400 && i < 450 ? 1 : 0));
        }
        Files.writeString(data.resolve("a.csv"), a);
        Files.writeString(data.resolve("b.csv"), b);
        Path scored = dir.resolve("scored"), report = dir.resolve("one.json");
        assertEquals(0, run("evaluate", "labelled", data.toString(), "--one-key", "--scored", scored.toString(), "--json", report.toString()), err.toString());
        assertTrue(out.toString().contains("the series as one key's runs in time order"), out.toString());
        assertEquals(1_200, json(report).get("overall").get("rows").asLong());
        assertEquals("true", json(report).get("one_key").asText());
        for (String series : List.of("a.csv", "b.csv")) {
            List<String> rows = Files.readAllLines(scored.resolve(series));
            int dropReason = List.of(rows.get(0).split(",")).indexOf("drop_reason");
            assertEquals(601, rows.size(), series);
            for (String row : rows.subList(1, rows.size()))
                assertEquals("", row.split(",", -1)[dropReason], series + ": no reading dropped: " + row);
        }
        assertTrue(Files.readAllLines(scored.resolve("b.csv")).get(1).contains("warmup"),
                "the second recording starts a new run, its recurrent state warming up again");

        Files.writeString(data.resolve("c.csv"), "timestamp,x,z,label\n2024-01-02 00:00:00,1,2,0\n2024-01-02 00:00:01,1,2,1\n");
        assertEquals(Main.EXIT_BAD_INPUT, run("evaluate", "labelled", data.toString(), "--one-key"));
        assertTrue(err.toString().contains("--one-key: series c has channels [x, z]"), err.toString());
    }

    /** {@code score --one-key} scores a directory's recordings as {@code evaluate labelled --one-key} does: the same rows. */
    @Test
    void scoreAndEvaluateJudgeOneKeysRecordingsAlike(@TempDir Path dir) throws IOException {
        Path rig = dir.resolve("rig"), evaluated = dir.resolve("evaluated"), scored = dir.resolve("scored");
        assertEquals(0, run("generate", "--recipe", "rig", "--keys", "4", "--length", "1000", "--out", rig.toString()), err.toString());
        assertEquals(0, run("evaluate", "labelled", rig.toString(), "--one-key", "--scored", evaluated.toString()), err.toString());
        assertEquals(0, run("score", rig.resolve("data").toString(), "--one-key", "--out", scored.toString()), err.toString());
        assertTrue(err.toString().contains("scored 4000 points of 1 key(s)"), err.toString());
        for (int k = 0; k < 4; k++) {
            String file = String.format(java.util.Locale.ROOT, "rig-%02d.csv", k);
            List<String> a = Files.readAllLines(evaluated.resolve(file)), b = Files.readAllLines(scored.resolve(file));
            assertEquals(1001, b.size(), file);
            // the incident ids name the key, here the directory each command was given
            int id = List.of(a.get(0).split(",")).indexOf("incident_id");
            for (int i = 0; i < a.size(); i++)
                assertEquals(withoutField(a.get(i), id), withoutField(b.get(i), id), file + " row " + i);
        }
        assertEquals(0, run("score", rig.resolve("data").toString(), "--out", dir.resolve("alone").toString()), err.toString());
        assertTrue(err.toString().contains("(--one-key)"), "what a user is told: " + err);
    }

    @Test
    void aHistoryRecordedApartIsFollowedAsAPauseAndOneRecordedJustBeforeAsItsContinuation(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("data"), hist = dir.resolve("history.csv");
        String history = historyAndSeries(dir, 400, 100, 1_600_000_400L, 0, new java.util.SplittableRandom(7)::nextGaussian);
        // recorded up to one second before the series: its continuation, no pause
        Path scored = dir.resolve("continued");
        assertEquals(0, run("evaluate", "labelled", data.toString(), "--history", hist.toString(), "--scored", scored.toString()), err.toString());
        assertTrue(!firstFlags(scored.resolve("s.csv")).contains("reset"), firstFlags(scored.resolve("s.csv")));
        // recorded over the same seconds as the series, so another run: moved to end a pause before it, which restarts the recurrent state
        Files.writeString(hist, history.replace("1600000", "1600001"));
        scored = dir.resolve("apart");
        assertEquals(0, run("evaluate", "labelled", data.toString(), "--history", hist.toString(), "--scored", scored.toString()), err.toString());
        assertTrue(firstFlags(scored.resolve("s.csv")).contains("reset"), firstFlags(scored.resolve("s.csv")));
        // the history kept beside the series, as SKAB ships its fault-free recording: the history, not a series
        Files.copy(hist, data.resolve("history.csv"));
        // left in DIR without --history, it has no labels: the error says what to pass
        assertEquals(Main.EXIT_BAD_INPUT, run("evaluate", "labelled", data.toString()));
        assertTrue(err.toString().contains("has no labels") && err.toString().contains("pass it as --history " + data.resolve("history.csv")),
                err.toString());
        Path json = dir.resolve("beside.json");
        assertEquals(0, run("evaluate", "labelled", data.toString(), "--history", data.resolve("history.csv").toString(), "--json", json.toString()), err.toString());
        assertEquals(100, json(json).get("overall").get("rows").asLong(), "only the series' rows");
        // and the report of the scored series, its labels read from beside that history, in subdirectories as 'score' writes them
        Path nested = dir.resolve("scored-nested/site-1");
        Files.createDirectories(nested);
        Files.copy(scored.resolve("s.csv"), nested.resolve("s.csv"));
        Path report = dir.resolve("report");
        assertEquals(0, run("report", dir.resolve("scored-nested").toString(), "--labels", data.toString(), "--out", report.toString()), err.toString());
        assertTrue(Files.exists(report.resolve("site-1/s.png")), "a PNG per key, under the key's path");
        assertTrue(Files.readString(report.resolve("index.html")).contains("site-1/s"), "the key is its path under the scored directory");
    }

    /**
     * A history recorded over the same seconds as the series is another run: moved to end new-run-after-ms (a day)
     * before the series, which is then a new run anchored on its own level. A series four noise sigmas up on one
     * channel is judged against where it runs; with new runs off, against the history's level, it is one incident.
     */
    @Test
    void aHistoryRecordedApartIsFollowedAsANewRunAtItsOwnLevel(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("data"), hist = dir.resolve("history.csv"), json = dir.resolve("run.json");
        historyAndSeries(dir, 2000, 600, 1_600_001_000L, 4, new java.util.Random(7)::nextGaussian);
        assertEquals(0, run("evaluate", "labelled", data.toString(), "--history", hist.toString(), "--json", json.toString()), err.toString());
        assertEquals(0, json(json).get("overall").get("flagged_rows").asInt(), "a new run at its own level: " + json(json).get("overall"));
        assertEquals(0, run("evaluate", "labelled", data.toString(), "--history", hist.toString(), "--new-run-after-ms", "0", "--json", json.toString()),
                err.toString());
        assertTrue(json(json).get("overall").get("flagged_rows").asInt() > 500, "against the history's level: " + json(json).get("overall"));
    }

    /**
     * Writes DIR/history.csv, one row a second from 1,600,000,000 s, and DIR/data/s.csv from {@code seriesStart}, both
     * of channels a (about 10, the series' {@code offset} up) and b (about 5) with unit noise, the series labelled on
     * the middle tenth of its rows from its middle on. Returns the history's text.
     */
    private static String historyAndSeries(Path dir, int historyRows, int seriesRows, long seriesStart, double offset,
                                           java.util.function.DoubleSupplier noise) throws IOException {
        StringBuilder history = new StringBuilder("timestamp,a,b\n"), series = new StringBuilder("timestamp,a,b,anomaly\n");
        for (int i = 0; i < historyRows; i++)
            history.append(String.format(java.util.Locale.ROOT, "%d,%.4f,%.4f%n", 1_600_000_000L + i, 10 + noise.getAsDouble(), 5 + noise.getAsDouble()));
        int from = seriesRows / 2, to = from + seriesRows / 10;
        for (int i = 0; i < seriesRows; i++)
            series.append(String.format(java.util.Locale.ROOT, "%d,%.4f,%.4f,%d%n", seriesStart + i, 10 + offset + noise.getAsDouble(),
                    5 + noise.getAsDouble(), i >= from && i < to ? 1 : 0));
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/s.csv"), series);
        Files.writeString(dir.resolve("history.csv"), history);
        return history.toString();
    }

    /** The flags column of a scored CSV's first row. */
    private static String firstFlags(Path scored) throws IOException {
        List<String> lines = Files.readAllLines(scored);
        List<String> header = List.of(lines.get(0).split(","));
        return lines.get(1).split(",", -1)[header.indexOf("flags")];
    }

    @Test
    void dailyEndToEndCountsTheNoAnomalySeriesApart(@TempDir Path dir) throws IOException {
        Path daily = dir.resolve("daily");
        assertEquals(0, run("generate", "--recipe", "daily", "--keys", "10", "--length", "1728", "--out", daily.toString()), err.toString());
        Path report = dir.resolve("daily.json");
        assertEquals(0, run("evaluate", "labelled", daily.toString(), "--json", report.toString()), err.toString());
        JsonNode j = json(report);
        List<String> kinds = new ArrayList<>();
        j.get("kinds").fieldNames().forEachRemaining(kinds::add);
        assertEquals(List.of("PHASE_SHIFT", "MISSED_RISE", "FLAT_MIDDLE"), kinds);
        assertEquals(4, j.get("no_anomaly").get("series").asInt(), "two normal daily series and two without seasonality");
        assertEquals(0, j.get("no_anomaly").get("windows").asInt());
        assertTrue(j.get("no_anomaly").get("recall").isNull(), "nothing to recall");
        assertEquals(6, j.get("overall").get("windows").asInt());
    }

    @Test
    void theScoresDoNotDependOnTheLabels(@TempDir Path dir) throws IOException {
        Path rig = dir.resolve("rig");
        assertEquals(0, run("generate", "--recipe", "rig", "--keys", "2", "--length", "1000", "--out", rig.toString()), err.toString());
        assertEquals(0, run("evaluate", "labelled", rig.toString(), "--scored", dir.resolve("a").toString()), err.toString());
        for (String k : List.of("rig-00", "rig-01"))   // every row labelled instead
            Files.writeString(rig.resolve("labels/" + k + ".csv"), "start,end\n2000-01-01 00:00:00,2099-01-01 00:00:00\n");
        assertEquals(0, run("evaluate", "labelled", rig.toString(), "--scored", dir.resolve("b").toString()), err.toString());
        for (String k : List.of("rig-00", "rig-01"))
            assertArrayEquals(Files.readAllBytes(dir.resolve("a/" + k + ".csv")), Files.readAllBytes(dir.resolve("b/" + k + ".csv")), k);
    }

    @Test
    void reportShadesEachLabelledWindowFoundOrMissedInTheSvgAndThePng(@TempDir Path dir) throws IOException {
        Path daily = dir.resolve("daily"), scored = dir.resolve("scored"), html = dir.resolve("report");
        assertEquals(0, run("generate", "--recipe", "daily", "--keys", "6", "--length", "1728", "--out", daily.toString()), err.toString());
        assertEquals(0, run("evaluate", "labelled", daily.toString(), "--scored", scored.toString(), "--json", dir.resolve("e.json").toString()), err.toString());
        assertEquals(0, run("report", scored.toString(), "--labels", daily.toString(), "--out", html.toString()), err.toString());
        String page = Files.readString(html.resolve("index.html"));
        JsonNode j = json(dir.resolve("e.json"));
        for (JsonNode s : j.get("series")) {
            String key = s.get("key").asText();
            int start = page.indexOf("<svg class=\"chart\" data-key=\"" + key + "\"");
            String svg = page.substring(start, page.indexOf("</svg>", start));
            boolean found = s.get("windows").get(0).get("detected").asBoolean();
            Matcher m = Pattern.compile("<rect class=\"labelled (found|missed)\"").matcher(svg);
            int rects = 0;
            while (m.find()) {
                rects++;
                assertEquals(found ? "found" : "missed", m.group(1), key);
            }
            assertEquals(2, rects, key + ": the window shaded in the value panel and the score panel");
            BufferedImage png = ImageIO.read(html.resolve(key + ".png").toFile());
            assertTrue(hasColour(png, found ? PngCharts.FOUND : PngCharts.MISSED), key + ".png shades its window");
            assertFalse(hasColour(png, found ? PngCharts.MISSED : PngCharts.FOUND), key + ".png has one window, shaded one way");
        }
        assertTrue(page.contains("<th>labelled windows</th><th>missed</th>"), "the summary counts windows");
    }

    @Test
    void helpDocumentsTheRecipesAndTheLabelConventions() {
        assertEquals(0, run("generate", "--help"));
        assertTrue(out.toString().contains("rig:") && out.toString().contains("daily:") && out.toString().contains("OUT/labels/<key>.csv"), out.toString());
        assertEquals(0, run("evaluate", "labelled", "--help"));
        assertTrue(out.toString().contains("DIR/labels/<key>.csv") && out.toString().contains("label column"), out.toString());
        assertEquals(Main.EXIT_BAD_INPUT, run("generate", "--recipe", "rig", "--length", "500", "--out", "unused"));
        assertTrue(err.toString().contains("at least 1000 rows"), err.toString());
    }

    private static final int LEGEND = 30;   // the legend's band at the foot of a PNG chart (its swatches about 10 px up)

    /** Whether the panels show colour {@code c}: the legend, whose swatches show both shades, is left out. */
    private static boolean hasColour(BufferedImage img, Color c) {
        for (int y = 0; y < img.getHeight() - LEGEND; y++)
            for (int x = 0; x < img.getWidth(); x++)
                if (img.getRGB(x, y) == c.getRGB()) return true;
        return false;
    }

    private static String withoutField(String line, int field) {
        List<String> f = new java.util.ArrayList<>(List.of(line.split(",", -1)));
        f.remove(field);
        return String.join(",", f);
    }
}
