package dev.lookahead.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** replay's JSON lines, parsed without a broker: grouping, channel union, both time forms, and every refusal by file:line. */
class ReplayJsonLinesTest {

    private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private Path jsonl(String text) throws IOException {
        Path p = dir.resolve("in.jsonl");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void groupsByKeyInFileOrderWithTheUnionOfChannels() throws IOException {
        List<ReplayCommand.Series> all = ReplayCommand.readJsonLines(jsonl("""
                {"key": "pump-2", "time": "2024-01-01T00:00:00Z", "channels": {"temp": 20.5}}

                {"key": "pump-1", "time": %d, "channels": {"temp": 1, "rpm": 900}}
                {"key": "pump-2", "time": "2024-01-01T00:01:00.250Z", "channels": {"rpm": 905, "temp": -3e2}}
                """.formatted(T0 + 5)));
        assertEquals(List.of("pump-2", "pump-1"), all.stream().map(ReplayCommand.Series::key).toList());
        ReplayCommand.Series p2 = all.get(0);
        assertEquals(List.of("temp", "rpm"), p2.channels());
        assertArrayEquals(new long[] {T0, T0 + 60_250}, p2.times());
        assertArrayEquals(new double[] {20.5, Double.NaN}, p2.values()[0], "a channel a line lacks is NaN");
        assertArrayEquals(new double[] {-300, 905}, p2.values()[1]);
        assertArrayEquals(new long[] {T0 + 5}, all.get(1).times());
    }

    @Test
    void refusesWhatIsNotAReadingNamingFileAndLine() throws IOException {
        String good = "{\"key\": \"k\", \"time\": 1, \"channels\": {\"x\": 1}}\n";
        for (String[] c : List.of(
                new String[] {"{\"key\": \"k\", \"time\": 1, \"channels\": {\"x\": \"high\"}}", ":2: channel 'x' is not a number"},
                new String[] {"{\"key\": \"k\", \"time\": 1", ":2: not a JSON object: "},
                new String[] {"{\"key\": \"k\", \"time\": 1, \"channels\": {}} trailing", ":2: not a JSON object: "},
                new String[] {"[1, 2]", ":2: expected {\"key\": ..., \"time\": ..., \"channels\": {...}}"},
                new String[] {"{\"key\": 7, \"time\": 1, \"channels\": {}}", ":2: expected {"},
                new String[] {"{\"key\": \"k\", \"time\": null, \"channels\": {}}", ":2: expected {"},
                new String[] {"{\"key\": \"k\", \"time\": \"yesterday\", \"channels\": {}}", ":2: time 'yesterday' is neither epoch millis nor ISO-8601"})) {
            Path f = jsonl(good + c[0] + "\n");
            String msg = assertThrows(IllegalArgumentException.class, () -> ReplayCommand.readJsonLines(f)).getMessage();
            assertTrue(msg.startsWith(f + c[1]), c[0] + " -> " + msg);
            assertTrue(!msg.contains("\n"), "one line: " + msg);
        }
    }
}
