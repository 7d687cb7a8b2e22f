package dev.lookahead.kstreams;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The Flink job's metric names as Kafka Streams sensors: {@code <name>-total} and {@code <name>-rate} in the
 * {@code stream-lookahead-metrics} group, one entity per task.
 */
final class Metrics {

    private Metrics() {
    }

    static Sensor sensor(ProcessorContext<?, ?> context, String name) {
        return context.metrics().addRateTotalSensor("lookahead", "task-" + context.taskId(), name, Sensor.RecordingLevel.INFO);
    }
}
