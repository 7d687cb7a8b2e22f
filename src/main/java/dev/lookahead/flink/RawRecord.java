package dev.lookahead.flink;

/** A Kafka record as received: bytes and where they came from. A Flink POJO (public fields, no-arg constructor). */
public class RawRecord {
    public byte[] key;
    public byte[] value;
    public String topic;
    public int partition;
    public long offset;

    public RawRecord() {
    }

    public RawRecord(byte[] key, byte[] value, String topic, int partition, long offset) {
        this.key = key;
        this.value = value;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }
}
