package dev.lookahead.runner;

import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.synthetic.AnomalyKind;
import dev.lookahead.synthetic.InjectedAnomaly;
import dev.lookahead.synthetic.LabelledSeries;
import dev.lookahead.synthetic.SyntheticStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What an anomaly says deviated, and which way (the anomaly record's {@code topChannel} and {@code direction}), at the
 * first anomalous point of a fault the evidence over time finds: the one-step forecast has followed a slow change by
 * then, so its last error says little about which way the key went.
 */
class DeviationAttributionTest {

    private static final int AT = 6000, LENGTH = 7000, SEEDS = 5;

    /** The first anomalous point at or after the fault's start, or null. */
    private static PointResult firstAnomalous(LabelledSeries s) {
        Outcome[] out = new DirectRunner(ModelSnapshots.bundled(), DetectorConfig.defaults()).run(s.key(), s.channels(), s.times(), s.values());
        for (int i = AT; i < LENGTH; i++)
            if (out[i] instanceof PointResult p && p.anomaly()) return p;
        return null;
    }

    @Test
    void aShiftOrDriftFoundOverTimeIsReportedInTheDirectionItMoved() {
        List<String> wrong = new ArrayList<>();
        int found = 0;
        for (int seed = 0; seed < SEEDS; seed++)
            for (double sign : new double[] {1, -1}) {
                for (InjectedAnomaly fault : List.of(InjectedAnomaly.of(AnomalyKind.LEVEL_SHIFT, AT, 600, 1.5 * sign),
                        InjectedAnomaly.of(AnomalyKind.DRIFT, AT, 300, 3.0 * sign), InjectedAnomaly.of(AnomalyKind.DRIFT, AT, 800, 4.0 * sign))) {
                    LabelledSeries s = SyntheticStream.builder(500 + seed).key("direction-" + seed).length(LENGTH).interval(60_000)
                            .level(40).noise(1.0).anomaly(fault).generate();
                    PointResult p = firstAnomalous(s);
                    if (p == null) continue;
                    found++;
                    if (p.above() != sign > 0)
                        wrong.add(String.format(Locale.ROOT, "%s %+.1f seed %d: %s at row %d", fault.kind(), fault.magnitude(), seed,
                                p.above() ? "above" : "below", p.sequence()));
                }
            }
        assertEquals(6 * SEEDS, found, "every fault found");
        assertEquals(List.of(), wrong, "reported the other way");
    }

    /**
     * Four channels that move together with a shared swing, the first three times as far as the third; the third
     * drifts away from the others. The one that wanders most on its own is not the one at fault: named by its deviation given the others, the drifting
     * channel is the one named, on every seed, in the direction it went.
     */
    @Test
    void aDriftOnOneOfSeveralRelatedChannelsIsNamedAtItsFirstAnomalousPoint() {
        List<String> wrong = new ArrayList<>();
        int found = 0;
        for (int seed = 0; seed < SEEDS; seed++)
            for (double sign : new double[] {1, -1}) {
                LabelledSeries s = SyntheticStream.builder(700 + seed).key("related-" + seed).length(LENGTH).interval(60_000)
                        .level(40).seasonal(720, 4).noise(0.5).channels(4).correlated(true).gains(3, 1, 1, 2)
                        .anomaly(InjectedAnomaly.of(AnomalyKind.DRIFT, AT, 300, 3.0 * sign, 2)).generate();
                PointResult p = firstAnomalous(s);
                if (p == null) continue;
                found++;
                if (p.topChannel() != 2 || p.above() != sign > 0)
                    wrong.add(String.format(Locale.ROOT, "drift %+.0f on channel 2, seed %d: channel %d %s", 3 * sign, seed,
                            p.topChannel(), p.above() ? "above" : "below"));
            }
        assertEquals(2 * SEEDS, found, "every drift found");
        assertEquals(List.of(), wrong, "named another channel, or the other way");
    }
}
