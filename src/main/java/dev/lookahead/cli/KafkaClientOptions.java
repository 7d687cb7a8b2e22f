package dev.lookahead.cli;

import dev.lookahead.config.ConfigException;
import dev.lookahead.config.LookaheadConfig;
import dev.lookahead.config.RuntimeSettings;
import dev.lookahead.config.Scope;
import dev.lookahead.config.Settings;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How {@code replay}, {@code consume} and {@code model publish} reach the brokers: the same settings as the
 * deployment they serve, by the same names. {@code --config} reads the deployment's YAML (its {@code kafka.*} and
 * {@code topics.*} keys; the others are checked, not used), the environment's {@code LOOKAHEAD_KAFKA_*} and
 * {@code LOOKAHEAD_TOPICS_*} variables come next, then {@code --bootstrap}, {@code --kafka-property} and the
 * command's {@code --topic}. So a secured deployment's credentials (TLS, SASL) reach these clients as they reach
 * the job, without a password on the command line.
 */
final class KafkaClientOptions {

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (kafka.bootstrap-servers; default: from --config or LOOKAHEAD_KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrap;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The deployment's YAML (as 'run' and 'streams' read it): its brokers, kafka.properties.* and topics.")
    Path config;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "A Kafka client property, as kafka.properties.KEY (TLS, SASL...); repeatable. Beats --config and the environment.")
    List<String> properties = new ArrayList<>();

    /**
     * The brokers, client properties and topics, with {@code topicKey} ({@code topics.input}, ...) given by the
     * command's {@code --topic} when {@code topic} is not null.
     */
    RuntimeSettings load(Scope scope, String topicKey, String topic, Map<String, String> environment) {
        List<String> sets = new ArrayList<>();
        for (String kv : properties) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new ConfigException("config: --kafka-property " + kv + ": expected key=value");
            sets.add(Settings.KAFKA_PROPERTIES + kv.substring(0, eq).trim() + "=" + kv.substring(eq + 1).trim());
        }
        LookaheadConfig.Loader l = LookaheadConfig.loader(scope).file(config).environment(environment).sets(sets);
        if (bootstrap != null) l.flag("kafka.bootstrap-servers", "--bootstrap", bootstrap);
        if (topic != null) l.flag(topicKey, "--topic", topic);
        RuntimeSettings s = l.load().settings();
        if (s.embeddedKafka())
            throw new ConfigException("config: no brokers: give --bootstrap HOST:PORT, or kafka.bootstrap-servers in --config FILE or "
                    + "LOOKAHEAD_KAFKA_BOOTSTRAP_SERVERS ('" + RuntimeSettings.EMBEDDED + "' is run's in-process broker, not one a client can reach)");
        return s;
    }
}
