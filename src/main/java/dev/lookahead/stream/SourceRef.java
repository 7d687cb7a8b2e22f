package dev.lookahead.stream;

/**
 * Where a record came from, for its dead letter: topic, partition and offset (null when unknown, e.g. a record
 * emitted by a timer), and the record's key bytes.
 */
public record SourceRef(String topic, Integer partition, Long offset, byte[] rawKey) {

    /** No source: a record made by a timer or punctuator. */
    public static final SourceRef NONE = new SourceRef(null, null, null, null);
}
