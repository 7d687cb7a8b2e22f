package dev.lookahead.evaluation;

import dev.lookahead.detector.Detector;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.model.Calibration;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.synthetic.LabelledSeries;
import dev.lookahead.synthetic.SyntheticStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Calibrating on normal data: a threshold set on one fault-free recording for a named false-alarm rate holds that
 * rate, within a factor of two, on a second fault-free recording of the same kind of sensors with another seed.
 */
class ThresholdCalibrationTest {

    private static final double PER_DAY = 1.0;

    /** 10 fault-free keys, 14 days of 5-minute points: daily cycles, noise and a slow wander, as sensors have. */
    private static List<ThresholdCalibration.Series> normal(long seed) {
        List<ThresholdCalibration.Series> out = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            LabelledSeries s = SyntheticStream.builder(seed * 100 + k).key("normal-" + k).length(4032).interval(300_000)
                    .level(20 + 5 * k).seasonal(288, 2 + k % 4).noise(0.2 + 0.1 * (k % 3)).randomWalk(0.02).generate();
            out.add(new ThresholdCalibration.Series(s.key(), s.channels(), s.times(), s.values()));
        }
        return out;
    }

    @Test
    void theRateChosenOnOneNormalRecordingHoldsWithinAFactorOfTwoOnAnother() {
        LstmModel model = ModelSnapshots.bundled();
        DetectorConfig config = DetectorConfig.defaults();
        List<ThresholdCalibration.Series> a = normal(1), b = normal(2);
        Calibration c = ThresholdCalibration.calibrate(model, config, a, PER_DAY, "seed 1");
        ThresholdCalibration.Point other = ThresholdCalibration.measure(model, config, b, c.threshold(), ThresholdCalibration.keyDays(b));
        System.out.printf(Locale.ROOT, "calibration: threshold %.4f for %.1f false alarms per key per day: %.2f on its own data, %.2f (%d openings) on another seed's%n",
                c.threshold(), PER_DAY, c.measuredPerDay(), other.perDay(), other.openings());
        assertTrue(c.measuredPerDay() <= PER_DAY, "at most the rate asked on the calibration data: " + c.measuredPerDay());
        assertTrue(other.perDay() >= PER_DAY / 2 && other.perDay() <= PER_DAY * 2,
                "another seed's normal data sees the rate within a factor of 2: " + other.perDay());
    }

    @Test
    void aRecordingShorterThanOneFalseAlarmAtTheRateDoesNotLowerTheThreshold() {
        LstmModel model = ModelSnapshots.bundled();
        DetectorConfig config = DetectorConfig.defaults();
        // an hour at 1 Hz: 0.04 key-days, where one false alarm a day is 0.04 of one
        LabelledSeries s = SyntheticStream.builder(1).key("hour").length(3600).interval(1000).level(50).noise(0.5).generate();
        List<ThresholdCalibration.Series> hour = List.of(new ThresholdCalibration.Series(s.key(), s.channels(), s.times(), s.values()));
        double keyDays = ThresholdCalibration.keyDays(hour);
        assertTrue(ThresholdCalibration.tooShort(keyDays, PER_DAY), "an hour is short of a day: " + keyDays);
        // that hour opens nothing at 0.45, under the shipped 0.5: bisecting down on it alone would lower the threshold
        assertEquals(0, ThresholdCalibration.measure(model, config, hour, 0.45, keyDays).openings());
        Calibration c = ThresholdCalibration.calibrate(model, config, hour, PER_DAY, "an hour");
        assertEquals(Detector.effectiveThreshold(config, model), c.threshold(), "kept at the detector's own");
    }

    @Test
    void aCalibratedThresholdIsTheDefaultAndAGivenThresholdWins() {
        LstmModel model = ModelSnapshots.bundled().withCalibration(new Calibration(0.7, 1, 0.9, 10, "test"));
        assertEquals(0.7, dev.lookahead.detector.Detector.effectiveThreshold(DetectorConfig.defaults(), model));
        assertEquals(0.6, dev.lookahead.detector.Detector.effectiveThreshold(DetectorConfig.builder().threshold(0.6).build(), model));
        assertEquals(0.5, dev.lookahead.detector.Detector.effectiveThreshold(DetectorConfig.defaults(), ModelSnapshots.bundled()));
        // it travels with the snapshot's bytes
        assertEquals(model.calibration(), ModelSnapshots.fromBytes(ModelSnapshots.toBytes(model)).calibration());
    }
}
