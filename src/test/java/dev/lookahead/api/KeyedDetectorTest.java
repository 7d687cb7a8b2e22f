package dev.lookahead.api;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.DroppedPoint;
import dev.lookahead.detector.OrderPolicy;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.runner.DirectRunner;
import dev.lookahead.synthetic.LabelledSeries;
import dev.lookahead.synthetic.SampleStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API gives the direct runner's verdicts (what {@code lookahead score} writes), point for point and field for
 * field, whether the key's state makes a round trip through bytes at every point or stays on the heap.
 */
class KeyedDetectorTest {

    private static LstmModel model;
    private static List<Series> series;

    @BeforeAll
    static void sample() {
        model = ModelSnapshots.bundled();
        series = new ArrayList<>();
        for (LabelledSeries s : SampleStreams.generate(3, 1200, 42)) series.add(Series.disordered(s));
    }

    /** The direct runner's outcomes, in emitted order, as descriptors. */
    private static List<AnomalyDescriptor> direct(Series s, DetectorConfig config) {
        DetectorConfig cfg = config.toBuilder().channels(s.channels()).build();
        double threshold = dev.lookahead.detector.Detector.effectiveThreshold(cfg, model);
        List<AnomalyDescriptor> out = new ArrayList<>();
        for (Outcome o : new DirectRunner(model, cfg).emitted(s.key(), s.channels(), s.times(), s.values()))
            out.add(o instanceof PointResult p ? AnomalyDescriptor.of(p, threshold)
                    : AnomalyDescriptor.dropped((DroppedPoint) o, s.channels(), s.values()[(int) o.ordinal()].clone(), model.versionId(), threshold));
        return out;
    }

    private static List<AnomalyDescriptor> keyed(Series s, KeyedDetector d) {
        List<AnomalyDescriptor> out = new ArrayList<>();
        byte[] state = null;
        for (int i = 0; i < s.size(); i++) {
            KeyedDetector.Result r = d.process(state, s.key(), s.times()[i], s.values()[i]);
            assertTrue(r.stateNotes().isEmpty(), () -> "a state read back as written changes nothing: " + r.stateNotes());
            out.addAll(r.descriptors());
            state = r.state();
        }
        out.addAll(d.flush(state, s.key()).descriptors());
        return out;
    }

    @Test
    void stateBytesAtEveryPointGiveTheDirectRunnersVerdicts() {
        java.util.Map<DropReason, Integer> dropped = new java.util.EnumMap<>(DropReason.class);
        int anomalies = 0;
        for (Series s : series) {
            List<AnomalyDescriptor> expected = direct(s, DetectorConfig.defaults());
            List<AnomalyDescriptor> got = keyed(s, KeyedDetector.builder().channels(s.channels()).build());
            assertEquals(expected.size(), got.size(), s.key());
            for (int i = 0; i < expected.size(); i++) assertEquals(expected.get(i), got.get(i), s.key() + " verdict " + i);
            for (AnomalyDescriptor d : got) if (d.isDropped()) dropped.merge(d.dropReason(), 1, Integer::sum);
            anomalies += (int) got.stream().filter(AnomalyDescriptor::isAnomaly).count();
        }
        // per key: the duplicate, the all-NaN row, the point far out of order and the swapped one (under DROP)
        assertEquals(java.util.Map.of(DropReason.DUPLICATE, 3, DropReason.OUT_OF_ORDER, 6, DropReason.NO_FINITE_VALUE, 3), dropped);
        assertTrue(anomalies > 0, "the sample's injected anomalies are found");
    }

    @Test
    void underReorderTheHeldPointsComeOutInTheRunnersOrderAndFlushReleasesTheRest() {
        DetectorConfig reorder = DetectorConfig.builder().orderPolicy(OrderPolicy.REORDER).reorderBoundMillis(3_600_000).build();
        for (Series s : series) {
            List<AnomalyDescriptor> expected = direct(s, reorder);
            List<AnomalyDescriptor> got = keyed(s, KeyedDetector.builder().channels(s.channels())
                    .orderPolicy("reorder").reorderBoundMillis(3_600_000).build());
            assertEquals(expected, got, s.key());
            assertTrue(got.stream().anyMatch(AnomalyDescriptor::isOutOfOrder), s.key() + ": the swapped point is reordered");
        }
    }

