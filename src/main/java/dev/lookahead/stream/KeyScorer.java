package dev.lookahead.stream;

import dev.lookahead.avro.Anomaly;
import dev.lookahead.avro.ScoredPoint;
import dev.lookahead.avro.SensorReading;
import dev.lookahead.detector.Detector;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.DroppedPoint;
import dev.lookahead.detector.KeyState;
import dev.lookahead.detector.KeyStateCodec;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.detector.StateInput;
import dev.lookahead.detector.StateOutput;
import dev.lookahead.model.LstmModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Scores one reading of one key against that key's serialised state and returns the new state: the unit a
 * stream runtime keeps per key (as bytes, so Flink and Kafka Streams store exactly the same thing and no
 * generic serializer is involved).
 *
 * <p>A key's channels are fixed by its first reading, in name order (so the order of a producer's map does not
 * matter); a later reading missing a channel has it imputed (as NaN is), one with a channel the key never had is
 * rejected. One {@link Detector} per distinct channel list is cached: a univariate model runs each channel as an
 * independent lane. Not thread-safe: one per task.
 */
public final class KeyScorer {

    /** Where the verdicts of one reading go. */
    public interface Sink {
        void scored(ScoredPoint point);

        void anomaly(Anomaly anomaly);

        /** A reading the detector dropped (duplicate, out of order, late, nothing finite) with the reason. */
        void dropped(SensorReading reading, Rejection why);
    }

    private final DetectorConfig config;
    private LstmModel model;
    private final Map<List<String>, Detector> detectors = new HashMap<>();
    private final Map<List<String>, KeyStateCodec> codecs = new HashMap<>();
    private final Map<List<String>, byte[]> headers = new HashMap<>();   // each list's bytes at the front of a state
    private final Map<List<String>, KeyState> scratch = new HashMap<>();  // the state read back, reused every point
    private final StateOutput out = new StateOutput(640);
    private final StateInput in = new StateInput();
    private byte[] lastHeader;
    private List<String> lastChannels;

    private dev.lookahead.detector.TrainingTap tap;

    /** Sends every scored point's normalised input and target to {@code tap} (online fine-tuning), for every channel list. */
    public void setTrainingTap(dev.lookahead.detector.TrainingTap tap) {
        this.tap = tap;
        for (Detector d : detectors.values()) d.setTrainingTap(tap);
    }

    public KeyScorer(LstmModel model, DetectorConfig config) {
        this.model = model;
        this.config = config;
        detectorFor(List.of("value"));   // fail fast on a config the model cannot serve
    }

    public LstmModel model() {
        return model;
    }

    public String modelVersion() {
        return model.versionId();
    }

    /** Switches every key to {@code next} at its next reading (the detector's switch rule applies). */
    public void setModel(LstmModel next) {
        this.model = next;
        for (Detector d : detectors.values()) d.setModel(next);
    }

    /**
     * Scores {@code r} given the key's state ({@code null} for a new key) and returns the new state. A reading
     * held for reordering produces no verdict yet; every reading produces exactly one verdict eventually.
     */
    public byte[] score(byte[] state, SensorReading r, long ordinal, Sink sink) {
        List<String> channels;
        KeyState s;
        Detector d;
        if (state == null) {
            channels = List.copyOf(new TreeSet<>(r.getChannels().keySet()));
            d = detectorFor(channels);
            s = d.newState();
        } else {
            in.reset(state, 0, state.length);
            channels = readChannels(in, r.getKey());
            d = detectorFor(channels);
            try {
                int length = in.readInt();
                if (length != in.available())
                    throw new IOException("body of " + length + " bytes, " + in.available() + " present");
                s = codecs.get(channels).read(in, scratch.get(channels));
            } catch (IOException e) {
                throw new UncheckedIOException("corrupt key state of " + r.getKey(), e);
            }
        }
        for (String name : r.getChannels().keySet())
            if (!channels.contains(name)) {
                sink.dropped(r, new Rejection(Rejection.INVALID_CHANNELS, "channel '" + name
                        + "' is not one of this key's channels " + channels + " (fixed by its first reading)"));
                return state == null ? null : state;
            }
        double[] values = new double[channels.size()];
        for (int c = 0; c < values.length; c++) {
            Double v = r.getChannels().get(channels.get(c));
            values[c] = v == null ? Double.NaN : v;
        }
        d.process(s, r.getKey(), r.getTime().toEpochMilli(), values, ordinal, o -> emit(o, r, sink));
        return write(channels, s);
    }

    private void emit(Outcome o, SensorReading r, Sink sink) {
        if (o instanceof PointResult p) {
            ScoredPoint sp = AvroOutputs.scoredPoint(p);
            sink.scored(sp);
            if (p.emitAlert()) sink.anomaly(AvroOutputs.anomaly(p, sp, config.threshold()));
        } else {
            DroppedPoint dp = (DroppedPoint) o;
            String cls = dp.reason().contains("order") || dp.reason().contains("duplicate") || dp.reason().contains("late")
                    ? Rejection.ORDER : Rejection.DROPPED;
            // a reordered drop may concern an earlier reading than r; the reason names its time
            sink.dropped(r, new Rejection(cls, dp.reason() + " (event time " + java.time.Instant.ofEpochMilli(dp.time()) + ")"));
        }
    }

    private Detector detectorFor(List<String> channels) {
        Detector d = detectors.get(channels);
        if (d == null) {
            d = new Detector(model, config.toBuilder().channels(channels).build());
            if (tap != null) d.setTrainingTap(tap);
            detectors.put(channels, d);
            codecs.put(channels, new KeyStateCodec(d));
            headers.put(channels, header(channels));
            scratch.put(channels, codecs.get(channels).scratch());
        }
        return d;
    }

    private byte[] write(List<String> channels, KeyState s) {
        out.reset().write(headers.get(channels));
        int at = out.position();
        out.writeInt(0);
        codecs.get(channels).write(s, out);
        out.putInt(at, out.position() - at - 4);
        return out.toByteArray();
    }

    /** The channel list at the front of a state: the last one seen is reused when its bytes repeat (nearly always). */
    private List<String> readChannels(StateInput in, String key) {
        if (lastHeader != null && in.skipIf(lastHeader)) return lastChannels;
        try {
            int n = in.readUnsignedShort();
            List<String> c = new ArrayList<>(n);
            for (int i = 0; i < n; i++) c.add(in.readUTF());
            List<String> channels = List.copyOf(c);
            detectorFor(channels);
            lastHeader = headers.get(channels);
            lastChannels = channels;
            return channels;
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt key state of " + key, e);
        }
    }

    private static byte[] header(List<String> channels) {
        StateOutput h = new StateOutput(64);
        h.writeShort(channels.size());
        for (String c : channels) h.writeUTF(c);
        return h.toByteArray();
    }
}
