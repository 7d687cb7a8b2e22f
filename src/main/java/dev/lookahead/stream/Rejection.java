package dev.lookahead.stream;

/**
 * Why a record is not scored: a stable category for machines ({@code errorClass}, as in the DeadLetter schema)
 * and a sentence for people.
 */
public record Rejection(String errorClass, String reason) {

    /** A Kafka tombstone: a record with a null value (a deletion marker, never a reading). */
    public static final String TOMBSTONE = "TOMBSTONE";
    /** A value of zero bytes. */
    public static final String EMPTY = "EMPTY";
    public static final String MALFORMED = "MALFORMED";
    public static final String SCHEMA = "SCHEMA";
    public static final String INVALID_KEY = "INVALID_KEY";
    public static final String INVALID_TIME = "INVALID_TIME";
    public static final String NON_FINITE = "NON_FINITE";
    public static final String OVERSIZED = "OVERSIZED";
    public static final String INVALID_CHANNELS = "INVALID_CHANNELS";
    /** Dropped by the detector: a point at a time the key already has (the same key and event time again). */
    public static final String DUPLICATE = "DUPLICATE";
    /** Dropped by the detector: out of order, or late beyond the reorder bound (see {@code order-policy}). */
    public static final String ORDER = "ORDER";
    /** Dropped by the detector for another reason (e.g. no finite value). */
    public static final String DROPPED = "DROPPED";
}
