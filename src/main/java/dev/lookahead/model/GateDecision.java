package dev.lookahead.model;

/**
 * One decision of the fine-tuning validation gate, kept in the provenance of the next model it accepts.
 *
 * @param round    the fine-tuning round that trained the candidate
 * @param accepted whether the candidate passed
 * @param reason   why, with the numbers compared (held-back loss, incidents on the held-back windows)
 */
public record GateDecision(long round, boolean accepted, String reason) {

    public GateDecision {
        java.util.Objects.requireNonNull(reason, "reason");
    }
}
