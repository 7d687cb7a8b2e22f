/**
 * {@code lookahead bench cluster}: the job jar as built on a real standalone Flink cluster of separate JVMs (one
 * JobManager, two TaskManagers, started from Maven Central's jars as Flink's bin scripts start them) and a Kafka
 * broker process. Session mode through the REST API and application mode as the compose setup runs it; kill -9 of a
 * TaskManager and stop-with-savepoint at another parallelism checked against a failure-free run on all three output
 * topics. Minutes, not seconds: a documented command, not part of the test suite.
 */
@dev.lookahead.annotation.Internal
package dev.lookahead.e2e.cluster;
