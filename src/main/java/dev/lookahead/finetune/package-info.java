/**
 * Online fine-tuning: the detector's clean, recent windows train a candidate from the current model off the
 * scoring path, and a validation gate on held-back recent windows decides whether it replaces the model.
 *
 * <ul>
 *   <li>{@link dev.lookahead.finetune.WindowCollector}: cuts windows from the detector's own normalised values
 *       (a {@link dev.lookahead.detector.TrainingTap}), leaving out anything near an anomalous, warm-up or
 *       imputed point;</li>
 *   <li>{@link dev.lookahead.finetune.WindowReservoir}: a bounded, seeded sample of the period's windows, split
 *       into training and held-back parts;</li>
 *   <li>{@link dev.lookahead.finetune.RoundSchedule}: every N points or T of event time;</li>
 *   <li>{@link dev.lookahead.finetune.FineTuneRound}: train, gate, version and provenance, as one function;</li>
 *   <li>{@link dev.lookahead.finetune.FineTuner}: wires them, runs rounds on an executor, counts outcomes and
 *       hands accepted models to the scoring thread.</li>
 * </ul>
 *
 * <p>Design and numbers: docs/TRAINING.md. Engine-agnostic: no Flink or Kafka here.
 */
@dev.lookahead.annotation.Internal
package dev.lookahead.finetune;
