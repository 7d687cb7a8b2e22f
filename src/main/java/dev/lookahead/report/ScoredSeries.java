package dev.lookahead.report;

import java.util.List;

/**
 * One key's scored points, columns as arrays: {@code actual[row][channel]} and so on; NaN where a value is absent
 * (a forecast before the key's first value, a dropped row). {@code topChannel[row]} names the channel that deviated
 * most at an anomalous row, null where not known (a scored CSV without the column, a run read from the scored topic),
 * and {@code usualLevel[row]} where that channel should be (NaN where not known).
 */
public record ScoredSeries(String key, List<String> channels, long[] times, double[][] actual, double[][] forecast,
                           double[][] forecastStd, double[] score, boolean[] anomaly, String[] topChannel,
                           double[] usualLevel, List<String> modelVersions) {

    /** No row names its deviating channel. */
    public ScoredSeries(String key, List<String> channels, long[] times, double[][] actual, double[][] forecast,
                        double[][] forecastStd, double[] score, boolean[] anomaly, List<String> modelVersions) {
        this(key, channels, times, actual, forecast, forecastStd, score, anomaly, new String[times.length], nans(times.length), modelVersions);
    }

    private static double[] nans(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, Double.NaN);
        return a;
    }

    /**
     * Whether row {@code i}'s anomaly is marked on channel {@code c}'s panel as the channel that deviated: it is the
     * row's top channel, or the row names none.
     */
    public boolean deviatedOn(int i, int c) {
        return topChannel[i] == null || topChannel[i].equals(channels.get(c));
    }

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
