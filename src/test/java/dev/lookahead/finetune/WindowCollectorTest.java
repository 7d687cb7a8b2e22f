package dev.lookahead.finetune;

import dev.lookahead.detector.Detector;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.KeyState;
import dev.lookahead.detector.PointResult;
import dev.lookahead.detector.TestModels;
import dev.lookahead.preprocessing.TrainingSequences;
import dev.lookahead.training.TrainingWindow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The collector cuts the detector's own normalised windows, and only clean ones. */
class WindowCollectorTest {

    private static final int L = 16;
    private final List<TimedWindow> windows = new ArrayList<>();

    private WindowCollector collector(int quarantine, int maxKeys) {
        FineTuneConfig cfg = FineTuneConfig.builder().quarantinePoints(quarantine).maxTrackedKeys(maxKeys).build();
        return new WindowCollector(L, 1, cfg, windows::add);
    }

    @Test
    void windowsAreExactlyTheNormalisedSequencesOfflineTrainingUses() {
        DetectorConfig cfg = DetectorConfig.builder().threshold(1.0).build();
        Detector d = new Detector(TestModels.untrained(8, 1, 5), cfg);
        d.setTrainingTap(collector(0, 10));
        KeyState s = d.newState();
        int n = 64 + 5 * L + 1;
        double[][] v = TestModels.seasonal(n, 9);
        long[] t = TestModels.minutes(n);
        List<PointResult> results = new ArrayList<>();
        for (int i = 0; i < n; i++) d.process(s, "k", t[i], v[i], i, o -> results.add((PointResult) o));
        assertFalse(results.stream().anyMatch(PointResult::anomaly), "precondition: a clean stream");

        // Offline: the same values through TrainingSequences, skipping the detector's warm-up.
        TrainingSequences.Sequence seq = TrainingSequences.of(v, cfg.normalisationWindow(), cfg.robustAfter(),
                cfg.robustClip(), cfg.inputClip(), cfg.warmUpPoints()).get(0);
        assertEquals(5, windows.size());
        for (int w = 0; w < windows.size(); w++) {
            TrainingWindow got = windows.get(w).window();
            for (int i = 0; i < L; i++) {
                assertArrayEquals(seq.inputs()[w * L + i], got.input()[i], "window " + w + " input " + i);
                assertArrayEquals(seq.targets()[w * L + i], got.target()[i], "window " + w + " target " + i);
            }
            assertEquals(t[64 + w * L], windows.get(w).from(), "first input's time");
            assertEquals(t[64 + (w + 1) * L], windows.get(w).to(), "last target's time");
        }
    }

    @Test
    void windowsTouchingAnAnomalyOrTheQuarantineBeforeItAreLeftOut() {
        WindowCollector c = collector(4, 10);
        int anomalyAt = 3 * L + 2;   // inside the 4th window (inputs 48..63 with their targets 49..64)
        for (int i = 0; i < 8 * L; i++) c.onScored(point("k", i, i == anomalyAt, false), new float[]{i}, new float[]{i});
        // Windows 1, 2 are clean and released; 3 ends at point 48 but point 50 (2 points later, within the
        // quarantine) is anomalous, so it goes; 4 contains the anomaly; windows restart after it.
        List<long[]> ranges = new ArrayList<>();
        for (TimedWindow w : windows) ranges.add(new long[]{w.from(), w.to()});
        for (long[] r : ranges)
            assertTrue(r[1] < anomalyAt - 4 || r[0] > anomalyAt, "window " + r[0] + ".." + r[1] + " is near the anomaly at " + anomalyAt);
        assertEquals(2 * L, windows.get(1).to(), "the clean windows before are kept");
        assertEquals(1, c.discarded(), "the window in quarantine when the anomaly came");
        assertEquals(anomalyAt + 1, windows.get(2).from(), "a new stretch starts after the anomaly");
        // inputs and targets are aligned: the target of input i is point i+1's value
        TrainingWindow w0 = windows.get(0).window();
        for (int i = 0; i < L; i++) assertEquals(w0.input()[i][0] + 1, w0.target()[i][0]);
    }

    @Test
    void warmUpAndImputedPointsBreakTheStretchLikeAnomalies() {
        WindowCollector c = collector(0, 10);
        for (int i = 0; i < 3 * L; i++) c.onScored(point("k", i, false, i == L + 3), new float[]{i}, new float[]{i});
        // window 0..16 released; the one holding the imputed point 19 is dropped; a new one starts at 20
        assertEquals(List.of(0L, (long) L + 4), windows.stream().map(TimedWindow::from).toList());
    }

