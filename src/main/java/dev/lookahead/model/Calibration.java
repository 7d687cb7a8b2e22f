package dev.lookahead.model;

import java.util.Objects;

/**
 * A model's threshold set on normal data (the {@code calibrate} command): on a fault-free recording, the lowest
 * anomaly-score threshold at which the detector opens no more incidents than the named rate. Scoring with the model
 * uses this threshold unless {@code detector.threshold} is given.
 *
 * @param threshold          the anomaly-score threshold in (0, 1]
 * @param falseAlarmsPerDay  the rate asked for: incident openings per key per day of event time
 * @param measuredPerDay     the rate at that threshold on the calibration data
 * @param keyDays            key-days of event time the calibration data spanned
 * @param data               what the calibration data was, in words
 */
public record Calibration(double threshold, double falseAlarmsPerDay, double measuredPerDay, double keyDays, String data) {

    public Calibration {
        if (!(threshold > 0 && threshold <= 1)) throw new IllegalArgumentException("calibrated threshold must be in (0, 1], was " + threshold);
        Objects.requireNonNull(data, "data");
    }
}
