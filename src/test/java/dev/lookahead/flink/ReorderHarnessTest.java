package dev.lookahead.flink;

import dev.lookahead.detector.Detector;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.KeyState;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.stream.AvroBytes;
import dev.lookahead.stream.AvroOutputs;
import dev.lookahead.stream.Metric;
import dev.lookahead.stream.ReorderFlush;
import dev.lookahead.synthetic.LabelledSeries;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * REORDER in the Flink operator, in the operator test harness: a quiet key's held points are flushed by a
 * processing-time timer, the end of bounded input flushes every key through the final watermark, and held points
 * survive a snapshot and restore; each time the outputs equal the direct runner's byte for byte.
 */
class ReorderHarnessTest {

    private static final LstmModel MODEL = ModelSnapshots.bundled();
    private static final DetectorConfig CONFIG = ReorderFixtures.config();
    private static final List<LabelledSeries> STREAMS = StreamFixtures.streams().subList(2, 4);   // one univariate, one two-channel key
    private static final int LENGTH = ReorderFixtures.arrival(StreamFixtures.LENGTH).size();

    private static void assertSameBytes(Map<String, List<byte[]>> expected, Map<String, List<byte[]>> got, String what) {
        assertEquals(expected.keySet(), got.keySet(), what);
        for (String key : expected.keySet()) {
            assertEquals(expected.get(key).size(), got.get(key).size(), what + " " + key);
            for (int i = 0; i < expected.get(key).size(); i++)
                assertArrayEquals(expected.get(key).get(i), got.get(key).get(i), what + " " + key + " #" + i);
        }
    }

