/**
 * What every streaming runtime needs around the detector, written once, with no Flink or Kafka imports:
 * validating raw record bytes ({@link dev.lookahead.stream.RecordValidator}, {@link dev.lookahead.stream.ReadingDecoder},
 * {@link dev.lookahead.stream.Rejection}); the scoring step of one key's reading against its state bytes, with the
 * routing of every output, its dead letters and metrics ({@link dev.lookahead.stream.KeyedScoring} over
 * {@link dev.lookahead.stream.KeyScorer}); the model switch rule ({@link dev.lookahead.stream.ModelTracker}); when
 * a quiet key's reorder buffer is flushed ({@link dev.lookahead.stream.ReorderFlush}); the metric names
 * ({@link dev.lookahead.stream.Metric}) and the Avro records of the topics ({@link dev.lookahead.stream.AvroOutputs},
 * {@link dev.lookahead.stream.AvroBytes}). The Flink job and the Kafka Streams application are thin adapters over
 * this package (where state lives, how an output reaches its topic, which timer flushes a key), so both produce the
 * same bytes for the same input.
 */
@dev.lookahead.annotation.Internal
package dev.lookahead.stream;
