package dev.lookahead.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed from run A to run B, key by key: incidents added, removed and moved (see {@link IncidentMatcher}),
 * and the largest absolute change in anomaly score between points at the same time. Keys are matched by name;
 * points by their time.
 */
public final class RunDiff {

    /** Incidents pair when they overlap, or lie within this many of the key's typical intervals of each other. */
    public static final int DEFAULT_MATCH_POINTS = 10;

    /**
     * One key present in both runs.
     *
     * @param maxScoreChange largest |score B - score A| over points at the same time (NaN counts as 0)
     * @param maxChangeTime  the time of that point (0 when nothing was compared)
     * @param compared       points present in both
     * @param onlyInA        points whose time is in A only (e.g. dropped in B)
     * @param onlyInB        points whose time is in B only
     */
    public record KeyDiff(String key, List<Incident> incidentsA, List<Incident> incidentsB, List<IncidentChange> changes,
                          int unchanged, double maxScoreChange, long maxChangeTime, int compared, int onlyInA, int onlyInB) {
        public boolean changed() {
            return !changes.isEmpty() || maxScoreChange > 0 || onlyInA > 0 || onlyInB > 0;
        }
    }

    private final String sourceA, sourceB;
    private final List<KeyDiff> keys;
    private final List<String> onlyInA, onlyInB;

    private RunDiff(String sourceA, String sourceB, List<KeyDiff> keys, List<String> onlyInA, List<String> onlyInB) {
        this.sourceA = sourceA;
        this.sourceB = sourceB;
        this.keys = List.copyOf(keys);
        this.onlyInA = List.copyOf(onlyInA);
        this.onlyInB = List.copyOf(onlyInB);
    }

    public static RunDiff of(ScoredRun a, ScoredRun b) {
        return of(a, b, DEFAULT_MATCH_POINTS);
    }

    /** @param matchPoints how near (in the key's typical intervals) two incidents may be to pair without overlapping */
    public static RunDiff of(ScoredRun a, ScoredRun b, int matchPoints) {
        List<KeyDiff> keys = new ArrayList<>();
        List<String> onlyA = new ArrayList<>(), onlyB = new ArrayList<>();
        for (Map.Entry<String, ScoredKey> e : a.keys().entrySet()) {
            ScoredKey kb = b.keys().get(e.getKey());
            if (kb == null) onlyA.add(e.getKey());
            else keys.add(compare(e.getValue(), kb, matchPoints));
        }
        for (String k : b.keys().keySet()) if (!a.keys().containsKey(k)) onlyB.add(k);
        return new RunDiff(a.source(), b.source(), keys, onlyA, onlyB);
    }

    static KeyDiff compare(ScoredKey a, ScoredKey b, int matchPoints) {
        List<Incident> ia = a.incidents(), ib = b.incidents();
        IncidentMatcher.Result m = IncidentMatcher.match(a.key(), ia, ib, matchPoints * typicalInterval(a.times()));
        long[] ta = a.times(), tb = b.times();
        double[] sa = a.scores(), sb = b.scores();
        double max = 0;
        long at = 0;
        int compared = 0;
        if (increasing(ta) && increasing(tb)) {
            int i = 0, j = 0;
            while (i < ta.length && j < tb.length) {
                if (ta[i] < tb[j]) i++;
                else if (ta[i] > tb[j]) j++;
                else {
                    double d = Math.abs(zeroIfNaN(sb[j]) - zeroIfNaN(sa[i]));
                    if (d > max) {
                        max = d;
                        at = ta[i];
                    }
                    compared++;
                    i++;
                    j++;
                }
            }
        } else {   // rows out of time order (a REORDER run's output): match by time through a map
            Map<Long, Integer> idx = new HashMap<>(tb.length * 2);
            for (int j = 0; j < tb.length; j++) idx.putIfAbsent(tb[j], j);
            for (int i = 0; i < ta.length; i++) {
                Integer j = idx.get(ta[i]);
                if (j == null) continue;
                double d = Math.abs(zeroIfNaN(sb[j]) - zeroIfNaN(sa[i]));
                if (d > max) {
                    max = d;
                    at = ta[i];
                }
                compared++;
            }
        }
        return new KeyDiff(a.key(), ia, ib, m.changes(), m.unchanged(), max, at, compared, ta.length - compared, tb.length - compared);
    }

    /** The median spacing of the first thousand points (1 when fewer than two). */
    static long typicalInterval(long[] t) {
        int n = Math.min(t.length, 1001);
        if (n < 2) return 1;
        long[] d = new long[n - 1];
        for (int i = 1; i < n; i++) d[i - 1] = Math.abs(t[i] - t[i - 1]);
        Arrays.sort(d);
        return Math.max(1, d[d.length / 2]);
    }

    private static boolean increasing(long[] t) {
        for (int i = 1; i < t.length; i++) if (t[i] <= t[i - 1]) return false;
        return true;
    }

    private static double zeroIfNaN(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    public String sourceA() { return sourceA; }
    public String sourceB() { return sourceB; }
    /** The keys present in both runs, in key order. */
    public List<KeyDiff> keys() { return keys; }
    public List<String> onlyInA() { return onlyInA; }
    public List<String> onlyInB() { return onlyInB; }

    /** Every incident change, key by key. */
    public List<IncidentChange> changes() {
        List<IncidentChange> out = new ArrayList<>();
        for (KeyDiff k : keys) out.addAll(k.changes());
        return out;
    }

    public int count(IncidentChange.Kind kind) {
        int n = 0;
        for (KeyDiff k : keys) for (IncidentChange c : k.changes()) if (c.kind() == kind) n++;
        return n;
    }

    public int unchanged() {
        int n = 0;
        for (KeyDiff k : keys) n += k.unchanged();
        return n;
    }

    /** The key with the largest score change, or null when no score changed. */
    public KeyDiff largestScoreChange() {
        KeyDiff best = null;
        for (KeyDiff k : keys) if (k.maxScoreChange() > 0 && (best == null || k.maxScoreChange() > best.maxScoreChange())) best = k;
        return best;
    }

    public double maxScoreChange() {
        KeyDiff k = largestScoreChange();
        return k == null ? 0 : k.maxScoreChange();
    }

    public long pointsCompared() {
        long n = 0;
        for (KeyDiff k : keys) n += k.compared();
        return n;
    }

    /** Points whose time is in one run only. */
    public long pointsUnmatched() {
        long n = 0;
        for (KeyDiff k : keys) n += k.onlyInA() + k.onlyInB();
        return n;
    }
}
