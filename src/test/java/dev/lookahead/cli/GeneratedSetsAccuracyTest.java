package dev.lookahead.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped defaults and the bundled model on the three generated sets, exactly as docs/ACCURACY.md reports them
 * ("Generated sets"): {@code generate --recipe R} with its default seed and size, then {@code evaluate labelled}
 * (the rig after its fault-free recording, {@code --history}). Windows found per kind are asserted exactly, each
 * kind's longest detection delay at most the documented one, and the point-wise precision and F1 at the reported
 * three decimals, so a gain in one kind cannot hide a loss in another.
 */
class GeneratedSetsAccuracyTest {

    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private JsonNode evaluate(Path dir, String recipe, boolean history) throws IOException {
        return evaluate(dir, recipe, history, null);
    }

    /** {@code seed} null: the recipe's default seed. */
    private JsonNode evaluate(Path dir, String recipe, boolean history, Integer seed) throws IOException {
        String name = seed == null ? recipe : recipe + "-" + seed;
        Path data = dir.resolve(name), json = dir.resolve(name + ".json");
        String[] generate = seed == null
                ? new String[]{"generate", "--recipe", recipe, "--out", data.toString()}
                : new String[]{"generate", "--recipe", recipe, "--seed", seed.toString(), "--out", data.toString()};
        assertEquals(0, Main.run(new PrintWriter(out, true), new PrintWriter(err, true), generate), err.toString());
        String[] args = history
                ? new String[]{"evaluate", "labelled", data.toString(), "--history", data.resolve("train/rig-train.csv").toString(), "--json", json.toString()}
                : new String[]{"evaluate", "labelled", data.toString(), "--json", json.toString()};
        assertEquals(0, Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args), err.toString());
        return new ObjectMapper().readTree(json.toFile());
    }

    private static void check(String set, JsonNode j, Map<String, int[]> kinds, int found, int windows, double precision, double f1) {
        StringBuilder seen = new StringBuilder(set + ":");
        j.get("kinds").fields().forEachRemaining(e -> seen.append(' ').append(e.getKey()).append(' ')
                .append(e.getValue().get("windows_detected")).append('/').append(e.getValue().get("windows")));
        JsonNode o = j.get("overall");
        seen.append(String.format(java.util.Locale.ROOT, "; overall %s/%s precision %.3f F1 %.3f FAR %.3f", o.get("windows_detected"),
                o.get("windows"), o.get("precision").asDouble(), o.get("f1").asDouble(), o.get("far").asDouble()));
        System.out.println(seen);
        kinds.forEach((kind, c) -> {
            JsonNode k = j.get("kinds").get(kind);
            assertEquals(c[1], k.get("windows").asInt(), set + " " + kind + " windows");
            assertEquals(c[0], k.get("windows_detected").asInt(), set + " " + kind + " found: " + seen);
            JsonNode longest = k.get("delay").get("rows").get("max");
            if (c[0] > 0) assertTrue(longest.asInt() <= c[2], set + " " + kind + " found within " + c[2] + " rows; the longest took " + longest);
        });
        assertEquals(windows, o.get("windows").asInt(), set);
        assertEquals(found, o.get("windows_detected").asInt(), set + ": " + seen);
        assertTrue(o.get("precision").asDouble() >= precision - 5e-4, set + " precision: " + seen);
        assertTrue(o.get("f1").asDouble() >= f1 - 5e-4, set + " F1: " + seen);
    }

    /** Quadruples: kind, windows found, windows, the longest delay in rows (docs/ACCURACY.md's max). */
    private static Map<String, int[]> kinds(Object... kindFoundWindowsDelay) {
        Map<String, int[]> m = new LinkedHashMap<>();
        for (int i = 0; i < kindFoundWindowsDelay.length; i += 4)
            m.put((String) kindFoundWindowsDelay[i], new int[]{(Integer) kindFoundWindowsDelay[i + 1], (Integer) kindFoundWindowsDelay[i + 2],
                    (Integer) kindFoundWindowsDelay[i + 3]});
        return m;
    }

    @Test
    void sampleSet(@TempDir Path dir) throws IOException {
        check("sample", evaluate(dir, "sample", false), kinds("SPIKE", 2, 2, 0, "DIP", 2, 2, 0, "LEVEL_SHIFT", 4, 4, 8,
                "VARIANCE_CHANGE", 3, 3, 9, "FLATLINE", 1, 1, 14, "DRIFT", 1, 1, 51), 13, 13, 0.612, 0.570);
    }

    @Test
    void dailySet(@TempDir Path dir) throws IOException {
        JsonNode j = evaluate(dir, "daily", false);
        check("daily", j, kinds("PHASE_SHIFT", 4, 4, 26, "MISSED_RISE", 4, 4, 76, "FLAT_MIDDLE", 4, 4, 11), 12, 12, 0.966, 0.293);
        assertTrue(j.get("no_anomaly").get("flagged_rows").asInt() <= 4, "normal daily series flagged: " + j.get("no_anomaly"));
    }

    @Test
    void rigAfterItsFaultFreeRecording(@TempDir Path dir) throws IOException {
        JsonNode j = evaluate(dir, "rig", true);
        check("rig", j, kinds("LEVEL_SHIFT", 6, 6, 28, "DRIFT", 6, 6, 152, "CROSS_CHANNEL_BREAK", 6, 6, 111, "VARIANCE_CHANGE", 6, 6, 12,
                "FLATLINE", 6, 6, 21), 30, 30, 0.936, 0.876);
        assertTrue(j.get("overall").get("far").asDouble() <= 0.0220, "false-alarm rate: " + j.get("overall").get("far"));
    }

    /**
     * The rig's other recordings: seeds 2 to 6 draw other latents, noise and faults on the same rig. The default seed
     * is not the rule; these are what the detector does on the rig at large (docs/ACCURACY.md, "Generated sets").
     */
    @Test
    void rigOnOtherSeeds(@TempDir Path dir) throws IOException {
        double[] f1 = {0.823, 0.824, 0.800, 0.823, 0.831};
        int[] found = {27, 30, 30, 29, 30};
        StringBuilder seen = new StringBuilder("rig on seeds 2-6:");
        double sum = 0;
        for (int seed = 2; seed <= 6; seed++) {
            JsonNode o = evaluate(dir, "rig", true, seed).get("overall");
            seen.append(String.format(java.util.Locale.ROOT, " %d: %s/30 F1 %.3f FAR %.3f;", seed, o.get("windows_detected"),
                    o.get("f1").asDouble(), o.get("far").asDouble()));
            assertEquals(found[seed - 2], o.get("windows_detected").asInt(), "seed " + seed + " windows found");
            assertTrue(o.get("f1").asDouble() >= f1[seed - 2] - 5e-4, "seed " + seed + " F1: " + o.get("f1"));
            assertTrue(o.get("far").asDouble() <= 0.05, "seed " + seed + " false-alarm rate: " + o.get("far"));
            sum += o.get("f1").asDouble();
        }
        System.out.println(seen + String.format(java.util.Locale.ROOT, " mean F1 %.3f", sum / 5));
    }
}
