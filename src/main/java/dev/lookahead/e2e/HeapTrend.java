package dev.lookahead.e2e;

import java.util.Arrays;
import java.util.List;

/**
 * Whether a series of heap-after-full-GC samples stays flat: the median of the last third of the samples may
 * exceed the median of the first third by at most {@code tolerance} of the latter. Medians, so one sample taken
 * while a checkpoint or a restore held an extra copy of the state does not decide. Also the least-squares slope,
 * for the record.
 *
 * @param firstThirdBytes median of the first third
 * @param lastThirdBytes  median of the last third
 * @param slopeBytesPerMinute least-squares slope over all samples
 */
public record HeapTrend(int samples, long firstThirdBytes, long lastThirdBytes, double slopeBytesPerMinute, double tolerance) {

    /** The share the heap may grow from the first third to the last and still count as flat. */
    public static final double DEFAULT_TOLERANCE = 0.10;

    /** One heap reading after a full collection, {@code seconds} after the start. */
    public record Sample(double seconds, long usedBytes, String cause) {
    }

    public static HeapTrend of(List<Sample> samples, double tolerance) {
        int n = samples.size();
        if (n < 3) return new HeapTrend(n, -1, -1, Double.NaN, tolerance);
        int third = Math.max(1, n / 3);
        long first = median(samples.subList(0, third)), last = median(samples.subList(n - third, n));
        double mx = 0, my = 0;
        for (Sample s : samples) {
            mx += s.seconds();
            my += s.usedBytes();
        }
        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0;
        for (Sample s : samples) {
            sxy += (s.seconds() - mx) * (s.usedBytes() - my);
            sxx += (s.seconds() - mx) * (s.seconds() - mx);
        }
        return new HeapTrend(n, first, last, sxx == 0 ? 0 : sxy / sxx * 60, tolerance);
    }

    private static long median(List<Sample> s) {
        long[] v = s.stream().mapToLong(Sample::usedBytes).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Enough samples (at least 3), and the last third's median within the tolerance of the first third's. */
    public boolean flat() {
        return samples >= 3 && lastThirdBytes <= firstThirdBytes * (1 + tolerance);
    }

    /** Growth from the first third to the last, as a share of the first. */
    public double growth() {
        return firstThirdBytes <= 0 ? Double.NaN : (double) (lastThirdBytes - firstThirdBytes) / firstThirdBytes;
    }
}
