package dev.lookahead.flink;

import dev.lookahead.avro.DeadLetter;
import dev.lookahead.avro.ScoredPoint;
import dev.lookahead.detector.Adaptation;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.OrderPolicy;
import dev.lookahead.detector.StateChange;
import dev.lookahead.detector.TestModels;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.stream.AvroBytes;
import dev.lookahead.stream.KeyedScoring;
import dev.lookahead.stream.Metric;
import dev.lookahead.stream.Rejection;
import dev.lookahead.stream.Route;
import dev.lookahead.stream.SourceRef;
import dev.lookahead.stream.StreamMetrics;
import dev.lookahead.synthetic.LabelledSeries;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15's restore test in the operator harness: a savepoint (operator snapshot) taken under settings A, restored
 * under settings B, for each setting that changes the state's layout (adaptation mode, order policy) and under a
 * model of another shape. The operator keeps running; each key's change is counted by cause; its outputs are what
 * the core's migration gives (KeyedScoring under A, then under B on the same state bytes); under the same settings
 * they equal an uninterrupted run. A corrupt state resets only its key.
 */
class StateEvolutionHarnessTest {

    private static final LstmModel BASE = ModelSnapshots.bundled();
    private static final LstmModel OTHER_SHAPE = TestModels.untrained(16, 1, 21);
    private static final List<LabelledSeries> STREAMS = StreamFixtures.streams().subList(2, 4);   // one univariate, one two-channel key
    private static final int CUT = 700;

    private record Change(String name, LstmModel modelA, DetectorConfig a, LstmModel modelB, DetectorConfig b,
                          StateChange expected, boolean outOfOrder) {
        List<byte[][]> first() {
            return outOfOrder ? ReorderFixtures.records(STREAMS, 0, CUT) : StreamFixtures.records(STREAMS, 0, CUT);
        }

        List<byte[][]> second() {
            return outOfOrder ? ReorderFixtures.records(STREAMS, CUT, ReorderFixtures.arrival(StreamFixtures.LENGTH).size())
                    : StreamFixtures.records(STREAMS, CUT, StreamFixtures.LENGTH);
        }
    }

    private static DetectorConfig adaptation(Adaptation a) {
        return DetectorConfig.builder().adaptation(a).build();
    }

    /** Scored points and alerts per key, as the shared scoring step gives them: A over the first part, B over the rest. */
    private static Map<String, List<byte[]>> reference(Change c, Route route) {
        Map<String, byte[]> states = new HashMap<>();
        Map<String, List<byte[]>> out = new LinkedHashMap<>();
        KeyedScoring a = new KeyedScoring(c.modelA, c.a, StreamMetrics.NONE, "reference A", () -> 0L, true);
        KeyedScoring b = new KeyedScoring(c.modelB, c.b, StreamMetrics.NONE, "reference B", () -> 0L, true);
        List<List<byte[][]>> parts = List.of(c.first(), c.second());
        for (int p = 0; p < parts.size(); p++) {
            KeyedScoring k = p == 0 ? a : b;
            for (byte[][] kv : parts.get(p)) {
                String key = new String(kv[0], StandardCharsets.UTF_8);
                states.put(key, k.score(states.get(key), kv[1], SourceRef.NONE, 0,
                        (r, v) -> { if (r == route) out.computeIfAbsent(key, x -> new ArrayList<>()).add(v); }));
            }
        }
        for (String key : states.keySet())   // the end of (bounded) input
            b.flush(states.get(key), key, (r, v) -> { if (r == route) out.computeIfAbsent(key, x -> new ArrayList<>()).add(v); });
        return out;
    }

    private static void assertSameBytes(Map<String, List<byte[]>> expected, Map<String, List<byte[]>> got, String what) {
        for (String key : expected.keySet()) {
            List<byte[]> e = expected.get(key), g = got.getOrDefault(key, List.of());
            assertEquals(e.size(), g.size(), what + " " + key);
            for (int i = 0; i < e.size(); i++) assertArrayEquals(e.get(i), g.get(i), what + " " + key + " #" + i);
        }
    }

