package dev.lookahead.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A run against its golden output. It passes only when every key's scored points are the same (same digest) and
 * the same keys are present: a golden output pins the behaviour exactly. A failure lists the incidents added,
 * removed and moved (as {@code diff} does) and the keys whose points changed.
 *
 * @param changes     incidents that differ, key by key
 * @param differences one line per key that differs otherwise (points changed, key missing or new)
 */
public record GoldenCheck(List<IncidentChange> changes, List<String> differences) {

    public GoldenCheck {
        changes = List.copyOf(changes);
        differences = List.copyOf(differences);
    }

    public static GoldenCheck of(Golden expected, Golden actual) {
        List<IncidentChange> changes = new ArrayList<>();
        List<String> diffs = new ArrayList<>();
        TreeSet<String> all = new TreeSet<>(expected.keys().keySet());
        all.addAll(actual.keys().keySet());
        for (String key : all) {
            Golden.KeySummary e = expected.keys().get(key), a = actual.keys().get(key);
            if (a == null) {
                diffs.add(key + ": in the golden output (" + e.points() + " points), not in this run");
                continue;
            }
            if (e == null) {
                diffs.add(key + ": in this run (" + a.points() + " points), not in the golden output");
                continue;
            }
            long slack = RunDiff.DEFAULT_MATCH_POINTS * Math.max(1, e.interval());
            changes.addAll(IncidentMatcher.match(key, expected.incidents(key), actual.incidents(key), slack).changes());
            if (!e.digest().equals(a.digest()))
                diffs.add(String.format(Locale.ROOT, "%s: scored points differ from the golden output: %d -> %d points, %d -> %d anomalous, max score %.4f -> %.4f, model %s -> %s",
                        key, e.points(), a.points(), e.anomalous(), a.anomalous(), e.maxScore(), a.maxScore(), e.versions(), a.versions()));
        }
        return new GoldenCheck(changes, diffs);
    }

    public boolean passed() {
        return changes.isEmpty() && differences.isEmpty();
    }

    /** The failure as lines: incident changes, then key differences, then one summary line. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (IncidentChange c : changes) out.add(DiffText.line(c));
        out.addAll(differences);
        out.add(summary());
        return out;
    }

    public String summary() {
        if (passed()) return "same as the golden output";
        int added = 0, removed = 0, moved = 0;
        for (IncidentChange c : changes)
            switch (c.kind()) {
                case ADDED -> added++;
                case REMOVED -> removed++;
                case MOVED -> moved++;
            }
        return String.format(Locale.ROOT, "differs from the golden output: incidents %d added, %d removed, %d moved; %d key(s) with other differences",
                added, removed, moved, differences.size());
    }
}
