/**
 * The direct runner: the core over in-memory or file input, one key after another, no engine. It is the reference
 * the Flink job and the Kafka Streams runtime must equal point for point.
 */
package dev.lookahead.runner;
