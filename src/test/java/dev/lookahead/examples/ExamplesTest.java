package dev.lookahead.examples;

import dev.lookahead.api.AnomalyDescriptor;
import dev.lookahead.api.Incident;
import dev.lookahead.synthetic.LabelledSeries;
import dev.lookahead.synthetic.SampleStreams;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's two embedding examples run, give the same anomalies, and are in README.md as they are here: the plain
 * loop, and the Flink function both in Flink's keyed operator test harness (heap keyed state), snapshot and restored
 * midway, and in a real job on a MiniCluster at parallelism 2 (its descriptors cross Flink's serializers).
 */
class ExamplesTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Path SOURCES = Path.of("src/test/java/dev/lookahead/examples");

    /** Two univariate sample keys (seeded, with injected anomalies), their points interleaved by time. */
    private static final List<LabelledSeries> SERIES = List.of(SampleStreams.generate(3, 1500, 7).get(0), SampleStreams.generate(3, 1500, 7).get(2));

    private static List<Reading> readings() {
        List<Reading> all = new ArrayList<>();
        for (LabelledSeries s : SERIES)
            for (int i = 0; i < s.size(); i++) all.add(new Reading(s.key(), s.times()[i], s.values()[i][0]));
        all.sort(Comparator.comparingLong(Reading::time));   // stable: per key, still in order
        return all;
    }

    /** The plain-loop example's line for one anomalous point. */
    private static String line(AnomalyDescriptor d) {
        return String.format(Locale.ROOT, "%s at %d: %.2f, expected %.2f (score %.2f, incident %s)", d.key(), d.time(),
                d.actual()[0], d.expected()[0], d.score(), d.incident().map(Incident::id).orElse("-"));
    }

    private static List<String> plainLoop(List<Reading> readings) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream was = System.out;
        Locale locale = Locale.getDefault();
        Locale.setDefault(Locale.ROOT);
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            PlainLoopExample.detect(readings);
        } finally {
            System.setOut(was);
            Locale.setDefault(locale);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Reading, AnomalyDescriptor> harness(OperatorSubtaskState restore) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new FlinkExample.AnomalyFunction()),
                Reading::sensor, Types.STRING);
        if (restore != null) h.initializeState(restore);
        h.open();
        return h;
    }

    @Test
    void thePlainLoopFindsTheInjectedAnomalies() {
        List<String> lines = plainLoop(readings());
        assertFalse(lines.isEmpty(), "the sample holds injected anomalies");
        Map<String, LabelledSeries> byKey = new HashMap<>();
        for (LabelledSeries s : SERIES) byKey.put(s.key(), s);
        int labelled = 0;
        for (String l : lines) {
            String key = l.substring(0, l.indexOf(" at ")), time = l.substring(l.indexOf(" at ") + 4, l.indexOf(':'));
            LabelledSeries s = byKey.get(key);
            int row = java.util.Arrays.binarySearch(s.times(), Long.parseLong(time));
            if (s.labels()[row]) labelled++;
        }
        assertTrue(labelled > 0 && labelled * 2 >= lines.size(),
                "most anomalous points lie in injected anomalies: " + labelled + " of " + lines.size() + "\n" + String.join("\n", lines));
        for (LabelledSeries s : SERIES)
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(s.key() + " at ")), "an anomaly of " + s.key() + " in:\n" + String.join("\n", lines));
    }

    @Test
    void theFlinkFunctionGivesThePlainLoopsAnomaliesAcrossASnapshotAndRestore() throws Exception {
        List<Reading> readings = readings();
        int half = readings.size() / 2;
        var before = harness(null);
        for (Reading r : readings.subList(0, half)) before.processElement(r, r.time());
        OperatorSubtaskState snapshot = before.snapshot(1L, 1L);
        List<AnomalyDescriptor> out = new ArrayList<>(before.extractOutputValues());
        before.close();
        var after = harness(snapshot);
        for (Reading r : readings.subList(half, readings.size())) after.processElement(r, r.time());
        out.addAll(after.extractOutputValues());
        after.close();

        List<String> flink = out.stream().map(ExamplesTest::line).toList();
        assertEquals(plainLoop(readings), flink);
        assertTrue(out.stream().anyMatch(d -> d.time() > readings.get(half).time()), "anomalies after the restore too");
    }

    @Test
    void theFlinkFunctionGivesThePlainLoopsAnomaliesInARealJobAtParallelismTwo() throws Exception {
        List<Reading> readings = readings();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        List<AnomalyDescriptor> out = new ArrayList<>();
        try (CloseableIterator<AnomalyDescriptor> it = env.fromData(readings).keyBy(Reading::sensor)
                .process(new FlinkExample.AnomalyFunction()).executeAndCollect("readme flink example")) {
            it.forEachRemaining(out::add);
        }
        // per key in order; the keys' outputs interleave as the two subtasks run
        List<String> job = new ArrayList<>(out.stream().map(ExamplesTest::line).toList()), plain = new ArrayList<>(plainLoop(readings));
        job.sort(null);
        plain.sort(null);
        assertEquals(plain, job);
    }

    @Test
    void theReadmeShowsTheExamplesAsTheyAreHere() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (String file : List.of("PlainLoopExample.java", "FlinkExample.java")) {
            String snippet = snippet(Files.readString(SOURCES.resolve(file)));
            assertTrue(readme.contains(snippet), "README.md must show the example of " + file + " as it is there:\n" + snippet);
            assertTrue(snippet.lines().count() <= 20, file + "'s example stays short");
        }
    }

    /** The lines between {@code // README:begin} and {@code // README:end}, with their common indentation removed. */
    static String snippet(String source) {
        List<String> lines = source.lines().toList();
        int begin = -1, end = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().startsWith("// README:begin")) begin = i + 1;
            else if (lines.get(i).trim().equals("// README:end")) end = i;
        }
        assertTrue(begin > 0 && end > begin, "README markers");
        List<String> body = lines.subList(begin, end);
        int indent = body.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder b = new StringBuilder();
        for (String l : body) b.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        return b.toString();
    }
}
