package dev.lookahead.kstreams;

import dev.lookahead.config.RuntimeSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs the topology as a Kafka Streams application: {@code exactly_once_v2}, the input and output topics checked
 * before start (a missing one is a clear error, not a stuck application), graceful close.
 */
public final class StreamsApp implements AutoCloseable {

    private final KafkaStreams streams;

    /** The application of {@code s}: its topics, detector and {@code streams.*} settings (application id, state directory, threads). */
    public StreamsApp(RuntimeSettings s) {
        requireTopics(s);
        streams = new KafkaStreams(LookaheadTopology.build(s), streamsProperties(s));
    }

    /**
     * The client's configuration: the user's kafka.properties, then what the settings name. Nothing overrides a
     * property the settings do not name: replication.factor of the internal topics is the user's if set, else
     * Kafka Streams' own default (-1: the broker's default.replication.factor).
     */
    static Properties streamsProperties(RuntimeSettings s) {
        Properties p = new Properties();
        p.putAll(s.kafka());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, s.streamsApplicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, s.exactlyOnce() ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE);
        p.put(StreamsConfig.STATE_DIR_CONFIG, s.streamsStateDir());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, s.streamsThreads());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, s.checkpointIntervalMillis()));
        return p;
    }

    /** The topic check's client: the same kafka.properties as every other client (TLS, SASL), with the bootstrap servers. */
    static Properties adminProperties(RuntimeSettings s) {
        Properties p = new Properties();
        p.putAll(s.kafka());
        p.put("bootstrap.servers", s.bootstrapServers());
        return p;
    }

    private static void requireTopics(RuntimeSettings s) {
        try (Admin a = Admin.create(adminProperties(s))) {
            Set<String> existing = a.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> needed = new java.util.ArrayList<>(List.of(s.inputTopic(), s.anomaliesTopic(), s.deadLetterTopic(), s.modelsTopic()));
            if (s.scoredTopic() != null) needed.add(s.scoredTopic());
            if (LookaheadTopology.fineTune(s) != null) needed.add(s.trainingWindowsTopic());
            for (String t : needed)
                if (!existing.contains(t))
                    throw new IllegalArgumentException("topic '" + t + "' does not exist on " + s.bootstrapServers()
                            + "; create it first (the models topic with cleanup.policy=compact)");
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot list topics on " + s.bootstrapServers() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Starts processing; {@code onError} runs once if the client reaches {@code ERROR} (a fatal processing error
     * left it with no stream threads): the caller ends the process then, so a supervisor restarts it.
     */
    public void start(Runnable onError) {
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR) onError.run();
        });
        streams.start();
    }

    public void start() {
        start(() -> { });
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The client's metrics, the shared names among them ({@code stream-lookahead-metrics}). */
    public Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> metrics() {
        return streams.metrics();
    }

    @Override
    /**
     * Closes the client and leaves the consumer group, so another instance, or this one restarted, takes the tasks
     * at once instead of after the group's session timeout (45 s by default: Kafka Streams stays in the group on
     * close unless told otherwise).
     */
    public void close() {
        streams.close(org.apache.kafka.streams.CloseOptions.groupMembershipOperation(
                org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(30)));
    }
}