    @Test
    void atMostMaxTrackedKeysHaveStateAndOthersGetATurnWhenAWindowIsHandedOn() {
        WindowCollector c = collector(0, 2);
        for (int i = 0; i < 6 * L; i++)
            for (String k : List.of("a", "b", "c")) c.onScored(point(k, i, false, false), new float[]{i}, new float[]{i});
        assertTrue(c.trackedKeys() <= 2);
        assertTrue(windows.stream().anyMatch(w -> w.key().equals("c")), "the third key got a slot when one freed");
    }

    @Test
    void sampledWindowsStartOnlyAtSampledPointsOfTheirKeyWhateverOtherKeysDo() {
        FineTuneConfig cfg = FineTuneConfig.builder().quarantinePoints(4).maxTrackedKeys(1000).sampleEveryPoints(50).seed(7).build();
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < 40; k++) keys.add("key-" + k);
        int n = 2000, anomalyAt = 1000;
        WindowCollector all = WindowCollector.sampled(L, 1, cfg, windows::add);
        for (int i = 0; i < n; i++)
            for (String k : keys) all.onScored(point(k, i, k.equals("key-3") && i == anomalyAt, false), new float[]{i}, new float[]{i});
        long starts = 0;
        for (String k : keys) for (int i = 0; i < n; i++) if (WindowCollector.starts(7, k, i, 50)) starts++;
        // about one point in 50 starts a window (a start while the key's window is under construction is not a new one)
        assertTrue(windows.size() > starts * 0.6 && windows.size() <= starts, windows.size() + " windows from " + starts + " sampled starts");
        for (TimedWindow w : windows) {
            assertTrue(WindowCollector.starts(7, w.key(), w.from(), 50), w.key() + " window at " + w.from() + " starts at a sampled point");
            assertEquals(w.from() + L, w.to(), "one window of L steps per start");
            assertFalse(w.key().equals("key-3") && w.from() <= anomalyAt && w.to() + 4 >= anomalyAt, "no window touches the anomaly or its quarantine");
        }
        assertTrue(all.trackedKeys() < keys.size() / 2, "only keys with a window under construction have state: " + all.trackedKeys());
        // a key's windows are a function of its own points: alone, key-5 gets exactly the same ones
        List<TimedWindow> mixed = windows.stream().filter(w -> w.key().equals("key-5")).toList();
        windows.clear();
        WindowCollector alone = WindowCollector.sampled(L, 1, cfg, windows::add);
        for (int i = 0; i < n; i++) alone.onScored(point("key-5", i, false, false), new float[]{i}, new float[]{i});
        assertEquals(mixed.stream().map(TimedWindow::from).toList(), windows.stream().map(TimedWindow::from).toList());
        assertFalse(mixed.isEmpty());
    }

    @Test
    void aKeyThatGoesQuietMidWindowFreesItsSlotButActiveKeysKeepTheirs() {
        FineTuneConfig cfg = FineTuneConfig.builder().quarantinePoints(0).maxTrackedKeys(2).sampleEveryPoints(1).build();
        WindowCollector c = WindowCollector.sampled(L, 1, cfg, windows::add);
        for (int i = 0; i < 5; i++)
            for (String k : List.of("quiet", "b")) c.onScored(point(k, i, false, false), new float[]{i}, new float[]{i});
        for (int i = 5; i < 20; i++)   // "quiet" stopped: "c" is refused while "quiet" may just be slow
            for (String k : List.of("b", "c")) c.onScored(point(k, i, false, false), new float[]{i}, new float[]{i});
        assertEquals(0, c.evictedIdle());
        assertTrue(c.skippedFull() > 0);
        for (int i = 20; i < 200; i++)
            for (String k : List.of("b", "c")) c.onScored(point(k, i, false, false), new float[]{i}, new float[]{i});
        assertEquals(1, c.evictedIdle(), "the quiet key's slot, once it missed ~20 of its points");
        assertTrue(windows.stream().anyMatch(w -> w.key().equals("c")), "the new key got the slot");
        assertTrue(windows.stream().noneMatch(w -> w.key().equals("quiet")));
    }

    /** A normal (or anomalous, or imputed) univariate point of {@code key} at time {@code t}. */
    static PointResult point(String key, long t, boolean anomaly, boolean imputed) {
        double[] one = {t};
        return new PointResult(key, t, t, t, "test:1", List.of("value"), one, one, one, one, one, new double[]{1},
                new boolean[]{imputed}, 0, anomaly ? 1 : 0, anomaly, false, 0, false, false, 0, true, 0, anomaly ? 1 : 0, anomaly, anomaly ? 1 : 0,
                anomaly ? dev.lookahead.scoring.IncidentStatus.OPENED : dev.lookahead.scoring.IncidentStatus.NONE, 0, anomaly, null);
    }
}
