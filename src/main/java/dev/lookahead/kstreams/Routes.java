package dev.lookahead.kstreams;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;

/** Which output topic a scored record goes to, carried in a header so one stream can fan out by topic. */
final class Routes {

    static final String HEADER = "lookahead-route";
    static final String SCORED = "scored", ANOMALY = "anomaly", DEAD_LETTER = "dead-letter";

    private Routes() {
    }

    static String of(Headers h) {
        Header last = h.lastHeader(HEADER);
        return last == null ? SCORED : new String(last.value(), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String route) {
        return route.getBytes(StandardCharsets.UTF_8);
    }
}
