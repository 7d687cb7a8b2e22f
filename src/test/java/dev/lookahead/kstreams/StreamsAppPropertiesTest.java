package dev.lookahead.kstreams;

import dev.lookahead.config.RuntimeSettings;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The Streams client and its topic check take the user's kafka.properties: a secured broker's, a replication factor. */
class StreamsAppPropertiesTest {

    private static final Map<String, String> SECURED = Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";",
            "ssl.truststore.location", "/etc/kafka/truststore.jks");

    private static RuntimeSettings settings(Map<String, String> kafka) {
        return RuntimeSettings.builder().bootstrapServers("broker:9093").kafka(kafka).inputTopic("in").anomaliesTopic("a")
                .deadLetterTopic("d").modelsTopic("m").build();
    }

    @Test
    void theTopicChecksAdminClientTakesTheSameKafkaPropertiesAsEveryOtherClient() {
        Properties admin = StreamsApp.adminProperties(settings(SECURED));
        SECURED.forEach((k, v) -> assertEquals(v, admin.getProperty(k), k));
        assertEquals("broker:9093", admin.getProperty("bootstrap.servers"));
        Properties streams = StreamsApp.streamsProperties(settings(SECURED));
        SECURED.forEach((k, v) -> assertEquals(v, streams.getProperty(k), k));
    }

    @Test
    void aReplicationFactorTheUserSetsIsKeptAndNoneIsForcedWhenUnset() {
        assertEquals("3", StreamsApp.streamsProperties(settings(Map.of(StreamsConfig.REPLICATION_FACTOR_CONFIG, "3")))
                .getProperty(StreamsConfig.REPLICATION_FACTOR_CONFIG));
        assertFalse(StreamsApp.streamsProperties(settings(Map.of())).containsKey(StreamsConfig.REPLICATION_FACTOR_CONFIG),
                "unset: Kafka Streams' default, the broker's default.replication.factor");
    }
}
