package dev.lookahead.training;

import dev.lookahead.model.ModelArchitecture;

import java.util.Objects;

/**
 * Settings of {@link LstmTrainer}. Build with {@link #builder(ModelArchitecture)}; every field has a default
 * except the architecture.
 *
 * @param architecture       the network to train (a fine-tuning start must have this architecture)
 * @param windowLength       truncated-BPTT window length L (default 64)
 * @param stride             step between window starts (default L/2)
 * @param batchSize          windows per optimiser step (default 64)
 * @param maxEpochs          upper bound on epochs, unless {@code minSteps} needs more (default 20)
 * @param learningRate       Adam learning rate (default 1e-3)
 * @param clipNorm           global gradient L2-norm clip; 0 disables (default 1.0)
 * @param patience           early stopping: epochs without a validation improvement before stopping (default 3)
 * @param validationFraction share of windows held out for validation (default 0.2)
 * @param burnIn             leading steps of each window left out of the loss: every window starts from a zero
 *                           state, so the first forecasts are made with no context (default 8)
 * @param seed               seeds the initial weights, the train/validation split, the shuffling and ND4J's rng
 * @param minSteps           at least this many optimiser steps: on few windows the epoch cap rises to take them,
 *                           and early stopping still ends training (default 0: the cap is {@code maxEpochs})
 */
public record TrainerConfig(ModelArchitecture architecture, int windowLength, int stride, int batchSize,
                            int maxEpochs, double learningRate, double clipNorm, int patience,
                            double validationFraction, int burnIn, long seed, int minSteps) {

    public TrainerConfig {
        Objects.requireNonNull(architecture, "architecture");
        if (windowLength < 2) throw new IllegalArgumentException("windowLength must be >= 2");
        if (stride < 1) throw new IllegalArgumentException("stride must be >= 1");
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1");
        if (maxEpochs < 0) throw new IllegalArgumentException("maxEpochs must be >= 0");
        if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0");
        if (!(clipNorm >= 0)) throw new IllegalArgumentException("clipNorm must be >= 0");
        if (patience < 1) throw new IllegalArgumentException("patience must be >= 1");
        if (!(validationFraction >= 0 && validationFraction < 1))
            throw new IllegalArgumentException("validationFraction must be in [0, 1)");
        if (burnIn < 0 || burnIn >= windowLength)
            throw new IllegalArgumentException("burnIn must be in [0, windowLength)");
        if (minSteps < 0) throw new IllegalArgumentException("minSteps must be >= 0");
    }

    /** The most epochs a run of {@code batches} batches per epoch takes: {@code maxEpochs}, or more to reach {@code minSteps}. */
    public int epochsFor(int batches) {
        return batches < 1 ? maxEpochs : Math.max(maxEpochs, (int) ((minSteps + (long) batches - 1) / batches));
    }

    public static Builder builder(ModelArchitecture architecture) {
        return new Builder(architecture);
    }

    /** A builder preset to this config. */
    public Builder toBuilder() {
        return new Builder(architecture).windowLength(windowLength).stride(stride).batchSize(batchSize)
                .maxEpochs(maxEpochs).learningRate(learningRate).clipNorm(clipNorm).patience(patience)
                .validationFraction(validationFraction).burnIn(burnIn).seed(seed).minSteps(minSteps);
    }

    public static final class Builder {
        private final ModelArchitecture architecture;
        private int windowLength = 64;
        private Integer stride;
        private int batchSize = 64;
        private int maxEpochs = 20;
        private double learningRate = 1e-3;
        private double clipNorm = 1.0;
        private int patience = 3;
        private double validationFraction = 0.2;
        private int burnIn = 8;
        private long seed = 42L;
        private int minSteps;

        private Builder(ModelArchitecture architecture) {
            this.architecture = Objects.requireNonNull(architecture, "architecture");
        }

        public Builder windowLength(int v) { windowLength = v; return this; }

        /** Step between window starts; unset means windowLength/2. */
        public Builder stride(int v) { stride = v; return this; }

        public Builder batchSize(int v) { batchSize = v; return this; }

        public Builder maxEpochs(int v) { maxEpochs = v; return this; }

        public Builder learningRate(double v) { learningRate = v; return this; }

        public Builder clipNorm(double v) { clipNorm = v; return this; }

        public Builder patience(int v) { patience = v; return this; }

        public Builder validationFraction(double v) { validationFraction = v; return this; }

        public Builder burnIn(int v) { burnIn = v; return this; }

        public Builder seed(long v) { seed = v; return this; }

        public Builder minSteps(int v) { minSteps = v; return this; }

        public TrainerConfig build() {
            int s = stride != null ? stride : Math.max(1, windowLength / 2);
            return new TrainerConfig(architecture, windowLength, s, batchSize, maxEpochs, learningRate, clipNorm,
                    patience, validationFraction, burnIn, seed, minSteps);
        }
    }
}
