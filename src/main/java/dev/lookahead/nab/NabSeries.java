package dev.lookahead.nab;

import java.time.LocalDateTime;
import java.util.List;

/**
 * One series as the scorer sees it: its path in the corpus ({@code category/file.csv}), each row's timestamp and
 * the detector's anomaly score, and the labelled windows.
 */
public record NabSeries(String path, LocalDateTime[] timestamps, double[] scores, List<NabWindow> windows) {
    public NabSeries {
        if (timestamps.length != scores.length)
            throw new IllegalArgumentException(path + ": " + timestamps.length + " timestamps but " + scores.length + " scores");
        windows = List.copyOf(windows);
    }

    public int rows() {
        return scores.length;
    }

    /** The category: the path up to its first '/', or "" for a path without one. */
    public String category() {
        int k = path.indexOf('/');
        return k < 0 ? "" : path.substring(0, k);
    }
}
