package dev.lookahead.detector;

import dev.lookahead.model.LstmModel;
import dev.lookahead.model.LstmWeights;
import dev.lookahead.model.ModelArchitecture;
import dev.lookahead.model.Provenance;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model switch keeps h and c; the keys' head corrections are reset (by default) or kept, at the key's next point. */
class ModelSwitchTest {

    private static final ModelArchitecture ARCH = ModelArchitecture.univariate(8, 1);
    private static final LstmModel V1 = TestModels.untrained(ARCH, 3);
    private static final LstmModel V2 = new LstmModel("test", 2, LstmWeights.initialise(ARCH, 4), Provenance.untrained(4));

    private record After(String first, String outcome, KeyState state) {
    }

    /**
     * 300 points under v1, then a switch to v2 and two more points: the first was forecast before the switch, the
     * second is the first forecast made after it.
     */
    private static After switchAndScore(ModelSwitch policy, boolean clearByHand) {
        Detector d = new Detector(V1, DetectorConfig.defaults());
        KeyState s = d.newState();
        int n = 302;
        double[][] v = TestModels.seasonal(n, 8);
        long[] t = TestModels.minutes(n);
        for (int i = 0; i < n - 2; i++) d.process(s, "k", t[i], v[i], i, o -> { });
        assertTrue(Math.abs(s.correction.db[0]) > 1e-4, "precondition: the key learned a correction");
        if (clearByHand) s.correction.reset();
        d.setModel(V2, policy);
        List<Outcome> out = new ArrayList<>();
        d.process(s, "k", t[n - 2], v[n - 2], n - 2, out::add);
        d.process(s, "k", t[n - 1], v[n - 1], n - 1, out::add);
        return new After(TestModels.canonical(out.get(0)), TestModels.canonical(out.get(1)), s);
    }

    @Test
    void resetIsExactlyClearingTheCorrectionAtTheKeysFirstPointUnderTheNewModel() {
        After reset = switchAndScore(ModelSwitch.RESET_ADAPTATION, false);
        After byHand = switchAndScore(ModelSwitch.KEEP_ADAPTATION, true);
        After kept = switchAndScore(ModelSwitch.KEEP_ADAPTATION, false);
        assertEquals(byHand.outcome(), reset.outcome());
        assertEquals(byHand.first(), reset.first());
        assertEquals(kept.first(), reset.first(), "the point at the switch was forecast before it, by v1");
        assertNotEquals(kept.outcome(), reset.outcome(), "keeping the correction changes the next forecast");
        assertEquals(2, reset.state().modelVersion());
        assertTrue(reset.outcome().contains("|test:2|"), "the point after the switch names the new version");
    }

    @Test
    void theDefaultSwitchResets() {
        Detector d = new Detector(V1, DetectorConfig.defaults());
        KeyState s = d.newState();
        double[][] v = TestModels.seasonal(302, 8);
        long[] t = TestModels.minutes(302);
        for (int i = 0; i < 300; i++) d.process(s, "k", t[i], v[i], i, o -> { });
        d.setModel(V2);
        List<Outcome> out = new ArrayList<>();
        d.process(s, "k", t[300], v[300], 300, out::add);
        d.process(s, "k", t[301], v[301], 301, out::add);
        assertEquals(switchAndScore(ModelSwitch.RESET_ADAPTATION, false).outcome(), TestModels.canonical(out.get(1)));
    }
}
