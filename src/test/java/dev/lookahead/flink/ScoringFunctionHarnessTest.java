package dev.lookahead.flink;

import dev.lookahead.avro.ScoredPoint;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.TestModels;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.LstmWeights;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.model.Provenance;
import dev.lookahead.synthetic.LabelledSeries;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The keyed scoring operator alone, in Flink's operator test harness: keyed state, broadcast state, snapshot and restore. */
class ScoringFunctionHarnessTest {

    private static final LstmModel BASE = ModelSnapshots.bundled();

    private static KeyedBroadcastOperatorTestHarness<String, KeyedRecord, byte[], OutRecord> harness(OperatorSubtaskState restore) throws Exception {
        ScoringFunction fn = new ScoringFunction(ModelSnapshots.toBytes(BASE), DetectorConfig.defaults(), 0);
        var h = new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(fn, List.of(ScoringFunction.MODEL)),
                (KeyedRecord r) -> r.key, Types.STRING, 128, 1, 0);
        h.setup();
        if (restore != null) h.initializeState(restore);
        h.open();
        return h;
    }

    private static void feed(KeyedBroadcastOperatorTestHarness<String, KeyedRecord, byte[], OutRecord> h, List<byte[][]> records) throws Exception {
        long offset = 0;
        for (byte[][] kv : records) {
            RawRecord raw = new RawRecord(kv[0], kv[1], "in", 0, offset++);
            h.processElement(new KeyedRecord(new String(kv[0], StandardCharsets.UTF_8), raw), 0L);
        }
    }

    private static List<byte[]> values(KeyedBroadcastOperatorTestHarness<String, KeyedRecord, byte[], OutRecord> h) {
        List<byte[]> out = new ArrayList<>();
        for (OutRecord r : h.extractOutputValues()) out.add(r.value);
        return out;
    }

    @Test
    void snapshotAndRestoreMidStreamChangesNoOutputByte() throws Exception {
        List<LabelledSeries> streams = StreamFixtures.streams().subList(2, 4);   // one univariate, one two-channel key
        List<byte[][]> first = StreamFixtures.records(streams, 0, 700), second = StreamFixtures.records(streams, 700, 1400);

        var whole = harness(null);
        feed(whole, first);
        feed(whole, second);
        List<byte[]> uninterrupted = values(whole);
        whole.close();

        var before = harness(null);
        feed(before, first);
        OperatorSubtaskState snap = before.snapshot(1L, 1L);
        List<byte[]> split = new ArrayList<>(values(before));
        before.close();
        var after = harness(snap);
        feed(after, second);
        split.addAll(values(after));
        after.close();

        assertEquals(first.size() + second.size(), uninterrupted.size());
        assertEquals(uninterrupted.size(), split.size());
        for (int i = 0; i < split.size(); i++) assertArrayEquals(uninterrupted.get(i), split.get(i), "output " + i);
        // and both equal the direct runner, per key
        Map<String, List<byte[]>> direct = StreamFixtures.expectedScored(BASE, DetectorConfig.defaults(), streams);
        int[] seen = new int[streams.size()];
        for (byte[] b : split) {
            ScoredPoint p = StreamFixtures.decodeScored(b);
            int k = p.getKey().equals(streams.get(0).key()) ? 0 : 1;
            assertArrayEquals(direct.get(p.getKey()).get(seen[k]++), b);
        }
    }

    @Test
    void aNewerModelOnTheBroadcastInputScoresTheNextPointsAndSurvivesRestore() throws Exception {
        List<LabelledSeries> streams = StreamFixtures.streams().subList(0, 1);
        LstmWeights other = TestModels.untrained(BASE.architecture(), 9).weights();
        LstmModel v2 = new LstmModel(BASE.group(), BASE.version() + 1, other, Provenance.untrained(9));
        LstmModel stale = new LstmModel(BASE.group(), BASE.version(), other, Provenance.untrained(9));
        LstmModel foreign = new LstmModel("another-deployment", 99, other, Provenance.untrained(9));
        LstmModel otherShape = TestModels.untrained(16, 1, 3);
        otherShape = new LstmModel(BASE.group(), 50, otherShape.weights(), otherShape.provenance());

        var h = harness(null);
        feed(h, StreamFixtures.records(streams, 0, 200));
        for (LstmModel ignored : List.of(stale, foreign, otherShape)) h.processBroadcastElement(ModelSnapshots.toBytes(ignored), 0L);
        feed(h, StreamFixtures.records(streams, 200, 210));
        h.processBroadcastElement(ModelSnapshots.toBytes(v2), 0L);
        feed(h, StreamFixtures.records(streams, 210, 220));
        List<byte[]> out = values(h);
        OperatorSubtaskState snap = h.snapshot(1L, 1L);
        h.close();
        for (int i = 0; i < 210; i++) assertEquals(BASE.versionId(), StreamFixtures.decodeScored(out.get(i)).getModelVersion(), "point " + i);
        for (int i = 210; i < 220; i++) assertEquals(v2.versionId(), StreamFixtures.decodeScored(out.get(i)).getModelVersion(), "point " + i);

        var restored = harness(snap);
        feed(restored, StreamFixtures.records(streams, 220, 230));
        for (byte[] b : values(restored)) assertEquals(v2.versionId(), StreamFixtures.decodeScored(b).getModelVersion());
        assertTrue(restored.getBroadcastState(ScoringFunction.MODEL).contains("current"));
        restored.close();
    }
}
