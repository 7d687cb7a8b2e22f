package dev.lookahead.compare;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One run's scored output, by key: what {@code diff} compares with another run, and what a golden output is made of.
 *
 * @param source what it was read from, for messages (a path, "model base:1", "the scored topic")
 * @param keys   by key, in key order
 */
public record ScoredRun(String source, Map<String, ScoredKey> keys) {

    public ScoredRun {
        keys = Collections.unmodifiableMap(new TreeMap<>(keys));
    }

    public static ScoredRun of(String source, List<ScoredKey> keys) {
        Map<String, ScoredKey> m = new TreeMap<>();
        for (ScoredKey k : keys)
            if (m.put(k.key(), k) != null) throw new IllegalArgumentException(source + ": key " + k.key() + " appears twice");
        return new ScoredRun(source, m);
    }

    public long points() {
        long n = 0;
        for (ScoredKey k : keys.values()) n += k.size();
        return n;
    }
}
