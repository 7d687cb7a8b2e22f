package dev.lookahead.nab.baseline;

import dev.lookahead.cli.Main;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our NAB scorer against NAB's own published numbers: NAB's windowedGaussian baseline (reimplemented in
 * {@link WindowedGaussian}), run on the real NAB v1.1 corpus and scored by us, must give NAB's published
 * 39.65 / 20.87 / 47.41 (standard / reward_low_FP_rate / reward_low_FN_rate). Needs the corpus at ../shared/nab
 * (or {@code -Dnab.dir=DIR}); skipped with a message without it, as on a fresh clone.
 */
class WindowedGaussianOnNabTest {

    /** NAB's published windowedGaussian scores (NAB's README scoreboard, v1.1). */
    private static final List<String> PUBLISHED = List.of("39.65", "20.87", "47.41");

    @Test
    void windowedGaussianScoresNabsPublishedBaselineOnTheRealCorpus(@TempDir Path results) {
        Path nab = Path.of(System.getProperty("nab.dir", "../shared/nab"));
        boolean present = Files.isDirectory(nab.resolve("data")) && Files.isRegularFile(nab.resolve("labels/combined_windows.json"));
        if (!present) System.out.println("WindowedGaussianOnNabTest skipped: no NAB corpus at " + nab.toAbsolutePath()
                + " (clone numenta/NAB to ../shared/nab, or pass -Dnab.dir=DIR)");
        Assumptions.assumeTrue(present, "no NAB corpus at " + nab.toAbsolutePath() + " (../shared/nab or -Dnab.dir): NAB baseline check skipped");

        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "evaluate", "nab", "--data", nab.toString(), "--out", results.toString(), "--baseline", "windowedGaussian");
        assertEquals(0, code, err.toString());
        String printed = out.toString();
        assertTrue(printed.contains(": 58 files in") && printed.contains("365558 rows"), "the whole corpus, as NAB's table counts it:\n" + printed);
        String total = printed.lines().filter(l -> l.startsWith("NAB score")).findFirst().orElseThrow(() -> new AssertionError(printed));
        assertEquals(PUBLISHED, List.of(total.trim().split("\\s+")).subList(2, 5), "NAB's published windowedGaussian scores:\n" + printed);
        System.out.println("windowedGaussian on NAB v1.1: " + total.trim());
    }
}
