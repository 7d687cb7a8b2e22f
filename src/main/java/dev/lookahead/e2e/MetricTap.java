package dev.lookahead.e2e;

import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Flink metric reporter that hands the job's numeric gauges to the harness in the same JVM, so a case can read
 * what only the job knows (fine-tuning rounds that trained, accepted or not: a rejected round costs as much as an
 * accepted one but publishes no model). Configured by {@link #configure}; registered for Flink's service loader in
 * {@code META-INF/services}.
 */
public final class MetricTap implements MetricReporter {

    private static final String NAME = "lookahead-e2e-tap";
    private static final Map<Metric, String> GAUGES = new ConcurrentHashMap<>();

    /** Adds this reporter to a local cluster's configuration. */
    static void configure(org.apache.flink.configuration.Configuration flink) {
        flink.setString("metrics.reporter." + NAME + ".factory.class", Factory.class.getName());
    }

    /** The sum of every registered gauge named {@code name} (one per subtask), 0 when there is none. */
    static long sum(String name) {
        long total = 0;
        for (Map.Entry<Metric, String> e : GAUGES.entrySet())
            if (e.getValue().equals(name) && ((Gauge<?>) e.getKey()).getValue() instanceof Number n) total += n.longValue();
        return total;
    }

    @Override
    public void open(MetricConfig config) {
    }

    @Override
    public void close() {
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        if (metric instanceof Gauge<?>) GAUGES.put(metric, metricName);
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        GAUGES.remove(metric);
    }

    /** What Flink instantiates. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new MetricTap();
        }
    }
}
