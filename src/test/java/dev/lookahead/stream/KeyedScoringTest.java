package dev.lookahead.stream;

import dev.lookahead.avro.DeadLetter;
import dev.lookahead.avro.ScoredPoint;
import dev.lookahead.avro.SensorReading;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.OrderPolicy;
import dev.lookahead.detector.StateChange;
import dev.lookahead.detector.TestModels;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.model.Provenance;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scoring step both runtimes share: routing, dead letters, metrics, state resets and migrations, models, flushes. */
class KeyedScoringTest {

    private static final LstmModel H16 = new LstmModel("plant", 1, TestModels.untrained(16, 1, 3).weights(), Provenance.untrained(3));
    private static final long T0 = 1_700_000_000_000L;

    record Out(Route route, byte[] value) {
    }

    private static byte[] reading(String key, int row) {
        return AvroBytes.write(SensorReading.newBuilder().setKey(key).setTime(Instant.ofEpochMilli(T0 + 60_000L * row))
                .setChannels(Map.of("value", 10 + Math.sin(row / 5.0))).build());
    }

    private static KeyedScoring scoring(LstmModel m, DetectorConfig cfg, CountingMetrics metrics) {
        return new KeyedScoring(m, cfg, metrics, "test", () -> 42L, true);
    }

    /** Scores rows [from, to) of each key, state kept in {@code states}; returns what was emitted. */
    private static List<Out> run(KeyedScoring k, Map<String, byte[]> states, List<String> keys, int from, int to) {
        List<Out> out = new ArrayList<>();
        for (int row = from; row < to; row++)
            for (String key : keys) {
                byte[] next = k.score(states.get(key), reading(key, row), SourceRef.NONE, row, (r, v) -> out.add(new Out(r, v)));
                states.put(key, next);
            }
        return out;
    }

    @Test
    void aCorruptStateResetsItsKeyGoesToTheDeadLettersAndTheReadingIsStillScored() {
        CountingMetrics metrics = new CountingMetrics();
        KeyedScoring k = scoring(H16, DetectorConfig.defaults(), metrics);
        Map<String, byte[]> states = new HashMap<>();
        run(k, states, List.of("a", "b", "c"), 0, 100);
        byte[] corruptA = Arrays.copyOf(states.get("a"), 300);   // truncated
        byte[] corruptB = states.get("b").clone();
        corruptB[0] = 7;                                           // an unknown format
        states.put("a", corruptA);
        states.put("b", corruptB);
        try (LogCapture log = new LogCapture(KeyedScoring.class)) {
            List<Out> out = run(k, states, List.of("a", "b", "c"), 100, 101);
            assertEquals(5, out.size(), "a: dead letter + point; b: dead letter + point; c: point");
            DeadLetter dl = AvroBytes.read(DeadLetter.class, out.get(0).value);
            assertEquals(Route.DEAD_LETTER, out.get(0).route);
            assertEquals(Rejection.CORRUPT_STATE, dl.getErrorClass());
            assertArrayEquals(corruptA, bytes(dl.getRaw()), "the unreadable state, kept whole");
            assertArrayEquals("a".getBytes(StandardCharsets.UTF_8), bytes(dl.getRawKey()));
            assertTrue(dl.getReason().contains("key 'a'") && dl.getReason().contains("truncated"), dl.getReason());
            ScoredPoint p = AvroBytes.read(ScoredPoint.class, out.get(1).value);
            assertEquals(0, p.getSequence(), "scored on a fresh state");
            assertTrue(p.getFlags().getStateReset() && p.getFlags().getWarmUp());
            assertTrue(AvroBytes.read(DeadLetter.class, out.get(2).value).getReason().contains("format 7"));
            assertEquals(100, AvroBytes.read(ScoredPoint.class, out.get(4).value).getSequence(), "c carries on");
            assertEquals(2, metrics.get(Metric.STATE_RESETS, "corrupt"));
            assertEquals(1, log.count("WARN", "key state corrupt", "first key: a"), log.lines().toString());
            assertEquals(1, log.lines().size());
        }
        assertEquals(1, AvroBytes.read(ScoredPoint.class, run(k, states, List.of("a"), 101, 102).get(0).value).getSequence(),
                "the reset key goes on from its fresh state");
    }

