package dev.lookahead.cli;

import dev.lookahead.config.ConfigException;
import dev.lookahead.config.RuntimeSettings;
import dev.lookahead.config.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How {@code replay}, {@code consume} and {@code model publish} find their brokers, client properties and topic:
 * the deployment's file, then the environment, then their flags, by the settings table's names.
 */
class KafkaClientOptionsTest {

    private static KafkaClientOptions options(Path config, String bootstrap, String... properties) {
        KafkaClientOptions o = new KafkaClientOptions();
        o.config = config;
        o.bootstrap = bootstrap;
        o.properties = List.of(properties);
        return o;
    }

    @Test
    void theDeploymentFileThenTheEnvironmentThenTheFlags(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("d.yaml"), """
                kafka:
                  bootstrap-servers: broker-1:9093
                  properties:
                    security.protocol: SASL_SSL
                    sasl.mechanism: SCRAM-SHA-512
                topics:
                  input: plant-readings
                  anomalies: plant-anomalies
                job:
                  parallelism: 4
                model:
                  file: /opt/models/on-the-job-machine.avro
                detector:
                  threshold: 0.6
                """);
        Map<String, String> env = Map.of("LOOKAHEAD_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "secret-login",
                "LOOKAHEAD_JOB_PARALLELISM", "0");   // the job's variable, not the client's to read or check
        RuntimeSettings s = options(f, null, "sasl.mechanism=SCRAM-SHA-256").load(Scope.REPLAY, "topics.input", null, env);
        assertEquals("broker-1:9093", s.bootstrapServers());
        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-256", "sasl.jaas.config", "secret-login"), s.kafka(),
                "file, environment, then --kafka-property");
        assertEquals("plant-readings", s.inputTopic());
        assertEquals("broker-1:9093", s.kafkaClientProperties().get("bootstrap.servers"));

        RuntimeSettings c = options(f, "broker-2:9093").load(Scope.CONSUME, "topics.anomalies", "other-anomalies", env);
        assertEquals("broker-2:9093", c.bootstrapServers(), "--bootstrap beats the file");
        assertEquals("other-anomalies", c.anomaliesTopic(), "--topic beats the file");
    }

    @Test
    void noBrokersABadPropertyOrABadValueFailNamingWhatToGive(@TempDir Path dir) throws Exception {
        String m = assertThrows(ConfigException.class, () -> options(null, null).load(Scope.CONSUME, "topics.anomalies", null, Map.of())).getMessage();
        assertTrue(m.contains("no brokers: give --bootstrap HOST:PORT, or kafka.bootstrap-servers in --config FILE or LOOKAHEAD_KAFKA_BOOTSTRAP_SERVERS"), m);
        m = assertThrows(ConfigException.class, () -> options(null, "b:9092", "security.protocol").load(Scope.REPLAY, "topics.input", null, Map.of())).getMessage();
        assertTrue(m.contains("--kafka-property security.protocol: expected key=value"), m);
        m = assertThrows(ConfigException.class, () -> options(null, "b:9092").load(Scope.REPLAY, "topics.input", "",
                Map.of())).getMessage();
        assertTrue(m.contains("topics.input (from --topic): '' is not allowed"), m);
        m = assertThrows(ConfigException.class, () -> options(null, "b:9092").load(Scope.REPLAY, "topics.input", null,
                Map.of("LOOKAHEAD_JOB_PARALELISM", "2"))).getMessage();
        assertTrue(m.contains("unknown environment variable LOOKAHEAD_JOB_PARALELISM"), m);
        Path f = Files.writeString(dir.resolve("t.yaml"), "topics:\n  inptu: x\n");
        m = assertThrows(ConfigException.class, () -> options(f, "b:9092").load(Scope.REPLAY, "topics.input", null, Map.of())).getMessage();
        assertTrue(m.contains("unknown key 'topics.inptu'") && m.contains("did you mean topics.input?"), m);
    }

    @Test
    void theShippedDeploymentFilesServeTheClients() {
        for (Scope scope : List.of(Scope.REPLAY, Scope.CONSUME, Scope.MODEL_PUBLISH)) {
            RuntimeSettings s = options(Path.of("config/docker.yaml"), null).load(scope, "topics.input", null, Map.of());
            assertEquals("kafka:9092", s.bootstrapServers(), scope.toString());
        }
        // local.yaml runs an in-process broker: a client must be told where the brokers are
        String m = assertThrows(ConfigException.class, () -> options(Path.of("config/local.yaml"), null)
                .load(Scope.CONSUME, "topics.anomalies", null, Map.of())).getMessage();
        assertTrue(m.contains("no brokers"), m);
    }
}
