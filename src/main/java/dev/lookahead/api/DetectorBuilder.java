package dev.lookahead.api;

import dev.lookahead.config.LookaheadConfig;
import dev.lookahead.config.Scope;
import dev.lookahead.config.Setting;
import dev.lookahead.config.Settings;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.model.LstmModel;
import dev.lookahead.model.ModelSnapshots;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Builds a {@link KeyedDetector} or an {@link InMemoryDetector}. Every setting starts at the shipped default, the
 * one {@code lookahead score} and {@code run} use ({@code config/README.md}); a setting is given by its key in that
 * table ({@code setting("detector.order-policy", "REORDER")}) or, for the common ones, a typed method. Each value is
 * checked when it is given: a bad one fails at once with an {@link IllegalArgumentException} naming the key and the
 * values allowed. The environment ({@code LOOKAHEAD_*}) is not read: an embedding application decides its settings.
 *
 * <p>The model is the base model bundled in the jar unless {@link #model(Path)} or {@link #model(byte[])} names a
 * snapshot (a file written by {@code lookahead train}, or a value of the models topic).
 *
 * @param <T> what {@link #build()} returns
 */
public final class DetectorBuilder<T> {

    private static final String DETECTOR = "detector.";

    private final Function<DetectorSetup, T> make;
    private final List<String> sets = new ArrayList<>();
    private Path configFile;
    private List<String> channels;
    private Path modelFile;
    private byte[] modelBytes;

    DetectorBuilder(Function<DetectorSetup, T> make) {
        this.make = make;
    }

    /**
     * A detector setting by its key in {@code config/README.md}, e.g. {@code setting("detector.warm-up-points", "32")};
     * a later value of the same key wins.
     *
     * @throws IllegalArgumentException naming the key and what is allowed, for an unknown key or a bad value
     */
    public DetectorBuilder<T> setting(String key, String value) {
        Setting<?> s = key == null ? null : Settings.get(key);
        if (s == null || !key.startsWith(DETECTOR))
            throw new IllegalArgumentException("'" + key + "' is not a detector setting; the API takes these keys: "
                    + String.join(", ", detectorKeys()) + " (config/README.md)");
        String entry = key + "=" + (value == null ? "" : value);
        LookaheadConfig.loader(Scope.DIRECT).sets(List.of(entry)).load();   // checks the value now: fail fast
        sets.add(entry);
        return this;
    }

    /** {@code detector.threshold}: a point whose score is at or over it is anomalous; in (0, 1]. */
    public DetectorBuilder<T> threshold(double threshold) {
        return setting(DETECTOR + "threshold", Double.toString(threshold));
    }

    /** {@code detector.warm-up-points}: a new key's first points are scored but never anomalous. */
    public DetectorBuilder<T> warmUpPoints(int points) {
        return setting(DETECTOR + "warm-up-points", Integer.toString(points));
    }

    /** {@code detector.order-policy}: {@code "DROP"} out-of-order points, or {@code "REORDER"} them within the bound. */
    public DetectorBuilder<T> orderPolicy(String policy) {
        return setting(DETECTOR + "order-policy", policy == null ? null : policy.toUpperCase(Locale.ROOT));
    }

    /** {@code detector.reorder-bound-ms}: how far back in the key's event time {@code REORDER} waits. */
    public DetectorBuilder<T> reorderBoundMillis(long millis) {
        return setting(DETECTOR + "reorder-bound-ms", Long.toString(millis));
    }

    /**
     * The {@code detector.*} keys of a deployment's YAML file (the file of {@code lookahead run --config}); its other
     * keys are not read here. Settings given on this builder win over the file's.
     */
    public DetectorBuilder<T> configFile(Path yaml) {
        this.configFile = yaml;
        LookaheadConfig.loader(Scope.DIRECT).file(yaml).load();   // fail fast on a missing file or a bad value
        return this;
    }

    /**
     * The channel names, in the order of the values passed to {@code process}. Default: the model's channels, or the
     * channels of a univariate model's normal state when it has one (so new keys start from it). A univariate model
     * (the bundled one) scores any channels, each independently, and starts keys from its normal state only when
     * they are its channels in its order; a multivariate model needs its own.
     */
    public DetectorBuilder<T> channels(String... names) {
        return channels(Arrays.asList(names));
    }

    /** See {@link #channels(String...)}. */
    public DetectorBuilder<T> channels(List<String> names) {
        if (names == null) throw new IllegalArgumentException("detector.channels: null is not allowed; expected a non-empty list of distinct channel names");
        DetectorConfig.defaults().toBuilder().channels(names).build();   // fail fast: empty or repeated names
        this.channels = List.copyOf(names);
        return this;
    }

    /** A model snapshot file (ModelSnapshot Avro, as {@code lookahead train} writes); default: the bundled base model. */
    public DetectorBuilder<T> model(Path snapshotFile) {
        this.modelFile = snapshotFile;
        this.modelBytes = null;
        return this;
    }

    /** A model snapshot as plain Avro binary: the value format of the models topic. */
    public DetectorBuilder<T> model(byte[] snapshot) {
        this.modelBytes = snapshot.clone();
        this.modelFile = null;
        return this;
    }

    /**
     * Loads the model and builds the detector.
     *
     * @throws IllegalArgumentException when the model cannot be read or cannot serve the channels
     */
    public T build() {
        LookaheadConfig loaded = LookaheadConfig.loader(Scope.DIRECT).file(configFile).sets(sets).load();
        DetectorConfig config = loaded.detector();
        LstmModel model = modelFile != null ? ModelSnapshots.read(modelFile)
                : modelBytes != null ? ModelSnapshots.fromBytes(modelBytes) : ModelSnapshots.bundled();
        List<String> names = channels != null ? channels : config.channels() != null ? config.channels()
                : model.architecture().channelCount() == 1 && model.normalState() != null ? model.normalState().channels()
                : model.architecture().channels();
        config = config.toBuilder().channels(names).build();
        return make.apply(new DetectorSetup(model, config, loaded));
    }

    private static List<String> detectorKeys() {
        return Settings.all().stream().map(Setting::key).filter(k -> k.startsWith(DETECTOR)).toList();
    }
}
