package dev.lookahead.report;

import java.util.List;

/**
 * A labelled anomaly window to shade on a chart: its first and last row's times (epoch millis, inclusive) and its
 * kind (null when the labels name none).
 */
public record LabelledSpan(long start, long end, String kind) {

    public LabelledSpan {
        if (end < start) throw new IllegalArgumentException("a span ends before it starts: " + start + " > " + end);
    }

    /** Whether the series flagged a point inside the span: what the shading's colour tells. */
    public boolean found(ScoredSeries s) {
        for (int i = 0; i < s.size(); i++)
            if (s.anomaly()[i] && s.times()[i] >= start && s.times()[i] <= end) return true;
        return false;
    }

    /** {@code "LEVEL_SHIFT, found"}, for tooltips and legends. */
    String describe(ScoredSeries s) {
        return (kind == null ? "labelled anomaly" : kind) + ", " + (found(s) ? "found" : "missed");
    }

    static int missed(ScoredSeries s, List<LabelledSpan> spans) {
        int n = 0;
        for (LabelledSpan l : spans) if (!l.found(s)) n++;
        return n;
    }
}
