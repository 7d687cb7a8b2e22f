package dev.lookahead.compare;

import dev.lookahead.report.ChartSpan;
import dev.lookahead.report.ComparisonPage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code diff --html DIR}: both runs on the report's charts, one chart per key that changed (keys with changed
 * incidents first, then by their largest score change), the changed incidents shaded.
 */
public final class DiffHtml {

    private DiffHtml() {
    }

    public static Path write(ScoredRun a, ScoredRun b, RunDiff d, DiffTolerance tolerance, double threshold, Path dir) throws IOException {
        List<RunDiff.KeyDiff> changed = new ArrayList<>();
        for (RunDiff.KeyDiff k : d.keys()) if (k.changed()) changed.add(k);
        changed.sort(Comparator.comparing((RunDiff.KeyDiff k) -> k.changes().isEmpty())
                .thenComparing(Comparator.comparingDouble(RunDiff.KeyDiff::maxScoreChange).reversed()));
        List<ComparisonPage.Key> keys = new ArrayList<>();
        for (RunDiff.KeyDiff k : changed) {
            List<ChartSpan> spans = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (IncidentChange c : k.changes()) {
                long from = Math.min(c.before() == null ? Long.MAX_VALUE : c.before().start(), c.after() == null ? Long.MAX_VALUE : c.after().start());
                long to = Math.max(c.before() == null ? Long.MIN_VALUE : c.before().end(), c.after() == null ? Long.MIN_VALUE : c.after().end());
                String line = DiffText.line(c);
                spans.add(new ChartSpan(from, to, c.kind().name().toLowerCase(Locale.ROOT), line));
                notes.add(line);
            }
            notes.add(String.format(Locale.ROOT, "%d incident(s) unchanged; largest score change %.4f", k.unchanged(), k.maxScoreChange()));
            keys.add(new ComparisonPage.Key(k.key(), a.keys().get(k.key()).toSeries(), b.keys().get(k.key()).toSeries(), spans, notes));
        }
        for (String k : d.onlyInA()) keys.add(new ComparisonPage.Key(k, a.keys().get(k).toSeries(), null, List.of(), List.of("only in A")));
        for (String k : d.onlyInB()) keys.add(new ComparisonPage.Key(k, null, b.keys().get(k).toSeries(), List.of(), List.of("only in B")));
        List<String> summary = List.of("A: " + d.sourceA(), "B: " + d.sourceB(), DiffText.summary(d, tolerance));
        return ComparisonPage.write("Lookahead diff", summary, keys, threshold, dir);
    }
}
