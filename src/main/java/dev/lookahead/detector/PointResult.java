package dev.lookahead.detector;

import java.util.List;

/**
 * The detector's full verdict on one point (after Random Cut Forest's descriptors): actual vs one-step forecast
 * per channel with its uncertainty, residuals, raw and calibrated scores, attribution, flags, and the incident the
 * point belongs to. Arrays are per channel in {@link #channels()} order; values are in the sensor's own units.
 *
 * @param ordinal           the caller's id of the input (e.g. its row), echoed back
 * @param sequence          points of this key processed before this one
 * @param actual            observed values; NaN where missing
 * @param forecast          the forecast made before the value arrived; NaN before the key's first value
 * @param forecastStd       the key's typical forecast error: the uncertainty band
 * @param residual          actual - forecast (0 where imputed or not yet scorable)
 * @param standardisedError residual over the key's error scale, direction-filtered
 * @param contribution      each channel's share of the raw score (sums to 1 when the raw score is positive)
 * @param imputed           channels filled from the forecast
 * @param rawScore          RMS of the standardised errors
 * @param anomalyScore      calibrated score in [0,1] (0 during warm-up)
 * @param anomaly           score at or over the threshold, outside warm-up
 * @param warmUp            the key is warming up
 * @param gapSteps          missing steps before this point imputed from the forecast
 * @param stateReset        the recurrent state was reset before this point: a long gap, or a restore that could
 *                          not keep it (another model architecture, an unreadable state: {@link KeyStateCodec})
 * @param outOfOrder        arrived out of order and was reordered
 * @param topChannel        the channel that deviated most: of the point's raw score when the point test or the range
 *                          scores it, else the channel the evidence over time names (on several channels, the one
 *                          whose level given the others stands farthest out)
 * @param above             that channel went above what was expected: above its forecast, or, when the evidence
 *                          over time scores the point, above its usual level (its forecast errors above zero, for the
 *                          errors' evidence); a change of spread has no side and goes by the forecast
 * @param incidentFirstSeen first-seen time of this point's incident (when anomalous)
 * @param incidentPoints    anomalous points so far in the incident, 0 when normal
 * @param emitAlert         whether an alert is due for this point under the configured emission
 * @param alertScore        the alert's rank, 0 without an alert: its anomaly score less alert-rate-discount per
 *                          recent alert of the key (at least 0.001); its anomaly score when a value lies past the
 *                          key's whole range
 * @param incidentStatus    where the point stands in its key's incident
 * @param evidenceScore     the calibrated score of the evidence over time alone (part of anomalyScore)
 * @param incidentAlerted   the point's incident raised an alert (so its updates and its end are reported too)
 * @param usualLevel        on an anomalous point, where each channel should be (its units): its level before the
 *                          incident at this hour and, on several channels, given where the others are; NaN where not
 *                          judged; null on other points
 */
public record PointResult(
        String key, long time, long ordinal, long sequence, String modelVersion, List<String> channels,
        double[] actual, double[] forecast, double[] forecastStd, double[] residual, double[] standardisedError,
        double[] contribution, boolean[] imputed,
        double rawScore, double anomalyScore, boolean anomaly,
        boolean warmUp, int gapSteps, boolean stateReset, boolean outOfOrder,
        int topChannel, boolean above, long incidentFirstSeen, int incidentPoints, boolean emitAlert,
        double alertScore, dev.lookahead.scoring.IncidentStatus incidentStatus, double evidenceScore,
        boolean incidentAlerted, double[] usualLevel) implements Outcome {

    /** True when any channel or gap step was imputed. */
    public boolean anyImputed() {
        if (gapSteps > 0) return true;
        for (boolean b : imputed) if (b) return true;
        return false;
    }

    /** On an anomalous point, the name of the channel that deviated most; null on other points. */
    public String deviatedChannel() {
        return anomaly ? channels.get(topChannel) : null;
    }

    /** On an anomalous point, where {@link #deviatedChannel()} should be; NaN on other points and where not judged. */
    public double deviatedUsualLevel() {
        return anomaly && usualLevel != null ? usualLevel[topChannel] : Double.NaN;
    }

    public String incidentId() {
        return dev.lookahead.scoring.IncidentTracker.incidentId(key, incidentFirstSeen);
    }
}
