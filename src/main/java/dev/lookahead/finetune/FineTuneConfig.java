package dev.lookahead.finetune;

import java.util.Locale;

/**
 * Settings of online fine-tuning (the {@code fine-tune.*} keys). The optimiser settings (learning rate, batch,
 * window length, burn-in) are the {@link dev.lookahead.training.TrainerConfig} the {@link FineTuner} is given.
 * Build with {@link #builder()}; {@link Builder#build()} fails naming the key and what is allowed.
 */
public final class FineTuneConfig implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final int reservoirWindows;
    private final int validationWindows;
    private final double validationFraction;
    private final int minTrainWindows;
    private final int minValidationWindows;
    private final long roundEveryPoints;
    private final long roundEveryMillis;
    private final int epochs;
    private final long maxRoundMillis;
    private final double margin;
    private final int maxAddedIncidents;
    private final int maxTrackedKeys;
    private final int quarantinePoints;
    private final long sampleEveryPoints;
    private final long seed;

    private FineTuneConfig(Builder b) {
        reservoirWindows = b.reservoirWindows;
        validationWindows = b.validationWindows;
        validationFraction = b.validationFraction;
        minTrainWindows = b.minTrainWindows;
        minValidationWindows = b.minValidationWindows;
        roundEveryPoints = b.roundEveryPoints;
        roundEveryMillis = b.roundEveryMillis;
        epochs = b.epochs;
        maxRoundMillis = b.maxRoundMillis;
        margin = b.margin;
        maxAddedIncidents = b.maxAddedIncidents;
        maxTrackedKeys = b.maxTrackedKeys;
        quarantinePoints = b.quarantinePoints;
        sampleEveryPoints = b.sampleEveryPoints;
        seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static FineTuneConfig defaults() {
        return builder().build();
    }

    /** {@code reservoir-windows}: training windows a round trains on at most (a seeded sample of the period's). */
    public int reservoirWindows() { return reservoirWindows; }
    /** {@code validation-windows}: held-back windows the gate scores both models on, at most. */
    public int validationWindows() { return validationWindows; }
    /** {@code validation-fraction}: share of completed windows held back for the gate (never trained on). */
    public double validationFraction() { return validationFraction; }
    /** {@code min-train-windows}: a due round with fewer training windows is skipped and the data kept. */
    public int minTrainWindows() { return minTrainWindows; }
    /** {@code min-validation-windows}: likewise for the held-back windows. */
    public int minValidationWindows() { return minValidationWindows; }
    /** {@code round-every-points}: scored points between rounds; 0 = not by points. */
    public long roundEveryPoints() { return roundEveryPoints; }
    /** {@code round-every-ms}: event time between rounds; 0 = not by time. */
    public long roundEveryMillis() { return roundEveryMillis; }
    /** {@code epochs}: passes over the round's training windows (early stopping may end it sooner). */
    public int epochs() { return epochs; }
    /** {@code max-round-ms}: wall-time budget of a round; over it the candidate is discarded. */
    public long maxRoundMillis() { return maxRoundMillis; }
    /** {@code margin}: the candidate is accepted when its loss is at most {@code (1 + margin)} x the current one's. */
    public double margin() { return margin; }
    /**
     * {@code max-added-incidents}: a candidate that passes the loss check is also replayed against the parent on the
     * held-back windows (as {@code compare-models} does) and rejected when it would add more incidents than this;
     * -1 (the default) skips the check.
     */
    public int maxAddedIncidents() { return maxAddedIncidents; }
    /** {@code max-tracked-keys}: keys with a window under construction at once (bounds the collector's memory). */
    public int maxTrackedKeys() { return maxTrackedKeys; }
    /** {@code quarantine-points}: clean points a key must score after a window ends before the window is kept. */
    public int quarantinePoints() { return quarantinePoints; }
    /**
     * {@code sample-every-points}: in a stream job, a key's clean point starts a training window with probability
     * 1/this (a seeded function of key and sequence); the trainer counts each window it receives as this many
     * points towards {@code round-every-points}.
     */
    public long sampleEveryPoints() { return sampleEveryPoints; }
    /** {@code seed}: seeds the reservoir sampling, the hold-back coin and (with the round number) the trainer. */
    public long seed() { return seed; }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "FineTuneConfig[reservoir=%d, validation=%d (%.2f), min=%d/%d, every=%d points/%d ms,"
                        + " epochs=%d, maxRoundMillis=%d, margin=%.3f, maxAddedIncidents=%d, keys=%d, quarantine=%d, sampleEvery=%d, seed=%d]",
                reservoirWindows, validationWindows, validationFraction, minTrainWindows, minValidationWindows,
                roundEveryPoints, roundEveryMillis, epochs, maxRoundMillis, margin, maxAddedIncidents, maxTrackedKeys, quarantinePoints, sampleEveryPoints, seed);
    }

    public static final class Builder {
        private int reservoirWindows = 256;
        private int validationWindows = 64;
        private double validationFraction = 0.2;
        private int minTrainWindows = 64;
        private int minValidationWindows = 16;
        private long roundEveryPoints = 100_000;
        private long roundEveryMillis = 0;
        private int epochs = 2;
        private long maxRoundMillis = 60_000;
        private double margin = 0.0;
        private int maxAddedIncidents = -1;
        private int maxTrackedKeys = 1024;
        private int quarantinePoints = 10;
        private long sampleEveryPoints = 200;
        private long seed = 42L;

        private Builder() {
        }

        public Builder reservoirWindows(int v) { reservoirWindows = v; return this; }
        public Builder validationWindows(int v) { validationWindows = v; return this; }
        public Builder validationFraction(double v) { validationFraction = v; return this; }
        public Builder minTrainWindows(int v) { minTrainWindows = v; return this; }
        public Builder minValidationWindows(int v) { minValidationWindows = v; return this; }
        public Builder roundEveryPoints(long v) { roundEveryPoints = v; return this; }
        public Builder roundEveryMillis(long v) { roundEveryMillis = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder maxRoundMillis(long v) { maxRoundMillis = v; return this; }
        public Builder margin(double v) { margin = v; return this; }
        public Builder maxAddedIncidents(int v) { maxAddedIncidents = v; return this; }
        public Builder maxTrackedKeys(int v) { maxTrackedKeys = v; return this; }
        public Builder quarantinePoints(int v) { quarantinePoints = v; return this; }
        public Builder sampleEveryPoints(long v) { sampleEveryPoints = v; return this; }
        public Builder seed(long v) { seed = v; return this; }

        public FineTuneConfig build() {
            atLeast("reservoir-windows", reservoirWindows, 1);
            atLeast("validation-windows", validationWindows, 1);
            if (!(validationFraction > 0 && validationFraction < 1))
                fail("validation-fraction", validationFraction, "a number in (0, 1)");
            if (minTrainWindows < 1 || minTrainWindows > reservoirWindows)
                fail("min-train-windows", minTrainWindows, "an integer in [1, reservoir-windows = " + reservoirWindows + "]");
            if (minValidationWindows < 1 || minValidationWindows > validationWindows)
                fail("min-validation-windows", minValidationWindows, "an integer in [1, validation-windows = " + validationWindows + "]");
            if (roundEveryPoints < 0) fail("round-every-points", roundEveryPoints, "an integer >= 0 (0 = not by points)");
            if (roundEveryMillis < 0) fail("round-every-ms", roundEveryMillis, "a duration in ms >= 0 (0 = not by time)");
            if (roundEveryPoints == 0 && roundEveryMillis == 0)
                fail("round-every-points", 0, "> 0 when round-every-ms is 0 (one of them must schedule rounds)");
            if (epochs < 1 || epochs > 100) fail("epochs", epochs, "an integer in [1, 100]");
            if (maxRoundMillis < 1) fail("max-round-ms", maxRoundMillis, "a duration in ms >= 1");
            if (!(margin >= 0 && margin <= 1)) fail("margin", margin, "a number in [0, 1]");
            if (maxAddedIncidents < -1) fail("max-added-incidents", maxAddedIncidents, "an integer >= 0, or -1 to skip the incident check");
            atLeast("max-tracked-keys", maxTrackedKeys, 1);
            atLeast("quarantine-points", quarantinePoints, 0);
            if (sampleEveryPoints < 1) fail("sample-every-points", sampleEveryPoints, "an integer >= 1 (1 = a window wherever one can start)");
            return new FineTuneConfig(this);
        }

        private static void atLeast(String key, int v, int min) {
            if (v < min) fail(key, v, "an integer >= " + min);
        }

        private static void fail(String key, Object value, String allowed) {
            throw new IllegalArgumentException("fine-tune." + key + ": " + value + " is not allowed; expected " + allowed);
        }
    }
}
