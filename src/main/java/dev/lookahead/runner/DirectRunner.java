package dev.lookahead.runner;

import dev.lookahead.detector.Detector;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.KeyState;
import dev.lookahead.detector.Outcome;
import dev.lookahead.model.LstmModel;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs one key's series through a fresh detector state and returns one outcome per input row, in input order
 * (a reordered or dropped row still gets its own outcome at its own position).
 */
public final class DirectRunner {

    private final LstmModel model;
    private final DetectorConfig config;

    public DirectRunner(LstmModel model, DetectorConfig config) {
        this.model = model;
        this.config = config;
    }

    /**
     * @param key      the series' key
     * @param channels the series' channel names (matched to the model as the detector does)
     * @param times    event time per row, epoch millis, in input order
     * @param values   values per row, per channel; NaN for missing
     */
    public Outcome[] run(String key, List<String> channels, long[] times, double[][] values) {
        Outcome[] out = new Outcome[times.length];
        for (Outcome o : emitted(key, channels, times, values)) out[(int) o.ordinal()] = o;
        return out;
    }

    /**
     * The same run, outcomes in the order the detector emits them (under REORDER a held point comes out after the
     * later points that release it; the end of input flushes the rest): what a stream runtime's outputs for the key
     * show, in topic order.
     */
    public List<Outcome> emitted(String key, List<String> channels, long[] times, double[][] values) {
        Detector detector = new Detector(model, config.channels() == null ? config.toBuilder().channels(channels).build() : config);
        KeyState state = detector.newState();
        List<Outcome> out = new ArrayList<>(times.length);
        for (int i = 0; i < times.length; i++) detector.process(state, key, times[i], values[i], i, out::add);
        detector.flush(state, key, out::add);
        return out;
    }
}
