/**
 * A JUnit 5 test kit for replay-based integration tests: {@code LookaheadExtension} starts an in-process Kafka
 * broker and the real job (or the Kafka Streams app) per test class; a {@code ReplayHarness} replays a recorded CSV
 * or a list of readings and waits for the committed output; a {@code Replay} holds it, with assertions in the
 * domain's terms ({@code expectIncident(key, between(t1, t2), ABOVE)}, {@code expectNoIncident(key)},
 * {@code expectSameAs(golden)}). Published as {@code target/lookahead-testkit.jar}, classifier {@code testkit};
 * never in {@code lookahead.jar} or {@code lookahead-job.jar}.
 */
package dev.lookahead.testkit;
