package dev.lookahead.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Pairs one key's incidents in run A with those in run B. Two incidents can pair when they overlap once each is
 * widened by {@code slack} millis on both sides; pairs are taken greedily by the most overlap, then the nearest
 * start, so each incident pairs at most once. A pair with the same start, end and points is unchanged, any other
 * pair has MOVED; an incident left without a partner was ADDED (in B) or REMOVED (from A).
 */
final class IncidentMatcher {

    /** The changes, in order of time, and how many incidents are unchanged. */
    record Result(List<IncidentChange> changes, int unchanged) {
    }

    private IncidentMatcher() {
    }

    static Result match(String key, List<Incident> a, List<Incident> b, long slack) {
        List<long[]> pairs = new ArrayList<>();   // {i, j, overlap, startDistance}
        int from = 0;
        for (int i = 0; i < a.size(); i++) {
            Incident x = a.get(i);
            while (from < b.size() && b.get(from).end() + slack < x.start() - slack) from++;
            for (int j = from; j < b.size() && b.get(j).start() - slack <= x.end() + slack; j++) {
                Incident y = b.get(j);
                if (y.end() + slack < x.start() - slack) continue;
                long overlap = Math.min(x.end(), y.end()) - Math.max(x.start(), y.start());
                pairs.add(new long[]{i, j, overlap, Math.abs(x.start() - y.start())});
            }
        }
        pairs.sort(Comparator.<long[]>comparingLong(p -> -p[2]).thenComparingLong(p -> p[3])
                .thenComparingLong(p -> p[0]).thenComparingLong(p -> p[1]));
        Incident[] partnerOfA = new Incident[a.size()];
        boolean[] takenB = new boolean[b.size()];
        for (long[] p : pairs) {
            int i = (int) p[0], j = (int) p[1];
            if (partnerOfA[i] != null || takenB[j]) continue;
            partnerOfA[i] = b.get(j);
            takenB[j] = true;
        }
        List<IncidentChange> changes = new ArrayList<>();
        int unchanged = 0;
        for (int i = 0; i < a.size(); i++) {
            Incident x = a.get(i), y = partnerOfA[i];
            if (y == null) changes.add(new IncidentChange(IncidentChange.Kind.REMOVED, key, x, null));
            else if (x.start() == y.start() && x.end() == y.end() && x.points() == y.points()) unchanged++;
            else changes.add(new IncidentChange(IncidentChange.Kind.MOVED, key, x, y));
        }
        for (int j = 0; j < b.size(); j++)
            if (!takenB[j]) changes.add(new IncidentChange(IncidentChange.Kind.ADDED, key, null, b.get(j)));
        changes.sort(Comparator.comparingLong((IncidentChange c) -> c.incident().start()).thenComparing(c -> c.kind()));
        return new Result(List.copyOf(changes), unchanged);
    }
}
