package dev.lookahead.cli;

import dev.lookahead.compare.Incident;
import dev.lookahead.compare.ModelComparison;
import dev.lookahead.compare.ScoredKey;
import dev.lookahead.compare.ScoredRun;
import dev.lookahead.compare.ScoredRunReader;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.LstmWeights;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.runner.DirectRunner;
import dev.lookahead.stream.AvroOutputs;
import dev.lookahead.synthetic.LabelledSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code diff} and {@code compare-models} on the demo sample, real model changes, topic dumps and NAB's layout. */
class DiffCommandTest {

    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /** The change lines of a diff's output: every line but the summary and notes. */
    private List<String> changeLines() {
        return out.toString().lines().filter(l -> l.matches("\\S+  (added|removed|moved) .*")).toList();
    }

    @Test
    void aModelChangeThatMovesOneIncidentIsNamedAloneByCompareModelsAndByDiff(@TempDir Path dir) throws IOException {
        List<LabelledSeries> sample = SampleData.write(dir.resolve("sample"), 6, 4000, 7);   // the demo sample
        List<ModelComparison.Series> recording = new ArrayList<>();
        for (LabelledSeries s : sample) recording.add(new ModelComparison.Series(s.key(), s.channels(), s.times(), s.values()));
        LstmModel base = ModelSnapshots.bundled();
        // the fixture: the smallest shift of the output bias that moves exactly one incident (checked, not assumed)
        LstmModel candidate = null;
        Set<Incident> onlyA = null, onlyB = null;
        for (double shift : new double[]{0.02, -0.02, 0.04, -0.04, 0.05, -0.05, 0.07, -0.07, 0.1, -0.1, 0.15, -0.15, 0.2, -0.2, 0.3, -0.3, 0.5}) {
            LstmModel m = shifted(base, shift);
            Set<Incident> a = incidents(ModelComparison.score(base, DetectorConfig.defaults(), recording));
            Set<Incident> b = incidents(ModelComparison.score(m, DetectorConfig.defaults(), recording));
            Set<Incident> ao = minus(a, b), bo = minus(b, a);
            if (ao.size() == 1 && bo.size() == 1 && ao.iterator().next().key().equals(bo.iterator().next().key())) {
                candidate = m;
                onlyA = ao;
                onlyB = bo;
                break;
            }
        }
        assertNotNull(candidate, "fixture: no output-bias shift in the list moves exactly one incident; extend the list");
        Incident before = onlyA.iterator().next();
        String id = before.key() + "@" + before.start();   // the detector's incident id
        Path modelFile = dir.resolve("candidate.avro");
        ModelSnapshots.write(candidate, modelFile);

        assertEquals(Main.EXIT_DIFFERENT, run("compare-models", "--model-b", modelFile.toString(), dir.resolve("sample/data").toString()));
        List<String> lines = changeLines();
        assertEquals(1, lines.size(), out.toString());
        String line = lines.get(0);
        assertTrue(line.startsWith(before.key() + "  moved    " + id + "  "), line);
        assertTrue(out.toString().contains("incidents 0 added, 0 removed, 1 moved (on 1 key(s))"), out.toString());
        for (LabelledSeries s : sample)
            if (!s.key().equals(before.key())) assertTrue(!lines.get(0).contains(s.key()), s.key() + " named in " + line);

        // the same through files: both models' scored CSVs, then diff
        assertEquals(0, run("score", dir.resolve("sample/data").toString(), "--out", dir.resolve("a").toString()));
        assertEquals(0, run("score", dir.resolve("sample/data").toString(), "--out", dir.resolve("b").toString(), "--model", modelFile.toString()));
        assertEquals(Main.EXIT_DIFFERENT, run("diff", dir.resolve("a").toString(), dir.resolve("b").toString()));
        assertEquals(List.of(line), changeLines(), out.toString());
        assertEquals(0, run("diff", dir.resolve("a").toString(), dir.resolve("b").toString(), "--max-moved", "1"));
        assertTrue(out.toString().contains("within tolerance"), out.toString());

        // --html: both runs on one chart per changed key, the moved incident shaded
        assertEquals(0, run("diff", dir.resolve("a").toString(), dir.resolve("b").toString(), "--max-moved", "1", "--html", dir.resolve("html").toString()));
        String html = Files.readString(dir.resolve("html/index.html"));
        assertTrue(html.contains("<rect class=\"span moved\"") && html.contains(id), "the moved incident is marked");
        assertTrue(html.contains("class=\"score-b\"") && html.contains("class=\"forecast-b\""), "run B is drawn over run A");
        assertTrue(html.contains("<h2 id=\"" + before.key() + "\">"), "its key is charted");
    }

