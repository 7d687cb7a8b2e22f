package dev.lookahead.flink;

import dev.lookahead.config.RuntimeSettings;
import dev.lookahead.model.ModelSnapshots;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.Properties;

/**
 * Builds the stream job: readings topic → validate (dead letters) → key by sensor key → score (keyed state,
 * broadcast model) → anomalies, scored points and dead-letter topics, exactly-once. With fine-tuning on, the
 * scoring operator's sampled training windows → the trainer (by model group, parallelism 1) → models topic. Operator uids are stable
 * ({@code readings-source}, {@code models-source}, {@code validate}, {@code score}, {@code *-sink}) so savepoints
 * restore across versions of the job and at another parallelism.
 */
public final class LookaheadJob {

    private LookaheadJob() {
    }

    /** The Flink configuration the job needs on top of the cluster's: no Kryo, state backend, and restarts only when configured. */
    public static Configuration flinkConfiguration(RuntimeSettings s) {
        Configuration c = new Configuration();
        c.set(PipelineOptions.GENERIC_TYPES, false);
        c.set(StateBackendOptions.STATE_BACKEND, s.stateBackend());
        // Unset, the cluster's own restart strategy applies (Flink's default with checkpointing is exponential
        // delay, which outlasts the ~17 s a killed TaskManager stays registered; a fixed 10 x 500 ms did not).
        if (s.restartAttempts() >= 0) {
            c.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, s.restartAttempts());
            c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(s.restartDelayMillis()));
        }
        if (s.checkpointDir() != null) c.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY, s.checkpointDir());

        return c;
    }

    /** Adds the pipeline to {@code env}; returns the scored-points stream (after hooks), e.g. for tests. */
    public static DataStream<OutRecord> build(StreamExecutionEnvironment env, RuntimeSettings s, JobHooks hooks) {
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        env.setParallelism(s.parallelism());
        env.enableCheckpointing(s.checkpointIntervalMillis(), CheckpointingMode.EXACTLY_ONCE);
        Properties kafka = new Properties();
        kafka.putAll(s.kafka());

        var readingsBuilder = KafkaSource.<RawRecord>builder().setBootstrapServers(s.bootstrapServers())
                .setTopics(s.inputTopic()).setGroupId(s.groupId()).setProperties(kafka)
                .setProperty("isolation.level", "read_committed")
                .setStartingOffsets(OffsetsInitializer.committedOffsets(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawRecordDeserializer());
        var modelsBuilder = KafkaSource.<byte[]>builder().setBootstrapServers(s.bootstrapServers())
                .setTopics(s.modelsTopic()).setGroupId(s.groupId() + "-models").setProperties(kafka)
                .setProperty("isolation.level", "read_committed")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new ValueBytes());
        if (s.bounded()) {
            readingsBuilder.setBounded(OffsetsInitializer.latest());
            modelsBuilder.setBounded(OffsetsInitializer.latest());
        }
        DataStream<RawRecord> raw = env.fromSource(readingsBuilder.build(), WatermarkStrategy.noWatermarks(), "readings")
                .uid("readings-source");
        SingleOutputStreamOperator<KeyedRecord> valid = raw
                .process(new ValidateFunction(s.maxRecordBytes(), s.minTime(), s.maxTime()))
                .returns(TypeInformation.of(KeyedRecord.class)).uid("validate").name("validate");
        BroadcastStream<byte[]> models = env.fromSource(modelsBuilder.build(), WatermarkStrategy.noWatermarks(), "models")
                .uid("models-source").setParallelism(1).broadcast(ScoringFunction.MODEL);

        byte[] model = ModelSnapshots.toBytes(s.initialModel());
        SingleOutputStreamOperator<OutRecord> scored = hooks.afterValidation(valid)
                .keyBy(r -> r.key, Types.STRING)
                .connect(models)
                .process(new ScoringFunction(model, s.detector(), s.stateTtlMillis(), s.bounded(), s.fineTune()))
                .returns(TypeInformation.of(OutRecord.class)).uid("score").name("score");

        DataStream<OutRecord> points = hooks.afterScoring(scored);
        scored.getSideOutput(ScoringFunction.ANOMALIES).sinkTo(sink(s, s.anomaliesTopic(), "anomalies", kafka))
                .uid("anomalies-sink").name("anomalies");
        valid.getSideOutput(ValidateFunction.DEAD_LETTERS).union(scored.getSideOutput(ScoringFunction.DEAD_LETTERS))
                .sinkTo(sink(s, s.deadLetterTopic(), "dead-letters", kafka)).uid("dead-letters-sink").name("dead letters");
        if (s.scoredTopic() != null)
            points.sinkTo(sink(s, s.scoredTopic(), "scored", kafka)).uid("scored-sink").name("scored points");
        if (s.fineTune() != null)
            // one trainer per model group at parallelism 1, fed only the windows the scoring subtasks sample
            scored.getSideOutput(ScoringFunction.TRAINING_WINDOWS)
                    .keyBy(r -> new String(r.key, java.nio.charset.StandardCharsets.UTF_8), Types.STRING)
                    .connect(models)   // follows versions published elsewhere, so it never reissues one
                    .process(new FineTuneFunction(model, s.detector(), s.fineTune()))
                    // its own uid: the replica this trainer replaced kept keyed state under "fine-tune"
                    .returns(TypeInformation.of(OutRecord.class)).uid("fine-tune-trainer").name("fine-tune").setParallelism(1)
                    .sinkTo(sink(s, s.modelsTopic(), "models", kafka)).uid("models-sink").name("models").setParallelism(1);
        return points;
    }

    /** Builds and runs the job; blocks until it ends (bounded input) or is cancelled. */
    public static JobExecutionResult run(RuntimeSettings s, JobHooks hooks) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(s));
        build(env, s, hooks);
        return env.execute("lookahead " + s.inputTopic() + " -> " + s.anomaliesTopic());
    }

    private static KafkaSink<OutRecord> sink(RuntimeSettings s, String topic, String name, Properties kafka) {
        Properties p = new Properties();
        p.putAll(kafka);
        // below the broker's transaction.max.timeout.ms (15 min by default); Flink's own default (1 h) is refused
        p.putIfAbsent("transaction.timeout.ms", "600000");
        // batches of ~800 scored points instead of ~100: exactly-once output waits for the checkpoint anyway, so
        // 20 ms of linger costs no visible latency, and it halved the broker's and the producers' CPU per point
        // (bench e2e, 100k keys, p=2: 74k -> 104k points/s, p99 unchanged; docs/BENCHMARKS.md). kafka.properties.* override both.
        p.putIfAbsent("linger.ms", "20");
        p.putIfAbsent("batch.size", "131072");
        var b = KafkaSink.<OutRecord>builder().setBootstrapServers(s.bootstrapServers()).setKafkaProducerConfig(p)
                .setRecordSerializer(new OutRecordSerializer(topic));
        if (s.exactlyOnce())
            b.setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE).setTransactionalIdPrefix(s.transactionalIdPrefix() + "-" + name);
        else
            b.setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE);
        return b.build();
    }

    /** The models topic's values as bytes. */
    static final class ValueBytes implements KafkaRecordDeserializationSchema<byte[]> {
        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<byte[]> out) {
            if (r.value() != null) out.collect(r.value());
        }

        @Override
        public TypeInformation<byte[]> getProducedType() {
            return PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;
        }
    }
}
