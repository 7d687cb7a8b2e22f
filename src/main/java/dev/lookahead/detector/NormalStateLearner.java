package dev.lookahead.detector;

import dev.lookahead.model.LstmModel;
import dev.lookahead.model.NormalState;

import java.time.Instant;
import java.util.List;

/**
 * Learns a model's {@link NormalState} from one fault-free recording: the state a key reaches after the detector
 * scored the recording with the model (a deployment's keys read it under their own settings: the key state format
 * migrates between them).
 */
public final class NormalStateLearner {

    private NormalStateLearner() {
    }

    /**
     * The key's state after the recording's last point, or, when the recording ends inside an incident (a false alarm
     * near its end, or a fault it was not free of), its state at the last point before that incident opened: keys
     * started from it must not start inside one.
     *
     * @param config the detector settings to score it with (its channels are {@code channels})
     * @param values the recording's rows, in {@code channels} order
     * @param data   what the recording was, in words (stored with the state)
     */
    public static NormalState learn(LstmModel model, DetectorConfig config, List<String> channels, long[] times, double[][] values, String data) {
        if (times.length == 0) throw new IllegalArgumentException("a normal state needs a recording with points");
        Detector detector = new Detector(model.withNormalState(null), config.toBuilder().channels(channels).build());
        KeyStateCodec codec = new KeyStateCodec(detector);
        KeyState s = detector.newState();
        StateOutput lastNormal = new StateOutput(8192);   // the state after the last point outside an incident
        int normalPoints = 0;
        for (int i = 0; i < times.length; i++) {
            detector.process(s, "normal", times[i], values[i], i, o -> { });
            if (!s.incidents.open()) {
                codec.write(s, lastNormal.reset());
                normalPoints = i + 1;
            }
        }
        if (normalPoints == times.length) return new NormalState(lastNormal.toByteArray(), channels, times.length, data);
        return new NormalState(lastNormal.toByteArray(), channels, normalPoints, data + ", up to " + Instant.ofEpochMilli(times[normalPoints - 1])
                + ": it ends inside an incident that opened after that point, and keys start outside one");
    }
}
