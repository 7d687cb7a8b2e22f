/**
 * JMH benchmarks, outside the test command: {@code ./mvnw -Pbench test-compile exec:exec -Dbench.args="PointBench"}.
 */
package dev.lookahead.bench;
