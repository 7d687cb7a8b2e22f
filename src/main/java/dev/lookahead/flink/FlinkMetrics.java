package dev.lookahead.flink;

import dev.lookahead.stream.Metric;
import dev.lookahead.stream.StreamMetrics;
import org.apache.flink.metrics.MetricGroup;

import java.util.HashMap;
import java.util.Map;

/** The shared {@link Metric}s as Flink counters in an operator's {@code lookahead} group; a cause is a {@code cause} group. */
final class FlinkMetrics implements StreamMetrics {

    private final MetricGroup group;
    private final Map<String, org.apache.flink.metrics.Counter> counters = new HashMap<>();

    FlinkMetrics(MetricGroup operatorGroup) {
        this.group = operatorGroup.addGroup("lookahead");
    }

    MetricGroup group() {
        return group;
    }

    @Override
    public StreamMetrics.Counter counter(Metric metric) {
        org.apache.flink.metrics.Counter c = counters.computeIfAbsent(metric.id(), n -> group.counter(n));
        return c::inc;
    }

    @Override
    public StreamMetrics.Counter counter(Metric metric, String cause) {
        org.apache.flink.metrics.Counter c = counters.computeIfAbsent(metric.id() + "{" + cause + "}", n -> group.addGroup("cause", cause).counter(metric.id()));
        return c::inc;
    }

    /** The count of a counter registered here (tests read the operator's own counters through it). */
    long count(Metric metric, String cause) {
        org.apache.flink.metrics.Counter c = counters.get(cause == null ? metric.id() : metric.id() + "{" + cause + "}");
        return c == null ? 0 : c.getCount();
    }
}