    @Test
    void aTopicDumpReadsAsTheScoredCsvsOfTheSameRun(@TempDir Path dir) throws IOException {
        List<LabelledSeries> sample = SampleData.write(dir.resolve("sample"), 4, 2000, 11);
        assertEquals(0, run("score", dir.resolve("sample/data").toString(), "--out", dir.resolve("csv").toString()));
        // what 'consume --scored --json' and 'consume --json' print for the same run
        List<String> scored = new ArrayList<>(), alerts = new ArrayList<>();
        DirectRunner runner = new DirectRunner(ModelSnapshots.bundled(), DetectorConfig.defaults());
        for (LabelledSeries s : sample)
            for (Outcome o : runner.run(s.key(), s.channels(), s.times(), s.values()))
                if (o instanceof PointResult p) {
                    var sp = AvroOutputs.scoredPoint(p);
                    scored.add(sp.toString());
                    var status = AvroOutputs.recordStatus(p);
                    if (status != null) alerts.add(AvroOutputs.anomaly(p, sp, 0.5, status).toString());
                }
        Files.write(dir.resolve("scored.json"), scored);
        Files.write(dir.resolve("anomalies.json"), alerts);

        assertEquals(0, run("diff", dir.resolve("csv").toString(), dir.resolve("scored.json").toString(), "--max-score-change", "0"));
        assertTrue(out.toString().contains("incidents 0 added, 0 removed, 0 moved") && out.toString().contains("largest score change 0;"), out.toString());
        assertTrue(out.toString().contains(sample.size() + " key(s), " + String.format(java.util.Locale.ROOT, "%,d", scored.size()) + " points compared"), out.toString());

        // the anomalies topic holds one alert per incident: the same incidents, by id and start
        ScoredRun csv = ScoredRunReader.read(dir.resolve("csv"), 0.5), anomalies = ScoredRunReader.read(dir.resolve("anomalies.json"), 0.5);
        Set<String> fromCsv = new HashSet<>(), fromAlerts = new HashSet<>();
        for (ScoredKey k : csv.keys().values()) for (Incident i : k.incidents()) fromCsv.add(i.id() + " " + i.start() + " " + i.direction());
        for (ScoredKey k : anomalies.keys().values()) for (Incident i : k.incidents()) fromAlerts.add(i.id() + " " + i.start() + " " + i.direction());
        assertTrue(!fromCsv.isEmpty());
        assertEquals(fromCsv, fromAlerts);
    }

    @Test
    void nabResultsAreComparedByScoreAgainstTheThresholdAndTheExitCodeGatesCi(@TempDir Path dir) throws IOException {
        // NAB's layout, nested by category, no anomaly column: a point is anomalous from --threshold
        for (String run : List.of("a", "b")) {
            StringBuilder sb = new StringBuilder("timestamp,value,anomaly_score,label\n");
            for (int i = 0; i < 200; i++) {
                double score = i == 50 ? 0.9 : run.equals("b") && i == 120 ? 0.7 : 0.0;
                sb.append(String.format(java.util.Locale.ROOT, "2015-01-01 %02d:%02d:00,%d.0,%s,0%n", i / 60, i % 60, i, score));
            }
            Files.createDirectories(dir.resolve(run).resolve("realKnownCause"));
            Files.writeString(dir.resolve(run).resolve("realKnownCause/lookahead_x.csv"), sb.toString());
        }
        assertEquals(Main.EXIT_DIFFERENT, run("diff", dir.resolve("a").toString(), dir.resolve("b").toString()));
        assertEquals(List.of("realKnownCause/lookahead_x  added    realKnownCause/lookahead_x@1420077600000  2015-01-01T02:00:00Z..02:00:00Z  1 point, peak 0.700 unknown"),
                changeLines());
        assertTrue(out.toString().contains("largest score change 0.7000 (realKnownCause/lookahead_x at 2015-01-01T02:00:00Z)"), out.toString());
        assertEquals(0, run("diff", dir.resolve("a").toString(), dir.resolve("b").toString(), "--max-added", "1"));
        assertEquals(0, run("diff", dir.resolve("a").toString(), dir.resolve("b").toString(), "--threshold", "0.8"));
        assertEquals(Main.EXIT_DIFFERENT, run("diff", dir.resolve("a").toString(), dir.resolve("b").toString(), "--threshold", "0.8", "--max-score-change", "0.5"));
        assertTrue(out.toString().contains("OUT OF TOLERANCE: largest score change 0.7000 > --max-score-change 0.5"), out.toString());

        Files.copy(dir.resolve("a/realKnownCause/lookahead_x.csv"), dir.resolve("a/realKnownCause/lookahead_y.csv"));
        assertEquals(Main.EXIT_DIFFERENT, run("diff", dir.resolve("a").toString(), dir.resolve("b").toString(), "--max-added", "1"));
        assertTrue(out.toString().contains("keys only in A (" + dir.resolve("a") + "): realKnownCause/lookahead_y"), out.toString());

        assertEquals(Main.EXIT_BAD_INPUT, run("diff", dir.resolve("a").toString(), dir.resolve("missing").toString()));
        assertTrue(err.toString().contains("missing does not exist"), err.toString());
        Files.writeString(dir.resolve("bad.csv"), "time,value\n1,2\n");
        assertEquals(Main.EXIT_BAD_INPUT, run("diff", dir.resolve("bad.csv").toString(), dir.resolve("b").toString()));
        assertTrue(err.toString().contains("bad.csv:1: not a scored output"), err.toString());
    }

    static LstmModel shifted(LstmModel base, double outputBiasShift) {
        float[] flat = base.weights().toFlat();
        flat[flat.length - 1] += (float) outputBiasShift;
        return new LstmModel(base.group(), base.version() + 1, LstmWeights.fromFlat(base.architecture(), flat), base.provenance());
    }

    /** Every incident of a run, compared by key, start, end and points. */
    private static Set<Incident> incidents(ScoredRun r) {
        Set<Incident> out = new HashSet<>();
        for (ScoredKey k : r.keys().values())
            for (Incident i : k.incidents()) out.add(new Incident(i.key(), "", i.start(), i.end(), i.points(), 0, 0, null, null));
        return out;
    }

    private static Set<Incident> minus(Set<Incident> a, Set<Incident> b) {
        return a.stream().filter(i -> !b.contains(i)).collect(Collectors.toSet());
    }
}
