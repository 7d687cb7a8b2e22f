package dev.lookahead.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A labelled evaluation: {@link Metrics} per series, per kind (when the labels name kinds) and overall, and what
 * became of every window.
 *
 * <p>The kind of a window is its label's kind; windows without one fall in {@link #UNNAMED}. A kind's metrics cover
 * the series that hold a window of that kind, with only that kind's windows as positives (rows of other kinds'
 * windows left out). Series without any window form {@link #NO_ANOMALY}: there only false alarms can happen.
 *
 * @param series  per series, in input order
 * @param kinds   per kind, in order of first appearance; empty when no label names a kind
 * @param normal  the series without windows, or null when every series has one
 * @param overall every series and window
 */
public record Evaluation(List<SeriesResult> series, Map<String, Metrics> kinds, Metrics normal, Metrics overall) {

    /** The group of windows whose labels name no kind. */
    public static final String UNNAMED = "(unnamed)";
    /** The group of series without windows. */
    public static final String NO_ANOMALY = "(no anomaly)";

    /** One series' metrics and windows. */
    public record SeriesResult(String key, Metrics metrics, List<WindowResult> windows) {
        public SeriesResult {
            windows = List.copyOf(windows);
        }
    }

    public Evaluation {
        series = List.copyOf(series);
        kinds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(kinds));
    }

    public static Evaluation of(List<SeriesCase> cases) {
        if (cases.isEmpty()) throw new IllegalArgumentException("no series to evaluate");
        List<SeriesResult> series = new ArrayList<>(cases.size());
        Set<String> seen = new LinkedHashSet<>();
        for (SeriesCase c : cases) {
            if (!seen.add(c.key())) throw new IllegalArgumentException("series '" + c.key() + "' appears twice");
            List<WindowResult> ws = c.labels().windows().stream().map(w -> WindowResult.of(c, w)).toList();
            series.add(new SeriesResult(c.key(), Metrics.of(List.of(c)), ws));
        }
        boolean named = cases.stream().anyMatch(c -> c.labels().namesKinds());
        Map<String, Metrics> kinds = new LinkedHashMap<>();
        if (named) {
            Set<String> order = new LinkedHashSet<>();
            for (SeriesCase c : cases) for (LabelWindow w : c.labels().windows()) order.add(kindOf(w));
            for (String k : order) {
                List<SeriesCase> holding = cases.stream()
                        .filter(c -> c.labels().windows().stream().anyMatch(w -> kindOf(w).equals(k))).toList();
                kinds.put(k, Metrics.of(holding, w -> kindOf(w).equals(k)));
            }
        }
        List<SeriesCase> normal = cases.stream().filter(c -> c.labels().windows().isEmpty()).toList();
        return new Evaluation(series, kinds, normal.isEmpty() ? null : Metrics.of(normal), Metrics.of(cases));
    }

    static String kindOf(LabelWindow w) {
        return Objects.requireNonNullElse(w.kind(), UNNAMED);
    }
}
