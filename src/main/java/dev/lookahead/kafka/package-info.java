/**
 * Kafka in this JVM: {@link dev.lookahead.kafka.EmbeddedKafka}, a real single-node KRaft broker for local runs
 * ({@code run} and {@code demo} on embedded defaults, {@code bench e2e}) and for the tests of both runtimes. Part of
 * {@code lookahead.jar} only; the job jar leaves the broker to the cluster's Kafka.
 */
@dev.lookahead.annotation.Internal
package dev.lookahead.kafka;