    @Test
    void endOfBoundedInputFlushesEveryKeyAndHeldPointsSurviveASnapshot() throws Exception {
        ReorderFixtures.Expected want = ReorderFixtures.expected(MODEL, CONFIG, STREAMS);
        int cut = 700;
        OperatorSubtaskState snap;
        Map<String, List<byte[]>> scored = new LinkedHashMap<>(), alerts = new LinkedHashMap<>(), raw = new LinkedHashMap<>();
        Map<String, List<String>> cls = new LinkedHashMap<>();
        try (ScoringHarness a = new ScoringHarness(MODEL, CONFIG, true, 0, null)) {
            a.feed(ReorderFixtures.records(STREAMS, 0, cut));
            assertEquals(STREAMS.size(), a.h.numEventTimeTimers(), "one end-of-input timer per key holding points");
            assertEquals(STREAMS.size(), a.h.numProcessingTimeTimers(), "one quiet-key timer per key holding points");
            snap = a.snapshot();
            a.scored().forEach((k, v) -> scored.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            a.side(ScoringFunction.ANOMALIES).forEach((k, v) -> alerts.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            a.side(ScoringFunction.DEAD_LETTERS).forEach((k, v) -> v.forEach(dl -> ReorderFixtures.addDeadLetter(raw, cls, k, dl)));
        }
        try (ScoringHarness b = new ScoringHarness(MODEL, CONFIG, true, 0, snap)) {
            assertEquals(STREAMS.size(), b.h.numEventTimeTimers(), "timers are restored with the keyed state");
            b.feed(ReorderFixtures.records(STREAMS, cut, LENGTH));
            int before = b.scored().values().stream().mapToInt(List::size).sum();
            b.endOfInput();
            assertEquals(0, b.h.numEventTimeTimers());
            assertEquals(before + b.count(Metric.REORDER_FLUSHED), b.scored().values().stream().mapToInt(List::size).sum());
            assertTrue(b.count(Metric.REORDER_FLUSHED) >= STREAMS.size(), "the end of input released held points");
            b.scored().forEach((k, v) -> scored.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            b.side(ScoringFunction.ANOMALIES).forEach((k, v) -> alerts.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            b.side(ScoringFunction.DEAD_LETTERS).forEach((k, v) -> v.forEach(dl -> ReorderFixtures.addDeadLetter(raw, cls, k, dl)));
        }
        assertSameBytes(want.scored(), scored, "scored");
        assertSameBytes(want.alerts(), alerts, "alerts");
        assertSameBytes(want.droppedRaw(), raw, "dead letters' raw bytes");
        assertEquals(want.droppedClass(), cls);
        assertTrue(want.droppedCount() >= 2 * 20, "late and duplicate readings in the input: " + want.droppedCount());
        System.out.printf("REORDER in the harness: %d points (%d late or duplicate) across a snapshot with held points and the end of input equal the direct runner%n",
                want.scoredCount(), want.droppedCount());
    }

    @Test
    void aQuietKeysHeldPointsAreFlushedByAProcessingTimeTimer() throws Exception {
        int cut = 400;
        long delay = ReorderFlush.delayMillis(CONFIG, 0);
        Map<String, List<byte[]>> scored;
        try (ScoringHarness h = new ScoringHarness(MODEL, CONFIG, null)) {
            h.h.setProcessingTime(1_000);
            h.feed(ReorderFixtures.records(STREAMS, 0, cut));
            h.h.setProcessingTime(1_000 + delay - 1);
            long flushed = h.count(Metric.REORDER_FLUSHED);
            assertEquals(0, flushed, "not yet quiet for the delay");
            h.h.setProcessingTime(1_000 + delay + delay / 8 + 1);
            assertTrue(h.count(Metric.REORDER_FLUSHED) >= STREAMS.size(), "every key's held points released");
            assertEquals(0, h.h.numProcessingTimeTimers());
            h.feed(ReorderFixtures.records(STREAMS, cut, LENGTH));
            h.h.setProcessingTime(10 * delay);
            scored = h.scored();
        }
        // the direct runner's points with a flush where the keys went quiet: the same bytes
        for (LabelledSeries s : STREAMS) {
            List<byte[]> want = flushedAt(s, cut);
            List<byte[]> got = scored.get(s.key());
            assertEquals(want.size(), got.size(), s.key());
            for (int i = 0; i < want.size(); i++) assertArrayEquals(want.get(i), got.get(i), s.key() + " #" + i);
        }
    }

    @Test
    void withAStateTtlAQuietKeyIsFlushedBeforeItsStateExpires() throws Exception {
        long ttl = 10_000, delay = ReorderFlush.delayMillis(CONFIG, ttl);
        assertEquals(ttl / 2, delay, "at most half the TTL");
        int cut = 300;
        try (ScoringHarness h = new ScoringHarness(MODEL, CONFIG, false, ttl, null)) {
            h.h.setProcessingTime(1_000);
            h.h.setStateTtlProcessingTime(1_000);
            h.feed(ReorderFixtures.records(STREAMS, 0, cut));
            long scored = h.count(Metric.SCORED);
            h.h.setStateTtlProcessingTime(1_000 + delay + delay / 8 + 1);
            h.h.setProcessingTime(1_000 + delay + delay / 8 + 1);
            assertTrue(h.count(Metric.REORDER_FLUSHED) >= STREAMS.size(), "flushed before the state expires");
            h.h.setStateTtlProcessingTime(1_000 + 3 * ttl);   // expired now: the keys start over
            h.h.setProcessingTime(1_000 + 3 * ttl);
            long dropped = h.count(Metric.DROPPED_BY_DETECTOR);
            assertEquals(ReorderFixtures.records(STREAMS, 0, cut).size(), h.count(Metric.SCORED) + dropped,
                    "every reading scored or a dead letter; none lost with the expired state (" + scored + " before the flush)");
            h.feed(ReorderFixtures.records(STREAMS, cut, cut + 1));
            assertEquals(2L * STREAMS.size(), h.count(Metric.NEW_KEYS), "the expired keys came back as new");
        }
    }

    /** The detector over a key's arrivals, flushed after {@code cut} of them and at the end: scored points as bytes. */
    private static List<byte[]> flushedAt(LabelledSeries s, int cut) {
        TreeMap<String, Integer> byName = new TreeMap<>();
        for (int c = 0; c < s.channels().size(); c++) byName.put(s.channels().get(c), c);
        List<String> names = new ArrayList<>(byName.keySet());
        Detector d = new Detector(MODEL, CONFIG.toBuilder().channels(names).build());
        KeyState state = d.newState();
        List<Outcome> out = new ArrayList<>();
        List<Integer> rows = ReorderFixtures.arrival(s.size());
        for (int i = 0; i < rows.size(); i++) {
            if (i == cut) d.flush(state, s.key(), out::add);
            double[] v = new double[names.size()];
            for (int c = 0; c < v.length; c++) v[c] = s.values()[rows.get(i)][byName.get(names.get(c))];
            d.process(state, s.key(), s.times()[rows.get(i)], v, i, out::add);
        }
        d.flush(state, s.key(), out::add);
        List<byte[]> bytes = new ArrayList<>();
        for (Outcome o : out) if (o instanceof PointResult p) bytes.add(AvroBytes.write(AvroOutputs.scoredPoint(p)));
        return bytes;
    }
}
