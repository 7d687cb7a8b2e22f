package dev.lookahead.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NAB's JSON files (labels, profiles) and a results CSV, read as NAB writes them; bad ones name the file and place. */
class NabFilesTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void windowsKeepFileOrderAndParseBothTimestampStyles() throws IOException {
        Path f = file("combined_windows.json", """
                {
                    "realTraffic/b.csv": [["2015-09-17 00:00:00.000000", "2015-09-17 01:30:00.000000"]],
                    "artificialNoAnomaly/a.csv": [],
                    "realKnownCause/c.csv": [["2014-01-01T00:00:00", "2014-01-01 00:05:00"], ["2014-02-01 00:00:00", "2014-02-01 00:00:00"]]
                }
                """);
        Map<String, List<NabWindow>> w = NabWindow.load(f);
        assertEquals(List.of("realTraffic/b.csv", "artificialNoAnomaly/a.csv", "realKnownCause/c.csv"), List.copyOf(w.keySet()));
        assertEquals(new NabWindow(LocalDateTime.of(2015, 9, 17, 0, 0), LocalDateTime.of(2015, 9, 17, 1, 30)), w.get("realTraffic/b.csv").get(0));
        assertEquals(List.of(), w.get("artificialNoAnomaly/a.csv"));
        assertEquals(2, w.get("realKnownCause/c.csv").size());
    }

    @Test
    void profilesTakeIntegerAndDecimalWeights() throws IOException {
        Path f = file("profiles.json", """
                {"standard": {"CostMatrix": {"tpWeight": 1, "fpWeight": 0.11, "fnWeight": 1.0, "tnWeight": 1}},
                 "strict": {"CostMatrix": {"tpWeight": 2, "fpWeight": 1e-1, "fnWeight": 3}}}
                """);
        assertEquals(List.of(NabProfile.STANDARD, new NabProfile("strict", 2, 0.1, 3)), NabProfile.load(f));
    }

    @Test
    void badFilesNameTheFileAndWhatIsWrong() throws IOException {
        Path broken = file("broken.json", "{\n  \"a.csv\": [[\"2014-01-01 00:00:00\", \"2014-01-01 00:05:00\"]\n}\n");
        String msg = assertThrows(IllegalArgumentException.class, () -> NabWindow.load(broken)).getMessage();
        assertTrue(msg.startsWith(broken + ":3:1: invalid JSON: "), msg);
        Path trailing = file("trailing.json", "{} {}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NabWindow.load(trailing)).getMessage()
                .startsWith(trailing + ":1:"));
        Path shape = file("shape.json", "{\"a.csv\": [[\"2014-01-01 00:00:00\"]]}");
        assertEquals(shape + ": a.csv: a window must be [start, end] timestamps",
                assertThrows(IllegalArgumentException.class, () -> NabWindow.load(shape)).getMessage());
        Path weight = file("weights.json", "{\"p\": {\"CostMatrix\": {\"tpWeight\": \"1\", \"fpWeight\": 1, \"fnWeight\": 1}}}");
        assertEquals(weight + ": profile p lacks a numeric tpWeight",
                assertThrows(IllegalArgumentException.class, () -> NabProfile.load(weight)).getMessage());
    }

    @Test
    void resultsWithQuotedFieldsAndBadRowsNameTheLine() throws IOException {
        List<NabWindow> none = List.of();
        Path ok = file("ok.csv", "timestamp,value,anomaly_score,label\n\"2014-01-01 00:00:00\",\"1,5\",0.25,0\n\n2014-01-01 00:05:00,2,0.5,0\n");
        NabSeries s = NabCorpus.read(ok, "cat/ok.csv", none);
        assertEquals(2, s.rows());
        Path bad = file("bad.csv", "timestamp,value,anomaly_score,label\n2014-01-01 00:00:00,1,0.25,0\n2014-01-01 00:05:00,2,high,0\n");
        assertEquals(bad + ":3: bad anomaly_score 'high'",
                assertThrows(IllegalArgumentException.class, () -> NabCorpus.read(bad, "cat/bad.csv", none)).getMessage());
    }
}
