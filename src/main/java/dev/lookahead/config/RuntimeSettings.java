package dev.lookahead.config;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.finetune.FineTuneConfig;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a runtime (the Flink job, the Kafka Streams app) needs, validated. {@link LookaheadConfig} builds it from
 * the settings table; code and tests build it with {@link #builder()}, whose defaults are the table's.
 */
public final class RuntimeSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The value of {@code kafka.bootstrap-servers} that asks {@code run} for an in-process broker. */
    public static final String EMBEDDED = "embedded";

    private final String bootstrapServers;
    private final Map<String, String> kafka;
    private final String inputTopic, anomaliesTopic, scoredTopic, deadLetterTopic, modelsTopic, trainingWindowsTopic;
    private final String groupId;
    private final boolean exactlyOnce;
    private final String transactionalIdPrefix;
    private final long checkpointIntervalMillis;
    private final int parallelism;
    private final String stateBackend;
    private final long stateTtlMillis;
    private final int maxRecordBytes;
    private final long minTime, maxTime;
    private final boolean bounded;
    private final String modelFile;
    private final DetectorConfig detector;
    private final int restartAttempts;
    private final long restartDelayMillis;
    private final FineTuneConfig fineTune;
    private final String checkpointDir;
    private final String streamsApplicationId, streamsStateDir;
    private final int streamsThreads;

    private RuntimeSettings(Builder b) {
        bootstrapServers = b.bootstrapServers;
        kafka = Map.copyOf(b.kafka);
        inputTopic = b.inputTopic;
        anomaliesTopic = b.anomaliesTopic;
        scoredTopic = b.scoredTopic;
        deadLetterTopic = b.deadLetterTopic;
        modelsTopic = b.modelsTopic;
        trainingWindowsTopic = b.trainingWindowsTopic;
        groupId = b.groupId;
        exactlyOnce = b.exactlyOnce;
        transactionalIdPrefix = b.transactionalIdPrefix;
        checkpointIntervalMillis = b.checkpointIntervalMillis;
        parallelism = b.parallelism;
        stateBackend = b.stateBackend;
        stateTtlMillis = b.stateTtlMillis;
        maxRecordBytes = b.maxRecordBytes;
        minTime = b.minTime;
        maxTime = b.maxTime;
        bounded = b.bounded;
        modelFile = b.modelFile;
        detector = b.detector;
        restartAttempts = b.restartAttempts;
        restartDelayMillis = b.restartDelayMillis;
        fineTune = b.fineTune;
        checkpointDir = b.checkpointDir;
        streamsApplicationId = b.streamsApplicationId;
        streamsStateDir = b.streamsStateDir;
        streamsThreads = b.streamsThreads;
    }

    /** A builder holding the table's defaults (an embedded broker, the default topics, the default detector). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change a few. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.bootstrapServers = bootstrapServers;
        b.kafka = kafka;
        b.inputTopic = inputTopic;
        b.anomaliesTopic = anomaliesTopic;
        b.scoredTopic = scoredTopic;
        b.deadLetterTopic = deadLetterTopic;
        b.modelsTopic = modelsTopic;
        b.trainingWindowsTopic = trainingWindowsTopic;
        b.groupId = groupId;
        b.exactlyOnce = exactlyOnce;
        b.transactionalIdPrefix = transactionalIdPrefix;
        b.checkpointIntervalMillis = checkpointIntervalMillis;
        b.parallelism = parallelism;
        b.stateBackend = stateBackend;
        b.stateTtlMillis = stateTtlMillis;
        b.maxRecordBytes = maxRecordBytes;
        b.minTime = minTime;
        b.maxTime = maxTime;
        b.bounded = bounded;
        b.modelFile = modelFile;
        b.detector = detector;
        b.restartAttempts = restartAttempts;
        b.restartDelayMillis = restartDelayMillis;
        b.fineTune = fineTune;
        b.checkpointDir = checkpointDir;
        b.streamsApplicationId = streamsApplicationId;
        b.streamsStateDir = streamsStateDir;
        b.streamsThreads = streamsThreads;
        return b;
    }

    /** {@code kafka.bootstrap-servers}: host:port list, or {@link #EMBEDDED}. */
    public String bootstrapServers() { return bootstrapServers; }
    /** {@code kafka.properties.*}: passed to every Kafka client as they are (TLS, SASL, ...). */
    public Map<String, String> kafka() { return kafka; }

    /**
     * What every Kafka client the project creates starts from: {@code kafka.properties.*} and
     * {@code bootstrap.servers}. A client adds its own settings (isolation level, acks, ...) on top.
     */
    public Map<String, Object> kafkaClientProperties() {
        Map<String, Object> p = new java.util.HashMap<>(kafka);
        p.put("bootstrap.servers", bootstrapServers);
        return p;
    }
    public String inputTopic() { return inputTopic; }
    public String anomaliesTopic() { return anomaliesTopic; }
    /** null: scored points are not written. */
    public String scoredTopic() { return scoredTopic; }
    public String deadLetterTopic() { return deadLetterTopic; }
    public String modelsTopic() { return modelsTopic; }
    /** Where Kafka Streams scoring sends sampled training windows for the trainer ({@code fine-tune} command). */
    public String trainingWindowsTopic() { return trainingWindowsTopic; }
    public String groupId() { return groupId; }
    public boolean exactlyOnce() { return exactlyOnce; }
    /** Prefix of the exactly-once sinks' transactional ids (one suffix per sink). */
    public String transactionalIdPrefix() { return transactionalIdPrefix; }
    /** The Flink job's checkpoint interval; the Streams app's commit interval. */
    public long checkpointIntervalMillis() { return checkpointIntervalMillis; }
    public int parallelism() { return parallelism; }
    /** hashmap or rocksdb. */
    public String stateBackend() { return stateBackend; }
    public long stateTtlMillis() { return stateTtlMillis; }
    public int maxRecordBytes() { return maxRecordBytes; }
    public long minTime() { return minTime; }
    public long maxTime() { return maxTime; }
    /** Stop at the input's end offsets as of start (replays, demo, tests). */
    public boolean bounded() { return bounded; }
    /** null: the bundled base model. */
    public String modelFile() { return modelFile; }
    public DetectorConfig detector() { return detector; }
    /** Fixed-delay restarts; -1: the cluster's own restart strategy. */
    public int restartAttempts() { return restartAttempts; }
    /** The delay between fixed-delay restarts (used only when {@link #restartAttempts()} is set). */
    public long restartDelayMillis() { return restartDelayMillis; }
    /** null: no online fine-tuning. */
    public FineTuneConfig fineTune() { return fineTune; }
    /** A URI for checkpoints (needed with RocksDB); null: the cluster's setting or Flink's default. */
    public String checkpointDir() { return checkpointDir; }
    public String streamsApplicationId() { return streamsApplicationId; }
    public String streamsStateDir() { return streamsStateDir; }
    public int streamsThreads() { return streamsThreads; }

    /**
     * These settings on other brokers: {@code bootstrap}, and the client properties they need ({@code login}, e.g.
     * an in-process broker's SASL login) under the {@code kafka.properties.*} given, which win.
     */
    public RuntimeSettings withBrokers(String bootstrap, Map<String, String> login) {
        Map<String, String> p = new java.util.HashMap<>(login);
        p.putAll(kafka);
        return toBuilder().bootstrapServers(bootstrap).kafka(p).build();
    }

    /** True when {@code run} is to start an in-process broker. */
    public boolean embeddedKafka() {
        return EMBEDDED.equals(bootstrapServers);
    }

    /** The model scoring starts with: {@code model.file}, or the bundled base model. */
    public LstmModel initialModel() {
        return modelFile == null ? ModelSnapshots.bundled() : ModelSnapshots.read(Path.of(modelFile));
    }

    public static final class Builder {
        private String bootstrapServers;
        private Map<String, String> kafka = Map.of();
        private String inputTopic, anomaliesTopic, scoredTopic, deadLetterTopic, modelsTopic, trainingWindowsTopic;
        private String groupId;
        private boolean exactlyOnce;
        private String transactionalIdPrefix;
        private long checkpointIntervalMillis;
        private int parallelism;
        private String stateBackend;
        private long stateTtlMillis;
        private int maxRecordBytes;
        private long minTime, maxTime;
        private boolean bounded;
        private String modelFile;
        private DetectorConfig detector = DetectorConfig.defaults();
        private int restartAttempts = -1;
        private long restartDelayMillis;
        private FineTuneConfig fineTune;
        private String checkpointDir;
        private String streamsApplicationId, streamsStateDir;
        private int streamsThreads;

        private Builder() {
            for (Setting<?> s : Settings.all())
                if (s.target() == Setting.Target.RUNTIME) s.applyTo(this, s.defaultValue(), "the default");
        }

        public Builder bootstrapServers(String v) { bootstrapServers = v; return this; }
        public Builder kafka(Map<String, String> v) { kafka = Map.copyOf(v); return this; }
        public Builder inputTopic(String v) { inputTopic = v; return this; }
        public Builder anomaliesTopic(String v) { anomaliesTopic = v; return this; }
        /** null: scored points are not written. */
        public Builder scoredTopic(String v) { scoredTopic = v; return this; }
        public Builder deadLetterTopic(String v) { deadLetterTopic = v; return this; }
        public Builder modelsTopic(String v) { modelsTopic = v; return this; }
        public Builder trainingWindowsTopic(String v) { trainingWindowsTopic = v; return this; }
        public Builder groupId(String v) { groupId = v; return this; }
        public Builder exactlyOnce(boolean v) { exactlyOnce = v; return this; }
        public Builder transactionalIdPrefix(String v) { transactionalIdPrefix = v; return this; }
        public Builder checkpointIntervalMillis(long v) { checkpointIntervalMillis = v; return this; }
        public Builder parallelism(int v) { parallelism = v; return this; }
        public Builder stateBackend(String v) { stateBackend = v; return this; }
        public Builder stateTtlMillis(long v) { stateTtlMillis = v; return this; }
        public Builder maxRecordBytes(int v) { maxRecordBytes = v; return this; }
        public Builder minTime(long v) { minTime = v; return this; }
        public Builder maxTime(long v) { maxTime = v; return this; }
        public Builder bounded(boolean v) { bounded = v; return this; }
        /** null: the bundled base model. */
        public Builder modelFile(String v) { modelFile = v; return this; }
        public Builder detector(DetectorConfig v) { detector = v; return this; }
        /** -1: the cluster's own restart strategy. */
        public Builder restartAttempts(int v) { restartAttempts = v; return this; }
        public Builder restartDelayMillis(long v) { restartDelayMillis = v; return this; }
        /** null: no online fine-tuning. */
        public Builder fineTune(FineTuneConfig v) { fineTune = v; return this; }
        /** null: the cluster's setting or Flink's default. */
        public Builder checkpointDir(String v) { checkpointDir = v; return this; }
        public Builder streamsApplicationId(String v) { streamsApplicationId = v; return this; }
        public Builder streamsStateDir(String v) { streamsStateDir = v; return this; }
        public Builder streamsThreads(int v) { streamsThreads = v; return this; }

        public RuntimeSettings build() {
            Objects.requireNonNull(detector, "detector");
            for (String[] required : new String[][]{{"kafka.bootstrap-servers", bootstrapServers}, {"topics.input", inputTopic},
                    {"topics.anomalies", anomaliesTopic}, {"topics.dead-letters", deadLetterTopic}, {"topics.models", modelsTopic},
                    {"job.group-id", groupId}, {"job.transactional-id-prefix", transactionalIdPrefix}, {"job.state-backend", stateBackend},
                    {"streams.application-id", streamsApplicationId}, {"streams.state-dir", streamsStateDir}})
                if (required[1] == null || required[1].isBlank()) throw new ConfigException("config: " + required[0] + " must not be empty");
            if (minTime >= maxTime) throw new ConfigException("config: ingest.min-time must be before ingest.max-time");
            if (restartAttempts < -1) throw new ConfigException("config: job.restart-attempts: " + restartAttempts + " is not allowed; expected an integer >= 0, or empty");
            return new RuntimeSettings(this);
        }
    }
}
