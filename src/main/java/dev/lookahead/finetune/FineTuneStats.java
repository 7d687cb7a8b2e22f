package dev.lookahead.finetune;

/**
 * Counters of a {@link FineTuner} (a consistent-enough snapshot for metrics: each counter is exact, they are not
 * read atomically together).
 *
 * @param rounds   rounds started (skipped ones included)
 * @param accepted candidates that became the current model
 * @param rejected candidates the validation gate discarded
 * @param skipped  due rounds with too few windows
 * @param timedOut rounds over their time budget
 * @param failed   rounds that threw
 * @param busy     due rounds deferred because the previous round was still running
 */
public record FineTuneStats(long rounds, long accepted, long rejected, long skipped, long timedOut, long failed, long busy) {
}
