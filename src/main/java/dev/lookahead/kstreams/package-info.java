/**
 * The Kafka Streams runtime: the same detector as the Flink job, inside a service, with no Flink cluster. A thin
 * adapter over {@link dev.lookahead.stream} like the Flink job, reading and writing the same topics and schemas:
 * validate (dead letters) → repartition by sensor key → score with each key's state bytes in a persistent,
 * changelog-backed key-value store → anomalies, scored points and dead letters, {@code exactly_once_v2}; the model
 * from the compacted models topic as a global table, with the Flink job's switch rule ({@link dev.lookahead.stream.ModelTracker}).
 */
@dev.lookahead.annotation.Internal
package dev.lookahead.kstreams;
