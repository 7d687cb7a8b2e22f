/**
 * The Flink job: a thin adapter over {@link dev.lookahead.stream}. Kafka bytes in, validation with dead letters,
 * key by sensor key, one {@link dev.lookahead.stream.KeyedScoring} per subtask holding each key's state as bytes in
 * Flink keyed state, the current model as broadcast state from the compacted models topic, and exactly-once
 * Kafka sinks for anomalies, scored points and dead letters. Records between operators are POJOs of bytes
 * ({@link dev.lookahead.flink.RawRecord}, {@link dev.lookahead.flink.KeyedRecord}, {@link dev.lookahead.flink.OutRecord}):
 * Flink serialises them with its POJO serializer, never Kryo (generic types are disabled).
 */
@dev.lookahead.annotation.Internal
package dev.lookahead.flink;
