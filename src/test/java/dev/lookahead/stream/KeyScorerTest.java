package dev.lookahead.stream;

import dev.lookahead.avro.Anomaly;
import dev.lookahead.avro.ScoredPoint;
import dev.lookahead.avro.SensorReading;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.OrderPolicy;
import dev.lookahead.detector.TestModels;
import dev.lookahead.model.LstmModel;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One scorer serving many keys (its reused buffers and scratch state) gives each key what a scorer of its own gives. */
class KeyScorerTest {

    private static final String[][] CHANNELS = {{"value"}, {"temp", "rpm"}, {"value"}, {"a", "b", "c"}};

    private static List<SensorReading> readings(long seed) {
        Random r = new Random(seed);
        List<SensorReading> out = new ArrayList<>();
        long base = 1_700_000_000_000L;
        for (int i = 0; i < 400; i++) {
            for (int k = 0; k < CHANNELS.length; k++) {
                Map<String, Double> ch = new LinkedHashMap<>();
                // key-2 jumps to an absurd level at 200 and stays: its points are judged by the point test alone (no
                // evidence about the level), and the incident they open ends as a new normal an hour on
                for (String c : CHANNELS[k])
                    ch.put(c, 10 * k + Math.sin(i / (5.0 + k)) + 0.1 * r.nextGaussian() + (i == 300 ? 8 : 0) + (k == 2 && i >= 200 ? 1e12 : 0));
                // every 37th point of a key arrives a minute late: the reorder buffer holds points across calls
                long t = base + 60_000L * i - (i % 37 == 5 ? 90_000 : 0);
                out.add(SensorReading.newBuilder().setKey("key-" + k).setTime(Instant.ofEpochMilli(t)).setChannels(ch).build());
            }
        }
        return out;
    }

    private static final class Collect implements KeyScorer.Sink {
        final Map<String, List<byte[]>> out = new HashMap<>();

        public void scored(ScoredPoint p) { out.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).add(AvroBytes.write(p)); }

        public void anomaly(Anomaly a) { out.computeIfAbsent(a.getPoint().getKey() + "/alerts", k -> new ArrayList<>()).add(AvroBytes.write(a)); }

