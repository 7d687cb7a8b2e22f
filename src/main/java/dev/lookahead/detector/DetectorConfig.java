package dev.lookahead.detector;

import dev.lookahead.model.StepKernelType;
import dev.lookahead.scoring.ScoreDirection;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Every setting of the detector, with defaults that work for typical sensor streams. Build with
 * {@link #builder()}; {@link Builder#build()} checks every value and fails naming the setting's key (as written in
 * the YAML configuration) and what is allowed.
 */
public final class DetectorConfig implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final List<String> channels;
    private final double threshold;
    private final boolean thresholdGiven;
    private final ScoreDirection direction;
    private final boolean stuckDetection;
    private final int warmUpPoints;
    private final int settlePoints;
    private final boolean settlePointsDerived;
    private final int resetWarmUpPoints;
    private final int shortWindow;
    private final int longWindow;
    private final int normalisationWindow;
    private final int robustAfter;
    private final double robustClip;
    private final int errorWindow;
    private final double errorClip;
    private final double inputClip;
    private final double gapFactor;
    private final int maxImputedSteps;
    private final long resetAfterMillis;
    private final long fixedIntervalMillis;
    private final OrderPolicy orderPolicy;
    private final long reorderBoundMillis;
    private final int reorderCapacity;
    private final int incidentQuietPoints;
    private final AlertEmission alertEmission;
    private final int alertRefractoryPoints;
    private final double alertRateDiscount;
    private final int alertRateWindow;
    private final double rangeMargin;
    private final int rangeAfterPoints;
    private final Adaptation adaptation;
    private final double adaptationRate;
    private final StepKernelType stepKernel;
    private final double phaseMemoryDays;
    private final java.time.ZoneId timeZone;
    private final java.util.Set<java.time.DayOfWeek> weekendDays;
    private final boolean phaseProfile;
    private final long incidentNewNormalMillis;
    private final long newRunAfterMillis;
    private final int newRunAfterPoints;
    private final double incidentRelease;
    private final int evidenceWindow;
    private final double evidenceClip;
    private final boolean sustainedEvidence;

    private DetectorConfig(Builder b) {
        channels = b.channels == null ? null : List.copyOf(b.channels);
        threshold = b.threshold;
        thresholdGiven = b.thresholdGiven;
        direction = b.direction;
        stuckDetection = b.stuckDetection;
        warmUpPoints = b.warmUpPoints;
        settlePoints = b.settlePoints();
        settlePointsDerived = !b.settlePointsSet;
        resetWarmUpPoints = b.resetWarmUpPoints;
        shortWindow = b.shortWindow;
        longWindow = b.longWindow;
        normalisationWindow = b.normalisationWindow;
        robustAfter = b.robustAfter;
        robustClip = b.robustClip;
        errorWindow = b.errorWindow;
        errorClip = b.errorClip;
        inputClip = b.inputClip;
        gapFactor = b.gapFactor;
        maxImputedSteps = b.maxImputedSteps;
        resetAfterMillis = b.resetAfterMillis;
        fixedIntervalMillis = b.fixedIntervalMillis;
        orderPolicy = b.orderPolicy;
        reorderBoundMillis = b.reorderBoundMillis;
        reorderCapacity = b.reorderCapacity;
        incidentQuietPoints = b.incidentQuietPoints;
        alertEmission = b.alertEmission;
        alertRefractoryPoints = b.alertRefractoryPoints;
        alertRateDiscount = b.alertRateDiscount;
        alertRateWindow = b.alertRateWindow;
        rangeMargin = b.rangeMargin;
        rangeAfterPoints = b.rangeAfterPoints;
        adaptation = b.adaptation;
        adaptationRate = b.adaptationRate;
        stepKernel = b.stepKernel;
        phaseMemoryDays = b.phaseMemoryDays;
        timeZone = b.timeZone;
        weekendDays = java.util.Collections.unmodifiableSet(copyOfDays(b.weekendDays));
        phaseProfile = b.phaseProfile;
        incidentNewNormalMillis = b.incidentNewNormalMillis;
        newRunAfterMillis = b.newRunAfterMillis;
        newRunAfterPoints = b.newRunAfterPoints;
        incidentRelease = b.incidentRelease;
        evidenceWindow = b.evidenceWindow;
        evidenceClip = b.evidenceClip;
        sustainedEvidence = b.sustainedEvidence;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static DetectorConfig defaults() {
        return builder().build();
    }

    /** A builder holding this config's values, to change a few. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.channels = channels;
        b.threshold = threshold;
        b.thresholdGiven = thresholdGiven;
        b.direction = direction;
        b.stuckDetection = stuckDetection;
        b.warmUpPoints = warmUpPoints;
        b.settlePoints = settlePoints;
        b.settlePointsSet = !settlePointsDerived;
        b.resetWarmUpPoints = resetWarmUpPoints;
        b.shortWindow = shortWindow;
        b.longWindow = longWindow;
        b.normalisationWindow = normalisationWindow;
        b.robustAfter = robustAfter;
        b.robustClip = robustClip;
        b.errorWindow = errorWindow;
        b.errorClip = errorClip;
        b.inputClip = inputClip;
        b.gapFactor = gapFactor;
        b.maxImputedSteps = maxImputedSteps;
        b.resetAfterMillis = resetAfterMillis;
        b.fixedIntervalMillis = fixedIntervalMillis;
        b.orderPolicy = orderPolicy;
        b.reorderBoundMillis = reorderBoundMillis;
        b.reorderCapacity = reorderCapacity;
        b.incidentQuietPoints = incidentQuietPoints;
        b.alertEmission = alertEmission;
        b.alertRefractoryPoints = alertRefractoryPoints;
        b.alertRateDiscount = alertRateDiscount;
        b.alertRateWindow = alertRateWindow;
        b.rangeMargin = rangeMargin;
        b.rangeAfterPoints = rangeAfterPoints;
        b.adaptation = adaptation;
        b.adaptationRate = adaptationRate;
        b.stepKernel = stepKernel;
        b.phaseMemoryDays = phaseMemoryDays;
        b.timeZone = timeZone;
        if (weekendDays != null) b.weekendDays = copyOfDays(weekendDays);
        b.phaseProfile = phaseProfile;
        b.incidentNewNormalMillis = incidentNewNormalMillis;
        b.newRunAfterMillis = newRunAfterMillis;
        b.newRunAfterPoints = newRunAfterPoints;
        b.incidentRelease = incidentRelease;
        b.evidenceWindow = evidenceWindow;
        b.evidenceClip = evidenceClip;
        b.sustainedEvidence = sustainedEvidence;
        return b;
    }

    /** Channel names the detector reads, in order; null means the model's channels. */
    public List<String> channels() { return channels; }
    public double threshold() { return threshold; }
    /** Whether {@code threshold} was given (a model's calibrated threshold applies only when it was not). */
    public boolean thresholdGiven() { return thresholdGiven; }
    public ScoreDirection direction() { return direction; }
    public boolean stuckDetection() { return stuckDetection; }
    public int warmUpPoints() { return warmUpPoints; }
    public int settlePoints() { return settlePoints; }
    public int resetWarmUpPoints() { return resetWarmUpPoints; }
    public int shortWindow() { return shortWindow; }
    public int longWindow() { return longWindow; }
    public int normalisationWindow() { return normalisationWindow; }
    public int robustAfter() { return robustAfter; }
    public double robustClip() { return robustClip; }
    public int errorWindow() { return errorWindow; }
    public double errorClip() { return errorClip; }
    public double inputClip() { return inputClip; }
    public double gapFactor() { return gapFactor; }
    public int maxImputedSteps() { return maxImputedSteps; }
    public long resetAfterMillis() { return resetAfterMillis; }
    public long fixedIntervalMillis() { return fixedIntervalMillis; }
    public OrderPolicy orderPolicy() { return orderPolicy; }
    public long reorderBoundMillis() { return reorderBoundMillis; }
    public int reorderCapacity() { return reorderCapacity; }
    public int incidentQuietPoints() { return incidentQuietPoints; }
    public AlertEmission alertEmission() { return alertEmission; }
    public int alertRefractoryPoints() { return alertRefractoryPoints; }
    public double alertRateDiscount() { return alertRateDiscount; }
    public int alertRateWindow() { return alertRateWindow; }
    public double rangeMargin() { return rangeMargin; }
    public int rangeAfterPoints() { return rangeAfterPoints; }
    public Adaptation adaptation() { return adaptation; }
    public double adaptationRate() { return adaptationRate; }
    public StepKernelType stepKernel() { return stepKernel; }
    public double phaseMemoryDays() { return phaseMemoryDays; }
    public java.time.ZoneId timeZone() { return timeZone; }
    public java.util.Set<java.time.DayOfWeek> weekendDays() { return weekendDays; }
    public boolean phaseProfile() { return phaseProfile; }
    public long incidentNewNormalMillis() { return incidentNewNormalMillis; }
    public long newRunAfterMillis() { return newRunAfterMillis; }
    public int newRunAfterPoints() { return newRunAfterPoints; }
    public double incidentRelease() { return incidentRelease; }
    public int evidenceWindow() { return evidenceWindow; }
    public double evidenceClip() { return evidenceClip; }
    public boolean sustainedEvidence() { return sustainedEvidence; }

    @Override
    public String toString() {
        return "DetectorConfig{threshold=" + threshold + ", direction=" + direction + ", warmUpPoints=" + warmUpPoints
                + ", stuckDetection=" + stuckDetection + ", adaptation=" + adaptation + ", stepKernel=" + stepKernel + ", orderPolicy=" + orderPolicy + ", reorderBoundMillis=" + reorderBoundMillis
                + ", gapFactor=" + gapFactor + ", maxImputedSteps=" + maxImputedSteps + ", timeZone=" + timeZone + ", weekendDays=" + weekendDays + ", channels=" + channels + "}";
    }

    /** A config serialised before weekend-days existed reads with its default. */
    private Object readResolve() {
        return weekendDays == null ? toBuilder().build() : this;
    }

    private static java.util.EnumSet<java.time.DayOfWeek> copyOfDays(java.util.Set<java.time.DayOfWeek> days) {
        java.util.EnumSet<java.time.DayOfWeek> out = java.util.EnumSet.noneOf(java.time.DayOfWeek.class);
        out.addAll(days);
        return out;
    }

    /** {@code settle-points} when it is not set: this many, or warm-up-points if fewer. */
    public static final int DEFAULT_SETTLE_POINTS = 16;

    /** Builder with defaults; each setter's key is the YAML key under {@code detector:}. */
    public static final class Builder {
        private List<String> channels;
        private double threshold = 0.5;
        private boolean thresholdGiven;
        private ScoreDirection direction = ScoreDirection.BOTH;
        private boolean stuckDetection = true;
        private int warmUpPoints = 64;
        private int settlePoints = DEFAULT_SETTLE_POINTS;
        private boolean settlePointsSet;   // false: derived from warm-up-points
        private int resetWarmUpPoints = 16;
        private int shortWindow = 10;
        private int longWindow = 1000;
        private int normalisationWindow = 2000;
        private int robustAfter = 16;
        private double robustClip = 4.0;
        private int errorWindow = 500;
        private double errorClip = 4.0;
        private double inputClip = 8.0;
        private double gapFactor = 1.5;
        private int maxImputedSteps = 16;
        private long resetAfterMillis = 0;
        private long fixedIntervalMillis = 0;
        private OrderPolicy orderPolicy = OrderPolicy.DROP;
        private long reorderBoundMillis = 0;
        private int reorderCapacity = 64;
        private int incidentQuietPoints = 20;
        private AlertEmission alertEmission = AlertEmission.FIRST;
        private int alertRefractoryPoints = 0;
        private double alertRateDiscount = 0.05;
        private int alertRateWindow = 10000;
        private double rangeMargin = 0.05;
        private int rangeAfterPoints = 1000;
        private Adaptation adaptation = Adaptation.READOUT;
        private double adaptationRate = 0.01;
        private StepKernelType stepKernel = StepKernelType.SCALAR;
        private double phaseMemoryDays = 4.0;
        private java.time.ZoneId timeZone = java.time.ZoneId.of("UTC");
        private java.util.Set<java.time.DayOfWeek> weekendDays = java.util.EnumSet.of(java.time.DayOfWeek.SATURDAY, java.time.DayOfWeek.SUNDAY);
        private boolean phaseProfile = true;
        private long incidentNewNormalMillis = 3_600_000L;
        private long newRunAfterMillis = 86_400_000L;
        private int newRunAfterPoints = 1000;
        private double incidentRelease = 0.4;
        private int evidenceWindow = 2000;
        private double evidenceClip = 2.5;
        private boolean sustainedEvidence = true;

        private Builder() {
        }

        /** {@code channels}: channel names to read, in the model's order (default: the model's). */
        public Builder channels(List<String> v) { channels = v; return this; }
        /** {@code threshold}: anomaly-score threshold in (0, 1]; 0.5 = tail probability 1e-5 per point. */
        public Builder threshold(double v) { threshold = v; thresholdGiven = true; return this; }
        /** {@code direction}: UP, DOWN or BOTH. */
        public Builder direction(ScoreDirection v) { direction = v; return this; }
        /**
         * {@code stuck-detection}: also score a recent error level far below the key's usual one (a stuck or
         * flat-lining sensor loses its noise); the score is then the rarer of the two tails.
         */
        public Builder stuckDetection(boolean v) { stuckDetection = v; return this; }
        /** {@code warm-up-points}: a new key's first points are scored but never anomalous. */
        public Builder warmUpPoints(int v) { warmUpPoints = v; return this; }
        /**
         * {@code settle-points}: a new key's first points only teach normalisation and fill the LSTM state; error
         * statistics, likelihood and adaptation start after them (their first errors are artefacts of a
         * normalisation that has seen two or three values). At most warm-up-points. Unset, it is derived from
         * warm-up-points (see {@link #DEFAULT_SETTLE_POINTS}), so a short warm-up needs no second setting.
         */
        public Builder settlePoints(int v) { settlePoints = v; settlePointsSet = true; return this; }
        /** {@code reset-warm-up-points}: warm-up after a long gap reset the key's recurrent state. */
        public Builder resetWarmUpPoints(int v) { resetWarmUpPoints = v; return this; }
        /** {@code short-window}: points in the recent error level of the likelihood. */
        public Builder shortWindow(int v) { shortWindow = v; return this; }
        /** {@code long-window}: points in the long-run error distribution of the likelihood. */
        public Builder longWindow(int v) { longWindow = v; return this; }
        /** {@code normalisation-window}: points the per-key normalisation averages over. */
        public Builder normalisationWindow(int v) { normalisationWindow = v; return this; }
        /** {@code robust-after}: points after which normalisation updates are clipped. */
        public Builder robustAfter(int v) { robustAfter = v; return this; }
        /** {@code robust-clip}: normalisation updates are clipped to this many scales. */
        public Builder robustClip(double v) { robustClip = v; return this; }
        /** {@code error-window}: points the per-key error scale averages over. */
        public Builder errorWindow(int v) { errorWindow = v; return this; }
        /** {@code error-clip}: error-scale updates are clipped to this many typical errors. */
        public Builder errorClip(double v) { errorClip = v; return this; }
        /** {@code input-clip}: normalised LSTM inputs are clipped to +/- this. */
        public Builder inputClip(double v) { inputClip = v; return this; }
        /** {@code gap-factor}: an interval over this many expected intervals is a gap. */
        public Builder gapFactor(double v) { gapFactor = v; return this; }
        /** {@code max-imputed-steps}: gaps of up to this many missing steps are imputed; longer ones reset. */
        public Builder maxImputedSteps(int v) { maxImputedSteps = v; return this; }
        /** {@code reset-after-ms}: a gap longer than this always resets (0 = only the step rule). */
        public Builder resetAfterMillis(long v) { resetAfterMillis = v; return this; }
        /** {@code fixed-interval-ms}: the expected interval, if known (0 = learned per key). */
        public Builder fixedIntervalMillis(long v) { fixedIntervalMillis = v; return this; }
        /** {@code order-policy}: DROP or REORDER. */
        public Builder orderPolicy(OrderPolicy v) { orderPolicy = v; return this; }
        /** {@code reorder-bound-ms}: how far back in the key's event time REORDER waits. */
        public Builder reorderBoundMillis(long v) { reorderBoundMillis = v; return this; }
        /** {@code reorder-capacity}: most points held per key by REORDER. */
        public Builder reorderCapacity(int v) { reorderCapacity = v; return this; }
        /** {@code incident-quiet-points}: normal points that close an incident. */
        public Builder incidentQuietPoints(int v) { incidentQuietPoints = v; return this; }
        /** {@code alert-emission}: FIRST or EVERY. */
        public Builder alertEmission(AlertEmission v) { alertEmission = v; return this; }
        /**
         * {@code alert-refractory-points}: with FIRST emission, an incident that opens within this many of the
         * key's points after its last alert raises no alert of its own (a cool-down; 0 = every incident alerts).
         */
        public Builder alertRefractoryPoints(int v) { alertRefractoryPoints = v; return this; }
        /**
         * {@code alert-rate-discount}: an alert's rank ({@code alertScore}) is its anomaly score less this much for
         * each of the key's recent alerts (0 = none): the alerts of a key that alerts often rank below a quiet key's.
         * An alert on a value past the key's whole range keeps its score: that is news however often the key alerts.
         */
        public Builder alertRateDiscount(double v) { alertRateDiscount = v; return this; }
        /** {@code alert-rate-window}: points over which a past alert's weight in that discount decays by e. */
        public Builder alertRateWindow(int v) { alertRateWindow = v; return this; }
        /**
         * {@code range-margin}: a value beyond the range the key has shown so far by more than this fraction of
         * that range (and by two forecast bands), whose forecast error is at least three bands, scores as out of
         * range (0.75 at the margin, towards 1 beyond it); 0 = off. A trending sensor leaves its range all the time,
         * but by steps its forecast follows: those are not scored.
         */
        public Builder rangeMargin(double v) { rangeMargin = v; return this; }
        /** {@code range-after-points}: points a key must have shown before its range is trusted. */
        public Builder rangeAfterPoints(int v) { rangeAfterPoints = v; return this; }
        /** {@code adaptation}: NONE, BIAS or READOUT. */
        public Builder adaptation(Adaptation v) { adaptation = v; return this; }
        /** {@code adaptation-rate}: NLMS/LMS step size in (0, 1). */
        public Builder adaptationRate(double v) { adaptationRate = v; return this; }
        /**
         * {@code step-kernel}: SCALAR (plain Java, any JVM) or VECTOR (the JDK Vector API, ~4x faster per step,
         * outputs within ~1e-7 of SCALAR's; needs {@code --add-modules jdk.incubator.vector}). One choice per
         * deployment, never a silent fallback, so replays reproduce the same bytes.
         */
        public Builder stepKernel(StepKernelType v) { stepKernel = v; return this; }

        /** {@code sustained-evidence}: accumulate evidence over several time scales (level and forecast errors). */
        public Builder sustainedEvidence(boolean v) { sustainedEvidence = v; return this; }
        /** {@code evidence-clip}: deviations enter the evidence averages clipped to +/- this many spreads. */
        public Builder evidenceClip(double v) { evidenceClip = v; return this; }
        /** {@code evidence-window}: points over which the evidence averages' normal range is learned. */
        public Builder evidenceWindow(int v) { evidenceWindow = v; return this; }
        /**
         * {@code incident-release}: an open incident goes on while its points score at least this (or the threshold,
         * if lower); points under it are quiet, and incident-quiet-points quiet points in a row close it.
         */
        public Builder incidentRelease(double v) { incidentRelease = v; return this; }
        /**
         * {@code incident-new-normal-ms}: an incident open this long (event time, and at least twice
         * incident-quiet-points points) ends and the key re-baselines: as an accepted new normal, or closed if the key
         * is already back there (0 = never). Not while a
         * channel that moves at almost every normal point repeats its last reading or an edge of its range (a stuck
         * sensor): then at the first point it moves again.
         */
        public Builder incidentNewNormalMillis(long v) { incidentNewNormalMillis = v; return this; }
        /**
         * {@code new-run-after-ms}: a key silent this long (event time) starts a new run, whose level is anchored on
         * its own first points (0 = never).
         */
        public Builder newRunAfterMillis(long v) { newRunAfterMillis = v; return this; }
        /**
         * {@code new-run-after-points}: with new runs on, a key silent for this many of its own intervals starts a new
         * run too, sooner than {@code new-run-after-ms} when it reads often (0 = by time only).
         */
        public Builder newRunAfterPoints(int v) { newRunAfterPoints = v; return this; }

        /** {@code phase-profile}: learn each key's usual value per hour of the day and expect its daily steps. */
        public Builder phaseProfile(boolean v) { phaseProfile = v; return this; }
        /** {@code phase-memory-days}: days of each hour the daily profile remembers. */
        public Builder phaseMemoryDays(double v) { phaseMemoryDays = v; return this; }
        /** {@code time-zone}: the zone whose local time gives each key's hour of the day and day of the week. */
        public Builder timeZone(java.time.ZoneId v) { timeZone = v; return this; }
        /** {@code weekend-days}: the days of the week (in time-zone) a key's weekend profile learns and, where it has a shape of its own, judges. */
        public Builder weekendDays(java.util.Set<java.time.DayOfWeek> v) { weekendDays = v == null ? null : copyOfDays(v); return this; }

        public DetectorConfig build() {
            range("threshold", threshold, 0, false, 1, true);
            notNull("direction", direction, ScoreDirection.values());
            if (warmUpPoints < 0 || warmUpPoints > Short.MAX_VALUE) fail("warm-up-points", warmUpPoints, "an integer in [0, 32767]");
            int settlePoints = settlePoints();
            atLeast("settle-points", settlePoints, 0);
            if (settlePoints > warmUpPoints) fail("settle-points", settlePoints, "an integer in [0, warm-up-points = " + warmUpPoints + "]");
            if (resetWarmUpPoints < 0 || resetWarmUpPoints > Short.MAX_VALUE) fail("reset-warm-up-points", resetWarmUpPoints, "an integer in [0, 32767]");
            atLeast("short-window", shortWindow, 1);
            if (longWindow < 2 || longWindow > Short.MAX_VALUE) fail("long-window", longWindow, "an integer in [2, 32767]");
            // the normaliser's count saturates there, so a longer window or a later robust start would never come
            int maxCount = dev.lookahead.preprocessing.RobustNormaliser.MAX_COUNT;
            if (normalisationWindow < 2 || normalisationWindow > maxCount) fail("normalisation-window", normalisationWindow, "an integer in [2, " + maxCount + "]");
            if (robustAfter < 1 || robustAfter > maxCount) fail("robust-after", robustAfter, "an integer in [1, " + maxCount + "]");
            range("robust-clip", robustClip, 0, false, 1e6, true);
            atLeast("error-window", errorWindow, 2);
            range("error-clip", errorClip, 0, false, 1e6, true);
            range("input-clip", inputClip, 0, false, 1e6, true);
            range("gap-factor", gapFactor, 1, false, 1e6, true);
            atLeast("max-imputed-steps", maxImputedSteps, 0);
            if (resetAfterMillis < 0) fail("reset-after-ms", resetAfterMillis, "a duration in ms >= 0 (0 = off)");
            if (fixedIntervalMillis < 0) fail("fixed-interval-ms", fixedIntervalMillis, "a duration in ms >= 0 (0 = learned)");
            notNull("order-policy", orderPolicy, OrderPolicy.values());
            if (reorderBoundMillis < 0) fail("reorder-bound-ms", reorderBoundMillis, "a duration in ms >= 0");
            if (reorderCapacity < 1 || reorderCapacity > 65535) fail("reorder-capacity", reorderCapacity, "an integer in [1, 65535]");
            if (incidentQuietPoints < 1 || incidentQuietPoints > Short.MAX_VALUE) fail("incident-quiet-points", incidentQuietPoints, "an integer in [1, 32767]");
            notNull("alert-emission", alertEmission, AlertEmission.values());
            if (alertRefractoryPoints < 0 || alertRefractoryPoints > Short.MAX_VALUE)
                fail("alert-refractory-points", alertRefractoryPoints, "an integer in [0, 32767] (0 = off)");
            range("range-margin", rangeMargin, 0, true, 1e6, true);
            range("alert-rate-discount", alertRateDiscount, 0, true, 1, true);
            atLeast("alert-rate-window", alertRateWindow, 1);
            atLeast("range-after-points", rangeAfterPoints, 1);
            notNull("adaptation", adaptation, Adaptation.values());
            range("adaptation-rate", adaptationRate, 0, false, 1, false);
            notNull("step-kernel", stepKernel, StepKernelType.values());
            range("evidence-clip", evidenceClip, 0, false, 1e6, true);
            atLeast("evidence-window", evidenceWindow, 2);
            range("incident-release", incidentRelease, 0, false, 1, true);
            if (incidentNewNormalMillis < 0) fail("incident-new-normal-ms", incidentNewNormalMillis, "a duration in millis >= 0 (0 = never)");
            if (newRunAfterMillis < 0) fail("new-run-after-ms", newRunAfterMillis, "a duration in millis >= 0 (0 = never)");
            atLeast("new-run-after-points", newRunAfterPoints, 0);
            range("phase-memory-days", phaseMemoryDays, 0, false, 1e4, true);
            if (timeZone == null) fail("time-zone", null, "a time zone ID such as UTC, Europe/Berlin or +05:30");
            if (weekendDays == null || weekendDays.size() > 6) fail("weekend-days", weekendDays, "days of the week, at most six (SATURDAY,SUNDAY), or none");
            if (stepKernel == StepKernelType.VECTOR && !StepKernelType.vectorAvailable())
                fail("step-kernel", stepKernel, "SCALAR on this JVM: VECTOR needs the module jdk.incubator.vector"
                        + " (start the JVM with --add-modules jdk.incubator.vector, e.g. JDK_JAVA_OPTIONS=--add-modules=jdk.incubator.vector)");
            if (channels != null && (channels.isEmpty() || channels.stream().distinct().count() != channels.size()))
                fail("channels", channels, "a non-empty list of distinct channel names");
            return new DetectorConfig(this);
        }

        /** The one place settle-points is derived from warm-up-points. */
        private int settlePoints() {
            return settlePointsSet ? settlePoints : Math.min(DEFAULT_SETTLE_POINTS, warmUpPoints);
        }

        private static void atLeast(String key, int v, int min) {
            if (v < min) fail(key, v, "an integer >= " + min);
        }

        private static void range(String key, double v, double lo, boolean loIncl, double hi, boolean hiIncl) {
            boolean ok = !Double.isNaN(v) && (loIncl ? v >= lo : v > lo) && (hiIncl ? v <= hi : v < hi);
            if (!ok) fail(key, v, "a number in " + (loIncl ? "[" : "(") + fmt(lo) + ", " + fmt(hi) + (hiIncl ? "]" : ")"));
        }

        private static void notNull(String key, Object v, Object[] allowed) {
            if (v == null) fail(key, null, "one of " + Arrays.toString(allowed));
        }

        private static String fmt(double d) {
            return d == Math.rint(d) ? String.format(Locale.ROOT, "%.0f", d) : Double.toString(d);
        }

        private static void fail(String key, Object value, String allowed) {
            throw new IllegalArgumentException("detector." + key + ": " + value + " is not allowed; expected " + allowed);
        }
    }
}
