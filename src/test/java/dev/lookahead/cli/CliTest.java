package dev.lookahead.cli;

import dev.lookahead.io.CsvReader;
import dev.lookahead.io.CsvSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void helpShowsCommandsAndExamples() {
        assertEquals(0, run("--help"));
        String help = out.toString();
        for (String s : List.of("demo", "score", "train", "generate", "model", "Examples:")) assertTrue(help.contains(s), s + " in\n" + help);
        out.getBuffer().setLength(0);
        assertEquals(0, run("score", "--help"));
        assertTrue(out.toString().contains("lookahead score machine_temperature.csv --out scored.csv"), out.toString());
    }

    @Test
    void trainReadsTheDelimiterAndTimestampColumnThatScoreReads(@TempDir Path dir) throws IOException {
        // SKAB's layout: semicolons, the time in a first column named 'datetime'
        StringBuilder csv = new StringBuilder("datetime;Current;Temperature\n");
        for (int i = 0; i < 400; i++)
            csv.append(String.format(java.util.Locale.ROOT, "2020-02-08 13:%02d:%02d;%.3f;%.3f%n", 30 + i / 60, i % 60,
                    2 + Math.sin(i / 7.0), 70 + Math.cos(i / 11.0)));
        Path in = dir.resolve("anomaly-free.csv");
        Files.writeString(in, csv);
        Path model = dir.resolve("rig.avro");
        assertEquals(0, run("train", in.toString(), "--delimiter", ";", "--timestamp-column", "datetime",
                "--channels", "Current,Temperature", "--epochs", "1", "--window", "16", "--hidden", "8", "--out", model.toString()), err.toString());
        assertTrue(err.toString().contains("1 series (400 points)"), err.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("model", model.toString()), err.toString());
        assertTrue(out.toString().contains("Current") && out.toString().contains("Temperature"), out.toString());
    }

    @Test
    void aSemicolonFileIsEvaluatedWithoutItsDelimiterGiven(@TempDir Path dir) throws IOException {
        // SKAB's layout as shipped: semicolons, 'datetime', the sensors, then 'anomaly' and 'changepoint'; a step at row 500
        StringBuilder csv = new StringBuilder("datetime;Current;Temperature;anomaly;changepoint\n");
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int i = 0; i < 700; i++)
            csv.append(String.format(java.util.Locale.ROOT, "2020-02-08 %02d:%02d:%02d;%.4f;%.4f;%d.0;%d.0%n", 13 + i / 3600, i / 60 % 60, i % 60,
                    2 + 0.05 * nextGaussian(rnd) + (i >= 500 ? 1.0 : 0), 70 + 0.1 * nextGaussian(rnd), i >= 500 ? 1 : 0, i == 500 ? 1 : 0));
        Path data = Files.createDirectories(dir.resolve("valve1"));
        Files.writeString(data.resolve("1.csv"), csv);
        Path json = dir.resolve("eval.json");
        assertEquals(0, run("evaluate", "labelled", data.toString(), "--json", json.toString()), err.toString());
        com.fasterxml.jackson.databind.JsonNode all = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile()).get("overall");
        assertEquals(700, all.get("rows").asInt(), all.toString());
        assertEquals(200, all.get("labelled_rows").asInt(), "the label column read as labels: " + all);
        assertEquals(1, all.get("windows_detected").asInt(), "the step found on the two sensors: " + all);
    }

    @Test
    void aFileWithADayFirstIsScoredAndEvaluatedByTheTimestampFormatGiven(@TempDir Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("Zeit;Druck\n"), labels = new StringBuilder("start,end\n");
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm", java.util.Locale.ROOT);
        java.time.LocalDateTime t0 = java.time.LocalDateTime.of(2021, 3, 1, 0, 0);
        for (int i = 0; i < 900; i++)
            csv.append(f.format(t0.plusMinutes(i))).append(';').append(String.format(java.util.Locale.ROOT, "%.3f%n", 5 + 0.1 * nextGaussian(rnd) + (i == 700 ? 3 : 0)));
        labels.append(f.format(t0.plusMinutes(700))).append(',').append(f.format(t0.plusMinutes(700))).append('\n');
        Path data = Files.createDirectories(dir.resolve("set/data")), labelDir = Files.createDirectories(dir.resolve("set/labels"));
        Files.writeString(data.resolve("pump.csv"), csv);
        Files.writeString(labelDir.resolve("pump.csv"), labels);
        // without the format: the error says which two to give
        assertEquals(Main.EXIT_BAD_INPUT, run("score", data.resolve("pump.csv").toString(), "--out", dir.resolve("x.csv").toString()));
        assertTrue(err.toString().contains("day first: --timestamp-format 'dd.MM.yyyy HH:mm'"), err.toString());
        Path scored = dir.resolve("pump-scored.csv");
        assertEquals(0, run("score", data.resolve("pump.csv").toString(), "--timestamp-format", "dd.MM.yyyy HH:mm", "--out", scored.toString()), err.toString());
        List<String> rows = Files.readAllLines(scored);
        assertEquals(901, rows.size());
        assertTrue(rows.get(701).startsWith("2021-03-01 11:40:00,") && rows.get(701).contains(",1,base:1,"), "the spike at 11:40, flagged: " + rows.get(701));
        Path json = dir.resolve("eval.json");
        assertEquals(0, run("evaluate", "labelled", dir.resolve("set").toString(), "--timestamp-format", "dd.MM.yyyy HH:mm", "--json", json.toString()), err.toString());
        com.fasterxml.jackson.databind.JsonNode all = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile()).get("overall");
        assertEquals(1, all.get("windows_detected").asInt(), "the labels' times read by the same format: " + all);
    }

    @Test
    void aFileOutOfTimeOrderIsSaidToBeSoNotOnlyCountedAsDropped(@TempDir Path dir) throws IOException {
        StringBuilder newestFirst = new StringBuilder("timestamp,value\n"), twoKeys = new StringBuilder("timestamp,value\n");
        for (int i = 599; i >= 0; i--) newestFirst.append(1_600_000_000L + 60L * i).append(',').append(i % 7).append('\n');
        for (int i = 0; i < 300; i++) twoKeys.append(1_600_000_000L + 60L * i).append(",1\n").append(1_600_000_000L + 60L * i).append(",2\n");
        Files.writeString(dir.resolve("export.csv"), newestFirst);
        Files.writeString(dir.resolve("both.csv"), twoKeys);
        assertEquals(0, run("score", dir.resolve("export.csv").toString(), "--out", dir.resolve("a.csv").toString()), err.toString());
        assertTrue(err.toString().contains("599 dropped") && err.toString().contains(
                "note: 599 of 600 rows of export came earlier than a row before them and were dropped: its rows run newest first; sort them oldest first"),
                err.toString());
        err.getBuffer().setLength(0);
        assertEquals(0, run("score", dir.resolve("both.csv").toString(), "--out", dir.resolve("b.csv").toString()), err.toString());
        assertTrue(err.toString().contains("note: 300 of 600 rows of both came at a time the key had already had and were dropped"), err.toString());
        // a stream's few late rows are only counted
        err.getBuffer().setLength(0);
        StringBuilder fewLate = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 600; i++) fewLate.append(1_600_000_000L + 60L * (i % 100 == 50 ? i - 2 : i)).append(",1\n");
        Files.writeString(dir.resolve("stream.csv"), fewLate);
        assertEquals(0, run("score", dir.resolve("stream.csv").toString(), "--out", dir.resolve("c.csv").toString()), err.toString());
        assertTrue(err.toString().contains("6 dropped") && !err.toString().contains("note: 6"), err.toString());
    }

    private static double nextGaussian(java.util.SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /**
     * A multivariate model reads its own channels, in its order, from a file that holds more columns in another order
     * (score, evaluate labelled, compare-models), as a stream key gets them; without that the file's columns were not
     * the model's.
     */
    @Test
    void aMultivariateModelReadsItsChannelsFromAWiderFileInItsOrder(@TempDir Path dir) throws IOException {
        StringBuilder train = new StringBuilder("timestamp,Voltage,Current,Temperature\n"), wide = new StringBuilder("timestamp,Current,Pressure,Temperature,Voltage,anomaly\n");
        for (int i = 0; i < 600; i++) {
            double cur = 2 + Math.sin(i / 7.0), temp = 70 + Math.cos(i / 11.0), volt = 230 + 0.5 * Math.sin(i / 13.0);
            train.append(String.format(java.util.Locale.ROOT, "%d,%.3f,%.3f,%.3f%n", 1_700_000_000_000L + 1000L * i, volt, cur, temp));
            wide.append(String.format(java.util.Locale.ROOT, "%d,%.3f,%.3f,%.3f,%.3f,%d%n", 1_700_000_000_000L + 1000L * i, cur + (i >= 450 ? 1.5 : 0), 0.2, temp, volt, i >= 450 ? 1 : 0));
        }
        Path in = dir.resolve("train.csv"), model = dir.resolve("m.avro");
        Files.writeString(in, train);
        // not in name order on purpose: the model's order is Temperature, Current, Voltage
        assertEquals(0, run("train", in.toString(), "--channels", "Temperature,Current,Voltage", "--epochs", "1", "--window", "16",
                "--hidden", "8", "--out", model.toString()), err.toString());
        Path series = Files.createDirectories(dir.resolve("set")).resolve("pump.csv");
        Files.writeString(series, wide);
        Path scored = dir.resolve("pump-scored.csv");
        assertEquals(0, run("score", series.toString(), "--model", model.toString(), "--out", scored.toString()), err.toString());
        String header = Files.readAllLines(scored).get(0);
        assertTrue(header.startsWith("timestamp,Temperature,Temperature_forecast,Temperature_forecast_std,Current,Current_forecast,"
                + "Current_forecast_std,Voltage,Voltage_forecast,Voltage_forecast_std,raw_score"), header);
        assertEquals(601, Files.readAllLines(scored).size());
        assertEquals(0, run("evaluate", "labelled", dir.resolve("set").toString(), "--model", model.toString()), err.toString());
        assertTrue(out.toString().contains("1 labelled windows"), out.toString());
        // the gate for promoting it: the bundled model and it on the same file, each reading the channels it serves
        out.getBuffer().setLength(0);
        int code = run("compare-models", "--model-b", model.toString(), series.toString());
        assertTrue(code == 0 || code == Main.EXIT_DIFFERENT, "exit " + code + ": " + err);
        assertTrue(out.toString().contains("lstm[Temperature, Current, Voltage]"), out.toString());
    }

    /** A series of a normal state's channels in another column order is scored in the state's order, as the recording's order is. */
    @Test
    void aSeriesOfTheNormalStatesChannelsInAnotherColumnOrderStartsFromIt(@TempDir Path dir) throws IOException {
        StringBuilder rec = new StringBuilder("timestamp,temp,rpm\n"), same = new StringBuilder("timestamp,temp,rpm\n"), swapped = new StringBuilder("timestamp,rpm,temp\n");
        java.util.Random r = new java.util.Random(4);
        double a = 0;
        for (int i = 0; i < 4_000; i++) {
            a = 0.99 * a + 0.1 * r.nextGaussian();
            double temp = 60 + a, rpm = 1500 + 20 * a + r.nextGaussian();
            long t = 1_700_000_000_000L + 1000L * i;
            if (i < 3_000) rec.append(t).append(',').append(temp).append(',').append(rpm).append('\n');
            else {
                double shifted = rpm + (i >= 3_600 ? 8 : 0);   // rpm leaves its relation to temp
                same.append(t).append(',').append(temp).append(',').append(shifted).append('\n');
                swapped.append(t).append(',').append(shifted).append(',').append(temp).append('\n');
            }
        }
        Path recording = dir.resolve("rec.csv"), model = dir.resolve("m.avro");
        Files.writeString(recording, rec);
        assertEquals(0, run("calibrate", recording.toString(), "--out", model.toString()), err.toString());
        Path a1 = Files.createDirectories(dir.resolve("a")).resolve("plant.csv"), b1 = Files.createDirectories(dir.resolve("b")).resolve("plant.csv");
        Files.writeString(a1, same);
        Files.writeString(b1, swapped);
        assertEquals(0, run("score", a1.toString(), "--model", model.toString(), "--out", dir.resolve("a.csv").toString()), err.toString());
        assertEquals(0, run("score", b1.toString(), "--model", model.toString(), "--out", dir.resolve("b.csv").toString()), err.toString());
        List<String> x = Files.readAllLines(dir.resolve("a.csv")), y = Files.readAllLines(dir.resolve("b.csv"));
        assertEquals(x, y, "the swapped file is scored in the recording's order, from its normal state");
        assertTrue(x.get(1).contains("reset"), "its first point starts from the normal state: " + x.get(1));
        assertFalse(err.toString().contains("started from nothing"), err.toString());
    }

    @Test
    void theDemoFindsAndShadesEveryInjectedAnomalyWithNoFalseAlarm(@TempDir Path dir) throws IOException {
        assertEquals(0, run("demo", "--engine", "direct", "--out", dir.toString()), err.toString());
        String html = Files.readString(dir.resolve("report/index.html"));
        assertTrue(html.contains("Labelled windows are shaded"), "the report says what the shading means");
        // the sample's 13 injected anomalies, each key's row giving its windows and how many were missed (none)
        int windows = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("</td><td>(\\d+)</td><td>(\\d+)</td><td>base:").matcher(html);
        while (m.find()) {
            windows += Integer.parseInt(m.group(1));
            assertEquals("0", m.group(2), "no injected anomaly missed");
        }
        assertEquals(13, windows, html);
        // and no false alarm among them (issue 14: 13 of 13, precision at least 0.95)
        assertTrue(out.toString().contains("Injected anomalies detected: recall 1.00, precision 1.00."), out.toString());
    }

    @Test
    void badInputExitsNonZeroWithOneLineNamingTheProblem(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "timestamp,value\n2020-01-01 00:00:00,1.0\n2020-01-01 00:05:00,oops\n");
        assertEquals(Main.EXIT_BAD_INPUT, run("score", bad.toString(), "--out", dir.resolve("o.csv").toString()));
        String msg = err.toString().strip();
        assertEquals(1, msg.lines().count(), msg);
        assertTrue(msg.startsWith("lookahead score: error: ") && msg.contains(":3:") && msg.contains("oops"), msg);

        err.getBuffer().setLength(0);
        Path missing = dir.resolve("nocol.csv");
        Files.writeString(missing, "time,value\n2020-01-01 00:00:00,1.0\n");
        assertEquals(Main.EXIT_BAD_INPUT, run("score", missing.toString(), "--timestamp-column", "timestamp"));
        assertTrue(err.toString().contains("timestamp") && err.toString().contains(":1:"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(Main.EXIT_BAD_INPUT, run("score", bad.toString(), "--threshold", "2"));
        assertEquals("lookahead score: error: config: detector.threshold (from --threshold): '2' is not allowed; expected a number in (0, 1]", err.toString().strip());

        err.getBuffer().setLength(0);
        assertEquals(2, run("score", bad.toString(), "--no-such-flag"));
        assertTrue(err.toString().contains("Unknown option: '--no-such-flag'"), err.toString());
    }

    @Test
    void unsortedTimestampsAreDroppedWithAReasonNotLost(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("k.csv");
        StringBuilder b = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 200; i++) b.append(1_600_000_000_000L + 60_000L * (i == 150 ? 140 : i)).append(',').append(Math.sin(i / 5.0)).append('\n');
        Files.writeString(f, b.toString());
        Path o = dir.resolve("o.csv");
        assertEquals(0, run("score", f.toString(), "--out", o.toString()), err.toString());
        List<String> lines = Files.readAllLines(o);
        assertEquals(201, lines.size());
        assertTrue(lines.get(151).contains("out of order: 540000 ms before the key's last point"), lines.get(151));
    }

    /**
     * A recording shipped as numbers only (no header, no timestamps): every row is scored, its times are its rows one
     * second apart, written so that the report reads them back, and the command says so. With a label column and no
     * timestamps, the evaluation is that of the same rows with times one second apart.
     */
    @Test
    void aFileWithoutAHeaderOrTimestampsIsScoredRowByRow(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("m.txt");
        StringBuilder b = new StringBuilder();
        StringBuilder labelled = new StringBuilder("value,is_anomaly\n"), timed = new StringBuilder("timestamp,value,is_anomaly\n");
        for (int i = 0; i < 400; i++) {
            double v = Math.sin(i / 5.0) + (i == 300 ? 6 : 0);
            b.append(v).append(',').append(2 * Math.sin(i / 5.0)).append('\n');
            labelled.append(v).append(',').append(i == 300 ? 1 : 0).append('\n');
            timed.append(i).append(',').append(v).append(',').append(i == 300 ? 1 : 0).append('\n');
        }
        Files.writeString(f, b.toString());
        Path o = dir.resolve("o.csv");
        assertEquals(0, run("score", f.toString(), "--out", o.toString()), err.toString());
        assertTrue(err.toString().contains("scored 400 points of 1 key(s)") && err.toString().contains("0 dropped")
                && err.toString().contains("1 series without timestamps: each one's rows are read one second apart"), err.toString());
        List<String> lines = Files.readAllLines(o);
        assertEquals(401, lines.size());
        assertTrue(lines.get(0).startsWith("timestamp,value1,value1_forecast,value1_forecast_std,value2,"), lines.get(0));
        assertTrue(lines.get(301).startsWith("1970-01-01T00:05:00Z,"), lines.get(301));
        assertEquals("1", lines.get(301).split(",")[9], "the spike at row 300 is anomalous: " + lines.get(301));
        assertEquals(0, run("report", o.toString(), "--out", dir.resolve("report").toString()), err.toString());

        Files.writeString(dir.resolve("untimed.csv"), labelled.toString());
        Files.writeString(dir.resolve("timed.csv"), timed.toString());
        assertEquals(0, run("evaluate", "labelled", dir.resolve("untimed.csv").toString()), err.toString());
        String untimedRow = out.toString().lines().filter(l -> l.startsWith("all ")).findFirst().orElseThrow();
        assertEquals(0, run("evaluate", "labelled", dir.resolve("timed.csv").toString()), err.toString());
        String timedRow = out.toString().lines().filter(l -> l.startsWith("all ")).reduce((x, y) -> y).orElseThrow();
        assertEquals(timedRow, untimedRow);
    }

    /** One file scored into a directory that exists: the scored file goes inside it, named after the key. */
    @Test
    void scoreOneFileIntoAnExistingDirectory(@TempDir Path dir) throws IOException {
        assertEquals(0, run("generate", "--recipe", "sample", "--keys", "1", "--length", "1000", "--out", dir.resolve("s").toString()), err.toString());
        Path outDir = Files.createDirectories(dir.resolve("scored"));
        Path one;
        try (var files = Files.list(dir.resolve("s/data"))) {
            one = files.findFirst().orElseThrow();
        }
        assertEquals(0, run("score", one.toString(), "--out", outDir.toString()), err.toString());
        assertEquals(1001, Files.readAllLines(outDir.resolve(one.getFileName())).size());
    }

    @Test
    void generateThenScoreADirectoryWritesOneScoredFilePerKeyInRowOrder(@TempDir Path dir) throws IOException {
        assertEquals(0, run("generate", "--recipe", "sample", "--keys", "3", "--length", "1200", "--out", dir.resolve("s").toString()), err.toString());
        Path outDir = dir.resolve("scored");
        assertEquals(0, run("score", dir.resolve("s/data").toString(), "--out", outDir.toString()), err.toString());
        long rows = 0;
        try (var files = Files.list(dir.resolve("s/data"))) {
            for (Path p : (Iterable<Path>) files::iterator) rows += new CsvReader().readOne(p).size();
        }
        assertTrue(err.toString().contains("scored " + rows + " points of 3 key(s)"), rows + ": " + err);
        CsvSeries in = new CsvReader().readOne(dir.resolve("s/data/line-pressure.csv"));
        List<String> lines = Files.readAllLines(outDir.resolve("line-pressure.csv"));
        assertEquals(in.size() + 1, lines.size());
        List<String> header = List.of(lines.get(0).split(","));
        for (String col : List.of("timestamp", "pressure", "pressure_forecast", "flow", "flow_forecast", "anomaly_score", "anomaly"))
            assertTrue(header.contains(col), col + " in " + header);
        int scoreCol = header.indexOf("anomaly_score"), flagCol = header.indexOf("anomaly");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            double s = Double.parseDouble(f[scoreCol]);
            assertTrue(s >= 0 && s <= 1, line);
            assertTrue(f[flagCol].equals("0") || f[flagCol].equals("1"), line);
        }
        List<String> input = Files.readAllLines(dir.resolve("s/data/line-pressure.csv"));
        for (int i = 1; i < input.size(); i++)   // row order and timestamps as given
            assertEquals(input.get(i).split(",")[0], lines.get(i).split(",")[0], "row " + i);
    }
}
