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
    private final Map<List<String>, Shape> shapes = new HashMap<>();
    private final StateOutput out = new StateOutput(640);
    private final StateInput in = new StateInput();
    private Shape last;   // the shape of the last state read: nearly always the next one's too

    /** Everything one channel list needs, built once: its detector, codec, header bytes and a state to read into. */
    private static final class Shape {
        final List<String> channels;
        final Detector detector;
        final KeyStateCodec codec;
        final byte[] header;      // the list's bytes at the front of a state
        final KeyState scratch;   // the state read back, reused every point

        Shape(List<String> channels, Detector detector) {
            this.channels = channels;
            this.detector = detector;
            this.codec = new KeyStateCodec(detector);
            this.scratch = codec.scratch();
            StateOutput h = new StateOutput(64);
            h.writeShort(channels.size());
            for (String c : channels) h.writeUTF(c);
            this.header = h.toByteArray();
        }
    }

    private dev.lookahead.detector.TrainingTap tap;

    /** Sends every scored point's normalised input and target to {@code tap} (online fine-tuning), for every channel list. */
    public void setTrainingTap(dev.lookahead.detector.TrainingTap tap) {
        this.tap = tap;
        for (Shape sh : shapes.values()) sh.detector.setTrainingTap(tap);
    }

    public KeyScorer(LstmModel model, DetectorConfig config) {
        this.model = model;
        this.config = config;
        shapeFor(List.of("value"));   // fail fast on a config the model cannot serve
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
        for (Shape sh : shapes.values()) sh.detector.setModel(next);
    }

    /**
     * Scores {@code r} given the key's state ({@code null} for a new key) and returns the new state. A reading
     * held for reordering produces no verdict yet; every reading produces exactly one verdict eventually.
     */
    public byte[] score(byte[] state, SensorReading r, long ordinal, Sink sink) {
        Shape shape;
        KeyState s;
        if (state == null) {
            shape = shapeFor(List.copyOf(new TreeSet<>(r.getChannels().keySet())));
            s = shape.detector.newState();
        } else {
            in.reset(state, 0, state.length);
            shape = readShape(in, r.getKey());
            try {
                int length = in.readInt();
                if (length != in.available())
                    throw new IOException("body of " + length + " bytes, " + in.available() + " present");
                s = shape.codec.read(in, shape.scratch);
            } catch (IOException e) {
                throw new UncheckedIOException("corrupt key state of " + r.getKey(), e);
            }
        }
        List<String> channels = shape.channels;
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
        shape.detector.process(s, r.getKey(), r.getTime().toEpochMilli(), values, ordinal, o -> emit(o, r, sink));
        return write(shape, s);
    }

    private void emit(Outcome o, SensorReading r, Sink sink) {
        if (o instanceof PointResult p) {
            ScoredPoint sp = AvroOutputs.scoredPoint(p);
            sink.scored(sp);
            dev.lookahead.avro.AnomalyStatus record = AvroOutputs.recordStatus(p);
            if (record != null) sink.anomaly(AvroOutputs.anomaly(p, sp, Detector.effectiveThreshold(config, model), record));
        } else {
            DroppedPoint dp = (DroppedPoint) o;
            String cls = dp.reason().startsWith("duplicate") ? Rejection.DUPLICATE
                    : dp.reason().contains("order") || dp.reason().contains("late") ? Rejection.ORDER : Rejection.DROPPED;
            // a reordered drop may concern an earlier reading than r; the reason names its time
            sink.dropped(r, new Rejection(cls, dp.reason() + " (event time " + java.time.Instant.ofEpochMilli(dp.time()) + ")"));
        }
    }

    private Shape shapeFor(List<String> channels) {
        Shape sh = shapes.get(channels);
        if (sh == null) {
            Detector d = new Detector(model, config.toBuilder().channels(channels).build());
            if (tap != null) d.setTrainingTap(tap);
            sh = new Shape(channels, d);
            shapes.put(channels, sh);
        }
        return sh;
    }

    private byte[] write(Shape shape, KeyState s) {
        out.reset().write(shape.header);
        int at = out.position();
        out.writeInt(0);
        shape.codec.write(s, out);
        out.putInt(at, out.position() - at - 4);
        return out.toByteArray();
    }

    /** The channel list at the front of a state, as its shape: the last one is reused when its bytes repeat (nearly always). */
    private Shape readShape(StateInput in, String key) {
        if (last != null && in.skipIf(last.header)) return last;
        try {
            int n = in.readUnsignedShort();
            List<String> c = new ArrayList<>(n);
            for (int i = 0; i < n; i++) c.add(in.readUTF());
            last = shapeFor(List.copyOf(c));
            return last;
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt key state of " + key, e);
        }
    }
}
