package dev.lookahead.stream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Which output topic a record of the scoring step goes to. */
public enum Route {
    /** Every scored point ({@code topics.scored}). */
    SCORED("scored"),
    /** Alerts ({@code topics.anomalies}). */
    ANOMALY("anomaly"),
    /** Readings the detector could not take, and key states that could not be read ({@code topics.dead-letters}). */
    DEAD_LETTER("dead-letter"),
    /** Sampled training windows for the fine-tuning trainer ({@code topics.training-windows}), only with fine-tuning on. */
    TRAINING_WINDOW("training-window");

    /** The record header that carries the route where one stream fans out by topic (Kafka Streams). */
    public static final String HEADER = "lookahead-route";

    private final String id;
    private final byte[] header;

    Route(String id) {
        this.id = id;
        this.header = id.getBytes(StandardCharsets.UTF_8);
    }

    public String id() {
        return id;
    }

    /** The {@link #HEADER} value (do not modify). */
    public byte[] headerValue() {
        return header;
    }

    /** The route a {@link #HEADER} value names; no header is {@link #SCORED}. */
    public static Route ofHeader(byte[] value) {
        if (value == null) return SCORED;
        for (Route r : values()) if (Arrays.equals(r.header, value)) return r;
        throw new IllegalArgumentException("unknown route '" + new String(value, StandardCharsets.UTF_8) + "'");
    }
}