        public void dropped(SensorReading r, Rejection why) { out.computeIfAbsent(r.getKey() + "/dropped", k -> new ArrayList<>()).add(why.reason().getBytes()); }
    }

    @Test
    void interleavedKeysGetWhatSeparateScorersGive() {
        LstmModel m = TestModels.untrained(16, 1, 3);
        for (OrderPolicy policy : OrderPolicy.values()) {
            DetectorConfig cfg = DetectorConfig.builder().orderPolicy(policy).reorderBoundMillis(120_000).build();
            List<SensorReading> all = readings(11);
            KeyScorer shared = new KeyScorer(m, cfg);
            Map<String, byte[]> states = new HashMap<>();
            Collect together = new Collect();
            long ordinal = 0;
            for (SensorReading r : all) states.put(r.getKey(), shared.score(states.get(r.getKey()), r, ordinal++, together));

            Collect apart = new Collect();
            ordinal = 0;
            Map<String, KeyScorer> own = new HashMap<>();
            Map<String, byte[]> ownStates = new HashMap<>();
            for (SensorReading r : all) {
                KeyScorer s = own.computeIfAbsent(r.getKey(), k -> new KeyScorer(m, cfg));
                ownStates.put(r.getKey(), s.score(ownStates.get(r.getKey()), r, ordinal++, apart));
            }
            assertEquals(apart.out.keySet(), together.out.keySet(), policy.toString());
            for (String k : apart.out.keySet()) {
                List<byte[]> a = apart.out.get(k), b = together.out.get(k);
                assertEquals(a.size(), b.size(), policy + " " + k);
                for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i), policy + " " + k + " #" + i);
            }
            for (String k : ownStates.keySet()) assertArrayEquals(ownStates.get(k), states.get(k), policy + " state of " + k);
            assertTrue(apart.out.get("key-0").size() > 300, "scored points of key-0 under " + policy);
        }
    }

    /**
     * A stream runtime's keys start where the core's do: a univariate model with the normal state of an rpm/temp
     * recording starts its rpm/temp key from that state (its first point says the recurrent state restarted),
     * whichever order the recording's columns were in, and every other key from nothing, byte for byte as without
     * the normal state.
     */
    @Test
    void keysOfTheNormalStatesChannelsStartFromItAndOthersFromNothing() {
        LstmModel m = TestModels.untrained(16, 1, 3);
        DetectorConfig cfg = DetectorConfig.defaults();
        List<SensorReading> recording = readings(5).stream().filter(r -> r.getKey().equals("key-1")).toList();
        long[] times = recording.stream().mapToLong(r -> r.getTime().toEpochMilli()).toArray();
        for (List<String> columns : List.of(List.of("rpm", "temp"), List.of("temp", "rpm"))) {
            double[][] values = recording.stream().map(r -> new double[]{r.getChannels().get(columns.get(0)), r.getChannels().get(columns.get(1))})
                    .toArray(double[][]::new);
            LstmModel withNormal = m.withNormalState(dev.lookahead.detector.NormalStateLearner.learn(m, cfg, columns, times, values, "rpm/temp"));

            Map<String, List<ScoredPoint>> points = new HashMap<>();
            Collect plain = new Collect(), fromNormal = new Collect();
            KeyScorer a = new KeyScorer(m, cfg), b = new KeyScorer(withNormal, cfg);
            Map<String, byte[]> sa = new HashMap<>(), sb = new HashMap<>();
            long ordinal = 0;
            for (SensorReading r : readings(11)) {
                sa.put(r.getKey(), a.score(sa.get(r.getKey()), r, ordinal, plain));
                sb.put(r.getKey(), b.score(sb.get(r.getKey()), r, ordinal++, new KeyScorer.Sink() {
                    public void scored(ScoredPoint p) { points.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).add(p); fromNormal.scored(p); }
                    public void anomaly(Anomaly x) { fromNormal.anomaly(x); }
                    public void dropped(SensorReading x, Rejection why) { fromNormal.dropped(x, why); }
                }));
            }
            assertTrue(points.get("key-1").get(0).getFlags().getStateReset(), columns + ": the rpm/temp key's first point restarts its recurrent state");
            assertEquals(columns, points.get("key-1").get(0).getChannels().stream().map(c -> c.getName().toString()).toList(), "the key runs its channels in the state's order");
            for (String k : List.of("key-0", "key-2", "key-3")) {
                assertFalse(points.get(k).get(0).getFlags().getStateReset(), k);
                List<byte[]> x = plain.out.get(k), y = fromNormal.out.get(k);
                assertEquals(x.size(), y.size(), k);
                for (int i = 0; i < x.size(); i++) assertArrayEquals(x.get(i), y.get(i), k + " #" + i);
            }
            assertFalse(java.util.Arrays.equals(sa.get("key-1"), sb.get("key-1")), columns + ": the rpm/temp key's state is not what it is from nothing");
        }
    }

    /**
     * A multivariate model whose channels are not in name order serves a stream key in its own order, whatever the
     * order of the readings' maps, byte for byte as the direct runner scores the same series in that order; a reading
     * without one of its channels has it imputed, one with a channel it lacks is rejected.
     */
    @Test
    void aMultivariateModelServesKeysInItsChannelOrder() {
        LstmModel m = TestModels.untrained(new dev.lookahead.model.ModelArchitecture(List.of("temp", "rpm"), 16, 1), 3);
        DetectorConfig cfg = DetectorConfig.defaults();
        Random rnd = new Random(7);
        int n = 300;
        long[] times = new long[n];
        double[][] values = new double[n][];
        List<SensorReading> stream = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            times[i] = 1_700_000_000_000L + 60_000L * i;
            double temp = 20 + Math.sin(i / 9.0) + 0.1 * rnd.nextGaussian() + (i >= 200 ? 3 : 0), rpm = 900 + 10 * Math.sin(i / 9.0) + rnd.nextGaussian();
            boolean lacksRpm = i == 120;
            values[i] = new double[]{temp, lacksRpm ? Double.NaN : rpm};
            Map<String, Double> ch = new LinkedHashMap<>();   // name order in the map, and on odd points the model's
            if (i % 2 == 0) { if (!lacksRpm) ch.put("rpm", rpm); ch.put("temp", temp); }
            else { ch.put("temp", temp); if (!lacksRpm) ch.put("rpm", rpm); }
            stream.add(SensorReading.newBuilder().setKey("pump").setTime(Instant.ofEpochMilli(times[i])).setChannels(ch).build());
        }
        List<byte[]> direct = new ArrayList<>();
        for (dev.lookahead.detector.Outcome o : new dev.lookahead.runner.DirectRunner(m, cfg).emitted("pump", List.of("temp", "rpm"), times, values))
            direct.add(AvroBytes.write(dev.lookahead.stream.AvroOutputs.scoredPoint((dev.lookahead.detector.PointResult) o)));

        KeyScorer scorer = new KeyScorer(m, cfg);
        Collect got = new Collect();
        byte[] state = null;
        for (int i = 0; i < n; i++) state = scorer.score(state, stream.get(i), i, got);
        assertEquals(direct.size(), got.out.get("pump").size());
        for (int i = 0; i < direct.size(); i++) assertArrayEquals(direct.get(i), got.out.get("pump").get(i), "#" + i);
        assertFalse(got.out.containsKey("pump/dropped"), "no reading rejected");

        state = scorer.score(state, SensorReading.newBuilder().setKey("pump").setTime(Instant.ofEpochMilli(times[n - 1] + 60_000))
                .setChannels(Map.of("temp", 20.0, "rpm", 900.0, "flow", 3.0)).build(), n, got);
        assertEquals(List.of("channel 'flow' is not one of this key's channels [temp, rpm] (fixed by its first reading)"),
                got.out.get("pump/dropped").stream().map(String::new).toList());
    }
}
