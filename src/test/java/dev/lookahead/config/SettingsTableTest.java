package dev.lookahead.config;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.finetune.FineTuneConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The settings table against the core's builders and against itself: every builder setter is a row, a row's range
 * is the builder's, each row's setter and getter are the same field, and its names are derived by one rule.
 */
class SettingsTableTest {

    /** Builder setters that are not settings, and why. */
    private static final Map<String, String> NOT_SETTINGS = Map.of(
            "detector.channels", "the model's channels, or per input (score --columns)",
            "detector.settle-points", "derived from detector.warm-up-points by DetectorConfig.Builder");

    @Test
    void everySetterOfTheCoresBuildersIsARowAndEveryRowIsASetter() {
        assertRowsAreSetters(DetectorConfig.Builder.class, "detector.", Setting.Target.DETECTOR);
        assertRowsAreSetters(FineTuneConfig.Builder.class, "fine-tune.", Setting.Target.FINE_TUNE);
    }

    private static void assertRowsAreSetters(Class<?> builder, String prefix, Setting.Target target) {
        Set<String> setters = new LinkedHashSet<>();
        for (Method m : builder.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || m.getReturnType() != builder || m.getParameterCount() != 1) continue;
            String key = prefix + kebab(m.getName());
            setters.add(key);
            if (NOT_SETTINGS.containsKey(key)) continue;
            Setting<?> s = Settings.get(key);
            assertNotNull(s, builder.getName() + "." + m.getName() + " has no row '" + key + "' in Settings (config/README.md, Adding a setting)");
            assertEquals(target, s.target(), key);
        }
        for (Setting<?> s : Settings.all())
            if (s.target() == target) assertTrue(setters.contains(s.key()), s.key() + " names no setter of " + builder.getName());
    }

    /** reorderBoundMillis -> reorder-bound-ms: the key a setter's name implies. */
    private static String kebab(String camel) {
        return camel.replaceAll("Millis$", "Ms").replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    @Test
    void eachRowsSetterAndGetterAreTheSameFieldOfTheCore(@TempDir Path dir) throws IOException {
        for (Setting<?> s : Settings.all()) {
            if (s.target() != Setting.Target.DETECTOR && s.target() != Setting.Target.FINE_TUNE) continue;
            String v = sample(s, dir);
            LookaheadConfig c = LookaheadConfig.loader(Scope.RUN).sets(List.of("fine-tune.enabled=true", s.key() + "=" + v)).load();
            Object built = s.target() == Setting.Target.DETECTOR ? c.detector() : c.fineTune();
            assertEquals(s.parse(v, null), s.valueIn(built), s.key());
            Object defaults = s.target() == Setting.Target.DETECTOR ? DetectorConfig.defaults() : FineTuneConfig.defaults();
            assertEquals(s.defaultValue(), format(s, s.valueIn(defaults)), s.key() + ": the row's default is the core's");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> String format(Setting<T> s, Object value) {
        return s.type().format((T) value);
    }

    @Test
    void eachRowAllowsExactlyWhatTheCoresCheckAllows() {
        List<String> ints = List.of(String.valueOf(Long.MIN_VALUE), String.valueOf(Integer.MIN_VALUE), "-1", "0", "1", "2", "16", "100",
                "101", "32767", "32768", "65535", "65536", String.valueOf(Integer.MAX_VALUE));
        List<String> numbers = List.of("-1", "0", "1e-12", "0.5", "0.999999999999", "1", "1.000000000001", "2", "1000000", "1000000.0001", "NaN");
        for (Setting<?> s : Settings.all()) {
            if (s.target() != Setting.Target.DETECTOR && s.target() != Setting.Target.FINE_TUNE) continue;
            List<String> probes = switch (s.type().label()) {
                case "N", "MS" -> ints;
                case "NUMBER" -> numbers;
                default -> s.type().candidates();
            };
            for (String p : probes) {
                boolean table = accepts(s, p);
                String core = coreRejects(s, p);
                if (core != null && (core.contains(" = ") || core.contains(" when ") || core.contains("on this JVM")))
                    continue;   // a rule between settings, or the JVM's: the core's alone
                assertEquals(core == null, table, s.key() + "=" + p + ": the table " + (table ? "allows" : "refuses") + " it, the core "
                        + (core == null ? "allows it" : "says: " + core));
            }
        }
    }

    private static boolean accepts(Setting<?> s, String text) {
        try {
            s.parse(text, null);
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }

    /** The core builder's message for this value, or null when it builds; values the table cannot read go in as numbers. */
    private static String coreRejects(Setting<?> s, String text) {
        Object builder = s.target() == Setting.Target.DETECTOR ? DetectorConfig.builder() : FineTuneConfig.builder();
        try {
            if (accepts(s, text)) s.applyTo(builder, text, null);
            else if (!setRaw(builder, s, text)) return "not a value of the setter's type";
            if (builder instanceof DetectorConfig.Builder b) b.build();
            else ((FineTuneConfig.Builder) builder).build();
            return null;
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith(s.key() + ":") || e.getMessage().contains(" = ") || e.getMessage().contains(" when "),
                    "the core's message names the key: " + e.getMessage());
            return e.getMessage();
        }
    }

    /** Calls the setter named by the key with the text as its parameter type, bypassing the table's check. */
    private static boolean setRaw(Object builder, Setting<?> s, String text) {
        String name = s.key().substring(s.key().indexOf('.') + 1);
        for (Method m : builder.getClass().getMethods()) {
            if (m.getParameterCount() != 1 || !kebab(m.getName()).equals(name)) continue;
            Class<?> t = m.getParameterTypes()[0];
            try {
                double d = Double.parseDouble(text);
                Object arg;
                if (t == int.class) {
                    if (d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) return false;
                    arg = (int) d;
                } else if (t == long.class) {
                    if (d != Math.rint(d)) return false;
                    arg = Long.parseLong(text);
                } else if (t == double.class) {
                    arg = d;
                } else {
                    return false;
                }
                m.invoke(builder, arg);
                return true;
            } catch (NumberFormatException e) {
                return false;
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        return false;
    }

    @Test
    void namesAreDerivedByOneRule() {
        for (Setting<?> s : Settings.all()) {
            assertTrue(s.key().matches("[a-z]+(-[a-z]+)*\\.[a-z0-9]+(-[a-z0-9]+)*"), s.key() + ": section.lower-case-words");
            assertEquals("LOOKAHEAD_" + s.key().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'), s.envName());
            assertEquals(s.key().startsWith("detector.") ? "--" + s.key().substring(9) : null, s.flag());
            assertEquals(s.type().label().equals("MS"), s.key().endsWith("-ms"), s.key() + ": durations in ms, and only they, end in -ms");
            assertTrue(s.doc().endsWith(".") && Character.isUpperCase(s.doc().charAt(0)), s.key() + ": one or more sentences of documentation");
            assertFalse(s.scopes().isEmpty(), s.key());
            assertEquals(s.defaultValue(), format(s, s.parse(s.defaultValue(), "the default")), s.key() + ": the default reads as itself");
            if (s.target() == Setting.Target.DETECTOR) assertEquals(Set.of(Scope.RUN, Scope.STREAMS, Scope.DIRECT), s.scopes(), s.key());
        }
    }

    @Test
    void yamlEnvironmentSetAndFlagReachTheSameValue(@TempDir Path dir) throws IOException {
        for (Setting<?> s : Settings.all()) {
            Scope scope = s.appliesTo(Scope.RUN) ? Scope.RUN : Scope.STREAMS;
            String v = sample(s, dir);
            List<String> base = s.key().startsWith("fine-tune.") ? List.of("fine-tune.enabled=true") : List.of();
            Path yaml = Files.writeString(dir.resolve("one.yaml"), s.section() + ":\n  " + s.key().substring(s.key().indexOf('.') + 1) + ": " + v + "\n");
            List<Consumer<LookaheadConfig.Loader>> sources = new ArrayList<>(List.of(
                    l -> l.file(yaml),
                    l -> l.environment(Map.of(s.envName(), v)),
                    l -> l.sets(List.of(s.key() + "=" + v))));
            if (s.flag() != null) sources.add(l -> l.flag(s.key(), s.flag(), v));
            byte[] expected = null;
            for (Consumer<LookaheadConfig.Loader> source : sources) {
                LookaheadConfig.Loader l = LookaheadConfig.loader(scope);
                source.accept(l);
                if (!base.isEmpty() && !s.key().equals("fine-tune.enabled")) l.flag("fine-tune.enabled", "test", "true");
                LookaheadConfig c = l.load();
                assertEquals(v, c.get(s.key()), s.key());
                byte[] got = bytes(c.settings());
                if (expected == null) expected = got;
                else assertArrayEquals(expected, got, s.key() + ": another value from another source");
            }
            LookaheadConfig.Loader plain = LookaheadConfig.loader(scope);
            if (!base.isEmpty() && !s.key().equals("fine-tune.enabled")) plain.flag("fine-tune.enabled", "test", "true");
            assertFalse(java.util.Arrays.equals(expected, bytes(plain.load().settings())), s.key() + "=" + v + " changed nothing");
        }
    }

    /** A value of the setting other than its default that loads (the core may refuse some that the table allows). */
    private static String sample(Setting<?> s, Path dir) throws IOException {
        List<String> tries = new ArrayList<>(s.type().candidates());
        if (!s.defaultValue().isEmpty()) {
            try {
                double d = Double.parseDouble(s.defaultValue());
                for (double x : new double[]{d + 1, d - 1, d * 2, d / 2, d + 0.01, d - 0.01})
                    tries.add(x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x));
            } catch (NumberFormatException notANumber) {
                // a text, an instant or a choice
            }
        }
        tries.addAll(List.of("3", "2001-02-03T00:00:00Z", "Europe/Berlin", "sample-text", Files.writeString(dir.resolve("model.avro"), "x").toString()));
        for (String t : tries) {
            if (t.equals(s.defaultValue()) || !accepts(s, t)) continue;
            Scope scope = s.appliesTo(Scope.RUN) ? Scope.RUN : Scope.STREAMS;
            try {
                LookaheadConfig.loader(scope).sets(List.of(s.key() + "=" + t)).load();
                return t;
            } catch (ConfigException refusedByTheCore) {
                // try the next
            }
        }
        return fail(s.key() + ": no value other than the default loads");
    }

    private static byte[] bytes(Serializable o) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(o);
        }
        return b.toByteArray();
    }

    @Test
    void warmUpPointsAloneWorksFromEverySourceAndSettlePointsFollowIt() {
        for (LookaheadConfig c : List.of(
                LookaheadConfig.loader(Scope.RUN).sets(List.of("detector.warm-up-points=8")).load(),
                LookaheadConfig.loader(Scope.STREAMS).environment(Map.of("LOOKAHEAD_DETECTOR_WARM_UP_POINTS", "8")).load(),
                LookaheadConfig.loader(Scope.DIRECT).flag("detector.warm-up-points", "--warm-up-points", "8").load())) {
            assertEquals(8, c.detector().warmUpPoints());
            assertEquals(8, c.detector().settlePoints());
        }
        assertEquals(DetectorConfig.DEFAULT_SETTLE_POINTS, LookaheadConfig.loader(Scope.RUN).sets(List.of("detector.warm-up-points=100")).load()
                .detector().settlePoints());
        assertEquals(0, DetectorConfig.builder().warmUpPoints(0).build().settlePoints());
        // an explicit settle-points stays explicit through toBuilder; a derived one is derived again
        assertEquals(5, DetectorConfig.builder().settlePoints(5).build().toBuilder().warmUpPoints(100).build().settlePoints());
        assertEquals(8, DetectorConfig.defaults().toBuilder().warmUpPoints(8).build().settlePoints());
    }

    @Test
    void theRuntimeBuildersDefaultsAreTheTables() {
        RuntimeSettings s = RuntimeSettings.builder().build();
        assertTrue(s.embeddedKafka());
        assertEquals("lookahead-readings", s.inputTopic());
        assertNull(s.scoredTopic());
        assertEquals(-1, s.restartAttempts(), "the cluster's restart strategy");
        assertEquals(10_000, s.restartDelayMillis());
        assertNull(s.fineTune());
        assertNull(s.modelFile());
        assertTrue(s.exactlyOnce());
    }
}
