/**
 * The detector: configuration with defaults, per-key state and its compact binary form, per-key online
 * adaptation, and {@link dev.lookahead.detector.Detector}, which takes one key's points in arrival order and
 * returns a rich verdict per point. Runtimes (the direct runner, Flink, Kafka Streams) are thin adapters over it.
 */
@dev.lookahead.annotation.Internal
package dev.lookahead.detector;
