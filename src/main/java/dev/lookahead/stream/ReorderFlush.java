package dev.lookahead.stream;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.OrderPolicy;

/**
 * When a runtime flushes a key's reorder buffer ({@code order-policy: REORDER}) between that key's readings.
 *
 * <p>Within a stream, a held point is released when the key shows a point {@code reorder-bound-ms} later in its
 * own event time: the pure rule the direct runner applies. Two things end a key's input without such a point, and
 * only then does a runtime flush: the end of bounded input (Flink: event-time timers that only the final watermark
 * fires) and a key that goes quiet, judged in processing time because nothing else moves: after
 * {@link #delayMillis} with no reading, the key's held points are scored (Flink: a processing-time timer per key;
 * Kafka Streams: a wall-clock punctuator). With a state TTL the delay is at most half the TTL, so a key's state
 * never expires with points in its buffer. A flushed key's later points at or before the last flushed one are
 * late, as they would be after any release; so outputs equal the direct runner's unless a key's point arrives
 * more than the delay (processing time) after a later point of the same key.
 */
public final class ReorderFlush {

    private ReorderFlush() {
    }

    public static boolean applies(DetectorConfig c) {
        return c.orderPolicy() == OrderPolicy.REORDER;
    }

    /** Processing time a key stays quiet before its held points are flushed. */
    public static long delayMillis(DetectorConfig c, long stateTtlMillis) {
        long d = Math.max(1, c.reorderBoundMillis());
        if (stateTtlMillis > 0) d = Math.min(d, Math.max(1, stateTtlMillis / 2));
        return d;
    }

    /**
     * The flush time of a key last seen at {@code now}, rounded up to an eighth of the delay so a busy key moves
     * its timer once per eighth, not per reading; the flush comes between 1 and 1.125 delays after the last reading.
     */
    public static long dueAt(long now, long delay) {
        long g = Math.max(1, delay / 8);
        return ((now + delay) / g + 1) * g;
    }

    /** How often a punctuator looks for quiet keys: a quarter of the delay, within [50 ms, 1 s]. */
    public static long checkIntervalMillis(long delay) {
        return Math.max(50, Math.min(1000, delay / 4));
    }
}
