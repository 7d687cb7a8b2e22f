package dev.lookahead.config;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.finetune.FineTuneConfig;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One row of the settings table ({@link Settings}): a key, the values it takes, its default, the commands that
 * read it, what it does, and the builder setter it feeds. Every other name of the setting is derived from the key:
 * the YAML path (its dots), the environment variable ({@link #envName()}) and, for {@code detector.*} keys, the
 * command-line flag ({@link #flag()}).
 */
public final class Setting<T> {

    public static final String ENV_PREFIX = "LOOKAHEAD_";

    /** Every command that runs the detector. */
    static final Set<Scope> DETECTOR_SCOPES = EnumSet.of(Scope.RUN, Scope.STREAMS, Scope.DIRECT);

    /** Which object a setting's value goes into. */
    enum Target {
        /** {@link RuntimeSettings.Builder} */
        RUNTIME,
        /** {@link DetectorConfig.Builder}: the core owns the default and checks the value again */
        DETECTOR,
        /** {@link FineTuneConfig.Builder}: likewise */
        FINE_TUNE,
        /** read by {@link LookaheadConfig} itself */
        CONFIG
    }

    private final String key;
    private final SettingType<T> type;
    private final String defaultValue;
    private final String documentedDefault;
    private final Set<Scope> scopes;
    private final String doc;
    private final Target target;
    private final BiConsumer<Object, T> set;
    private final Function<Object, T> get;
    private final boolean advanced;

    @SuppressWarnings("unchecked")
    private Setting(String key, SettingType<T> type, String defaultValue, String documentedDefault, Set<Scope> scopes, String doc,
                    Target target, BiConsumer<?, T> set, Function<?, T> get, boolean advanced) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.documentedDefault = documentedDefault;
        this.scopes = Set.copyOf(scopes);
        this.doc = doc;
        this.target = target;
        this.set = (BiConsumer<Object, T>) set;
        this.get = (Function<Object, T>) get;
        this.advanced = advanced;
    }

    /** A {@code detector.*} setting: read by every command that runs the detector; its default is {@link DetectorConfig}'s. */
    static <T> Setting<T> detector(String name, SettingType<T> type, BiConsumer<DetectorConfig.Builder, T> set,
                                   Function<DetectorConfig, T> get, String doc) {
        String d = type.format(get.apply(DetectorConfig.defaults()));
        return new Setting<>("detector." + name, type, d, d, DETECTOR_SCOPES, doc, Target.DETECTOR, set, get, false);
    }

    /** A {@code fine-tune.*} setting of online fine-tuning (the job's, or Streams' with its trainer); its default is {@link FineTuneConfig}'s. */
    static <T> Setting<T> fineTune(String name, SettingType<T> type, BiConsumer<FineTuneConfig.Builder, T> set,
                                   Function<FineTuneConfig, T> get, String doc) {
        String d = type.format(get.apply(FineTuneConfig.defaults()));
        return new Setting<>("fine-tune." + name, type, d, d, EnumSet.of(Scope.RUN, Scope.STREAMS), doc, Target.FINE_TUNE, set, get, false);
    }

    /** A setting of the runtimes (brokers, topics, job, streams), with its default here. */
    static <T> Setting<T> runtime(String key, SettingType<T> type, String defaultValue, Set<Scope> scopes,
                                  BiConsumer<RuntimeSettings.Builder, T> set, String doc) {
        return new Setting<>(key, type, defaultValue, defaultValue, scopes, doc, Target.RUNTIME, set, null, false);
    }

    /** A setting {@link LookaheadConfig} reads itself (it decides how others are used). */
    static <T> Setting<T> config(String key, SettingType<T> type, String defaultValue, Set<Scope> scopes, String doc) {
        return new Setting<>(key, type, defaultValue, defaultValue, scopes, doc, Target.CONFIG, (o, v) -> { }, null, false);
    }

    /** This setting, documented among the advanced ones (tuning most users leave alone). */
    Setting<T> advanced() {
        return new Setting<>(key, type, defaultValue, documentedDefault, scopes, doc, target, set, get, true);
    }

    /** This setting, its default written in the docs as {@code text} (a default that depends on the machine). */
    Setting<T> documentedDefault(String text) {
        return new Setting<>(key, type, defaultValue, text, scopes, doc, target, set, get, advanced);
    }

    public String key() {
        return key;
    }

    public SettingType<T> type() {
        return type;
    }

    /** The default as text, as it would be written in YAML. */
    public String defaultValue() {
        return defaultValue;
    }

    /** The default as the docs show it. */
    public String documentedDefault() {
        return documentedDefault;
    }

    public Set<Scope> scopes() {
        return scopes;
    }

    public boolean appliesTo(Scope scope) {
        return scopes.contains(scope);
    }

    public String doc() {
        return doc;
    }

    public boolean isAdvanced() {
        return advanced;
    }

    Target target() {
        return target;
    }

    /** The first part of the key: the YAML section ({@code detector}, {@code job}, ...). */
    public String section() {
        return key.substring(0, key.indexOf('.'));
    }

    /** {@code LOOKAHEAD_} and the key in upper case, {@code .} and {@code -} as {@code _}. */
    public String envName() {
        return envName(key);
    }

    static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** {@code --} and the key without {@code detector.}, for detector settings; null for the others (use {@code --set}). */
    public String flag() {
        return target == Target.DETECTOR ? "--" + key.substring("detector.".length()) : null;
    }

    /** The commands that read this setting, in words ("run, streams"). */
    public String commands() {
        StringBuilder b = new StringBuilder();
        for (Scope s : Scope.values())
            if (scopes.contains(s)) b.append(b.isEmpty() ? "" : ", ").append(s.commands());
        return b.toString();
    }

    /** Reads {@code text} as this setting's value; fails naming the key, where the text came from and what is allowed. */
    T parse(String text, String source) {
        try {
            return type.parse(text == null ? "" : text);
        } catch (SettingType.Invalid e) {
            throw new ConfigException("config: " + key + (source == null ? "" : " (from " + source + ")") + ": '" + text
                    + "' is not allowed; expected " + type.allowed());
        }
    }

    /** Reads {@code text} and gives the value to {@code builder}, which must be this setting's target's builder. */
    void applyTo(Object builder, String text, String source) {
        set.accept(builder, parse(text, source));
    }

    /** A detector or fine-tuning setting's value in a built {@link DetectorConfig} or {@link FineTuneConfig}. */
    Object valueIn(Object config) {
        if (get == null) throw new IllegalStateException(key + " is not a setting of the core");
        return get.apply(config);
    }

    @Override
    public String toString() {
        return key;
    }
}
