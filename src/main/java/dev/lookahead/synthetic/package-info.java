/**
 * Seeded, labelled synthetic sensor streams for tests, demos, benchmarks and training data:
 * {@link dev.lookahead.synthetic.SyntheticStream} builds one key's series with injected anomalies,
 * {@link dev.lookahead.synthetic.SyntheticStreams#multiKey} many keys at once; both yield
 * {@link dev.lookahead.synthetic.LabelledSeries} that carry per-row labels and write themselves as CSV.
 *
 * <p>No Flink or Kafka here: this package is part of the engine-agnostic core.
 */
@dev.lookahead.annotation.Internal
package dev.lookahead.synthetic;
