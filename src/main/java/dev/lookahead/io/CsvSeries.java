package dev.lookahead.io;

import java.util.List;
import java.util.Objects;

/**
 * One key's parsed series, rows in input order (never sorted: the detector owns out-of-order handling).
 *
 * <p>Arrays are shared, not copied, and equality is record identity on them; treat instances as read-only.
 *
 * @param key             the series key (file-derived or from the key column)
 * @param channels        value column names, in the order of {@code values[row][*]}
 * @param times           epoch millis per row
 * @param values          {@code [row][channel]}; NaN for an empty cell or a literal {@code NaN}
 * @param lineNumbers     1-based line each row starts on in {@code source}
 * @param source          the file the rows came from
 * @param timestampFormat the format detected from the first data row, for writing output in kind
 */
public record CsvSeries(String key, List<String> channels, long[] times, double[][] values, int[] lineNumbers,
                        String source, TimestampFormat timestampFormat) {

    public CsvSeries {
        Objects.requireNonNull(key, "key");
        channels = List.copyOf(channels);
        Objects.requireNonNull(times, "times");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(lineNumbers, "lineNumbers");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(timestampFormat, "timestampFormat");
        if (values.length != times.length || lineNumbers.length != times.length)
            throw new IllegalArgumentException("times, values and lineNumbers differ in length: " + times.length
                    + ", " + values.length + ", " + lineNumbers.length);
    }

    public int size() {
        return times.length;
    }

    public int channelCount() {
        return channels.size();
    }

    /** A copy of one channel's column. */
    public double[] column(int channel) {
        double[] c = new double[times.length];
        for (int r = 0; r < c.length; r++) c[r] = values[r][channel];
        return c;
    }

    /** A copy of the named channel's column. */
    public double[] column(String channel) {
        int i = channels.indexOf(channel);
        if (i < 0) throw new IllegalArgumentException("no channel '" + channel + "' in " + channels);
        return column(i);
    }

    /** The same rows with their channels in {@code order}, a permutation of {@link #channels()}; this series when it is theirs. */
    public CsvSeries inChannelOrder(List<String> order) {
        if (order.equals(channels)) return this;
        if (order.size() != channels.size() || !channels.containsAll(order))
            throw new IllegalArgumentException("channels " + order + " are not an order of " + channels);
        int[] from = new int[order.size()];
        for (int c = 0; c < from.length; c++) from[c] = channels.indexOf(order.get(c));
        double[][] v = new double[values.length][];
        for (int r = 0; r < v.length; r++) {
            v[r] = new double[from.length];
            for (int c = 0; c < from.length; c++) v[r][c] = values[r][from[c]];
        }
        return new CsvSeries(key, order, times, v, lineNumbers, source, timestampFormat);
    }
}
