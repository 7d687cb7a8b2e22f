package dev.lookahead.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a model came from (Tribuo-style): parent version, trainer, data, windows, losses, seed, creation time.
 *
 * @param parentVersion  the version this one was fine-tuned from, or null for a base model
 * @param trainer        what produced it, e.g. {@code lookahead train 0.1.0 (ND4J BPTT, Adam)}
 * @param trainingData   what it was trained on, in words
 * @param dataFrom       first event time in the training data, or null
 * @param dataTo         last event time in the training data, or null
 * @param windows        training windows used
 * @param windowLength   steps per window
 * @param trainLoss      final training loss (MSE on normalised values)
 * @param validationLoss loss on the held-out validation windows
 * @param seed           the seed of every random source used
 * @param createdAt      creation time, epoch millis
 * @param notes          free-form extras (settings, metrics)
 * @param gateDecisions  the validation gate's decisions on the way to this model: candidates rejected since the
 *                       parent, then its own acceptance (empty for a model that passed no gate)
 */
public record Provenance(Long parentVersion, String trainer, String trainingData, Long dataFrom, Long dataTo,
                         long windows, int windowLength, double trainLoss, double validationLoss, long seed,
                         long createdAt, Map<String, String> notes, List<GateDecision> gateDecisions) {

    public Provenance {
        Objects.requireNonNull(trainer, "trainer");
        Objects.requireNonNull(trainingData, "trainingData");
        notes = notes == null ? Map.of() : Map.copyOf(notes);
        gateDecisions = gateDecisions == null ? List.of() : List.copyOf(gateDecisions);
    }

    /** Provenance of a model that passed no gate. */
    public Provenance(Long parentVersion, String trainer, String trainingData, Long dataFrom, Long dataTo,
                      long windows, int windowLength, double trainLoss, double validationLoss, long seed,
                      long createdAt, Map<String, String> notes) {
        this(parentVersion, trainer, trainingData, dataFrom, dataTo, windows, windowLength, trainLoss, validationLoss,
                seed, createdAt, notes, List.of());
    }

    /** Provenance of weights that were initialised, not trained (tests, benchmarks). */
    public static Provenance untrained(long seed) {
        return new Provenance(null, "LstmWeights.initialise (untrained)", "none", null, null, 0, 0,
                Double.NaN, Double.NaN, seed, 0L, Map.of());
    }
}
