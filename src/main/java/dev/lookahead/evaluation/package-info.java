/**
 * Scoring a detector against labels: {@link dev.lookahead.evaluation.LabelledDataset} reads labelled series (a
 * labels file per series or a label column), {@link dev.lookahead.evaluation.Metrics} computes point-wise
 * precision, recall, F1, FAR and MAR, event-wise recall, false alarms per 10k rows, detection delays and NAB scores,
 * {@link dev.lookahead.evaluation.Evaluation} groups them per series, per kind and overall, and
 * {@link dev.lookahead.evaluation.EvaluationTable} and {@link dev.lookahead.evaluation.EvaluationJson} print them.
 * The {@code evaluate labelled} command and the tests share this code. The detector never sees a label: only
 * this package reads them.
 *
 * <p>No Flink or Kafka here: plain Java over the detector's verdicts.
 */
@dev.lookahead.annotation.Internal
package dev.lookahead.evaluation;
