package dev.lookahead.stream;

import dev.lookahead.avro.Anomaly;
import dev.lookahead.avro.ScoredPoint;
import dev.lookahead.avro.SensorReading;
import dev.lookahead.detector.CorruptStateException;
import dev.lookahead.detector.Detector;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.DropReason;
import dev.lookahead.detector.DroppedPoint;
import dev.lookahead.detector.KeyChannels;
import dev.lookahead.detector.KeyState;
import dev.lookahead.detector.KeyStateCodec;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.detector.StateChange;
import dev.lookahead.detector.StateHeader;
import dev.lookahead.detector.StateInput;
import dev.lookahead.detector.StateOutput;
import dev.lookahead.detector.StateRestore;
import dev.lookahead.detector.TrainingTap;
import dev.lookahead.model.LstmModel;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores one reading of one key against that key's serialised state and returns the new state: the unit a
 * stream runtime keeps per key (as bytes, so Flink and Kafka Streams store exactly the same thing and no
 * generic serializer is involved). The bytes are {@link KeyStateCodec}'s: a header naming the key's channels and
 * the settings the state was written under, then one section per component.
 *
 * <p>A key's channels are fixed by its first reading, in the order {@link KeyChannels} gives them (a multivariate
 * model's, a normal state's, else name order; never the order of a producer's map); a later reading missing a
 * channel has it imputed (as NaN is), one with a channel the key never had is rejected. One {@link Detector} per
 * distinct channel list is cached: a univariate model runs each channel as an independent lane.
 *
 * <p>A state written under other settings or another model is migrated as it is read, and what changed is told
 * to the sink ({@link Sink#stateChanged}); a state that cannot be read at all resets its key, the sink gets the
 * bytes, and the reading is scored on the fresh state. Nothing here throws on a key's state. Not thread-safe: one
 * per task.
 */
public final class KeyScorer {

    /** Where the verdicts of one reading go. */
    public interface Sink {
        void scored(ScoredPoint point);

        void anomaly(Anomaly anomaly);

        /** A reading the detector dropped (duplicate, out of order, late, nothing finite) or could not take, with the reason. */
        void dropped(SensorReading reading, Rejection why);

        /**
         * Reading the key's state reset or migrated part of it. For {@link StateChange#CORRUPT}, {@code unreadable}
         * holds the state's bytes (the key starts fresh); otherwise it is null.
         */
        default void stateChanged(String key, StateChange change, String detail, byte[] unreadable) {
        }
    }

    private static final StateChange[] CHANGES = StateChange.values();

    private final DetectorConfig config;
    private LstmModel model;
    private final Map<List<String>, Shape> shapes = new HashMap<>();
    private final StateOutput out = new StateOutput(640);
    private final StateInput in = new StateInput();
    private final StateRestore restore = new StateRestore();
    private Shape last;   // the shape of the last state read: nearly always the next one's too
    private int buffered;
    private TrainingTap tap;

    /** Everything one channel list needs, built once: its detector, codec and a state to read into. */
    private static final class Shape {
        final List<String> channels;
        final Detector detector;
        final KeyStateCodec codec;
        final KeyState scratch;   // the state read back, reused every point

        Shape() {   // the sentinel of a channel list no detector serves
            channels = List.of();
            detector = null;
            codec = null;
            scratch = null;
        }

        Shape(List<String> channels, Detector detector) {
            this.channels = channels;
            this.detector = detector;
            this.codec = new KeyStateCodec(detector);
            this.scratch = codec.scratch();
        }
    }

    public KeyScorer(LstmModel model, DetectorConfig config) {
        this.model = model;
        this.config = config;
        // fail fast on a config the model cannot serve, with channels it can
        new Detector(model, config.toBuilder().channels(KeyChannels.order(model.architecture().channels(), model)).build());
    }

    /** Sends every scored point's normalised input and target to {@code tap} (online fine-tuning), for every channel list. */
    public void setTrainingTap(TrainingTap tap) {
        this.tap = tap;
        for (Shape sh : shapes.values()) sh.detector.setTrainingTap(tap);
    }

    public LstmModel model() {
        return model;
    }

    public String modelVersion() {
        return model.versionId();
    }

    /** Switches every key to {@code next} (same architecture) at its next reading (the detector's switch rule applies). */
    public void setModel(LstmModel next) {
        this.model = next;
        for (Shape sh : shapes.values()) sh.detector.setModel(next);
    }

    /** Points held by the reorder buffer of the state the last call returned (0 under DROP). */
    public int buffered() {
        return buffered;
    }

    /**
     * Scores {@code r} given the key's state ({@code null} for a new key) and returns the new state. A reading
     * held for reordering produces no verdict yet; every reading produces exactly one verdict eventually.
     */
    public byte[] score(byte[] state, SensorReading r, long ordinal, Sink sink) {
        String key = r.getKey();
        buffered = 0;
        restore.clear();
        Shape shape = null;
        KeyState s = null;
        boolean corrupt = false;
        if (state != null) {
            shape = read(state, key, sink, r);
            if (shape == NOT_SERVED) return state;
            if (shape == null) corrupt = true;
            else s = shape.scratch;
        }
        if (shape == null) {
            List<String> channels = KeyChannels.order(r.getChannels().keySet(), model);
            shape = shapeFor(channels);
            if (shape == null) {
                sink.dropped(r, new Rejection(Rejection.INVALID_CHANNELS, "channels " + channels + " cannot be scored: " + unserved));
                return corrupt ? null : state;
            }
            s = corrupt ? shape.codec.resetKey(shape.scratch) : shape.detector.newState();
        }
        boolean rewrite = corrupt || !restore.isEmpty();
        List<String> channels = shape.channels;
        for (String name : r.getChannels().keySet())
            if (!channels.contains(name)) {
                sink.dropped(r, new Rejection(Rejection.INVALID_CHANNELS, "channel '" + name
                        + "' is not one of this key's channels " + channels + " (fixed by its first reading)"));
                return rewrite ? write(shape, s) : state;
            }
        double[] values = new double[channels.size()];
        for (int c = 0; c < values.length; c++) {
            Double v = r.getChannels().get(channels.get(c));
            values[c] = v == null ? Double.NaN : v;
        }
        shape.detector.process(s, key, r.getTime().toEpochMilli(), values, ordinal, o -> emit(o, r, sink));
        return write(shape, s);
    }

    /**
     * Releases and scores every point the key's reorder buffer holds (a key gone quiet, the end of bounded input)
     * and returns the new state: the same array when nothing was held or changed, null when the state could not
     * be read (the key is reset: drop its state).
     */
    public byte[] flush(byte[] state, String key, Sink sink) {
        buffered = 0;
        Shape shape = read(state, key, sink, null);
        if (shape == NOT_SERVED) return state;
        if (shape == null) return null;
        KeyState s = shape.scratch;
        if (s.buffered() == 0 && restore.isEmpty()) return state;
        shape.detector.flush(s, key, o -> emit(o, null, sink));
        return write(shape, s);
    }

    private static final Shape NOT_SERVED = new Shape();

    private void emit(Outcome o, SensorReading r, Sink sink) {
        if (o instanceof PointResult p) {
            ScoredPoint sp = AvroOutputs.scoredPoint(p);
            sink.scored(sp);
            dev.lookahead.avro.AnomalyStatus record = AvroOutputs.recordStatus(p);
            if (record != null) sink.anomaly(AvroOutputs.anomaly(p, sp, Detector.effectiveThreshold(config, model), record));
        } else {
            DroppedPoint dp = (DroppedPoint) o;
            // a drop concerns the reading being offered (a flush or a release never drops)
            String cls = dp.cause() == DropReason.DUPLICATE ? Rejection.DUPLICATE
                    : dp.cause().orderRelated() ? Rejection.ORDER : Rejection.DROPPED;
            sink.dropped(r, new Rejection(cls, dp.reason() + " (event time " + Instant.ofEpochMilli(dp.time()) + ")"));
        }
    }

    /**
     * Reads a stored state into its shape's scratch and reports what reading it changed; releases the points a
     * REORDER buffer held when restored under DROP. Returns null when the bytes cannot be read (reported as
     * {@link StateChange#CORRUPT}), {@link #NOT_SERVED} when no detector can serve the state's channels.
     */
    private Shape read(byte[] bytes, String key, Sink sink, SensorReading r) {
        in.reset(bytes, 0, bytes.length);
        Shape shape;
        try {
            Shape known = last != null && last.codec.skipHeader(in) ? last : skipKnownHeader();
            if (known != null) {   // written by a detector of this scorer: nothing to parse or allocate
                shape = last = known;
                shape.codec.readBody(in, shape.codec.header(), shape.scratch, restore);
            } else {
                StateHeader written = StateHeader.read(in);
                shape = shapeFor(written.channels());
                if (shape == null) {
                    if (r != null) sink.dropped(r, new Rejection(Rejection.INVALID_CHANNELS,
                            "this key's channels " + written.channels() + " cannot be scored: " + unserved));
                    return NOT_SERVED;
                }
                shape.codec.readBody(in, written.equals(shape.codec.header()) ? shape.codec.header() : written, shape.scratch, restore);
                last = shape;
            }
        } catch (CorruptStateException e) {
            restore.clear();
            sink.stateChanged(key, StateChange.CORRUPT, e.getMessage(), bytes);
            return null;
        }
        if (!restore.isEmpty()) {
            for (StateChange c : CHANGES) if (restore.has(c)) sink.stateChanged(key, c, restore.detail(c), null);
            if (!restore.released().isEmpty())
                shape.detector.release(shape.scratch, key, restore.released(), o -> emit(o, r, sink));
        }
        return shape;
    }

    /** The shape whose header comes next in {@link #in}, skipped; null when none of the known shapes wrote it. */
    private Shape skipKnownHeader() {
        for (Shape sh : shapes.values()) if (sh != last && sh.codec.skipHeader(in)) return sh;
        return null;
    }

    private String unserved;   // why the last channel list could not be served

    /** The shape of a channel list, or null when the model cannot serve it (a multivariate model of other channels). */
    private Shape shapeFor(List<String> channels) {
        Shape sh = shapes.get(channels);
        if (sh == null) {
            Detector d;
            try {
                d = new Detector(model, config.toBuilder().channels(channels).build());
            } catch (IllegalArgumentException e) {
                unserved = e.getMessage();
                return null;
            }
            if (tap != null) d.setTrainingTap(tap);
            sh = new Shape(channels, d);
            shapes.put(channels, sh);
        }
        return sh;
    }

    private byte[] write(Shape shape, KeyState s) {
        buffered = s.buffered();
        shape.codec.write(s, out.reset());
        return out.toByteArray();
    }
}
