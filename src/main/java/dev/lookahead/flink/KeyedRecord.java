package dev.lookahead.flink;

/**
 * A record that passed validation, with its sensor key pulled out for {@code keyBy}. The value stays as bytes
 * (decoded again by the scorer, ~1 µs) so no Avro type crosses the network between operators.
 */
public class KeyedRecord {
    public String key;
    public byte[] value;
    public String topic;
    public int partition;
    public long offset;

    public KeyedRecord() {
    }

    public KeyedRecord(String key, RawRecord r) {
        this.key = key;
        this.value = r.value;
        this.topic = r.topic;
        this.partition = r.partition;
        this.offset = r.offset;
    }
}
