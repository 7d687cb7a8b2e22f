/**
 * Comparing runs: a run's scored output read back from CSVs, topic dumps or records ({@code ScoredRun}), its
 * incidents ({@code Incidents}, the one place that extracts them), the diff of two runs ({@code RunDiff}: incidents
 * added, removed and moved, the largest score change) with its tolerance, text and HTML forms, golden outputs
 * ({@code Golden}, {@code GoldenCheck}) and the same recording scored by two models ({@code ModelComparison}).
 * Plain Java over the core: no Flink or Kafka.
 */
@dev.lookahead.annotation.Internal
package dev.lookahead.compare;
