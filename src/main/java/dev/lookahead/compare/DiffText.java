package dev.lookahead.compare;

import dev.lookahead.io.TimestampFormat;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * A diff as text: one line per changed incident, naming the key and the incident, then the keys present in one
 * run only, the largest score change and a summary line that ends in the verdict.
 *
 * <pre>
 * sensor-003  moved    sensor-003@1700000100000  2023-11-14T22:15:00Z..22:20:00Z  6 points, peak 0.912 above  ->  2023-11-14T22:16:00Z..22:20:00Z  5 points, peak 0.897 above
 * </pre>
 */
public final class DiffText {

    private DiffText() {
    }

    public static void write(RunDiff d, DiffTolerance tolerance, PrintWriter out) {
        for (IncidentChange c : d.changes()) out.println(line(c));
        if (!d.onlyInA().isEmpty()) out.println("keys only in A (" + d.sourceA() + "): " + names(d.onlyInA()));
        if (!d.onlyInB().isEmpty()) out.println("keys only in B (" + d.sourceB() + "): " + names(d.onlyInB()));
        for (RunDiff.KeyDiff k : d.keys())
            if (k.onlyInA() + k.onlyInB() > 0)
                out.printf(Locale.ROOT, "%s  %d point(s) only in A, %d only in B%n", k.key(), k.onlyInA(), k.onlyInB());
        out.println(summary(d, tolerance));
        out.flush();
    }

    /** One changed incident. */
    public static String line(IncidentChange c) {
        String kind = c.kind().name().toLowerCase(Locale.ROOT);
        return switch (c.kind()) {
            case ADDED -> String.format(Locale.ROOT, "%s  %-7s  %s  %s", c.key(), kind, c.after().id(), describe(c.after()));
            case REMOVED -> String.format(Locale.ROOT, "%s  %-7s  %s  %s", c.key(), kind, c.before().id(), describe(c.before()));
            case MOVED -> String.format(Locale.ROOT, "%s  %-7s  %s  %s  ->  %s", c.key(), kind, c.before().id(),
                    describe(c.before()), describe(c.after()));
        };
    }

    /** {@code start..end  N points, peak S above}; the end's date is left out when it is the start's. */
    public static String describe(Incident i) {
        String s = TimestampFormat.ISO.format(i.start()), e = TimestampFormat.ISO.format(i.end());
        if (e.length() > 11 && s.regionMatches(0, e, 0, 11)) e = e.substring(11);
        return String.format(Locale.ROOT, "%s..%s  %d point%s, peak %.3f %s%s", s, e, i.points(), i.points() == 1 ? "" : "s",
                i.peakScore(), i.direction().lower(), i.status() == null ? "" : ", " + i.status());
    }

    /** The last line: what was compared, what changed, and whether it is within the tolerance. */
    public static String summary(RunDiff d, DiffTolerance tolerance) {
        RunDiff.KeyDiff big = d.largestScoreChange();
        int changedKeys = 0;
        for (RunDiff.KeyDiff k : d.keys()) if (!k.changes().isEmpty()) changedKeys++;
        List<String> violations = tolerance.violations(d);
        return String.format(Locale.ROOT, "%d key(s), %,d points compared: incidents %d added, %d removed, %d moved (on %d key(s)), %d unchanged; largest score change %s; %s",
                d.keys().size(), d.pointsCompared(), d.count(IncidentChange.Kind.ADDED), d.count(IncidentChange.Kind.REMOVED),
                d.count(IncidentChange.Kind.MOVED), changedKeys, d.unchanged(),
                big == null ? "0" : String.format(Locale.ROOT, "%.4f (%s at %s)", big.maxScoreChange(), big.key(), TimestampFormat.ISO.format(big.maxChangeTime())),
                violations.isEmpty() ? "within tolerance" : "OUT OF TOLERANCE: " + String.join("; ", violations));
    }

    private static String names(List<String> keys) {
        return keys.size() <= 20 ? String.join(", ", keys) : String.join(", ", keys.subList(0, 20)) + ", ... (" + keys.size() + ")";
    }
}
