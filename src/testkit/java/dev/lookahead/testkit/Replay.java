package dev.lookahead.testkit;

import dev.lookahead.avro.Anomaly;
import dev.lookahead.avro.DeadLetter;
import dev.lookahead.avro.ScoredPoint;
import dev.lookahead.compare.DiffText;
import dev.lookahead.compare.Direction;
import dev.lookahead.compare.Golden;
import dev.lookahead.compare.GoldenCheck;
import dev.lookahead.compare.Incident;
import dev.lookahead.compare.ScoredKey;
import dev.lookahead.compare.ScoredKeys;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a replay committed, key by key (keys as the test named them): scored points, alerts, dead letters, and the
 * incidents they make ({@link dev.lookahead.compare.Incidents}, the same extraction {@code diff} and golden files
 * use). The {@code expect...} methods fail the test with the key's incidents listed, and return this replay so they
 * chain.
 */
public final class Replay {

    /** System property that turns {@link #expectSameAs} into recording the golden output (approving a change). */
    public static final String UPDATE_GOLDEN = "lookahead.update-golden";

    private final Map<String, List<ScoredPoint>> scored;
    private final Map<String, List<Anomaly>> alerts;
    private final Map<String, List<DeadLetter>> deadLetters;
    private final Map<String, List<Incident>> incidents = new java.util.LinkedHashMap<>();

    Replay(Map<String, List<ScoredPoint>> scored, Map<String, List<Anomaly>> alerts, Map<String, List<DeadLetter>> deadLetters) {
        dev.lookahead.model.AvroTrust.ensure();
        this.scored = Map.copyOf(scored);
        this.alerts = Map.copyOf(alerts);
        this.deadLetters = Map.copyOf(deadLetters);
        for (ScoredKey k : ScoredKeys.fromPoints(all(scored))) incidents.put(k.key(), k.incidents());
    }

    private static <T> List<T> all(Map<String, List<T>> m) {
        List<T> out = new ArrayList<>();
        for (String k : new java.util.TreeSet<>(m.keySet())) out.addAll(m.get(k));
        return out;
    }

    /**
     * Scored points from elsewhere (the direct runner, a topic read by the test itself) under the same assertions;
     * no alerts or dead letters.
     */
    public static Replay of(List<ScoredPoint> points) {
        Map<String, List<ScoredPoint>> byKey = new java.util.LinkedHashMap<>();
        for (ScoredPoint p : points) byKey.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).add(p);
        Map<String, List<Anomaly>> none = new java.util.LinkedHashMap<>();
        Map<String, List<DeadLetter>> noLetters = new java.util.LinkedHashMap<>();
        for (String k : byKey.keySet()) {
            none.put(k, List.of());
            noLetters.put(k, List.of());
        }
        return new Replay(byKey, none, noLetters);
    }

    /** The keys replayed, in name order. */
    public List<String> keys() {
        return List.copyOf(new java.util.TreeSet<>(scored.keySet()));
    }

    /** A key's committed scored points, in its order. */
    public List<ScoredPoint> scored(String key) {
        return scored.getOrDefault(key, List.of());
    }

    /** A key's alerts from the anomalies topic (one per incident by default). */
    public List<Anomaly> alerts(String key) {
        return alerts.getOrDefault(key, List.of());
    }

    /** Readings of the key that went to the dead-letter topic, with their reasons. */
    public List<DeadLetter> deadLetters(String key) {
        return deadLetters.getOrDefault(key, List.of());
    }

    /** A key's incidents, in order of start. */
    public List<Incident> incidents(String key) {
        return incidents.getOrDefault(key, List.of());
    }

    /** Every incident, key by key. */
    public List<Incident> incidents() {
        List<Incident> out = new ArrayList<>();
        for (String k : keys()) out.addAll(incidents(k));
        return out;
    }

    /** This replay as a golden output (see {@link Golden}). */
    public Golden golden() {
        return Golden.of(all(scored));
    }

    /** An incident of {@code key} starts within {@code when}, whichever way it deviated. */
    public Replay expectIncident(String key, TimeRange when) {
        return expectIncident(key, when, null);
    }

    /** An incident of {@code key} starts within {@code when}, deviating in {@code direction} (null: either way). */
    public Replay expectIncident(String key, TimeRange when, Direction direction) {
        requireKey(key);
        for (Incident i : incidents(key))
            if (when.contains(i.start()) && (direction == null || i.direction() == direction)) return this;
        throw new AssertionFailedError("expected an incident of " + key + " starting within " + when
                + (direction == null ? "" : ", " + direction.name().toLowerCase(java.util.Locale.ROOT)) + "; " + describe(key));
    }

    /** {@code key} has no incident at all. */
    public Replay expectNoIncident(String key) {
        requireKey(key);
        if (!incidents(key).isEmpty()) throw new AssertionFailedError("expected no incident of " + key + "; " + describe(key));
        return this;
    }

    /** No incident of {@code key} starts within {@code when}. */
    public Replay expectNoIncident(String key, TimeRange when) {
        requireKey(key);
        for (Incident i : incidents(key))
            if (when.contains(i.start())) throw new AssertionFailedError("expected no incident of " + key + " starting within " + when + "; " + describe(key));
        return this;
    }

    /**
     * The replay is the golden output in {@code dir} (as {@code lookahead score --golden DIR} checks it): the same
     * keys, each with the same scored points (digest) and incidents. Fails listing the incidents added, removed
     * and moved. With {@code -Dlookahead.update-golden=true} it records this replay there instead (approving a
     * change), as {@code --update-golden} does.
     */
    public Replay expectSameAs(Path dir) {
        Golden now = golden();
        try {
            if (Boolean.getBoolean(UPDATE_GOLDEN)) {
                now.write(dir);
                System.out.println("lookahead test kit: golden output recorded in " + dir + " (" + now.keys().size()
                        + " key(s), " + now.incidentCount() + " incident(s))");
                return this;
            }
            if (!Golden.exists(dir))
                throw new AssertionFailedError("no golden output in " + dir + "; record it with -D" + UPDATE_GOLDEN + "=true");
            GoldenCheck check = GoldenCheck.of(Golden.read(dir), now);
            if (!check.passed())
                throw new AssertionFailedError("the replay differs from the golden output in " + dir + " (-D" + UPDATE_GOLDEN
                        + "=true approves it):\n" + String.join("\n", check.lines()));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("golden output " + dir + ": " + e.getMessage(), e);
        }
    }

    private void requireKey(String key) {
        if (!scored.containsKey(key))
            throw new AssertionFailedError("key " + key + " was not replayed; replayed: " + String.join(", ", keys()));
    }

    private String describe(String key) {
        List<Incident> list = incidents(key);
        if (list.isEmpty()) return key + " has no incident (" + scored(key).size() + " points scored)";
        return key + " has " + list.size() + " incident(s): " + list.stream().map(DiffText::describe).collect(Collectors.joining("; "));
    }
}
