package dev.lookahead.report;

/**
 * Reduces a long series to about {@code buckets} columns for display, keeping each bucket's minimum and maximum
 * (in their order), so a one-point spike in 100,000 points still shows: plain decimation would drop it.
 */
final class Downsampler {

    private Downsampler() {
    }

    /** Row indices to draw, in order: the min and max row of each bucket (one when they coincide); NaN rows skipped. */
    static int[] minMaxRows(double[] v, int buckets) {
        int n = v.length;
        if (n <= 2 * buckets) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        int[] out = new int[2 * buckets];
        int k = 0;
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * n / buckets), to = (int) ((long) (b + 1) * n / buckets);
            int lo = -1, hi = -1;
            for (int i = from; i < to; i++) {
                if (Double.isNaN(v[i])) continue;
                if (lo < 0 || v[i] < v[lo]) lo = i;
                if (hi < 0 || v[i] > v[hi]) hi = i;
            }
            if (lo < 0) continue;
            if (lo == hi) out[k++] = lo;
            else {
                out[k++] = Math.min(lo, hi);
                out[k++] = Math.max(lo, hi);
            }
        }
        return java.util.Arrays.copyOf(out, k);
    }
}
