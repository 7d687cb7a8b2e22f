package dev.lookahead.report;

import java.util.List;

/**
 * One key's scored points, columns as arrays: {@code actual[row][channel]} and so on; NaN where a value is absent
 * (a forecast before the key's first value, a dropped row).
 */
public record ScoredSeries(String key, List<String> channels, long[] times, double[][] actual, double[][] forecast,
                           double[][] forecastStd, double[] score, boolean[] anomaly, List<String> modelVersions) {

    public int size() {
        return times.length;
    }

    /** Runs of consecutive anomalous rows: {@code [firstRow, lastRow]} each. */
    public List<int[]> incidents() {
        List<int[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < anomaly.length; i++) {
            if (!anomaly[i]) continue;
            int j = i;
            while (j + 1 < anomaly.length && anomaly[j + 1]) j++;
            out.add(new int[]{i, j});
            i = j;
        }
        return out;
    }
}
