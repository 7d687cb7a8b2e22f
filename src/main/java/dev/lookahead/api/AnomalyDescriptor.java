package dev.lookahead.api;

import dev.lookahead.detector.DroppedPoint;
import dev.lookahead.detector.PointResult;
import dev.lookahead.scoring.IncidentTracker;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The detector's verdict on one point of one key (after Random Cut Forest's {@code AnomalyDescriptor}): the score
 * and whether it is anomalous, what the model expected per channel against what came, which channel deviated, and
 * the incident the point belongs to. Every input point yields exactly one descriptor, scored or
 * {@linkplain #isDropped() dropped} with its reason, so nothing is lost silently.
 *
 * <p>Immutable and compared by value. Arrays are per channel in {@link #channels()} order, in the sensor's own units,
 * and every getter returns a copy. Built by the detector only: new fields may be added in any release without
 * breaking callers.
 */
public final class AnomalyDescriptor {

    private static final double[] NO_DOUBLES = new double[0];

    private final String key;
    private final long time;
    private final long sequence;
    private final String modelVersion;
    private final String[] channels;   // an array, not a List: Flink's generic serializer copies arrays, not JDK immutable lists
    private final double threshold;
    private final double[] actual;
    private final double[] expected;
    private final double[] expectedSpread;
    private final double[] usualLevel;
    private final boolean above;
    private final double[] deviation;
    private final double[] attribution;
    private final boolean[] imputed;
    private final double rawScore;
    private final double score;
    private final boolean anomaly;
    private final boolean warmUp;
    private final int gapSteps;
    private final boolean stateReset;
    private final boolean outOfOrder;
    private final int topChannel;
    private final IncidentStatus incidentStatus;
    private final Incident incident;
    private final boolean alert;
    private final double alertScore;
    private final double evidenceScore;
    private final DropReason dropReason;
    private final String dropDetail;

    private AnomalyDescriptor(Builder b) {
        key = b.key;
        time = b.time;
        sequence = b.sequence;
        modelVersion = b.modelVersion;
        channels = b.channels.toArray(new String[0]);
        threshold = b.threshold;
        actual = b.actual.clone();
        expected = b.expected.clone();
        expectedSpread = b.expectedSpread.clone();
        usualLevel = b.usualLevel.clone();
        above = b.above;
        deviation = b.deviation.clone();
        attribution = b.attribution.clone();
        imputed = b.imputed.clone();
        rawScore = b.rawScore;
        score = b.score;
        anomaly = b.anomaly;
        warmUp = b.warmUp;
        gapSteps = b.gapSteps;
        stateReset = b.stateReset;
        outOfOrder = b.outOfOrder;
        topChannel = b.topChannel;
        incidentStatus = b.incidentStatus;
        incident = b.incident;
        alert = b.alert;
        alertScore = b.alertScore;
        evidenceScore = b.evidenceScore;
        dropReason = b.dropReason;
        dropDetail = b.dropDetail;
    }

    /** The descriptor of a scored point; {@code threshold} is the one the detector applied. */
    static AnomalyDescriptor of(PointResult p, double threshold) {
        Builder b = new Builder();
        b.key = p.key();
        b.time = p.time();
        b.sequence = p.sequence();
        b.modelVersion = p.modelVersion();
        b.channels = p.channels();
        b.threshold = threshold;
        b.actual = p.actual();
        b.expected = p.forecast();
        b.expectedSpread = p.forecastStd();
        b.usualLevel = p.usualLevel() != null ? p.usualLevel() : nans(p.channels().size());
        b.above = p.above();
        b.deviation = p.standardisedError();
        b.attribution = p.contribution();
        b.imputed = p.imputed();
        b.rawScore = p.rawScore();
        b.score = p.anomalyScore();
        b.anomaly = p.anomaly();
        b.warmUp = p.warmUp();
        b.gapSteps = p.gapSteps();
        b.stateReset = p.stateReset();
        b.outOfOrder = p.outOfOrder();
        b.topChannel = p.topChannel();
        b.incidentStatus = IncidentStatus.of(p.incidentStatus());
        if (b.incidentStatus != IncidentStatus.NONE)
            b.incident = new Incident(IncidentTracker.incidentId(p.key(), p.incidentFirstSeen()), b.incidentStatus,
                    p.incidentFirstSeen(), p.time() - p.incidentFirstSeen(), p.incidentPoints(), p.incidentAlerted());
        b.alert = p.emitAlert();
        b.alertScore = p.alertScore();
        b.evidenceScore = p.evidenceScore();
        return new AnomalyDescriptor(b);
    }

    /**
     * The descriptor of a point the detector dropped: {@code offered} are the values given (null when unknown), the
     * expectations are NaN and the scores 0.
     */
    static AnomalyDescriptor dropped(DroppedPoint d, List<String> channels, double[] offered, String modelVersion, double threshold) {
        Builder b = new Builder();
        int n = channels.size();
        b.key = d.key();
        b.time = d.time();
        b.sequence = -1;
        b.modelVersion = modelVersion;
        b.channels = channels;
        b.threshold = threshold;
        b.actual = offered != null ? offered : nans(n);
        b.expected = nans(n);
        b.expectedSpread = nans(n);
        b.usualLevel = nans(n);
        b.deviation = new double[n];
        b.attribution = new double[n];
        b.imputed = new boolean[n];
        b.topChannel = -1;
        b.incidentStatus = IncidentStatus.NONE;
        b.dropReason = DropReason.of(d.cause());
        b.dropDetail = d.reason();
        return new AnomalyDescriptor(b);
    }

    private static double[] nans(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    public String key() {
        return key;
    }

    /** The point's event time, epoch millis. */
    public long time() {
        return time;
    }

    /** Points of this key scored before this one (-1 for a dropped point). */
    public long sequence() {
        return sequence;
    }

    /** The model version that produced this verdict ({@code group/version}). */
    public String modelVersion() {
        return modelVersion;
    }

    /** The channel names, in the order of every array here. */
    public List<String> channels() {
        return List.of(channels);
    }

    /** The anomaly-score threshold in force: {@link #score()} at or over it (outside warm-up) is anomalous. */
    public double threshold() {
        return threshold;
    }

    /** Observed values; NaN where a value was missing. */
    public double[] actual() {
        return actual.clone();
    }

    /** The one-step forecast made before the value arrived; NaN before the key's first value and when dropped. */
    public double[] expected() {
        return expected.clone();
    }

    /** The key's typical forecast error per channel: the width of the band around {@link #expected()}. */
    public double[] expectedSpread() {
        return expectedSpread.clone();
    }

    /** How many typical errors each channel is from its forecast (signed; only the scored direction counts). */
    public double[] deviation() {
        return deviation.clone();
    }

    /** Each channel's share of the raw score (sums to 1 when the raw score is positive): which channel deviated. */
    public double[] attribution() {
        return attribution.clone();
    }

    /** Channels filled in from the forecast because they were missing. */
    public boolean[] imputed() {
        return imputed.clone();
    }

    /**
     * On an anomalous point, where each channel should be: its level before the incident at this hour and, on a key
     * of several channels, given where the others are. NaN where not judged, and on every channel of a point that is
     * not anomalous. {@link #expected()} follows a slow change; this does not, so a drift reads as actual against it.
     */
    public double[] usualLevel() {
        return usualLevel.clone();
    }

    /**
     * Whether {@link #topChannel()} went above what was expected: above its forecast, or, when the evidence over time
     * scored the point, above its usual level.
     */
    public boolean above() {
        return above;
    }

    /**
     * The channel that deviated most: of the raw score ({@link #attribution()}) when the point test or the range
     * scored the point, else the one the evidence over time names (on several channels, the one whose level given the
     * others stands farthest out); -1 for a dropped point.
     */
    public int topChannel() {
        return topChannel;
    }

    /** The name of {@link #topChannel()}, or null for a dropped point. */
    public String topChannelName() {
        return topChannel < 0 ? null : channels[topChannel];
    }

    /** RMS of the standardised errors, before calibration. */
    public double rawScore() {
        return rawScore;
    }

    /** The calibrated anomaly score in [0, 1] (0 during warm-up). */
    public double score() {
        return score;
    }

    /** {@link #score()} at or over the threshold, outside warm-up. */
    public boolean isAnomaly() {
        return anomaly;
    }

    /** The anomaly grade, as Random Cut Forest defines it: {@link #score()} when anomalous, else 0. */
    public double grade() {
        return anomaly ? score : 0;
    }

    /** The key is warming up: scored, never anomalous. */
    public boolean isWarmUp() {
        return warmUp;
    }

    /** Missing steps before this point that were filled from the forecast. */
    public int gapSteps() {
        return gapSteps;
    }

    /** The key's recurrent state started afresh before this point (a long gap, a state that could not be kept, or a new key starting from the model's normal state). */
    public boolean isStateReset() {
        return stateReset;
    }

    /** The point arrived out of order and was reordered ({@code detector.order-policy: REORDER}). */
    public boolean isOutOfOrder() {
        return outOfOrder;
    }

    /** Where the point stands in its key's incident; {@link IncidentStatus#NONE} when none is open. */
    public IncidentStatus incidentStatus() {
        return incidentStatus;
    }

    /** The incident the point belongs to; empty when none is open (status NONE) and for a dropped point. */
    public Optional<Incident> incident() {
        return Optional.ofNullable(incident);
    }

    /** An alert is due for this point under {@code detector.alert-emission} (what the anomalies topic would carry). */
    public boolean isAlert() {
        return alert;
    }

    /**
     * The alert's rank, 0 without an alert: the score less {@code detector.alert-rate-discount} per recent alert, or
     * the score itself when a value lies past the key's whole range.
     */
    public double alertScore() {
        return alertScore;
    }

    /** The calibrated score of the evidence accumulated over time alone (part of {@link #score()}). */
    public double evidenceScore() {
        return evidenceScore;
    }

    /** The point was not scored: see {@link #dropReason()}. */
    public boolean isDropped() {
        return dropReason != null;
    }

    /** Why the point was not scored, or null for a scored point. */
    public DropReason dropReason() {
        return dropReason;
    }

    /** The drop's reason as a sentence naming the times involved, or null for a scored point. */
    public String dropDetail() {
        return dropDetail;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof AnomalyDescriptor d)) return false;
        return time == d.time && sequence == d.sequence && Double.compare(threshold, d.threshold) == 0
                && Double.compare(rawScore, d.rawScore) == 0 && Double.compare(score, d.score) == 0 && anomaly == d.anomaly
                && warmUp == d.warmUp && gapSteps == d.gapSteps && stateReset == d.stateReset && outOfOrder == d.outOfOrder
                && topChannel == d.topChannel && alert == d.alert && Double.compare(alertScore, d.alertScore) == 0
                && Double.compare(evidenceScore, d.evidenceScore) == 0
                && key.equals(d.key) && Objects.equals(modelVersion, d.modelVersion) && Arrays.equals(channels, d.channels)
                && Arrays.equals(actual, d.actual) && Arrays.equals(expected, d.expected)
                && Arrays.equals(expectedSpread, d.expectedSpread) && Arrays.equals(deviation, d.deviation)
                && Arrays.equals(usualLevel, d.usualLevel) && above == d.above
                && Arrays.equals(attribution, d.attribution) && Arrays.equals(imputed, d.imputed)
                && incidentStatus == d.incidentStatus && Objects.equals(incident, d.incident)
                && dropReason == d.dropReason && Objects.equals(dropDetail, d.dropDetail);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(key, time, sequence, modelVersion, Arrays.hashCode(channels), threshold, rawScore, score, anomaly, warmUp,
                gapSteps, stateReset, outOfOrder, topChannel, incidentStatus, incident, alert, alertScore, evidenceScore,
                dropReason, dropDetail);
        h = 31 * h + Arrays.hashCode(actual);
        h = 31 * h + Arrays.hashCode(expected);
        h = 31 * h + Arrays.hashCode(usualLevel);
        h = 31 * h + Arrays.hashCode(expectedSpread);
        h = 31 * h + Arrays.hashCode(deviation);
        h = 31 * h + Arrays.hashCode(attribution);
        return 31 * h + Arrays.hashCode(imputed);
    }

    @Override
    public String toString() {
        if (isDropped()) return "AnomalyDescriptor{" + key + " @" + time + " dropped " + dropReason + ": " + dropDetail + "}";
        return "AnomalyDescriptor{" + key + " @" + time + " #" + sequence + ", score=" + score + (anomaly ? " ANOMALY" : "")
                + (warmUp ? " warm-up" : "") + ", actual=" + Arrays.toString(actual) + ", expected=" + Arrays.toString(expected)
                + ", top=" + topChannelName() + ", incident=" + incidentStatus + ", model=" + modelVersion + "}";
    }

    /** The fields as they are gathered; private, so a field can be added without touching any caller. */
    private static final class Builder {
        String key;
        long time;
        long sequence;
        String modelVersion;
        List<String> channels;
        double threshold;
        double[] actual = NO_DOUBLES;
        double[] expected = NO_DOUBLES;
        double[] expectedSpread = NO_DOUBLES;
        double[] usualLevel = NO_DOUBLES;
        boolean above;
        double[] deviation = NO_DOUBLES;
        double[] attribution = NO_DOUBLES;
        boolean[] imputed = new boolean[0];
        double rawScore;
        double score;
        boolean anomaly;
        boolean warmUp;
        int gapSteps;
        boolean stateReset;
        boolean outOfOrder;
        int topChannel;
        IncidentStatus incidentStatus;
        Incident incident;
        boolean alert;
        double alertScore;
        double evidenceScore;
        DropReason dropReason;
        String dropDetail;
    }
}
