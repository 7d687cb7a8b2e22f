package dev.lookahead.flink;

import dev.lookahead.avro.DeadLetter;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.DropReason;
import dev.lookahead.detector.DroppedPoint;
import dev.lookahead.detector.OrderPolicy;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.model.LstmModel;
import dev.lookahead.runner.DirectRunner;
import dev.lookahead.stream.AvroBytes;
import dev.lookahead.stream.AvroOutputs;
import dev.lookahead.synthetic.LabelledSeries;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Out-of-order input for the REORDER equivalence tests: each key's readings arrive with neighbours swapped (every
 * 23rd row: reordered within the bound), one row in 97 four rows late (beyond a bound of 2.5 intervals, 150 s at
 * one-minute steps: dropped as late) and one in 211 twice (a duplicate), keys interleaved. What the direct runner emits for it, per
 * key in emission order, as topic bytes.
 */
public final class ReorderFixtures {

    public static final long BOUND_MILLIS = 150_000;

    private ReorderFixtures() {
    }

    public static DetectorConfig config() {
        return config(BOUND_MILLIS);
    }

    /** REORDER with a bound of 2.5 sampling intervals: a swapped neighbour is reordered, a row four late is late. */
    public static DetectorConfig config(long boundMillis) {
        return DetectorConfig.builder().orderPolicy(OrderPolicy.REORDER).reorderBoundMillis(boundMillis).build();
    }

    /**
     * An arrival position near {@code near} that no reordering crosses: every row before it is earlier than every
     * row after it, so a flush there (a key gone quiet) changes no output.
     */
    public static int cleanCut(int n, int near) {
        List<Integer> rows = arrival(n);
        for (int p = near; p < rows.size(); p++) {
            int maxBefore = -1, minAfter = Integer.MAX_VALUE;
            for (int i = 0; i < p; i++) maxBefore = Math.max(maxBefore, rows.get(i));
            for (int i = p; i < rows.size(); i++) minAfter = Math.min(minAfter, rows.get(i));
            if (maxBefore < minAfter) return p;
        }
        throw new IllegalArgumentException("no clean cut after " + near);
    }

