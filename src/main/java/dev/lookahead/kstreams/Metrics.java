package dev.lookahead.kstreams;

import dev.lookahead.stream.Metric;
import dev.lookahead.stream.StreamMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The shared {@link Metric}s as Kafka Streams sensors: {@code <name>-total} and {@code <name>-rate} in the
 * {@code stream-lookahead-metrics} group, one entity per task; a cause goes into the name, {@code <name>-<cause>}.
 */
final class Metrics implements StreamMetrics {

    private final ProcessorContext<?, ?> context;

    Metrics(ProcessorContext<?, ?> context) {
        this.context = context;
    }

    @Override
    public Counter counter(Metric metric) {
        return sensor(metric.id())::record;
    }

    @Override
    public Counter counter(Metric metric, String cause) {
        return sensor(metric.id() + "-" + cause)::record;
    }

    private Sensor sensor(String name) {
        return context.metrics().addRateTotalSensor("lookahead", "task-" + context.taskId(), name, Sensor.RecordingLevel.INFO);
    }
}
