package dev.lookahead.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that turns a key's scored points into incidents, for every source ({@code score}'s CSVs, topic
 * dumps, scored points read back by the test kit, the fine-tuning gate's replay).
 *
 * <ul>
 *   <li>When the output names each point's incident (an incident id column, or the detector's running count of
 *       anomalous points, which {@link ScoredKey.Builder#addCounted} turns into ids), an incident is the points
 *       that carry one id: from its first to its last such point, with the last status the output gave it.</li>
 *   <li>Otherwise an incident is a run of anomalous points, as the detector's {@code IncidentTracker} groups
 *       them: it stays open across fewer than {@link #QUIET_POINTS} normal points (its default
 *       {@code incident-quiet-points}), so a CSV and the scored topic of one run give the same incidents.</li>
 * </ul>
 * Incidents come out in order of their start; {@code points} counts the points that carry the id, or the
 * anomalous points of a run.
 */
public final class Incidents {

    /** Normal points that close a run-based incident: the detector's default {@code incident-quiet-points}. */
    public static final int QUIET_POINTS = dev.lookahead.detector.DetectorConfig.defaults().incidentQuietPoints();

    private Incidents() {
    }

    public static List<Incident> of(ScoredKey k) {
        return k.incidentIds() != null ? byId(k) : byRuns(k);
    }

    private static List<Incident> byId(ScoredKey k) {
        String[] ids = k.incidentIds(), status = k.incidentStatus();
        Map<String, Acc> open = new LinkedHashMap<>();
        for (int i = 0; i < k.size(); i++) {
            if (ids[i] == null) continue;
            Acc a = open.computeIfAbsent(ids[i], id -> new Acc());
            a.add(k, i);
            if (status != null && status[i] != null) a.status = status[i];
        }
        List<Incident> out = new ArrayList<>(open.size());
        open.forEach((id, a) -> out.add(a.incident(k, id)));
        out.sort(Comparator.comparingLong(Incident::start));
        return out;
    }

    private static List<Incident> byRuns(ScoredKey k) {
        List<Incident> out = new ArrayList<>();
        boolean[] anomaly = k.anomaly();
        for (int i = 0; i < anomaly.length; i++) {
            if (!anomaly[i]) continue;
            Acc a = new Acc();
            int last = i;
            a.add(k, i);
            for (int j = i + 1; j < anomaly.length && j - last <= QUIET_POINTS; j++)
                if (anomaly[j]) {
                    a.add(k, j);
                    last = j;
                }
            out.add(a.incident(k, k.key() + "@" + k.times()[i]));
            i = last;
        }
        return out;
    }

    private static final class Acc {
        int first = -1, points, peak = -1;
        long start = Long.MAX_VALUE, end = Long.MIN_VALUE;
        String status;

        void add(ScoredKey k, int i) {
            if (first < 0) first = i;
            start = Math.min(start, k.times()[i]);
            end = Math.max(end, k.times()[i]);
            points++;
            double s = k.scores()[i];
            if (peak < 0 || s > k.scores()[peak] || Double.isNaN(k.scores()[peak])) peak = i;
        }

        Incident incident(ScoredKey k, String id) {
            return new Incident(k.key(), id, start, end, points, k.scores()[peak], k.times()[peak],
                    Direction.of(k.direction()[first]), status);
        }
    }
}
