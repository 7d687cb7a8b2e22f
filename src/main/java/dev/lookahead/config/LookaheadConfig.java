package dev.lookahead.config;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.finetune.FineTuneConfig;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The settings of one command, resolved from (lowest to highest) the table's defaults, a YAML file, environment
 * variables, {@code --set key=value} and flags, every value checked before anything starts.
 *
 * <p>Which keys a command takes: every key of the {@link Settings} table names the commands that read it. A value
 * given for this start (an environment variable, {@code --set}, a flag) must apply to the command, or start-up is
 * refused naming the key and where it applies. A YAML file describes a deployment and may be shared by {@code run}
 * and {@code streams} (config/docker.yaml is): its keys for the other runtime are checked but not used, and
 * {@link #skippedNote()} lists them. Keys under {@code kafka.properties.} pass through to the Kafka clients
 * unchecked (TLS, SASL, ...), as Kafka itself validates them.
 */
public final class LookaheadConfig {

    private static final String ENV_KAFKA_PROPERTIES = Setting.ENV_PREFIX + "KAFKA_PROPERTIES_";

    private final Scope scope;
    private final Map<String, String> values;   // every key: the default or the value given
    private final Map<String, String> source;   // keys given, and where from
    private final Map<String, Setting<?>> skipped;
    private final Path file;
    private final DetectorConfig detector;
    private final FineTuneConfig fineTune;
    private final RuntimeSettings settings;

    private LookaheadConfig(Scope scope, Map<String, String> values, Map<String, String> source, Map<String, Setting<?>> skipped, Path file) {
        this.scope = scope;
        this.values = values;
        this.source = source;
        this.skipped = skipped;
        this.file = file;
        this.detector = buildDetector();
        this.fineTune = scope == Scope.RUN || scope == Scope.STREAMS ? buildFineTune() : null;
        this.settings = scope == Scope.DIRECT ? null : buildSettings();
    }

    /** Starts resolving the settings of a command of {@code scope}. */
    public static Loader loader(Scope scope) {
        return new Loader(scope);
    }

    /** Where the values come from; each source is optional. */
    public static final class Loader {
        private final Scope scope;
        private Path file;
        private Map<String, String> env = Map.of();
        private List<String> sets = List.of();
        private final Map<String, String[]> flags = new LinkedHashMap<>();

        private Loader(Scope scope) {
            this.scope = scope;
        }

        /** A YAML file of nested keys (null: none). */
        public Loader file(Path yaml) {
            file = yaml;
            return this;
        }

        /** The environment, e.g. {@code System.getenv()}: its {@code LOOKAHEAD_*} variables. */
        public Loader environment(Map<String, String> environment) {
            env = Map.copyOf(environment);
            return this;
        }

        /** {@code key=value} overrides from {@code --set}, in order (a later one wins). */
        public Loader sets(List<String> overrides) {
            sets = List.copyOf(overrides);
            return this;
        }

        /** A value given by a command-line flag: {@code flag} is its name, for messages. */
        public Loader flag(String key, String flag, String value) {
            flags.put(key, new String[]{flag, value});
            return this;
        }

        /** Resolves and checks every value; fails naming the key, where its value came from and what is allowed. */
        public LookaheadConfig load() {
            Map<String, String> values = new LinkedHashMap<>(), source = new LinkedHashMap<>();
            Map<String, Setting<?>> skipped = new LinkedHashMap<>();
            for (Setting<?> s : Settings.all()) values.put(s.key(), s.defaultValue());
            if (file != null) {
                for (Map.Entry<String, String> e : readYaml(file).entrySet()) {
                    String key = e.getKey(), from = file.toString();
                    if (passThrough(key, from)) {
                        values.put(key, e.getValue());
                        continue;
                    }
                    Setting<?> s = known(key, from);
                    // checked even where it is not used: the file may serve another command; a client on another
                    // machine leaves the job's values (a model.file path there) to the job
                    if (!scope.client() || s.appliesTo(scope)) s.parse(e.getValue(), from);
                    if (!s.appliesTo(scope)) skipped.put(key, s);
                    else put(values, source, s, e.getValue(), from);
                }
            }
            for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
                String name = e.getKey(), from = "environment variable " + name;
                if (!name.startsWith(Setting.ENV_PREFIX)) continue;
                if (name.startsWith(ENV_KAFKA_PROPERTIES)) {
                    String key = Settings.KAFKA_PROPERTIES + name.substring(ENV_KAFKA_PROPERTIES.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                    if (passThrough(key, from)) values.put(key, e.getValue());
                    continue;
                }
                Setting<?> s = Settings.byEnvName(name);
                if (s == null) throw new ConfigException("config: unknown environment variable " + name + suggestion(name, true)
                        + "; each setting's variable is " + Setting.ENV_PREFIX + "and its key in upper case, . and - as _ (config/README.md)");
                if (scope.client() && !s.appliesTo(scope)) continue;   // a client shares the deployment's environment, as its file
                put(values, source, applicable(s, from), e.getValue(), from);
            }
            Map<String, String> setOnCommandLine = new LinkedHashMap<>();
            for (String o : sets) {
                int eq = o.indexOf('=');
                if (eq <= 0) throw new ConfigException("config: --set " + o + ": expected key=value");
                String key = o.substring(0, eq).trim(), value = o.substring(eq + 1).trim();
                if (passThrough(key, "--set")) {
                    values.put(key, value);
                    continue;
                }
                put(values, source, applicable(known(key, "--set"), "--set"), value, "--set");
                setOnCommandLine.put(key, "--set");
            }
            for (Map.Entry<String, String[]> e : flags.entrySet()) {
                String key = e.getKey(), flag = e.getValue()[0];
                if (setOnCommandLine.containsKey(key))
                    throw new ConfigException("config: " + key + " is given twice on the command line, by " + flag + " and by --set; give it once");
                put(values, source, applicable(known(key, flag), flag), e.getValue()[1], flag);
            }
            return new LookaheadConfig(scope, values, source, skipped, file);
        }

        private boolean passThrough(String key, String from) {
            if (!key.startsWith(Settings.KAFKA_PROPERTIES)) return false;
            if (scope == Scope.DIRECT) throw new ConfigException("config: " + key + " (from " + from + ") does not apply to "
                    + scope.commands() + ": Kafka client properties apply to " + Settings.KAFKA_PROPERTIES_COMMANDS);
            return true;
        }

        private Setting<?> applicable(Setting<?> s, String from) {
            if (!s.appliesTo(scope))
                throw new ConfigException("config: " + s.key() + " (from " + from + ") does not apply to " + scope.commands()
                        + "; it applies to " + s.commands());
            return s;
        }

        private static void put(Map<String, String> values, Map<String, String> source, Setting<?> s, String value, String from) {
            values.put(s.key(), value == null ? "" : value);
            source.put(s.key(), from);
        }
    }

    /** The setting named {@code key}; an unknown key fails naming the keys allowed near it. */
    static Setting<?> known(String key, String from) {
        Setting<?> s = Settings.get(key);
        if (s != null) return s;
        int dot = key.indexOf('.');
        String section = dot < 0 ? "" : key.substring(0, dot + 1);
        List<String> near = Settings.all().stream().map(Setting::key).filter(k -> k.startsWith(section) && !section.isEmpty()).toList();
        String allowed = near.isEmpty()
                ? "allowed keys: " + Settings.all().stream().map(Setting::key).collect(Collectors.joining(", ")) + ", and " + Settings.KAFKA_PROPERTIES + "* for Kafka clients"
                : "keys under " + section + ": " + String.join(", ", near) + (section.equals("kafka.") ? ", " + Settings.KAFKA_PROPERTIES + "*" : "");
        throw new ConfigException("config: unknown key '" + key + "' (from " + from + ")" + suggestion(key, false) + "; " + allowed
                + " (every key: config/README.md)");
    }

    /** "; did you mean X?" for the closest key (or environment variable), if one is close. */
    private static String suggestion(String given, boolean env) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Setting<?> s : Settings.all()) {
            String name = env ? s.envName() : s.key();
            int d = name.startsWith(given) || given.startsWith(name) ? 1 : distance(given, name);
            if (d < bestDistance) {
                bestDistance = d;
                best = env ? name + " (" + s.key() + ")" : name;
            }
        }
        return best != null && bestDistance <= Math.max(2, given.length() / 5) ? "; did you mean " + best + "?" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++)
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static Map<String, String> readYaml(Path file) {
        Object doc;
        try (Reader r = Files.newBufferedReader(file)) {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (IOException e) {
            throw new ConfigException("config: cannot read " + file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new ConfigException("config: " + file + " is not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
        Map<String, String> flat = new LinkedHashMap<>();
        if (doc == null) return flat;
        if (!(doc instanceof Map<?, ?> m)) throw new ConfigException("config: " + file + " must be a YAML mapping of keys");
        flatten("", m, flat);
        return flat;
    }

    private static void flatten(String prefix, Map<?, ?> m, Map<String, String> out) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String k = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> sub) flatten(k + ".", sub, out);
            else if (e.getValue() instanceof java.util.Date d) out.put(k, d.toInstant().toString());   // YAML timestamps
            else out.put(k, e.getValue() == null ? "" : e.getValue().toString());
        }
    }

    public Scope scope() {
        return scope;
    }

    /** A key's value as text: the one given, or the default. */
    public String get(String key) {
        return values.get(key);
    }

    /** Where a key's value came from ("--set", "environment variable ...", a file), or null for the default. */
    public String source(String key) {
        return source.get(key);
    }

    /** {@code kafka.properties.*}, without the prefix. */
    public Map<String, String> kafkaProperties() {
        Map<String, String> p = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(Settings.KAFKA_PROPERTIES)) p.put(k.substring(Settings.KAFKA_PROPERTIES.length()), v);
        });
        return p;
    }

    /** Keys of the YAML file that this command does not read (they apply to another), in file order. */
    public Map<String, Setting<?>> skipped() {
        return Map.copyOf(skipped);
    }

    /** One line naming the file's keys this command does not read and where they apply; null when there are none. */
    public String skippedNote() {
        if (skipped.isEmpty()) return null;
        Map<String, List<String>> byCommands = new LinkedHashMap<>();
        skipped.values().forEach(s -> byCommands.computeIfAbsent(s.commands(), c -> new ArrayList<>()).add(s.key()));
        return file + ": " + scope.commands() + " does not use " + byCommands.entrySet().stream()
                .map(e -> String.join(", ", e.getValue()) + " (" + e.getKey() + " only)").collect(Collectors.joining("; "));
    }

    public DetectorConfig detector() {
        return detector;
    }

    /**
     * The fine-tuning settings when fine-tuning is on, else null: under {@code run} when {@code fine-tune.enabled}
     * is true, under {@code streams} when {@code topics.training-windows} names a topic.
     */
    public FineTuneConfig fineTune() {
        return fineTune;
    }

    /** The runtime's settings ({@code run}, {@code streams}). */
    public RuntimeSettings settings() {
        if (settings == null) throw new IllegalStateException(scope.commands() + " has no runtime settings");
        return settings;
    }

    /** The values given for settings of {@code target}, in table order, applied to {@code builder}. */
    private void applyGiven(Setting.Target target, Object builder) {
        for (Setting<?> s : Settings.all())
            if (s.target() == target && source.containsKey(s.key())) s.applyTo(builder, values.get(s.key()), source.get(s.key()));
    }

    private DetectorConfig buildDetector() {
        DetectorConfig.Builder b = DetectorConfig.builder();
        applyGiven(Setting.Target.DETECTOR, b);
        return core(b::build);
    }

    private FineTuneConfig buildFineTune() {
        FineTuneConfig.Builder b = FineTuneConfig.builder();
        applyGiven(Setting.Target.FINE_TUNE, b);
        FineTuneConfig c = core(b::build);   // checked even when off: a file's mistakes show before someone turns it on
        if (scope == Scope.STREAMS) {
            String topic = values.get("topics.training-windows");
            return topic != null && !topic.isBlank() ? c : null;
        }
        return (Boolean) Settings.get("fine-tune.enabled").parse(values.get("fine-tune.enabled"), source.get("fine-tune.enabled")) ? c : null;
    }

    private RuntimeSettings buildSettings() {
        RuntimeSettings.Builder b = RuntimeSettings.builder();
        applyGiven(Setting.Target.RUNTIME, b);
        return b.kafka(kafkaProperties()).detector(detector).fineTune(fineTune).build();
    }

    /** The core's own check (ranges that depend on other settings): its message names the key, and gains the value's source. */
    private <T> T core(java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            int colon = m.indexOf(':');
            String key = colon > 0 ? m.substring(0, colon) : null;
            String from = key == null ? null : source.get(key);
            throw new ConfigException("config: " + (from == null ? m : key + " (from " + from + ")" + m.substring(colon)));
        }
    }
}
