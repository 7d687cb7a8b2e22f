package dev.lookahead.synthetic;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each kind does exactly what {@link AnomalyKind} says, checked on noise-free {@link SyntheticStream}s where the
 * shared part is the value itself.
 */
class FaultsTest {

    private static SyntheticStream quiet(long seed) {
        return SyntheticStream.builder(seed).length(600).level(10).seasonal(100, 4).channels(2).gains(1, 2);
    }

    private static double[][] diff(LabelledSeries a, LabelledSeries b) {
        double[][] d = new double[a.size()][a.channels().size()];
        for (int i = 0; i < a.size(); i++)
            for (int c = 0; c < d[i].length; c++) d[i][c] = a.values()[i][c] - b.values()[i][c];
        return d;
    }

    @Test
    void temporaryLevelShiftAndDriftEndWithTheirWindowPermanentOnesStay() {
        LabelledSeries clean = quiet(1).generate();
        double[][] shift = diff(quiet(1).anomaly(InjectedAnomaly.of(AnomalyKind.LEVEL_SHIFT, 100, 50, 3, 0).asTemporary()).generate(), clean);
        double[][] drift = diff(quiet(1).anomaly(InjectedAnomaly.of(AnomalyKind.DRIFT, 300, 40, -2, 1).asTemporary()).generate(), clean);
        double[][] permanent = diff(quiet(1).anomaly(InjectedAnomaly.of(AnomalyKind.LEVEL_SHIFT, 100, 50, 3, 0)).generate(), clean);
        for (int i = 0; i < clean.size(); i++) {
            assertEquals(i >= 100 && i < 150 ? 3 : 0, shift[i][0], 1e-12, "temporary shift at " + i);
            assertEquals(i >= 100 ? 3 : 0, permanent[i][0], 1e-12, "permanent shift at " + i);
            assertEquals(i >= 300 && i < 340 ? -2 * (i - 299) / 40.0 : 0, drift[i][1], 1e-12, "temporary drift at " + i);
            assertEquals(0, shift[i][1]);
            assertEquals(0, drift[i][0]);
        }
    }

    @Test
    void crossChannelBreakHoldsOneChannelsSharedPartWhileTheOthersMoveOn() {
        LabelledSeries clean = quiet(2).generate();
        LabelledSeries s = quiet(2).anomaly(InjectedAnomaly.of(AnomalyKind.CROSS_CHANNEL_BREAK, 200, 60, 0, 1)).generate();
        for (int i = 0; i < s.size(); i++) {
            assertEquals(clean.values()[i][0], s.values()[i][0], "channel 0 untouched at " + i);
            double expect = i >= 200 && i < 260 ? clean.values()[200][1] : clean.values()[i][1];
            assertEquals(expect, s.values()[i][1], 1e-12, "channel 1 at " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> SyntheticStream.builder(1).length(300).seasonal(50, 1)
                .anomaly(InjectedAnomaly.of(AnomalyKind.CROSS_CHANNEL_BREAK, 100, 20, 0)).generate(), "one channel has no relation to break");
    }

    @Test
    void phaseShiftShowsTheSharedPartOfAnotherTime() {
        LabelledSeries clean = quiet(3).generate();
        LabelledSeries late = quiet(3).anomaly(InjectedAnomaly.of(AnomalyKind.PHASE_SHIFT, 200, 100, 25, 0)).generate();
        LabelledSeries early = quiet(3).anomaly(InjectedAnomaly.of(AnomalyKind.PHASE_SHIFT, 200, 100, -25, 0)).generate();
        for (int i = 0; i < clean.size(); i++) {
            boolean in = i >= 200 && i < 300;
            assertEquals(in ? clean.values()[i - 25][0] : clean.values()[i][0], late.values()[i][0], 1e-12, "late at " + i);
            assertEquals(in ? clean.values()[i + 25][0] : clean.values()[i][0], early.values()[i][0], 1e-12, "early at " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> SyntheticStream.builder(1).length(300).noise(1)
                .anomaly(InjectedAnomaly.of(AnomalyKind.PHASE_SHIFT, 100, 20, 5)).generate(), "nothing seasonal to shift");
    }

    @Test
    void missedRiseCapsTheSharedPartAtItsStartValue() {
        LabelledSeries clean = quiet(4).generate();
        LabelledSeries s = quiet(4).anomaly(InjectedAnomaly.of(AnomalyKind.MISSED_RISE, 210, 100, 0, 0)).generate();
        double cap = clean.values()[210][0];
        for (int i = 0; i < clean.size(); i++) {
            double expect = i >= 210 && i < 310 ? Math.min(cap, clean.values()[i][0]) : clean.values()[i][0];
            assertEquals(expect, s.values()[i][0], 1e-12, "at " + i);
        }
    }

    @Test
    void flatMiddleHoldsTheMidpointOfThePrecedingRangeWithoutNoise() {
        SyntheticStream noisy = quiet(5).noise(0.3);
        LabelledSeries clean = noisy.generate();
        LabelledSeries s = quiet(5).noise(0.3).anomaly(InjectedAnomaly.of(AnomalyKind.FLAT_MIDDLE, 300, 120, 0, 0)).generate();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 180; i < 300; i++) {
            lo = Math.min(lo, clean.values()[i][0]);
            hi = Math.max(hi, clean.values()[i][0]);
        }
        for (int i = 0; i < clean.size(); i++)
            assertEquals(i >= 300 && i < 420 ? (lo + hi) / 2 : clean.values()[i][0], s.values()[i][0], 1e-12, "at " + i);
        assertThrows(IllegalArgumentException.class, () -> quiet(5)
                .anomaly(InjectedAnomaly.of(AnomalyKind.FLAT_MIDDLE, 100, 120, 0)).generate(), "looks back before the series");
    }

    @Test
    void squareWaveWithAFixedPhaseRisesWhereAsked() {
        int rise = 30;
        LabelledSeries s = SyntheticStream.builder(6).length(400).level(20).seasonal(100, 10, SyntheticStream.Waveform.SQUARE, -2 * Math.PI * rise / 100).generate();
        double[] v = s.column(0);
        for (int day = 0; day < 4; day++) {
            int r = day * 100 + rise;
            assertTrue(v[r - 1] < 20 && v[r + 1] > 20, "rises through the level at " + r);
            assertTrue(v[r + 25] > 29.9 && v[r - 25] < 10.1, "square-ish: high a quarter period after the rise, low before");
        }
    }
}
