package dev.lookahead.runner;

import dev.lookahead.avro.Anomaly;
import dev.lookahead.avro.AnomalyStatus;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.model.ModelSnapshots;
import dev.lookahead.stream.AvroOutputs;
import dev.lookahead.synthetic.AnomalyKind;
import dev.lookahead.synthetic.InjectedAnomaly;
import dev.lookahead.synthetic.LabelledSeries;
import dev.lookahead.synthetic.SyntheticStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * A shift of 5 sigma on a sensor at 40: found at once, and anomalous until the incident ends as the key's new
     * normal an hour later, while the forecast has gone most of the way to the new level. Through the
     * incident the anomaly says where the sensor should be (40), not where its forecast has gone.
     */
    @Test
    void aSustainedShiftReportsTheLevelTheKeyShouldBeAtWhileItsForecastFollowsIt() {
        for (int seed = 0; seed < SEEDS; seed++) {
            LabelledSeries s = SyntheticStream.builder(500 + seed).key("usual-" + seed).length(LENGTH).interval(60_000)
                    .level(40).noise(1.0).anomaly(InjectedAnomaly.of(AnomalyKind.LEVEL_SHIFT, AT, 600, 5.0)).generate();
            Outcome[] out = new DirectRunner(ModelSnapshots.bundled(), DetectorConfig.defaults()).run(s.key(), s.channels(), s.times(), s.values());
            int judged = 0;
            double forecastOff = 0;
            for (int i = AT + 20; i < AT + 58; i++) {
                if (!(out[i] instanceof PointResult p && p.anomaly())) continue;
                judged++;
                assertEquals(40, p.usualLevel()[0], 0.75, "seed " + seed + " row " + i + ": forecast " + p.forecast()[0]);
                forecastOff += p.forecast()[0] - 40;
                Anomaly a = AvroOutputs.anomaly(p, AvroOutputs.scoredPoint(p), 0.5, AnomalyStatus.UPDATE);
                assertEquals(p.usualLevel()[0], a.getUsualLevel(), "the anomaly record carries it");
            }
            assertEquals(38, judged, "seed " + seed + ": anomalous through the hour before its new normal");
            assertTrue(forecastOff / judged > 2.5, "seed " + seed + ": the forecast went with the shift, by " + forecastOff / judged + " on average");
        }
    }

    /**
     * Four related channels and a drift on the third, as above. Over the drift's anomalous points (of five seeds),
     * where the detector says that channel should be lies, on average, about where it would read without the drift;
     * its readings lie the drift away. One point's estimate has the channel's noise given the others.
     */
    @Test
    void aDriftOnOneOfSeveralRelatedChannelsIsMeasuredFromWhereTheOthersSayItShouldBe() {
        double usualOff = 0, readOff = 0;
        int n = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            SyntheticStream base = SyntheticStream.builder(700 + seed).key("related-" + seed).length(LENGTH).interval(60_000)
                    .level(40).seasonal(720, 4).noise(0.5).channels(4).correlated(true).gains(3, 1, 1, 2);
            LabelledSeries clean = base.generate();
            LabelledSeries s = base.anomaly(InjectedAnomaly.of(AnomalyKind.DRIFT, AT, 300, 3.0, 2)).generate();
            Outcome[] out = new DirectRunner(ModelSnapshots.bundled(), DetectorConfig.defaults()).run(s.key(), s.channels(), s.times(), s.values());
            for (int i = AT; i < AT + 300; i++) {
                if (!(out[i] instanceof PointResult p && p.anomaly())) continue;
                usualOff += p.usualLevel()[2] - clean.values()[i][2];
                readOff += s.values()[i][2] - clean.values()[i][2];
                n++;
            }
        }
        System.out.printf(Locale.ROOT, "%d anomalous rows: usual off by %.3f on average, readings by %.3f%n", n, usualOff / n, readOff / n);
        assertTrue(n >= 100, "anomalous rows in the drifts: " + n);
        assertTrue(Math.abs(usualOff) < 0.2 * readOff, "usual off by " + usualOff / n + " on average, readings by " + readOff / n);
    }
}