    private static void merge(Map<String, List<byte[]>> into, Map<String, List<byte[]>> more) {
        more.forEach((k, v) -> into.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    }

    @Test
    void aSavepointUnderOneSettingRestoredUnderAnotherKeepsRunningAndCountsEachKeysChange() throws Exception {
        DetectorConfig reorder = ReorderFixtures.config();
        List<Change> changes = List.of(
                new Change("same settings", BASE, DetectorConfig.defaults(), BASE, DetectorConfig.defaults(), null, false),
                new Change("adaptation READOUT -> BIAS", BASE, adaptation(Adaptation.READOUT), BASE, adaptation(Adaptation.BIAS), StateChange.ADAPTATION_MODE, false),
                new Change("adaptation READOUT -> NONE", BASE, adaptation(Adaptation.READOUT), BASE, adaptation(Adaptation.NONE), StateChange.ADAPTATION_MODE, false),
                new Change("adaptation BIAS -> READOUT", BASE, adaptation(Adaptation.BIAS), BASE, adaptation(Adaptation.READOUT), StateChange.ADAPTATION_WIDENED, false),
                new Change("order DROP -> REORDER", BASE, DetectorConfig.defaults(), BASE, reorder, StateChange.ORDER_POLICY, false),
                new Change("order REORDER -> DROP", BASE, reorder, BASE, DetectorConfig.defaults(), StateChange.ORDER_POLICY, true),
                new Change("model H=32 -> H=16", BASE, DetectorConfig.defaults(), OTHER_SHAPE, DetectorConfig.defaults(), StateChange.MODEL_ARCHITECTURE, false));
        for (Change c : changes) {
            Map<String, List<byte[]>> scored = new LinkedHashMap<>(), alerts = new LinkedHashMap<>();
            OperatorSubtaskState snap;
            try (ScoringHarness a = new ScoringHarness(c.modelA, c.a, true, 0, null)) {
                a.feed(c.first());
                snap = a.snapshot();
                merge(scored, a.scored());
                merge(alerts, a.side(ScoringFunction.ANOMALIES));
            }
            Map<String, List<byte[]>> after;
            try (ScoringHarness b = new ScoringHarness(c.modelB, c.b, true, 0, snap)) {
                b.feed(c.second());
                b.endOfInput();
                after = b.scored();
                merge(scored, after);
                merge(alerts, b.side(ScoringFunction.ANOMALIES));
                for (StateChange sc : StateChange.values()) {
                    long n = b.count(sc.reset() ? Metric.STATE_RESETS : Metric.STATE_MIGRATIONS, sc.tag());
                    assertEquals(sc == c.expected ? STREAMS.size() : 0, n, c.name + ": " + sc);
                }
                assertEquals(0, b.count(Metric.STATE_RESETS, StateChange.CORRUPT.tag()), c.name);
            }
            assertSameBytes(reference(c, Route.SCORED), scored, c.name + ": scored");
            assertSameBytes(reference(c, Route.ANOMALY), alerts, c.name + ": alerts");
            for (LabelledSeries s : STREAMS) {
                ScoredPoint first = StreamFixtures.decodeScored(after.get(s.key()).get(0));
                assertEquals(c.expected == StateChange.MODEL_ARCHITECTURE, first.getFlags().getStateReset(), c.name + " " + s.key());
                assertTrue(first.getSequence() >= CUT - 30, c.name + ": the key's count carries on: " + first.getSequence());
            }
            if (c.expected == null)   // nothing changed: the same bytes as a run that never stopped
                assertSameBytes(StreamFixtures.expectedScored(BASE, DetectorConfig.defaults(), STREAMS), scored, "uninterrupted");
            if (c.expected == StateChange.ORDER_POLICY && !c.outOfOrder)   // in-order input: reordering changes when, not what
                assertSameBytes(StreamFixtures.expectedScored(BASE, DetectorConfig.defaults(), STREAMS), scored, c.name + " as DROP");
            System.out.printf("restore under %s: %d keys %s, outputs equal the core's migration%n", c.name, STREAMS.size(),
                    c.expected == null ? "unchanged" : c.expected.tag());
        }
    }

    @Test
    void aCorruptStateResetsItsKeyOnlyAndIsADeadLetterWithItsKey() throws Exception {
        String broken = STREAMS.get(1).key(), intact = STREAMS.get(0).key();
        Map<String, List<byte[]>> scored = new LinkedHashMap<>();
        OperatorSubtaskState snap;
        try (ScoringHarness a = new ScoringHarness(BASE, DetectorConfig.defaults(), null)) {
            a.feed(StreamFixtures.records(STREAMS, 0, CUT));
            snap = a.snapshot();
            merge(scored, a.scored());
        }
        try (ScoringHarness b = new ScoringHarness(BASE, DetectorConfig.defaults(), snap)) {
            byte[] garbage = "not a key state".getBytes(StandardCharsets.UTF_8);
            b.overwriteState(broken, garbage);
            b.feed(StreamFixtures.records(STREAMS, CUT, StreamFixtures.LENGTH));
            Map<String, List<byte[]>> after = b.scored();
            merge(scored, Map.of(intact, after.get(intact)));
            List<byte[]> letters = b.side(ScoringFunction.DEAD_LETTERS).get(broken);
            assertEquals(1, letters.size());
            DeadLetter dl = AvroBytes.read(DeadLetter.class, letters.get(0));
            assertEquals(Rejection.CORRUPT_STATE, dl.getErrorClass());
            assertEquals(broken, StandardCharsets.UTF_8.decode(dl.getRawKey()).toString());
            assertEquals("not a key state", StandardCharsets.UTF_8.decode(dl.getRaw()).toString());
            assertTrue(dl.getReason().contains("format 110"), dl.getReason());   // 'n'
            ScoredPoint restart = StreamFixtures.decodeScored(after.get(broken).get(0));
            assertEquals(0, restart.getSequence(), "the broken key starts fresh with the reading that found it");
            assertTrue(restart.getFlags().getStateReset());
            assertEquals(StreamFixtures.LENGTH - CUT, after.get(broken).size(), "and every reading is still scored");
            assertEquals(1, b.count(Metric.STATE_RESETS, StateChange.CORRUPT.tag()));
            assertFalse(b.side(ScoringFunction.DEAD_LETTERS).containsKey(intact));
        }
        Map<String, List<byte[]>> direct = StreamFixtures.expectedScored(BASE, DetectorConfig.defaults(), STREAMS);
        assertSameBytes(Map.of(intact, direct.get(intact)), scored, "the intact key");
    }
}