    @Test
    void theInMemoryFormGivesTheSameVerdictsAndItsStateResumesInTheKeyedForm() {
        Series s = series.get(1);   // two channels
        InMemoryDetector mem = InMemoryDetector.builder().channels(s.channels()).build();
        KeyedDetector keyed = KeyedDetector.builder().channels(s.channels()).build();
        List<AnomalyDescriptor> expected = direct(s, DetectorConfig.defaults());
        List<AnomalyDescriptor> got = new ArrayList<>();
        int half = s.size() / 2;
        for (int i = 0; i < half; i++) got.addAll(mem.process(s.key(), s.times()[i], s.values()[i]));
        byte[] state = mem.state(s.key());
        for (int i = half; i < s.size(); i++) {
            KeyedDetector.Result r = keyed.process(state, s.key(), s.times()[i], s.values()[i]);
            got.addAll(r.descriptors());
            state = r.state();
        }
        assertEquals(expected, got);

        InMemoryDetector resumed = InMemoryDetector.builder().channels(s.channels()).build();
        assertEquals(List.of(), resumed.restore(s.key(), mem.state(s.key())));
        List<AnomalyDescriptor> tail = new ArrayList<>();
        for (int i = half; i < s.size(); i++) tail.addAll(resumed.process(s.key(), s.times()[i], s.values()[i]));
        assertEquals(expected.subList(expected.size() - tail.size(), expected.size()), tail);
        assertEquals(java.util.Set.of(s.key()), resumed.keys());
    }

    @Test
    void unreadableStateResetsTheKeyWithANoteInsteadOfThrowing() {
        Series s = series.get(0);
        KeyedDetector d = KeyedDetector.builder().channels(s.channels()).build();
        KeyedDetector.Result r = d.process(new byte[]{3, 1, 2, 3}, s.key(), s.times()[0], s.values()[0]);
        assertEquals(1, r.stateNotes().size(), r.stateNotes().toString());
        assertTrue(r.stateNotes().get(0).startsWith("CORRUPT: "), r.stateNotes().get(0));
        assertEquals(1, r.descriptors().size());
        assertTrue(r.descriptors().get(0).isStateReset(), "the verdict says the key started afresh");
        assertNotEquals(0, r.state().length);

        KeyedDetector other = KeyedDetector.builder().channels("a", "b", "c").build();
        KeyedDetector.Result wrong = other.process(r.state(), s.key(), s.times()[1], 1, 2, 3);
        assertTrue(wrong.stateNotes().get(0).startsWith("CHANNELS: "), wrong.stateNotes().toString());
        assertFalse(wrong.descriptors().get(0).isDropped());
    }

    @Test
    void theResultsStateIsACopy() {
        Series s = series.get(0);
        KeyedDetector.Result r = KeyedDetector.builder().channels(s.channels()).build().process(null, s.key(), s.times()[0], s.values()[0]);
        byte[] a = r.state();
        a[0] ^= 1;
        assertArrayEquals(r.state(), r.state());
        assertNotEquals(a[0], r.state()[0]);
    }

    @Test
    void aNewerSnapshotOfTheGroupIsAdoptedUnderTheRuntimesSwitchRuleAndNamedByTheNextVerdicts() {
        Series s = series.get(0);
        KeyedDetector d = KeyedDetector.builder().channels(s.channels()).build();
        LstmModel next = new LstmModel(model.group(), model.version() + 1, model.weights(), model.provenance(), model.calibration());
        LstmModel foreign = new LstmModel("other", model.version() + 5, model.weights(), model.provenance(), model.calibration());
        byte[] state = d.process(null, s.key(), s.times()[0], s.values()[0]).state();
        assertEquals(ModelOffer.FOREIGN_GROUP, d.offerModel(ModelSnapshots.toBytes(foreign)));
        assertEquals(ModelOffer.UNREADABLE, d.offerModel(new byte[]{1, 2, 3}));
        assertEquals(ModelOffer.CURRENT, d.offerModel(ModelSnapshots.toBytes(model)));
        assertEquals(model.versionId(), d.modelVersion());
        assertEquals(ModelOffer.ADOPTED, d.offerModel(ModelSnapshots.toBytes(next)));
        assertEquals(next.versionId(), d.modelVersion());
        assertEquals(next.versionId(), d.process(state, s.key(), s.times()[1], s.values()[1]).descriptors().get(0).modelVersion());
        assertEquals(ModelOffer.NOT_NEWER, d.offerModel(ModelSnapshots.toBytes(model)));

        InMemoryDetector mem = InMemoryDetector.builder().channels(s.channels()).build();
        assertEquals(ModelOffer.ADOPTED, mem.offerModel(ModelSnapshots.toBytes(next)));
        assertEquals(next.versionId(), mem.process(s.key(), s.times()[0], s.values()[0]).get(0).modelVersion());
    }
}
