package dev.lookahead.training;

import dev.lookahead.model.LstmWeights;

import java.util.List;

/**
 * Outcome of a training run.
 *
 * @param weights               the weights with the best validation loss (early stopping restores them)
 * @param trainLoss             per epoch: mean training loss over the epoch's batches (weights moving meanwhile)
 * @param validationLoss        per epoch: validation loss after the epoch
 * @param initialValidationLoss validation loss of the starting weights, before any step
 * @param bestValidationLoss    lowest validation loss seen (the initial one included, so fine-tuning never makes
 *                              the returned weights worse on validation than the start)
 * @param bestEpoch             epoch of {@code bestValidationLoss}; 0 means the starting weights were kept
 * @param trainWindows          windows trained on
 * @param validationWindows     windows held out
 * @param elapsedMillis         wall time of the run, graph building included
 * @param stoppedEarly          whether early stopping ended the run before {@code maxEpochs}
 */
public record TrainingResult(LstmWeights weights, List<Double> trainLoss, List<Double> validationLoss,
                             double initialValidationLoss, double bestValidationLoss, int bestEpoch,
                             int trainWindows, int validationWindows, long elapsedMillis, boolean stoppedEarly) {

    public TrainingResult {
        trainLoss = List.copyOf(trainLoss);
        validationLoss = List.copyOf(validationLoss);
    }

    public int epochs() {
        return trainLoss.size();
    }

    /** Training loss of the best epoch (NaN when the starting weights were kept). */
    public double bestTrainLoss() {
        return bestEpoch == 0 ? Double.NaN : trainLoss.get(bestEpoch - 1);
    }
}