    /** The rows of a series of {@code n} rows in the order they arrive (a duplicate appears twice). */
    public static List<Integer> arrival(int n) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) rows.add(i);
        for (int i = 11; i + 4 < n; i += 97) rows.add(i + 4, rows.remove(i));                 // four rows late
        for (int i = 5; i + 1 < rows.size(); i += 23) rows.set(i, rows.set(i + 1, rows.get(i)));  // neighbours swapped
        for (int i = rows.size() - 1; i >= 0; i--) if (rows.get(i) % 211 == 50) rows.add(i + 1, rows.get(i));   // twice
        return rows;
    }

    /** Arrival positions [from, to) of every key, interleaved, as Kafka key/value bytes. */
    public static List<byte[][]> records(List<LabelledSeries> streams, int from, int to) {
        List<byte[][]> out = new ArrayList<>();
        Map<String, List<Integer>> order = new HashMap<>();
        for (LabelledSeries s : streams) order.put(s.key(), arrival(s.size()));
        for (int pos = from; pos < to; pos++)
            for (LabelledSeries s : streams) {
                List<Integer> rows = order.get(s.key());
                if (pos < rows.size())
                    out.add(new byte[][]{s.key().getBytes(StandardCharsets.UTF_8), AvroBytes.write(StreamFixtures.reading(s, rows.get(pos)))});
            }
        return out;
    }

    /** Arrival positions [from, to) of the given keys only. */
    public static List<byte[][]> records(List<LabelledSeries> streams, int from, int to, java.util.Set<String> keys) {
        return records(streams.stream().filter(s -> keys.contains(s.key())).toList(), from, to);
    }

    /** Every key's arrival count. */
    public static int total(List<LabelledSeries> streams) {
        return streams.stream().mapToInt(s -> arrival(s.size()).size()).sum();
    }

    /** What the direct runner emits per key for the arrival order, as topic bytes. */
    public record Expected(Map<String, List<byte[]>> scored, Map<String, List<byte[]>> alerts, Map<String, List<byte[]>> droppedRaw,
                           Map<String, List<String>> droppedClass) {
        public int scoredCount() {
            return scored.values().stream().mapToInt(List::size).sum();
        }

        public int alertCount() {
            return alerts.values().stream().mapToInt(List::size).sum();
        }

        public int droppedCount() {
            return droppedRaw.values().stream().mapToInt(List::size).sum();
        }
    }

    public static Expected expected(LstmModel model, DetectorConfig config, List<LabelledSeries> streams) {
        return expected(model, config, streams, Map.of());
    }

    /** As {@link #expected(LstmModel, DetectorConfig, List)}, with some keys' input ending after {@code arrivals} of their readings. */
    public static Expected expected(LstmModel model, DetectorConfig config, List<LabelledSeries> streams, Map<String, Integer> arrivals) {
        Map<String, List<byte[]>> scored = new LinkedHashMap<>(), alerts = new LinkedHashMap<>(), raw = new LinkedHashMap<>();
        Map<String, List<String>> cls = new LinkedHashMap<>();
        for (LabelledSeries s : streams) {
            TreeMap<String, Integer> byName = new TreeMap<>();
            for (int c = 0; c < s.channels().size(); c++) byName.put(s.channels().get(c), c);
            List<String> names = new ArrayList<>(byName.keySet());
            List<Integer> rows = arrival(s.size());
            if (arrivals.containsKey(s.key())) rows = rows.subList(0, arrivals.get(s.key()));
            long[] t = new long[rows.size()];
            double[][] v = new double[rows.size()][names.size()];
            for (int i = 0; i < rows.size(); i++) {
                t[i] = s.times()[rows.get(i)];
                for (int c = 0; c < names.size(); c++) v[i][c] = s.values()[rows.get(i)][byName.get(names.get(c))];
            }
            List<byte[]> sc = new ArrayList<>(), al = new ArrayList<>(), dr = new ArrayList<>();
            List<String> dc = new ArrayList<>();
            for (Outcome o : new DirectRunner(model, config).emitted(s.key(), names, t, v)) {
                if (o instanceof PointResult p) {
                    sc.add(AvroBytes.write(AvroOutputs.scoredPoint(p)));
                    var status = AvroOutputs.recordStatus(p);
                    if (status != null) al.add(AvroBytes.write(AvroOutputs.anomaly(p, AvroOutputs.scoredPoint(p),
                            dev.lookahead.detector.Detector.effectiveThreshold(config, model), status)));
                } else {
                    dr.add(AvroBytes.write(StreamFixtures.reading(s, rows.get((int) o.ordinal()))));
                    DropReason why = ((DroppedPoint) o).cause();
                    dc.add(why == DropReason.DUPLICATE ? "DUPLICATE" : why.orderRelated() ? "ORDER" : "DROPPED");
                }
            }
            scored.put(s.key(), sc);
            alerts.put(s.key(), al);
            raw.put(s.key(), dr);
            cls.put(s.key(), dc);
        }
        return new Expected(scored, alerts, raw, cls);
    }

    /** Dead letters per key (the key is the record key), raw bytes and class, in topic order. */
    public static void addDeadLetter(Map<String, List<byte[]>> raw, Map<String, List<String>> cls, String key, byte[] value) {
        DeadLetter dl = AvroBytes.read(DeadLetter.class, value);
        byte[] b = new byte[dl.getRaw().remaining()];
        dl.getRaw().duplicate().get(b);
        raw.computeIfAbsent(key, k -> new ArrayList<>()).add(b);
        cls.computeIfAbsent(key, k -> new ArrayList<>()).add(dl.getErrorClass());
    }
}
