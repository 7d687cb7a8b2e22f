package dev.lookahead.training;

/** Progress of a training run, e.g. for a CLI progress bar. Called on the training thread; keep it cheap. */
public interface TrainingProgress {

    /** Nothing. */
    TrainingProgress NONE = (epoch, batch, batches, loss) -> { };

    /**
     * After every optimiser step.
     *
     * @param epoch   1-based epoch
     * @param batch   1-based batch within the epoch
     * @param batches batches per epoch
     * @param loss    this batch's training loss (MSE, before the step)
     */
    void onBatch(int epoch, int batch, int batches, double loss);

    /** Before the first step: the most epochs this run takes ({@link TrainerConfig#epochsFor}) and its batches per epoch. */
    default void onStart(int epochs, int batches) {
    }

    /** After every epoch, with the epoch's mean training loss and the validation loss after it. */
    default void onEpoch(int epoch, double trainLoss, double validationLoss) {
    }
}
