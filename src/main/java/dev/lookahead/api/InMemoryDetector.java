package dev.lookahead.api;

import dev.lookahead.detector.Detector;
import dev.lookahead.detector.DroppedPoint;
import dev.lookahead.detector.KeyState;
import dev.lookahead.detector.KeyStateCodec;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.detector.StateInput;
import dev.lookahead.detector.StateRestore;
import dev.lookahead.stream.ModelTracker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The detector for a plain Java loop: it keeps every key's state in a map on the heap. The verdicts are the same as
 * {@link KeyedDetector}'s for the same points; {@link #state(String)} and {@link #restore(String, byte[])} move a
 * key's state in and out as the same bytes, to save and resume a run.
 *
 * <p>Not thread-safe: one per thread, or partition the keys. Build with {@link #builder()}.
 */
public final class InMemoryDetector {

    private final DetectorSetup setup;
    private final Detector detector;
    private final KeyStateCodec codec;
    private final ModelTracker models;
    private final Map<String, KeyState> states = new HashMap<>();

    InMemoryDetector(DetectorSetup setup) {
        this.setup = setup;
        this.detector = setup.detector;
        this.codec = new KeyStateCodec(detector);
        this.models = new ModelTracker(setup.model, "api");
    }

    /** A builder with the shipped defaults and the bundled model. */
    public static DetectorBuilder<InMemoryDetector> builder() {
        return new DetectorBuilder<>(InMemoryDetector::new);
    }

    /**
     * Scores one point of {@code key}, in the key's arrival order.
     *
     * @param time   event time, epoch millis
     * @param values one value per channel in {@link #channels()} order; NaN for a missing one
     * @return the verdicts: one for this point, except under {@code REORDER} (see {@link KeyedDetector#process})
     */
    public List<AnomalyDescriptor> process(String key, long time, double... values) {
        if (values.length != channels().size())
            throw new IllegalArgumentException("expected " + channels().size() + " values " + channels() + ", got " + values.length);
        KeyState s = states.computeIfAbsent(key, k -> detector.newState());
        List<AnomalyDescriptor> verdicts = new ArrayList<>(1);
        double[] offered = values.clone();
        detector.process(s, key, time, offered, 0, o -> verdicts.add(describe(o, offered)));
        return verdicts;
    }

    /** Releases what every key's reorder buffer holds (end of input under {@code REORDER}), keys in name order. */
    public List<AnomalyDescriptor> flush() {
        List<AnomalyDescriptor> verdicts = new ArrayList<>();
        for (String key : new TreeSet<>(states.keySet())) detector.flush(states.get(key), key, o -> verdicts.add(describe(o, null)));
        return verdicts;
    }

    /** The keys seen so far. */
    public Set<String> keys() {
        return Set.copyOf(states.keySet());
    }

    /** The key's state in {@link KeyedDetector}'s byte form, or null for a key not seen. */
    public byte[] state(String key) {
        KeyState s = states.get(key);
        return s == null ? null : codec.toBytes(s);
    }

    /**
     * Replaces the key's state with one saved by {@link #state(String)} or a {@link KeyedDetector}, and returns the
     * verdicts of points it held for reordering that this detector's settings release at once.
     *
     * @throws IllegalArgumentException when the bytes cannot be read, or are another channel list's state
     */
    public List<AnomalyDescriptor> restore(String key, byte[] state) {
        StateRestore report = new StateRestore();
        KeyState s = codec.read(new StateInput(state), codec.scratch(), report);
        states.put(key, s);
        List<AnomalyDescriptor> verdicts = new ArrayList<>();
        if (!report.released().isEmpty()) detector.release(s, key, report.released(), o -> verdicts.add(describe(o, null)));
        return verdicts;
    }

    /** Forgets a key (its next point starts it afresh). */
    public void forget(String key) {
        states.remove(key);
    }

    public List<String> channels() {
        return setup.config.channels();
    }

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

    public double threshold() {
        return detector.threshold();
    }

    /** Every {@code detector.*} setting by its key in config/README.md, with the value in force. */
    public Map<String, String> settings() {
        return setup.settings;
    }

    private AnomalyDescriptor describe(Outcome o, double[] offered) {
        if (o instanceof PointResult p) return AnomalyDescriptor.of(p, detector.threshold());
        return AnomalyDescriptor.dropped((DroppedPoint) o, channels(), offered, modelVersion(), detector.threshold());
    }
}
