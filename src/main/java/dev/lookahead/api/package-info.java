/**
 * Lookahead's Java API: the one package meant for code that embeds the detector. Everything else in
 * {@code dev.lookahead} is marked {@link dev.lookahead.annotation.Internal} and may change in any release.
 *
 * <ul>
 *   <li>{@link dev.lookahead.api.InMemoryDetector}: for a plain loop; it keeps every key's state on the heap.</li>
 *   <li>{@link dev.lookahead.api.KeyedDetector}: for a runtime that keeps per-key state (a Flink
 *       {@code ValueState<byte[]>}, a Kafka Streams store): state in, point in, new state and verdicts out.</li>
 *   <li>{@link dev.lookahead.api.DetectorBuilder}: the settings, by the keys of config/README.md, with the
 *       shipped defaults (those of {@code lookahead score} and {@code run}), and the model snapshot.</li>
 *   <li>{@link dev.lookahead.api.AnomalyDescriptor}: the verdict on one point, scored or dropped, immutable.</li>
 * </ul>
 *
 * <p>The README's "Embedding the detector in Java" shows both forms; src/test/java/dev/lookahead/examples holds
 * the same code, compiled and run by the tests.
 */
package dev.lookahead.api;
