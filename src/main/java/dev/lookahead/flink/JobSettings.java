package dev.lookahead.flink;

import dev.lookahead.detector.DetectorConfig;

import java.io.Serializable;
import java.util.Map;

/**
 * Everything the job needs, already validated (see {@code dev.lookahead.config.LookaheadConfig}, which builds it
 * from YAML, flags and environment variables).
 *
 * @param kafka           client properties passed through to every source and sink (TLS, SASL, ...)
 * @param scoredTopic     null: scored points are not written
 * @param bounded         stop at the input's end offsets as of start (replays, demo, tests)
 * @param transactionalIdPrefix prefix of the exactly-once sinks' transactional ids (one suffix per sink)
 * @param modelFile       null: the bundled base model
 * @param fineTune        null: no online fine-tuning branch
 * @param restartAttempts fixed-delay restarts; -1: the cluster's own restart strategy
 * @param checkpointDir   a URI for checkpoints (needed with RocksDB); null: the cluster's setting or Flink's default
 */
public record JobSettings(
        String bootstrapServers, Map<String, String> kafka, String inputTopic, String anomaliesTopic,
        String scoredTopic, String deadLetterTopic, String modelsTopic, String groupId, boolean exactlyOnce,
        String transactionalIdPrefix, long checkpointIntervalMillis, int parallelism, String stateBackend,
        long stateTtlMillis, int maxRecordBytes, long minTime, long maxTime, boolean bounded, String modelFile,
        DetectorConfig detector, int restartAttempts, dev.lookahead.finetune.FineTuneConfig fineTune, String checkpointDir) implements Serializable {
}
