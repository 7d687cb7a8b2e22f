package dev.lookahead.synthetic;

/**
 * Applies an {@link InjectedAnomaly} to generated values, in the terms {@link AnomalyKind} defines: each channel
 * is {@code level + shared + noise} (plus anomalies applied before). One implementation per kind, so
 * {@link SyntheticStream} and {@link RigRecipe} mean the same by every name.
 *
 * <p>Apply every kind for which {@link #replaces} is false first, in order, then the others: a replacing kind
 * (a stuck sensor, a flat middle) overrides whatever else happened in its window.
 */
final class Faults {

    private Faults() {
    }

    /** Kinds that overwrite the value instead of adding to it. */
    static boolean replaces(AnomalyKind kind) {
        return kind == AnomalyKind.FLATLINE || kind == AnomalyKind.FLAT_MIDDLE;
    }

    /**
     * @param a        the anomaly (pre-gap indexes); a GAP is removed by the caller, not applied
     * @param channels the channels it affects
     * @param v        values {@code [index][channel]}, changed in place
     * @param shared   {@code [channel][index]}: the part each channel follows
     * @param noise    {@code [channel][index]}: each channel's own noise
     * @param scale    per channel, the unit of LEVEL_SHIFT and DRIFT magnitudes (1 for the channel's own units)
     */
    static void apply(InjectedAnomaly a, int[] channels, double[][] v, double[][] shared, double[][] noise, double[] scale) {
        final int n = v.length;
        final int last = a.temporary() ? a.end() : n - 1;
        for (int ch : channels) {
            switch (a.kind()) {
                case SPIKE -> v[a.start()][ch] += a.magnitude();
                case DIP -> v[a.start()][ch] -= a.magnitude();
                case LEVEL_SHIFT -> {
                    double m = a.magnitude() * scale[ch];
                    for (int i = a.start(); i <= last; i++) v[i][ch] += m;
                }
                case DRIFT -> {
                    double m = a.magnitude() * scale[ch];
                    for (int i = a.start(); i <= last; i++)
                        v[i][ch] += m * Math.min(1.0, (i - a.start() + 1) / (double) a.length());
                }
                case VARIANCE_CHANGE -> {
                    for (int i = a.start(); i <= a.end(); i++) v[i][ch] += (a.magnitude() - 1) * noise[ch][i];
                }
                case FLATLINE -> {
                    for (int i = a.start() + 1; i <= a.end(); i++) v[i][ch] = v[a.start()][ch];
                }
                case CROSS_CHANNEL_BREAK -> {
                    double held = shared[ch][a.start()];
                    for (int i = a.start() + 1; i <= a.end(); i++) v[i][ch] += held - shared[ch][i];
                }
                case PHASE_SHIFT -> {
                    int shift = (int) Math.round(a.magnitude());
                    for (int i = a.start(); i <= a.end(); i++) {
                        int from = Math.min(n - 1, Math.max(0, i - shift));
                        v[i][ch] += shared[ch][from] - shared[ch][i];
                    }
                }
                case MISSED_RISE -> {
                    double cap = shared[ch][a.start()];
                    for (int i = a.start() + 1; i <= a.end(); i++) v[i][ch] += Math.min(cap, shared[ch][i]) - shared[ch][i];
                }
                case FLAT_MIDDLE -> {
                    double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
                    for (int i = a.start() - a.length(); i < a.start(); i++) {
                        lo = Math.min(lo, v[i][ch]);
                        hi = Math.max(hi, v[i][ch]);
                    }
                    double mid = (lo + hi) / 2;
                    for (int i = a.start(); i <= a.end(); i++) v[i][ch] = mid;
                }
                case GAP -> throw new AssertionError("gaps are removed, not applied");
            }
        }
    }

    /** Rows a kind needs before its window (FLAT_MIDDLE looks back {@code length} points). */
    static int lookBack(AnomalyKind kind, int length) {
        return kind == AnomalyKind.FLAT_MIDDLE ? length : 0;
    }
}
