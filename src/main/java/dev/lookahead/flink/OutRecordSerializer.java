package dev.lookahead.flink;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes pre-serialised output records to one topic. */
public class OutRecordSerializer implements KafkaRecordSerializationSchema<OutRecord> {

    private final String topic;

    public OutRecordSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(OutRecord r, KafkaSinkContext ctx, Long timestamp) {
        // outputs of the end-of-input timer carry the final watermark's time, which a broker refuses: the producer stamps those
        return new ProducerRecord<>(topic, null, timestamp == null || timestamp == Long.MAX_VALUE ? null : timestamp, r.key, r.value);
    }
}
