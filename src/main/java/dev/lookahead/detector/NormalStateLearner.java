package dev.lookahead.detector;

import dev.lookahead.model.LstmModel;
import dev.lookahead.model.NormalState;

import java.util.List;

/**
 * Learns a model's {@link NormalState} from one fault-free recording: the state a key reaches after the detector
 * scored the recording, every point of it, with the model's weights and the default settings (a deployment's keys
 * read it under theirs: the key state format migrates between settings).
 */
public final class NormalStateLearner {

    private NormalStateLearner() {
    }

    /**
     * @param values the recording's rows, in the model's channel order (a univariate model: one value a row)
     * @param data   what the recording was, in words (stored with the state)
     * @throws IllegalArgumentException when the recording ends inside an incident: it is not normal, and keys started
     *                                  from it would start inside one
     */
    public static NormalState learn(LstmModel model, List<String> channels, long[] times, double[][] values, String data) {
        if (times.length == 0) throw new IllegalArgumentException("a normal state needs a recording with points");
        DetectorConfig config = DetectorConfig.defaults().toBuilder().channels(channels).build();
        Detector detector = new Detector(model.withNormalState(null), config);
        KeyState s = detector.newState();
        int[] opened = new int[1];
        long[] lastOpened = {Long.MIN_VALUE};
        for (int i = 0; i < times.length; i++) {
            detector.process(s, "normal", times[i], values[i], i, o -> {
                if (o instanceof PointResult r && r.incidentStatus() == dev.lookahead.scoring.IncidentStatus.OPENED) {
                    opened[0]++;
                    lastOpened[0] = r.time();
                }
            });
        }
        detector.flush(s, "normal", o -> { });
        if (s.incidents.open())
            throw new IllegalArgumentException("the recording ends inside an incident (opened at " + java.time.Instant.ofEpochMilli(lastOpened[0])
                    + ", one of " + opened[0] + " in the recording): it is not a fault-free recording, and keys started from it would start inside one");
        return new NormalState(new KeyStateCodec(detector).toBytes(s), times.length, data);
    }
}
