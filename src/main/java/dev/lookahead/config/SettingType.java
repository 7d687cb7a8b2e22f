package dev.lookahead.config;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What values a setting takes: how its text (from YAML, an environment variable, {@code --set} or a flag) is read,
 * how a value is written back (defaults in docs), and the sentence that says what is allowed. One instance per
 * kind of value; {@link #parse} fails with {@link Invalid} and the caller adds the key and the value's source.
 */
public final class SettingType<T> {

    /** A value this type does not allow; {@link SettingType#allowed()} says what it does. */
    static final class Invalid extends Exception {
        Invalid() {
            super(null, null, false, false);
        }
    }

    private final String label;
    private final String allowed;
    private final Parser<T> parser;
    private final Function<T, String> format;
    private final List<String> candidates;
    private final boolean bool;

    @FunctionalInterface
    interface Parser<T> {
        T parse(String text) throws Invalid;
    }

    private SettingType(String label, String allowed, Parser<T> parser, Function<T, String> format, List<String> candidates) {
        this.label = label;
        this.allowed = allowed;
        this.parser = parser;
        this.format = format;
        this.candidates = List.copyOf(candidates);
        this.bool = false;
    }

    private SettingType(SettingType<T> t, boolean bool) {
        this.label = t.label;
        this.allowed = t.allowed;
        this.parser = t.parser;
        this.format = t.format;
        this.candidates = t.candidates;
        this.bool = bool;
    }

    /** A short placeholder for a value, as a flag's help shows it: N, MS, NUMBER, UP|DOWN|BOTH. */
    public String label() {
        return label;
    }

    /** What is allowed, worded to follow "expected", e.g. "an integer in [0, 32767]". */
    public String allowed() {
        return allowed;
    }

    /** True for true/false settings: a flag may then stand alone for true. */
    public boolean isBoolean() {
        return bool;
    }

    /** The allowed values of a choice (for completion and docs); empty for other types. */
    public List<String> candidates() {
        return candidates;
    }

    T parse(String text) throws Invalid {
        return parser.parse(text.trim());
    }

    String format(T value) {
        return value == null ? "" : format.apply(value);
    }

    /** The same type, where an empty value is also allowed and means null ({@code meaning} says what that does). */
    SettingType<T> orEmpty(String meaning) {
        Parser<T> p = parser;
        return new SettingType<>(label, allowed + ", or empty (" + meaning + ")", s -> s.isEmpty() ? null : p.parse(s), format, candidates);
    }

    static SettingType<Integer> ints(int min, int max) {
        return new SettingType<>("N", range("an integer", min, max, Integer.MAX_VALUE), s -> {
            long v = integer(s);
            if (v < min || v > max) throw new Invalid();
            return (int) v;
        }, Object::toString, List.of());
    }

    static SettingType<Long> longs(long min) {
        return new SettingType<>("N", min == Long.MIN_VALUE ? "an integer" : "an integer >= " + min, s -> {
            long v = integer(s);
            if (v < min) throw new Invalid();
            return v;
        }, Object::toString, List.of());
    }

    /** A duration in milliseconds, at least {@code min}. */
    static SettingType<Long> millis(long min) {
        return new SettingType<>("MS", "a duration in ms >= " + min, s -> {
            long v = integer(s);
            if (v < min) throw new Invalid();
            return v;
        }, Object::toString, List.of());
    }

    /** A number in the interval from {@code lo} to {@code hi}, each end open or closed. */
    static SettingType<Double> number(double lo, boolean loClosed, double hi, boolean hiClosed) {
        String allowed = "a number in " + (loClosed ? "[" : "(") + plain(lo) + ", " + plain(hi) + (hiClosed ? "]" : ")");
        return new SettingType<>("NUMBER", allowed, s -> {
            double v;
            try {
                v = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new Invalid();
            }
            boolean ok = !Double.isNaN(v) && (loClosed ? v >= lo : v > lo) && (hiClosed ? v <= hi : v < hi);
            if (!ok) throw new Invalid();
            return v;
        }, SettingType::plain, List.of());
    }

    static SettingType<Boolean> bool() {
        return new SettingType<>(choice(Map.of("false", false, "true", true)), true);
    }

    /** One of an enum's constants, by name in any case, {@code -} standing for {@code _}. */
    static <E extends Enum<E>> SettingType<E> choice(Class<E> type) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
        return new SettingType<>(String.join("|", names), "one of " + String.join(", ", names), s -> {
            try {
                return Enum.valueOf(type, s.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new Invalid();
            }
        }, Enum::name, names);
    }

    /** One of the given words, exactly as written (listed in alphabetical order). */
    static <V> SettingType<V> choice(Map<String, V> words) {
        Map<String, V> w = new LinkedHashMap<>(words);
        List<String> names = w.keySet().stream().sorted().toList();
        return new SettingType<>(String.join("|", names), "one of " + String.join(", ", names), s -> {
            V v = w.get(s);
            if (v == null) throw new Invalid();
            return v;
        }, v -> w.entrySet().stream().filter(e -> e.getValue().equals(v)).findFirst().orElseThrow().getKey(), names);
    }

    /** Any non-empty text. */
    static SettingType<String> text() {
        return new SettingType<>("TEXT", "a non-empty text", s -> {
            if (s.isEmpty()) throw new Invalid();
            return s;
        }, s -> s, List.of());
    }

    /** An ISO-8601 instant, as epoch milliseconds. */
    static SettingType<Long> instant() {
        return new SettingType<>("TIME", "an ISO-8601 instant such as 2000-01-01T00:00:00Z", s -> {
            try {
                return Instant.parse(s).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new Invalid();
            }
        }, v -> Instant.ofEpochMilli(v).toString(), List.of());
    }

    /** A time zone: a region such as Europe/Berlin, UTC, or a fixed offset such as +05:30 ({@link java.time.ZoneId#of}). */
    static SettingType<java.time.ZoneId> zone() {
        return new SettingType<>("ZONE", "a time zone ID: UTC, a region such as Europe/Berlin or America/New_York, or an offset such as +05:30", s -> {
            try {
                return java.time.ZoneId.of(s);
            } catch (java.time.DateTimeException e) {
                throw new Invalid();
            }
        }, java.time.ZoneId::getId, List.of());
    }

    /** Days of the week by name in any case, comma-separated (a YAML list's brackets allowed), at most six; {@code none} for no day. */
    static SettingType<java.util.Set<java.time.DayOfWeek>> days() {
        return new SettingType<>("DAYS", "days of the week, comma-separated (such as SATURDAY,SUNDAY or FRIDAY,SATURDAY), at most six, or none", s -> {
            java.util.EnumSet<java.time.DayOfWeek> days = java.util.EnumSet.noneOf(java.time.DayOfWeek.class);
            String list = s.trim();
            if (list.startsWith("[") && list.endsWith("]")) list = list.substring(1, list.length() - 1).trim();
            if (list.equalsIgnoreCase("none")) return java.util.Collections.unmodifiableSet(days);
            for (String part : list.split(",", -1)) {
                try {
                    if (!days.add(java.time.DayOfWeek.valueOf(part.trim().toUpperCase(Locale.ROOT)))) throw new Invalid();
                } catch (IllegalArgumentException e) {
                    throw new Invalid();
                }
            }
            if (days.size() > 6) throw new Invalid();
            return java.util.Collections.unmodifiableSet(days);
        }, v -> v.isEmpty() ? "none" : String.join(",", v.stream().map(Enum::name).toList()),
                java.util.stream.Stream.concat(Arrays.stream(java.time.DayOfWeek.values()).map(Enum::name), java.util.stream.Stream.of("none")).toList());
    }

    /** The path of an existing regular file. */
    static SettingType<String> file(String what) {
        return new SettingType<>("FILE", "the path of " + what, s -> {
            if (s.isEmpty() || !Files.isRegularFile(Path.of(s))) throw new Invalid();
            return s;
        }, s -> s, List.of());
    }

    private static long integer(String s) throws Invalid {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new Invalid();
        }
    }

    private static String range(String what, long min, long max, long unbounded) {
        return max == unbounded ? what + " >= " + min : what + " in [" + min + ", " + max + "]";
    }

    /** 0.5, 0, 1000000: a double as a person writes it. */
    static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