    @Test
    void statesOfAnotherModelShapeAreResetInPartCountedPerKeyAndLoggedOncePerCause() {
        Map<String, byte[]> states = new HashMap<>();
        List<String> keys = List.of("a", "b", "c");
        run(scoring(H16, DetectorConfig.defaults(), new CountingMetrics()), states, keys, 0, 80);
        LstmModel h32 = new LstmModel("plant", 1, TestModels.untrained(32, 1, 4).weights(), Provenance.untrained(4));
        CountingMetrics metrics = new CountingMetrics();
        try (LogCapture log = new LogCapture(KeyedScoring.class)) {
            KeyedScoring k = scoring(h32, DetectorConfig.defaults(), metrics);
            List<Out> out = run(k, states, keys, 80, 82);
            assertEquals(3, metrics.get(Metric.STATE_RESETS, "model-architecture"), metrics.toString());
            assertEquals(1, log.count("WARN", "model-architecture", "first key: a", "H=16", "H=32"), log.lines().toString());
            assertEquals(1, log.lines().size());
            for (int i = 0; i < 3; i++) {
                ScoredPoint p = AvroBytes.read(ScoredPoint.class, out.get(i).value);
                assertEquals(80, p.getSequence(), "the key's count carries on");
                assertTrue(p.getFlags().getStateReset());
            }
            assertFalse(AvroBytes.read(ScoredPoint.class, out.get(3).value).getFlags().getStateReset(), "once");
        }
    }

    @Test
    void droppedReadingsAreDeadLettersWithTheirBytesAsReceivedAndTheirClass() {
        CountingMetrics metrics = new CountingMetrics();
        KeyedScoring k = scoring(H16, DetectorConfig.defaults(), metrics);
        Map<String, byte[]> states = new HashMap<>();
        run(k, states, List.of("a"), 0, 10);
        List<Out> out = new ArrayList<>();
        byte[] again = reading("a", 9);
        byte[] kept = states.get("a");
        byte[] next = k.score(kept, again, new SourceRef("in", 3, 77L, "a".getBytes(StandardCharsets.UTF_8)), 77, (r, v) -> out.add(new Out(r, v)));
        assertEquals(1, out.size());
        DeadLetter dl = AvroBytes.read(DeadLetter.class, out.get(0).value);
        assertEquals(Rejection.DUPLICATE, dl.getErrorClass());
        assertTrue(dl.getReason().startsWith("duplicate"), dl.getReason());
        assertArrayEquals(again, bytes(dl.getRaw()));
        assertEquals("in", dl.getSourceTopic());
        assertEquals(77L, dl.getSourceOffset());
        assertEquals(42L, dl.getTime().toEpochMilli());
        assertEquals(1, metrics.get(Metric.DROPPED_BY_DETECTOR));
        assertEquals(1, metrics.get(Metric.OUT_OF_ORDER));
        assertEquals(10, metrics.get(Metric.SCORED));
        assertEquals(1, metrics.get(Metric.NEW_KEYS));
        assertArrayEquals(kept, next, "a dropped reading changes nothing");
    }

