package dev.lookahead.compare;

import dev.lookahead.report.ScoredSeries;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * One key's scored points as a run wrote them, in output order, as columns: time, anomaly score, the anomaly flag,
 * the direction of the top channel, the incident id the output gave the point (when it gives one) and the model
 * version; per channel the actual, forecast and band when the source has them (for charts). Built by the readers of
 * scored CSVs, topic dumps and in-memory scored points ({@link ScoredRunReader}, {@link ScoredKeys}); read by
 * {@link Incidents} and {@link RunDiff}. The arrays are the key's own: read them, do not change them.
 */
public final class ScoredKey {

    private final String key;
    private final long[] times;
    private final double[] scores;
    private final boolean[] anomaly;
    private final byte[] direction;
    private final String[] incidentIds;     // null: the source names no incidents
    private final String[] incidentStatus;  // null: the source gives no status
    private final String[] modelVersions;
    private final List<String> channels;    // empty: no per-channel values
    private final double[][] actual, forecast, forecastStd;
    private final int dropped;

    private ScoredKey(Builder b) {
        int n = b.size;
        key = b.key;
        times = Arrays.copyOf(b.times, n);
        scores = Arrays.copyOf(b.scores, n);
        anomaly = Arrays.copyOf(b.anomaly, n);
        direction = Arrays.copyOf(b.direction, n);
        incidentIds = b.anyId ? Arrays.copyOf(b.ids, n) : null;
        incidentStatus = b.anyStatus ? Arrays.copyOf(b.status, n) : null;
        modelVersions = Arrays.copyOf(b.versions, n);
        channels = List.copyOf(b.channels);
        actual = channels.isEmpty() ? null : Arrays.copyOf(b.actual, n);
        forecast = channels.isEmpty() ? null : Arrays.copyOf(b.forecast, n);
        forecastStd = channels.isEmpty() ? null : Arrays.copyOf(b.std, n);
        dropped = b.dropped;
    }

    public static Builder builder(String key) {
        return new Builder(key);
    }

    public String key() { return key; }
    public int size() { return times.length; }
    public long[] times() { return times; }
    /** The anomaly score per point; NaN where the source left it empty. */
    public double[] scores() { return scores; }
    public boolean[] anomaly() { return anomaly; }
    /** Per point: +1 actual above the forecast on the top channel, -1 below, 0 unknown. */
    public byte[] direction() { return direction; }
    /** The incident id the output gave each point (null on points outside one), or null when the output names none. */
    public String[] incidentIds() { return incidentIds; }
    /** The incident status the output gave each point, or null when it gives none. */
    public String[] incidentStatus() { return incidentStatus; }
    public String[] modelVersions() { return modelVersions; }
    /** Points the run dropped (out of order, no finite value): not among the scored points. */
    public int dropped() { return dropped; }

    /** The model versions that scored this key, in order of first use. */
    public List<String> versions() {
        LinkedHashSet<String> v = new LinkedHashSet<>();
        for (String s : modelVersions) if (s != null && !s.isEmpty()) v.add(s);
        return List.copyOf(v);
    }

    /** This key's incidents (see {@link Incidents}). */
    public List<Incident> incidents() {
        return Incidents.of(this);
    }

    /** As the report charts it; a source without per-channel values gives one channel of NaN. */
    public ScoredSeries toSeries() {
        int n = size();
        List<String> ch = channels.isEmpty() ? List.of("value") : channels;
        double[][] a = actual, f = forecast, s = forecastStd;
        if (channels.isEmpty()) {
            a = new double[n][];
            for (int i = 0; i < n; i++) a[i] = new double[]{Double.NaN};
            f = a;
            s = a;
        }
        double[] sc = new double[n];
        for (int i = 0; i < n; i++) sc[i] = Double.isNaN(scores[i]) ? 0 : scores[i];
        return new ScoredSeries(key, ch, times, a, f, s, sc, anomaly, versions());
    }

