package dev.lookahead.config;

import dev.lookahead.detector.Adaptation;
import dev.lookahead.detector.AlertEmission;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.OrderPolicy;
import dev.lookahead.model.StepKernelType;
import dev.lookahead.flink.JobSettings;
import dev.lookahead.scoring.ScoreDirection;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every configuration key with its default, resolved from (lowest to highest) defaults, a YAML file, environment
 * variables and {@code --set} overrides. Keys under {@code kafka.properties.} pass through to the Kafka clients
 * unchecked (TLS, SASL, ...), as Kafka itself validates them.
 */
public final class LookaheadConfig {

    public static final String ENV_PREFIX = "LOOKAHEAD_";
    public static final String KAFKA_PROPERTIES = "kafka.properties.";

    /** key → default; the order is the documentation order. */
    static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("kafka.bootstrap-servers", "embedded");
        DEFAULTS.put("topics.input", "lookahead-readings");
        DEFAULTS.put("topics.anomalies", "lookahead-anomalies");
        DEFAULTS.put("topics.scored", "");
        DEFAULTS.put("topics.dead-letters", "lookahead-dead-letters");
        DEFAULTS.put("topics.models", "lookahead-models");
        DEFAULTS.put("job.group-id", "lookahead");
        DEFAULTS.put("job.parallelism", "1");
        DEFAULTS.put("job.checkpoint-interval-ms", "10000");
        DEFAULTS.put("job.delivery", "exactly-once");
        DEFAULTS.put("job.transactional-id-prefix", "lookahead");
        DEFAULTS.put("job.state-backend", "hashmap");
        DEFAULTS.put("job.state-ttl-ms", "0");
        DEFAULTS.put("job.restart-attempts", "");
        DEFAULTS.put("job.checkpoint-dir", "");
        DEFAULTS.put("job.bounded", "false");
        DEFAULTS.put("ingest.max-record-bytes", "1048576");
        DEFAULTS.put("ingest.min-time", "2000-01-01T00:00:00Z");
        DEFAULTS.put("ingest.max-time", "2100-01-01T00:00:00Z");
        DEFAULTS.put("model.file", "");
        DetectorConfig d = DetectorConfig.defaults();
        DEFAULTS.put("detector.threshold", Double.toString(d.threshold()));
        DEFAULTS.put("detector.direction", d.direction().name());
        DEFAULTS.put("detector.warm-up-points", Integer.toString(d.warmUpPoints()));
        DEFAULTS.put("detector.stuck-detection", Boolean.toString(d.stuckDetection()));
        DEFAULTS.put("detector.order-policy", d.orderPolicy().name());
        DEFAULTS.put("detector.reorder-bound-ms", Long.toString(d.reorderBoundMillis()));
        DEFAULTS.put("detector.gap-factor", Double.toString(d.gapFactor()));
        DEFAULTS.put("detector.max-imputed-steps", Integer.toString(d.maxImputedSteps()));
        DEFAULTS.put("detector.adaptation", d.adaptation().name());
        DEFAULTS.put("detector.adaptation-rate", Double.toString(d.adaptationRate()));
        DEFAULTS.put("detector.alert-emission", d.alertEmission().name());
        DEFAULTS.put("detector.alert-refractory-points", Integer.toString(d.alertRefractoryPoints()));
        DEFAULTS.put("detector.range-margin", Double.toString(d.rangeMargin()));
        DEFAULTS.put("detector.alert-rate-discount", Double.toString(d.alertRateDiscount()));
        DEFAULTS.put("detector.alert-rate-window", Integer.toString(d.alertRateWindow()));
        DEFAULTS.put("detector.range-after-points", Integer.toString(d.rangeAfterPoints()));
        DEFAULTS.put("detector.step-kernel", d.stepKernel().name());
        dev.lookahead.finetune.FineTuneConfig f = dev.lookahead.finetune.FineTuneConfig.defaults();
        DEFAULTS.put("streams.application-id", "lookahead");
        DEFAULTS.put("streams.state-dir", System.getProperty("java.io.tmpdir") + "/lookahead-streams");
        DEFAULTS.put("streams.threads", "1");
        DEFAULTS.put("fine-tune.enabled", "false");
        DEFAULTS.put("fine-tune.round-every-points", Long.toString(f.roundEveryPoints()));
        DEFAULTS.put("fine-tune.round-every-ms", Long.toString(f.roundEveryMillis()));
        DEFAULTS.put("fine-tune.reservoir-windows", Integer.toString(f.reservoirWindows()));
        DEFAULTS.put("fine-tune.epochs", Integer.toString(f.epochs()));
        DEFAULTS.put("fine-tune.max-round-ms", Long.toString(f.maxRoundMillis()));
        DEFAULTS.put("fine-tune.margin", Double.toString(f.margin()));
        DEFAULTS.put("fine-tune.max-added-incidents", Integer.toString(f.maxAddedIncidents()));
    }

    private final Map<String, String> values;
    private final Map<String, String> source;   // where each non-default value came from, for messages

    private LookaheadConfig(Map<String, String> values, Map<String, String> source) {
        this.values = values;
        this.source = source;
    }

    /** All keys with their defaults, for {@code --help} and docs. */
    public static Map<String, String> defaults() {
        return Map.copyOf(DEFAULTS);
    }

    /**
     * @param yaml      a YAML file (nested maps; null for none)
     * @param env       the environment (e.g. {@code System.getenv()})
     * @param overrides {@code key=value} pairs from the command line
     */
    public static LookaheadConfig load(Path yaml, Map<String, String> env, List<String> overrides) {
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS), src = new LinkedHashMap<>();
        if (yaml != null) {
            Map<String, String> file = readYaml(yaml);
            for (Map.Entry<String, String> e : file.entrySet()) put(v, src, e.getKey(), e.getValue(), yaml.toString());
        }
        for (String key : List.copyOf(v.keySet())) {
            String name = envName(key);
            if (env.containsKey(name)) put(v, src, key, env.get(name), "environment variable " + name);
        }
        for (Map.Entry<String, String> e : env.entrySet())   // pass-through Kafka properties from the environment
            if (e.getKey().startsWith(ENV_PREFIX + "KAFKA_PROPERTIES_"))
                put(v, src, KAFKA_PROPERTIES + e.getKey().substring((ENV_PREFIX + "KAFKA_PROPERTIES_").length()).toLowerCase(Locale.ROOT).replace('_', '.'),
                        e.getValue(), "environment variable " + e.getKey());
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) throw new ConfigException("--set " + o + ": expected key=value");
            put(v, src, o.substring(0, eq).trim(), o.substring(eq + 1).trim(), "--set");
        }
        LookaheadConfig c = new LookaheadConfig(v, src);
        c.toJobSettings("embedded");   // validate every value now: fail fast, before anything starts
        c.longAtLeast("streams.threads", 1);
        c.nonBlank("streams.application-id");
        return c;
    }

    private static void put(Map<String, String> v, Map<String, String> src, String key, String value, String from) {
        if (!DEFAULTS.containsKey(key) && !key.startsWith(KAFKA_PROPERTIES))
            throw new ConfigException("config: unknown key '" + key + "' (from " + from + "); allowed keys: "
                    + String.join(", ", DEFAULTS.keySet()) + ", and " + KAFKA_PROPERTIES + "* for Kafka clients");
        v.put(key, value == null ? "" : value);
        src.put(key, from);
    }

    static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
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
        Map<String, String> flat = new TreeMap<>();
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

    public String get(String key) {
        return values.get(key);
    }

    public Map<String, String> kafkaProperties() {
        Map<String, String> p = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(KAFKA_PROPERTIES)) p.put(k.substring(KAFKA_PROPERTIES.length()), v);
        });
        return p;
    }

    public boolean embeddedKafka() {
        return get("kafka.bootstrap-servers").equals("embedded");
    }

    /** The job's settings, with {@code bootstrap} standing in for {@code embedded}. */
    public JobSettings toJobSettings(String bootstrap) {
        String servers = embeddedKafka() ? bootstrap : nonBlank("kafka.bootstrap-servers");
        boolean exactlyOnce = choice("job.delivery", Map.of("exactly-once", true, "at-least-once", false));
        String backend = choice("job.state-backend", Map.of("hashmap", "hashmap", "rocksdb", "rocksdb"));
        long minTime = instant("ingest.min-time"), maxTime = instant("ingest.max-time");
        if (minTime >= maxTime) throw new ConfigException("config: ingest.min-time must be before ingest.max-time");
        String scored = get("topics.scored").isBlank() ? null : get("topics.scored");
        String model = get("model.file").isBlank() ? null : get("model.file");
        if (model != null && !Files.isRegularFile(Path.of(model)))
            throw new ConfigException("config: model.file: '" + model + "' is not a file; expected a ModelSnapshot Avro file, or empty for the bundled model");
        return new JobSettings(servers, kafkaProperties(), nonBlank("topics.input"), nonBlank("topics.anomalies"), scored,
                nonBlank("topics.dead-letters"), nonBlank("topics.models"), nonBlank("job.group-id"), exactlyOnce,
                nonBlank("job.transactional-id-prefix"), longAtLeast("job.checkpoint-interval-ms", 10),
                (int) longAtLeast("job.parallelism", 1), backend, longAtLeast("job.state-ttl-ms", 0),
                (int) longAtLeast("ingest.max-record-bytes", 16), minTime, maxTime, bool("job.bounded"), model,
                detector(), get("job.restart-attempts").isBlank() ? -1 : (int) longAtLeast("job.restart-attempts", 0), fineTune(),
                get("job.checkpoint-dir").isBlank() ? null : get("job.checkpoint-dir"));
    }

    /** The fine-tuning settings, or null when {@code fine-tune.enabled} is false. */
    public dev.lookahead.finetune.FineTuneConfig fineTune() {
        if (!bool("fine-tune.enabled")) return null;
        try {
            return dev.lookahead.finetune.FineTuneConfig.builder()
                    .roundEveryPoints(longAtLeast("fine-tune.round-every-points", 0))
                    .roundEveryMillis(longAtLeast("fine-tune.round-every-ms", 0))
                    .reservoirWindows((int) longAtLeast("fine-tune.reservoir-windows", 1))
                    .epochs((int) longAtLeast("fine-tune.epochs", 1))
                    .maxRoundMillis(longAtLeast("fine-tune.max-round-ms", 1))
                    .margin(dbl("fine-tune.margin"))
                    .maxAddedIncidents((int) longAtLeast("fine-tune.max-added-incidents", -1))
                    .build();
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config: " + e.getMessage());
        }
    }

    public DetectorConfig detector() {
        try {
            return DetectorConfig.builder()
                    .threshold(dbl("detector.threshold"))
                    .direction(enumValue("detector.direction", ScoreDirection.class))
                    .warmUpPoints((int) longAtLeast("detector.warm-up-points", 0))
                    .stuckDetection(bool("detector.stuck-detection"))
                    .orderPolicy(enumValue("detector.order-policy", OrderPolicy.class))
                    .reorderBoundMillis(longAtLeast("detector.reorder-bound-ms", 0))
                    .gapFactor(dbl("detector.gap-factor"))
                    .maxImputedSteps((int) longAtLeast("detector.max-imputed-steps", 0))
                    .adaptation(enumValue("detector.adaptation", Adaptation.class))
                    .adaptationRate(dbl("detector.adaptation-rate"))
                    .alertEmission(enumValue("detector.alert-emission", AlertEmission.class))
                    .alertRefractoryPoints((int) longAtLeast("detector.alert-refractory-points", 0))
                    .rangeMargin(dbl("detector.range-margin"))
                    .alertRateDiscount(dbl("detector.alert-rate-discount"))
                    .alertRateWindow((int) longAtLeast("detector.alert-rate-window", 1))
                    .rangeAfterPoints((int) longAtLeast("detector.range-after-points", 1))
                    .stepKernel(enumValue("detector.step-kernel", StepKernelType.class))
                    .build();
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config: " + e.getMessage());
        }
    }

    private String where(String key) {
        return source.containsKey(key) ? " (from " + source.get(key) + ")" : "";
    }

    private String nonBlank(String key) {
        String v = get(key);
        if (v.isBlank()) throw new ConfigException("config: " + key + where(key) + " must not be empty");
        return v;
    }

    private <T> T choice(String key, Map<String, T> allowed) {
        T t = allowed.get(get(key));
        if (t == null) throw new ConfigException("config: " + key + where(key) + ": '" + get(key) + "' is not allowed; expected one of "
                + allowed.keySet().stream().sorted().collect(Collectors.joining(", ")));
        return t;
    }

    private boolean bool(String key) {
        return choice(key, Map.of("true", true, "false", false));
    }

    private long longAtLeast(String key, long min) {
        long v = parse(key, Long::parseLong, "an integer");
        if (v < min) throw new ConfigException("config: " + key + where(key) + ": " + v + " is not allowed; expected an integer >= " + min);
        return v;
    }

    private double dbl(String key) {
        return parse(key, Double::parseDouble, "a number");
    }

    private long instant(String key) {
        try {
            return Instant.parse(get(key)).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new ConfigException("config: " + key + where(key) + ": '" + get(key) + "' is not allowed; expected an ISO-8601 instant such as 2000-01-01T00:00:00Z");
        }
    }

    private <E extends Enum<E>> E enumValue(String key, Class<E> type) {
        try {
            return Enum.valueOf(type, get(key).toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("config: " + key + where(key) + ": '" + get(key) + "' is not allowed; expected one of "
                    + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    private <T> T parse(String key, Function<String, T> f, String what) {
        try {
            return f.apply(get(key).trim());
        } catch (RuntimeException e) {
            throw new ConfigException("config: " + key + where(key) + ": '" + get(key) + "' is not allowed; expected " + what);
        }
    }
}