    @Test
    void sampledTrainingWindowsLeaveOnTheirOwnRouteWhileScoresAndKeyStatesStayByteForByteTheSame() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) keys.add("k" + i);
        Map<String, byte[]> plainStates = new HashMap<>(), tunedStates = new HashMap<>();
        List<Out> plain = run(scoring(H16, DetectorConfig.defaults(), new CountingMetrics()), plainStates, keys, 0, 400);
        CountingMetrics metrics = new CountingMetrics();
        KeyedScoring tuned = scoring(H16, DetectorConfig.defaults(), metrics);
        tuned.sampleTrainingWindows(dev.lookahead.finetune.FineTuneConfig.builder().sampleEveryPoints(40).seed(3).build());
        List<Out> all = run(tuned, tunedStates, keys, 0, 400);
        List<Out> windows = all.stream().filter(o -> o.route == Route.TRAINING_WINDOW).toList();
        List<Out> rest = all.stream().filter(o -> o.route != Route.TRAINING_WINDOW).toList();
        assertEquals(plain.size(), rest.size());
        for (int i = 0; i < rest.size(); i++) {
            assertEquals(plain.get(i).route, rest.get(i).route);
            assertArrayEquals(plain.get(i).value, rest.get(i).value, "output " + i);
        }
        for (String key : keys) assertArrayEquals(plainStates.get(key), tunedStates.get(key), key + ": the key state is not touched");
        assertFalse(windows.isEmpty(), "windows sampled");
        assertEquals(windows.size(), metrics.get(Metric.TRAINING_WINDOWS));
        for (Out o : windows) {
            dev.lookahead.avro.SampledWindow w = SampledWindows.read(o.value);
            dev.lookahead.finetune.TimedWindow tw = SampledWindows.window(w);
            assertEquals("plant", w.getGroup());
            assertEquals("plant:1", w.getModelVersion());
            assertEquals(64, tw.window().length(), "the trainer's window length");
            assertTrue(dev.lookahead.finetune.WindowCollector.starts(3, tw.key(), (tw.from() - T0) / 60_000, 40),
                    "starts at a sampled point of its key (row = sequence here)");
        }
    }

    @Test
    void aNewerModelIsAdoptedOnceAndNamedOnTheNextPoints() {
        CountingMetrics metrics = new CountingMetrics();
        KeyedScoring k = scoring(H16, DetectorConfig.defaults(), metrics);
        Map<String, byte[]> states = new HashMap<>();
        run(k, states, List.of("a"), 0, 5);
        byte[] v2 = ModelSnapshots.toBytes(new LstmModel("plant", 2, TestModels.untrained(16, 1, 9).weights(), Provenance.untrained(9)));
        for (int i = 0; i < 100; i++) k.offerModel(v2);
        for (int i = 0; i < 3; i++) k.offerModel(ModelSnapshots.toBytes(TestModels.untrained(32, 1, 1)));   // group "test": another deployment's, counted once
        assertEquals(1, metrics.get(Metric.MODEL_SWITCHES));
        assertEquals(1, metrics.get(Metric.MODEL_SNAPSHOTS_PARSED));
        assertEquals(1, metrics.get(Metric.MODELS_REFUSED));
        List<Out> out = run(k, states, List.of("a"), 5, 6);
        assertEquals("plant:2", AvroBytes.read(ScoredPoint.class, out.get(0).value).getModelVersion());
    }

    @Test
    void aFlushScoresWhatTheReorderBufferHoldsAndCountsIt() {
        CountingMetrics metrics = new CountingMetrics();
        DetectorConfig reorder = DetectorConfig.builder().orderPolicy(OrderPolicy.REORDER).reorderBoundMillis(150_000).build();
        KeyedScoring k = scoring(H16, reorder, metrics);
        Map<String, byte[]> states = new HashMap<>();
        List<Out> out = run(k, states, List.of("a"), 0, 50);
        assertEquals(3, k.buffered());
        assertEquals(47, out.size());
        byte[] held = states.get("a");
        byte[] after = k.flush(held, "a", (r, v) -> out.add(new Out(r, v)));
        assertEquals(50, out.size());
        assertEquals(3, metrics.get(Metric.REORDER_FLUSHED));
        assertEquals(0, k.buffered());
        assertTrue(after != held);
        assertTrue(k.flush(after, "a", (r, v) -> out.add(new Out(r, v))) == after, "nothing held: the same state");
        for (int i = 0; i < 50; i++) assertEquals(i, AvroBytes.read(ScoredPoint.class, out.get(i).value).getSequence());
        assertNull(k.flush(new byte[]{3, 0}, "b", (r, v) -> out.add(new Out(r, v))), "unreadable: the key's state is dropped");
        assertEquals(Rejection.CORRUPT_STATE, AvroBytes.read(DeadLetter.class, out.get(50).value).getErrorClass());
        assertEquals(1, metrics.get(Metric.STATE_RESETS, StateChange.CORRUPT.tag()));
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