    /** Grows column by column, one point at a time. */
    public static final class Builder {
        private final String key;
        private int size;
        private long[] times = new long[64];
        private double[] scores = new double[64];
        private boolean[] anomaly = new boolean[64];
        private byte[] direction = new byte[64];
        private String[] ids = new String[64], status = new String[64], versions = new String[64];
        private boolean anyId, anyStatus;
        private List<String> channels = List.of();
        private double[][] actual = new double[64][], forecast = new double[64][], std = new double[64][];
        private int dropped;
        private String lastVersion;
        // incidents told by a running count of anomalous points (ScoredPoint.incidentPoints)
        private String countedIncident;

        private Builder(String key) {
            this.key = Objects.requireNonNull(key, "key");
        }

        /** Per-channel values follow in {@link #values}; call once, before the first point. */
        public Builder channels(List<String> names) {
            if (size > 0 && !names.equals(channels))
                throw new IllegalArgumentException("key " + key + ": channels " + names + " after " + channels);
            channels = List.copyOf(names);
            return this;
        }

        /**
         * Adds a point.
         *
         * @param incidentId the output's incident id for it, or null
         * @param status     the output's incident status for it, or null
         */
        public Builder add(long time, double score, boolean isAnomaly, int sign, String incidentId, String status, String modelVersion) {
            if (size == times.length) grow();
            times[size] = time;
            scores[size] = score;
            anomaly[size] = isAnomaly;
            direction[size] = (byte) Integer.signum(sign);
            if (incidentId != null && !incidentId.isEmpty()) {
                ids[size] = incidentId;
                anyId = true;
            }
            if (status != null && !status.isEmpty()) {
                this.status[size] = status;
                anyStatus = true;
            }
            // one String per version run, not per point: 365k rows hold a handful of versions
            if (modelVersion != null && !modelVersion.equals(lastVersion)) lastVersion = modelVersion;
            versions[size] = modelVersion == null ? null : lastVersion;
            size++;
            return this;
        }

        /**
         * Adds a point whose incident is told by the count of anomalous points so far in it (the detector's
         * {@code incidentPoints}: 1 opens an incident, more continues it, 0 is outside one); the id is then the
         * detector's {@code <key>@<first millis>}.
         */
        public Builder addCounted(long time, double score, boolean isAnomaly, int sign, int incidentPoints, String modelVersion) {
            String id = null;
            if (incidentPoints == 1 || (incidentPoints > 1 && countedIncident == null)) countedIncident = key + "@" + time;
            if (incidentPoints > 0) id = countedIncident;
            return add(time, score, isAnomaly, sign, id, null, modelVersion);
        }

        /** The per-channel values of the point just added, in {@link #channels} order. */
        public Builder values(double[] act, double[] fc, double[] sd) {
            int i = size - 1;
            if (i < 0) throw new IllegalStateException("values before the first point");
            actual[i] = act;
            forecast[i] = fc;
            std[i] = sd;
            return this;
        }

        public Builder dropped() {
            dropped++;
            return this;
        }

        public int size() {
            return size;
        }

        public ScoredKey build() {
            if (!channels.isEmpty()) {
                double[] none = new double[channels.size()];
                Arrays.fill(none, Double.NaN);
                for (int i = 0; i < size; i++) {
                    if (actual[i] == null) actual[i] = none;
                    if (forecast[i] == null) forecast[i] = none;
                    if (std[i] == null) std[i] = none;
                }
            }
            return new ScoredKey(this);
        }

        private void grow() {
            int n = times.length * 2;
            times = Arrays.copyOf(times, n);
            scores = Arrays.copyOf(scores, n);
            anomaly = Arrays.copyOf(anomaly, n);
            direction = Arrays.copyOf(direction, n);
            ids = Arrays.copyOf(ids, n);
            status = Arrays.copyOf(status, n);
            versions = Arrays.copyOf(versions, n);
            actual = Arrays.copyOf(actual, n);
            forecast = Arrays.copyOf(forecast, n);
            std = Arrays.copyOf(std, n);
        }
    }

    /** The keys of several builders, built. */
    static List<ScoredKey> buildAll(Iterable<Builder> builders) {
        List<ScoredKey> out = new ArrayList<>();
        for (Builder b : builders) out.add(b.build());
        return out;
    }
}
