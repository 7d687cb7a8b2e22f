package dev.lookahead.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How much two runs may differ and still pass: incidents added, removed and moved, and the largest change of a
 * point's anomaly score. Keys or points present in one run only never pass.
 */
public record DiffTolerance(int maxAdded, int maxRemoved, int maxMoved, double maxScoreChange) {

    /** No incident may change; scores may (the default of {@code diff} and {@code compare-models}). */
    public static DiffTolerance sameIncidents() {
        return new DiffTolerance(0, 0, 0, Double.POSITIVE_INFINITY);
    }

    public DiffTolerance {
        if (maxAdded < 0 || maxRemoved < 0 || maxMoved < 0) throw new IllegalArgumentException("incident tolerances must be >= 0");
        if (!(maxScoreChange >= 0)) throw new IllegalArgumentException("max score change must be >= 0, was " + maxScoreChange);
    }

    /** Why the diff is past this tolerance, one line each; empty when it passes. */
    public List<String> violations(RunDiff d) {
        List<String> out = new ArrayList<>();
        check(out, d.count(IncidentChange.Kind.ADDED), maxAdded, "added", "--max-added");
        check(out, d.count(IncidentChange.Kind.REMOVED), maxRemoved, "removed", "--max-removed");
        check(out, d.count(IncidentChange.Kind.MOVED), maxMoved, "moved", "--max-moved");
        if (d.maxScoreChange() > maxScoreChange)
            out.add(String.format(Locale.ROOT, "largest score change %.4f > --max-score-change %s", d.maxScoreChange(), maxScoreChange));
        if (!d.onlyInA().isEmpty()) out.add(d.onlyInA().size() + " key(s) only in A");
        if (!d.onlyInB().isEmpty()) out.add(d.onlyInB().size() + " key(s) only in B");
        if (d.pointsUnmatched() > 0) out.add(d.pointsUnmatched() + " point(s) at a time present in one run only");
        return out;
    }

    private static void check(List<String> out, int n, int max, String what, String flag) {
        if (n > max) out.add(n + " incident(s) " + what + " > " + flag + " " + max);
    }
}
