package dev.lookahead.examples;

import dev.lookahead.api.AnomalyDescriptor;
import dev.lookahead.api.KeyedDetector;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The README's Flink example, as code: the detector inside a user's own job, its per-key state in Flink's keyed
 * state as bytes (so it is checkpointed and restored with the job, on any state backend). Key the stream by sensor:
 * {@code readings.keyBy(Reading::sensor).process(new FlinkExample.AnomalyFunction())}.
 */
public final class FlinkExample {

    private FlinkExample() {
    }

    // README:begin flink
    public static class AnomalyFunction extends KeyedProcessFunction<String, Reading, AnomalyDescriptor> {
        private transient KeyedDetector detector;
        private transient ValueState<byte[]> state;

        @Override
        public void open(OpenContext context) {
            detector = KeyedDetector.builder().channels("temperature").warmUpPoints(32).build();
            state = getRuntimeContext().getState(new ValueStateDescriptor<>("lookahead", byte[].class));
        }

        @Override
        public void processElement(Reading r, Context context, Collector<AnomalyDescriptor> out) throws Exception {
            KeyedDetector.Result result = detector.process(state.value(), r.sensor(), r.time(), r.value());
            state.update(result.state());
            for (AnomalyDescriptor d : result.descriptors()) if (d.isAnomaly()) out.collect(d);
        }
    }
    // README:end
}
