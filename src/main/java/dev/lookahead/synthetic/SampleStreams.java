package dev.lookahead.synthetic;

import java.util.ArrayList;
import java.util.List;

import static dev.lookahead.synthetic.AnomalyKind.DRIFT;
import static dev.lookahead.synthetic.AnomalyKind.FLATLINE;
import static dev.lookahead.synthetic.AnomalyKind.LEVEL_SHIFT;
import static dev.lookahead.synthetic.AnomalyKind.VARIANCE_CHANGE;

/**
 * The bundled sample: named sensors, univariate and multivariate, each with anomalies of known kinds at known
 * places (and a gap, which is not an anomaly), followed by randomly placed ones. Used by the demo, the README and
 * the detection tests. Five-minute points; the first fifth of every series is clean.
 */
public final class SampleStreams {

    private SampleStreams() {
    }

    /** {@code keys} series (at least 3) of {@code length} points (at least 1000). */
    public static List<LabelledSeries> generate(int keys, int length, long seed) {
        if (keys < 3) throw new IllegalArgumentException("the sample needs at least 3 keys, was " + keys);
        if (length < 1000) throw new IllegalArgumentException("the sample needs at least 1000 points per key, was " + length);
        int u = length / 10;
        List<LabelledSeries> out = new ArrayList<>();
        out.add(SyntheticStream.builder(seed).key("pump-temperature").length(length).interval(300_000)
                .level(60).seasonal(288, 5).noise(0.4)
                .anomaly(InjectedAnomaly.spike(3 * u, 5))
                .anomaly(InjectedAnomaly.gap(4 * u, 6))
                .anomaly(InjectedAnomaly.of(LEVEL_SHIFT, 5 * u, 40, 3))
                .anomaly(InjectedAnomaly.of(FLATLINE, 7 * u, 60, 0))
                .generate());
        out.add(SyntheticStream.builder(seed + 1).key("line-pressure").length(length).interval(300_000)
                .channels("pressure", "flow").gains(1.0, 0.6).correlated(true)
                .level(12).seasonal(96, 2).noise(0.15)
                .anomaly(InjectedAnomaly.of(VARIANCE_CHANGE, 3 * u, 60, 5, 1))
                .anomaly(InjectedAnomaly.dip(6 * u, 1.5, 0))
                .generate());
        out.add(SyntheticStream.builder(seed + 2).key("room-humidity").length(length).interval(300_000)
                .level(45).seasonal(288, 3).seasonal(48, 0.8).noise(0.3)
                .anomaly(InjectedAnomaly.of(DRIFT, 4 * u, 60, 4))
                .anomaly(InjectedAnomaly.spike(8 * u, 3))
                .generate());
        if (keys > 3) {
            for (LabelledSeries s : SyntheticStreams.multiKey(keys - 3, length, seed + 3,
                    (i, b) -> b.interval(300_000).randomAnomalies(2, length / 8, length / 5,
                            AnomalyKind.SPIKE, AnomalyKind.DIP, LEVEL_SHIFT, AnomalyKind.VARIANCE_CHANGE))) {
                out.add(s);
            }
        }
        return out;
    }
}
