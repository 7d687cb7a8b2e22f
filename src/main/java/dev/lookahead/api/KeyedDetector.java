package dev.lookahead.api;

import dev.lookahead.detector.CorruptStateException;
import dev.lookahead.detector.Detector;
import dev.lookahead.detector.DroppedPoint;
import dev.lookahead.detector.KeyState;
import dev.lookahead.detector.KeyStateCodec;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.detector.StateChange;
import dev.lookahead.detector.StateInput;
import dev.lookahead.detector.StateOutput;
import dev.lookahead.detector.StateRestore;
import dev.lookahead.stream.ModelTracker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The detector for use inside any runtime that keeps per-key state for you (a Flink {@code ValueState<byte[]>}, a
 * Kafka Streams store, a database row): the caller holds each key's state as bytes, and {@link #process} takes the
 * key's current bytes and one point and returns the new bytes with the verdicts. A key's verdicts depend only on its
 * own points in arrival order and the model, so any partitioning by key gives the same results as one loop.
 *
 * <p>The state bytes are the versioned key-state format the Flink job and the Streams application store
 * (docs/ARCHITECTURE.md, "Key state format"): a state written by an older release, or under other settings, is
 * migrated as it is read, and what changed is reported in {@link Result#stateNotes()}. Bytes that cannot be read
 * at all reset the key, never throw.
 *
 * <p>Not thread-safe (it reuses buffers): one per task thread. Build with {@link #builder()}.
 */
public final class KeyedDetector {

    private final DetectorSetup setup;
    private final Detector detector;
    private final KeyStateCodec codec;
    private final ModelTracker models;
    private final KeyState scratch;
    private final StateInput in = new StateInput();
    private final StateOutput out = new StateOutput(640);
    private final StateRestore restore = new StateRestore();

    KeyedDetector(DetectorSetup setup) {
        this.setup = setup;
        this.detector = setup.detector;
        this.codec = new KeyStateCodec(detector);
        this.models = new ModelTracker(setup.model, "api");
        this.scratch = codec.scratch();
    }

    /** A builder with the shipped defaults and the bundled model. */
    public static DetectorBuilder<KeyedDetector> builder() {
        return new DetectorBuilder<>(KeyedDetector::new);
    }

    /**
     * Scores one point of {@code key}.
     *
     * @param state  the key's state as the last call returned it; null for a key not seen before
     * @param time   the point's event time, epoch millis
     * @param values one value per channel in {@link #channels()} order; NaN for a missing one
     * @return the key's new state and the verdicts: one for this point, except under {@code REORDER}, where a held
     * point's verdict comes with the call that releases it
     * @throws IllegalArgumentException when {@code values} has another length than {@link #channels()}
     */
    public Result process(byte[] state, String key, long time, double... values) {
        if (values.length != setup.config.channels().size())
            throw new IllegalArgumentException("expected " + setup.config.channels().size() + " values " + setup.config.channels() + ", got " + values.length);
        List<AnomalyDescriptor> verdicts = new ArrayList<>(1);
        List<String> notes = new ArrayList<>(0);
        double[] offered = values.clone();
        Consumer<Outcome> sink = o -> verdicts.add(describe(o, offered));
        KeyState s = read(state, key, notes, sink);
        detector.process(s, key, time, offered, 0, sink);
        return new Result(write(s), verdicts, notes);
    }

    /**
     * Releases and scores every point the key's reorder buffer holds (under {@code REORDER}): at the end of bounded
     * input, or before a key's state is dropped. Under {@code DROP} it returns the state with no verdicts.
     */
    public Result flush(byte[] state, String key) {
        List<AnomalyDescriptor> verdicts = new ArrayList<>();
        List<String> notes = new ArrayList<>(0);
        Consumer<Outcome> sink = o -> verdicts.add(describe(o, null));
        KeyState s = read(state, key, notes, sink);
        detector.flush(s, key, sink);
        return new Result(write(s), verdicts, notes);
    }

    /** The channel names, in the order of the values {@link #process} takes. */
    public List<String> channels() {
        return setup.config.channels();
    }

    /** The version of the model in use ({@code group/version}), as each verdict names it. */
    public String modelVersion() {
        return detector.model().versionId();
    }

    /**
     * Offers a model snapshot (plain Avro binary: a value of the models topic, e.g. one fine-tuned by the Flink job)
     * under the runtimes' switch rule ({@link ModelOffer}); an adopted one scores each key from its next point, and
     * the verdicts name its version.
     */
    public ModelOffer offerModel(byte[] snapshot) {
        ModelOffer offer = ModelOffer.of(models.offer(snapshot));
        if (offer == ModelOffer.ADOPTED) detector.setModel(models.current());
        return offer;
    }

    /** The anomaly-score threshold in force (the setting, else the model's calibrated one, else the default). */
    public double threshold() {
        return detector.threshold();
    }

    /** Every {@code detector.*} setting by its key in config/README.md, with the value in force. */
    public Map<String, String> settings() {
        return setup.settings;
    }

    private KeyState read(byte[] state, String key, List<String> notes, Consumer<Outcome> sink) {
        if (state == null) return detector.newState();
        try {
            KeyState s = codec.read(in.reset(state, 0, state.length), scratch, restore);
            for (StateChange c : StateChange.values())
                if (restore.has(c)) notes.add(c + ": " + restore.detail(c));
            if (!restore.released().isEmpty()) detector.release(s, key, restore.released(), sink);
            return s;
        } catch (IllegalArgumentException e) {   // CorruptStateException, or a state of other channels
            notes.add((e instanceof CorruptStateException ? StateChange.CORRUPT : "CHANNELS") + ": " + e.getMessage()
                    + "; the key starts afresh");
            return codec.resetKey(scratch);
        }
    }

    private byte[] write(KeyState s) {
        codec.write(s, out.reset());
        return out.toByteArray();
    }

    private AnomalyDescriptor describe(Outcome o, double[] offered) {
        if (o instanceof PointResult p) return AnomalyDescriptor.of(p, detector.threshold());
        return AnomalyDescriptor.dropped((DroppedPoint) o, channels(), offered, modelVersion(), detector.threshold());
    }

    /** A key's new state and the verdicts of one call. Immutable. */
    public static final class Result {
        private final byte[] state;
        private final List<AnomalyDescriptor> descriptors;
        private final List<String> stateNotes;

        private Result(byte[] state, List<AnomalyDescriptor> descriptors, List<String> stateNotes) {
            this.state = state;
            this.descriptors = List.copyOf(descriptors);
            this.stateNotes = List.copyOf(stateNotes);
        }

        /** The key's new state, to store and pass to the next call (a copy). */
        public byte[] state() {
            return state.clone();
        }

        /** The verdicts, oldest point first; empty while {@code REORDER} holds the point. */
        public List<AnomalyDescriptor> descriptors() {
            return descriptors;
        }

        /**
         * What reading the stored state had to change, one line each ({@code CHANGE: detail}): a state written by an
         * older release or under other settings, migrated or partly reset; empty when it read as written.
         */
        public List<String> stateNotes() {
            return stateNotes;
        }
    }
}
