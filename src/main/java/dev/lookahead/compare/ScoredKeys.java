package dev.lookahead.compare;

import dev.lookahead.avro.Anomaly;
import dev.lookahead.avro.ChannelScore;
import dev.lookahead.avro.ScoredPoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scored points as records (read back from the topics, or scored in memory) to {@link ScoredKey}s. */
public final class ScoredKeys {

    private ScoredKeys() {
    }

    /** Points of any keys, each key's in its order. */
    public static List<ScoredKey> fromPoints(Iterable<ScoredPoint> points) {
        Map<String, ScoredKey.Builder> keys = new LinkedHashMap<>();
        for (ScoredPoint p : points) add(keys.computeIfAbsent(p.getKey(), ScoredKey::builder), p);
        return ScoredKey.buildAll(keys.values());
    }

    /** Adds one point: its incident from the detector's count of anomalous points so far in it. */
    public static void add(ScoredKey.Builder b, ScoredPoint p) {
        List<ChannelScore> chs = p.getChannels();
        int n = chs.size(), top = 0;
        double[] a = new double[n], f = new double[n], s = new double[n];
        List<String> names = new ArrayList<>(n);
        for (int c = 0; c < n; c++) {
            ChannelScore x = chs.get(c);
            names.add(x.getName());
            a[c] = x.getActual();
            f[c] = x.getForecast();
            s[c] = x.getForecastStd();
            if (x.getContribution() > chs.get(top).getContribution()) top = c;
        }
        if (b.size() == 0) b.channels(names);
        int sign = n == 0 ? 0 : (int) Math.signum(chs.get(top).getResidual());
        if (p.getIncidentId() != null || p.getIncidentStatus() != dev.lookahead.avro.IncidentStatus.NONE)
            b.add(p.getTime().toEpochMilli(), p.getAnomalyScore(), p.getAnomaly(), sign, p.getIncidentId(),
                    p.getIncidentStatus() == dev.lookahead.avro.IncidentStatus.NONE ? null : p.getIncidentStatus().name(), p.getModelVersion());
        else   // points written before incidents were named: told by the running count, as the tracker did
            b.addCounted(p.getTime().toEpochMilli(), p.getAnomalyScore(), p.getAnomaly(), sign, p.getIncidentPoints(), p.getModelVersion());
        b.values(a, f, s);
    }

    /** Alerts of the anomalies topic: each is its incident's point, with the incident id and direction it names. */
    public static List<ScoredKey> fromAnomalies(Iterable<Anomaly> anomalies) {
        Map<String, ScoredKey.Builder> keys = new LinkedHashMap<>();
        for (Anomaly an : anomalies) {
            ScoredPoint p = an.getPoint();
            ScoredKey.Builder b = keys.computeIfAbsent(p.getKey(), ScoredKey::builder);
            b.add(p.getTime().toEpochMilli(), p.getAnomalyScore(), p.getAnomaly(),
                    an.getDirection() == dev.lookahead.avro.Direction.ABOVE ? 1 : -1, an.getIncidentId(), null, p.getModelVersion());
        }
        return ScoredKey.buildAll(keys.values());
    }
}
