package dev.lookahead.kstreams;

import dev.lookahead.avro.DeadLetter;
import dev.lookahead.avro.SensorReading;
import dev.lookahead.flink.StreamFixtures;
import dev.lookahead.stream.AvroBytes;
import dev.lookahead.stream.Rejection;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kafka Streams runtime's dead letters for the cases that used to share a branch: a tombstone (null value), an
 * empty value, a real duplicate (the same key and event time again) and a real out-of-order reading each carry
 * their own class, as in the Flink job (LookaheadJobTest's dead-letter test).
 */
class StreamsDeadLettersTest {

    @Test
    void tombstoneEmptyDuplicateAndOutOfOrderEachCarryTheirOwnClass(@TempDir Path dir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "lookahead-dead-letters-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        List<byte[][]> good = StreamFixtures.records(StreamFixtures.streams().subList(0, 1), 0, 50);
        byte[] key = good.get(0)[0];
        SensorReading last = AvroBytes.read(SensorReading.class, good.get(good.size() - 1)[1]);
        try (TopologyTestDriver d = new TopologyTestDriver(LookaheadTopology.build(LookaheadTopologyTest.settings()), p)) {
            TestInputTopic<byte[], byte[]> in = d.createInputTopic("in", new ByteArraySerializer(), new ByteArraySerializer());
            for (byte[][] kv : good) in.pipeInput(kv[0], kv[1]);
            in.pipeInput("gone".getBytes(StandardCharsets.UTF_8), (byte[]) null);
            in.pipeInput(key, new byte[0]);
            in.pipeInput(key, good.get(good.size() - 1)[1]);   // the last reading again: same key, same event time
            in.pipeInput(key, AvroBytes.write(SensorReading.newBuilder(last).setTime(last.getTime().minusSeconds(30)).build()));
            List<DeadLetter> dlq = d.createOutputTopic("dlq", new StringDeserializer(), new ByteArrayDeserializer()).readValuesToList()
                    .stream().map(b -> AvroBytes.read(DeadLetter.class, b)).toList();
            assertEquals(List.of(Rejection.TOMBSTONE, Rejection.EMPTY, Rejection.DUPLICATE, Rejection.ORDER),
                    dlq.stream().map(l -> l.getErrorClass().toString()).toList(), dlq.toString());
            assertTrue(dlq.get(0).getReason().startsWith("tombstone") && dlq.get(1).getReason().startsWith("empty record")
                    && dlq.get(2).getReason().startsWith("duplicate") && dlq.get(3).getReason().startsWith("out of order"), dlq.toString());
            assertEquals(good.size(), d.createOutputTopic("scored", new StringDeserializer(), new ByteArrayDeserializer()).getQueueSize());
        }
    }
}
