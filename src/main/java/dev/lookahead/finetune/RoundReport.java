package dev.lookahead.finetune;

import dev.lookahead.model.LstmModel;

/**
 * What one round did, for logs and metrics.
 *
 * @param round           1-based round number of this fine-tuner
 * @param outcome         how it ended
 * @param parentVersion   version of the model the candidate started from
 * @param candidate       the accepted model (null unless {@link RoundOutcome#ACCEPTED})
 * @param trainWindows    windows trained on
 * @param validationWindows held-back windows the gate scored
 * @param parentLoss      the parent's loss on the held-back windows (NaN when not measured)
 * @param candidateLoss   the candidate's loss on them (NaN when not measured)
 * @param elapsedMillis   wall time of the round
 * @param message         one line, e.g. why it was rejected
 */
public record RoundReport(long round, RoundOutcome outcome, long parentVersion, LstmModel candidate,
                          int trainWindows, int validationWindows, double parentLoss, double candidateLoss,
                          long elapsedMillis, String message) {
}
