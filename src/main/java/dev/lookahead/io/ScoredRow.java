package dev.lookahead.io;

/**
 * One scored point as {@link ScoredCsvWriter} writes it; engine-neutral so any detector can fill it in.
 * Array entries may be NaN and whole arrays may be null (e.g. no forecast during warm-up); both print as empty.
 *
 * @param time         event time, epoch millis
 * @param actual       observed values per channel
 * @param forecast     one-step forecast per channel
 * @param forecastStd  forecast standard deviation per channel
 * @param rawScore     the raw (uncalibrated) score
 * @param anomalyScore the calibrated score in [0, 1]
 * @param anomaly      whether the point was flagged
 * @param modelVersion {@code group:version} of the model that forecast, or null
 * @param flags        {@code |}-separated flags such as {@code warmup|imputed}, or null
 * @param dropReason   why the point was dropped, null unless it was
 * @param incident     where the point stands in its key's incident (OPENED, CONTINUING, QUIET, CLOSED, NEW_NORMAL),
 *                     or null when none is open
 * @param incidentId   the incident's id, or null
 * @param topChannel   on an anomalous point, the channel that deviated most (as the anomaly record's {@code topChannel});
 *                     null otherwise
 * @param usualLevel   on an anomalous point, where that channel should be (the anomaly record's {@code usualLevel});
 *                     NaN otherwise
 */
public record ScoredRow(long time, double[] actual, double[] forecast, double[] forecastStd, double rawScore,
                        double anomalyScore, boolean anomaly, String modelVersion, String flags, String dropReason,
                        String incident, String incidentId, String topChannel, double usualLevel) {

    /** A row that names no deviating channel. */
    public ScoredRow(long time, double[] actual, double[] forecast, double[] forecastStd, double rawScore,
                     double anomalyScore, boolean anomaly, String modelVersion, String flags, String dropReason,
                     String incident, String incidentId) {
        this(time, actual, forecast, forecastStd, rawScore, anomalyScore, anomaly, modelVersion, flags, dropReason, incident, incidentId, null, Double.NaN);
    }

    /** A row of no incident. */
    public ScoredRow(long time, double[] actual, double[] forecast, double[] forecastStd, double rawScore,
                     double anomalyScore, boolean anomaly, String modelVersion, String flags, String dropReason) {
        this(time, actual, forecast, forecastStd, rawScore, anomalyScore, anomaly, modelVersion, flags, dropReason, null, null);
    }
}
