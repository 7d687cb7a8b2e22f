package dev.lookahead.stream;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** {@link StreamMetrics} in a map, for tests of the shared scoring step. */
public final class CountingMetrics implements StreamMetrics {

    private final Map<String, AtomicLong> counts = new TreeMap<>();

    @Override
    public Counter counter(Metric metric) {
        AtomicLong c = counts.computeIfAbsent(metric.id(), k -> new AtomicLong());
        return c::incrementAndGet;
    }

    @Override
    public Counter counter(Metric metric, String cause) {
        AtomicLong c = counts.computeIfAbsent(metric.id() + "{" + cause + "}", k -> new AtomicLong());
        return c::incrementAndGet;
    }

    public long get(Metric metric) {
        AtomicLong c = counts.get(metric.id());
        return c == null ? 0 : c.get();
    }

    public long get(Metric metric, String cause) {
        AtomicLong c = counts.get(metric.id() + "{" + cause + "}");
        return c == null ? 0 : c.get();
    }

    @Override
    public String toString() {
        return counts.toString();
    }
}
