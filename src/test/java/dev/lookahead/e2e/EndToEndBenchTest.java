package dev.lookahead.e2e;

import dev.lookahead.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bench e2e} runs end to end on a tiny case (real broker, real job in a local MiniCluster, exactly-once) and
 * its counts add up: every point produced in either phase comes out scored exactly once, nothing goes to dead
 * letters, and the state and latency figures were measured. No timing is asserted: speed lives in the benchmark.
 */
class EndToEndBenchTest {

    @TempDir
    Path dir;

    @Test
    void tinyCaseRunsAndNothingIsLostOrDuplicated() throws Exception {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int keys = 30, points = 80;
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "bench", "e2e", "--keys", "" + keys,
                "--points-per-key", "" + points, "--parallelism", "1", "--checkpoint-interval-ms", "500", "--latency-seconds", "3",
                "--rate", "300", "--warm-up", "0", "--out", dir.resolve("e2e").toString());
        assertEquals(0, code, () -> "exit code; stderr:\n" + err);
        assertTrue(out.toString().contains("| keys | pts/key |"), out::toString);
        assertTrue(Files.readString(dir.resolve("e2e.md")).contains("| 30 | 80 | 1 | on | hashmap |"), "fine-tuning on, as run ships");

        List<String> lines = Files.readAllLines(dir.resolve("e2e.csv"));
        assertEquals(2, lines.size(), "header and one case");
        String[] names = lines.get(0).split(","), values = lines.get(1).split(",", -1);
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < names.length; i++) row.put(names[i], values[i]);
        long in = Long.parseLong(row.get("points_in"));
        assertTrue(in > (long) keys * points, "the latency phase sent readings too: " + in);
        assertEquals(in, Long.parseLong(row.get("scored_out")), "every point in is scored and committed");
        assertEquals(in, Long.parseLong(row.get("distinct_scored")), "no point comes out twice");
        assertEquals(0, Long.parseLong(row.get("dead_letters")));
        assertTrue(Long.parseLong(row.get("checkpoint_bytes")) > 0, "a completed checkpoint was found and measured");
        assertTrue(Long.parseLong(row.get("latency_samples")) > 0, "latency was measured on committed points");
        assertTrue(Double.parseDouble(row.get("p99_ms")) >= Double.parseDouble(row.get("p50_ms")));
    }
}
