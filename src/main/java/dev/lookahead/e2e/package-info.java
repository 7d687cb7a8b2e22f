/**
 * The end-to-end benchmark harness behind {@code lookahead bench e2e}: the in-process broker, the real stream job
 * (exactly-once) in a local Flink, synthetic keyed readings produced as Avro, and read_committed consumers that
 * time what a downstream reader sees. Measures sustained points/s, produce-to-committed latency at a fraction of
 * that load, checkpoint bytes and heap per key. Speed lives here, never in tests.
 */
@dev.lookahead.annotation.Internal
package dev.lookahead.e2e;
