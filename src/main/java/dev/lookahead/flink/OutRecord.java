package dev.lookahead.flink;

/** An output record already in its topic's bytes: plain Avro binary value, UTF-8 sensor key. */
public class OutRecord {
    public byte[] key;
    public byte[] value;

    public OutRecord() {
    }

    public OutRecord(byte[] key, byte[] value) {
        this.key = key;
        this.value = value;
    }
}
