/**
 * What every streaming runtime needs around the detector, with no Flink or Kafka imports: decoding and
 * validating raw record bytes ({@link dev.lookahead.stream.ReadingDecoder}, {@link dev.lookahead.stream.Rejection}),
 * scoring one key's reading against its serialised state ({@link dev.lookahead.stream.KeyScorer}), and mapping
 * verdicts to the Avro output records ({@link dev.lookahead.stream.AvroOutputs}). The Flink job and the Kafka
 * Streams application are thin adapters over this package, so both produce the same bytes for the same input.
 */
package dev.lookahead.stream;
