package dev.lookahead.evaluation;

import java.util.Objects;

/**
 * One series to score: its key, each row's time (epoch millis), its labels and the detector's verdicts, all in
 * input row order.
 */
public record SeriesCase(String key, long[] times, SeriesLabels labels, Verdicts verdicts) {

    public SeriesCase {
        Objects.requireNonNull(key, "key");
        if (labels.rows() != times.length || verdicts.rows() != times.length)
            throw new IllegalArgumentException(key + ": " + times.length + " rows, labels for " + labels.rows()
                    + ", verdicts for " + verdicts.rows());
    }

    public int rows() {
        return times.length;
    }
}
