/**
 * The direct runner: the core over in-memory or file input, one key after another, no engine. It is the reference
 * the Flink job and the Kafka Streams runtime must equal point for point.
 */
@dev.lookahead.annotation.Internal
package dev.lookahead.runner;
