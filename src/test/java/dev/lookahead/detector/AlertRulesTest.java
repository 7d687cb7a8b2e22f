package dev.lookahead.detector;

import dev.lookahead.model.LstmModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The alert cool-down and out-of-range scoring, on the detector's own outputs. */
class AlertRulesTest {

    private static final LstmModel MODEL = TestModels.untrained(16, 1, 11);

    private static List<PointResult> run(DetectorConfig cfg, double[][] v) {
        return run(cfg, TestModels.minutes(v.length), v);
    }

    private static List<PointResult> run(DetectorConfig cfg, long[] times, double[][] v) {
        Detector d = new Detector(MODEL, cfg);
        List<PointResult> out = new ArrayList<>();
        for (Outcome o : TestModels.run(d, d.newState(), "k", times, v))
            out.add((PointResult) o);
        return out;
    }

    private static List<Long> alerts(List<PointResult> r) {
        return r.stream().filter(PointResult::emitAlert).map(PointResult::sequence).toList();
    }

    /** Spikes of 12 sigma at the given points of a seasonal series. */
    private static double[][] spikes(int n, int... at) {
        double[][] v = TestModels.seasonal(n, 3);
        for (int t : at) v[t][0] += 12 * 0.3 + 9;
        return v;
    }

    @Test
    void anIncidentInsideTheCoolDownRaisesNoAlert() {
        double[][] v = spikes(1200, 600, 660, 900);
        List<Long> free = alerts(run(DetectorConfig.defaults(), v));
        assertTrue(free.contains(600L) && free.contains(660L) && free.contains(900L), "every spike alerts without a cool-down: " + free);
        List<Long> cooled = alerts(run(DetectorConfig.builder().alertRefractoryPoints(100).build(), v));
        assertTrue(cooled.contains(600L), cooled.toString());
        assertTrue(!cooled.contains(660L), "60 points after an alert is inside a 100-point cool-down: " + cooled);
        assertTrue(cooled.contains(900L), "300 points after is outside it: " + cooled);
        // the cool-down only removes alerts: every alert it keeps is one the free run raised too
        assertTrue(free.containsAll(cooled));
    }

    @Test
    void theAlertsOfAKeyThatAlertsOftenRankLower() {
        double[][] v = spikes(2000, 600, 900, 1200, 1500, 1800);
        List<PointResult> r = run(DetectorConfig.defaults(), v);
        List<PointResult> alerted = r.stream().filter(PointResult::emitAlert).toList();
        assertTrue(alerted.size() >= 5, "every spike alerts: " + alerts(r));
        for (PointResult p : r) {
            if (!p.emitAlert()) assertEquals(0.0, p.alertScore(), "no alert, no rank");
            else assertTrue(p.alertScore() > 0 && p.alertScore() <= p.anomalyScore());
        }
        // the first alert of a quiet key ranks by its score alone; each later one is discounted by the load before it
        assertEquals(alerted.get(0).anomalyScore(), alerted.get(0).alertScore(), 1e-12);
        PointResult last = alerted.get(alerted.size() - 1);
        assertTrue(last.anomalyScore() - last.alertScore() > 0.05 * 2, "four earlier alerts within the window weigh: " + last);
        List<PointResult> flat = run(DetectorConfig.builder().alertRateDiscount(0).build(), v);
        for (PointResult p : flat) assertEquals(p.emitAlert() ? p.anomalyScore() : 0.0, p.alertScore(), 1e-12);
    }

    @Test
    void anAlertPastEverythingTheKeyHasShownKeepsItsScoreAsItsRankHoweverOftenTheKeyAlerts() {
        double[][] v = spikes(2400, 600, 900, 1200, 1500, 1800);
        v[2100][0] += 2 * (12 * 0.3 + 9);   // twice as high as every spike before it
        List<PointResult> r = run(DetectorConfig.defaults(), v);
        PointResult inRange = r.get(1800), past = r.get(2100);
        assertTrue(inRange.emitAlert() && past.emitAlert(), "both spikes alert: " + alerts(r));
        assertTrue(inRange.anomalyScore() - inRange.alertScore() > 0.05 * 2, "a spike as high as four before it is discounted: " + inRange);
        assertEquals(past.anomalyScore(), past.alertScore(), 1e-12, "a spike past the key's range is not: " + past);
        // the range is the key's whole history, trusted after range-after-points like range scoring
        List<PointResult> untrusted = run(DetectorConfig.builder().rangeAfterPoints(3000).build(), v);
        assertTrue(untrusted.get(2100).anomalyScore() - untrusted.get(2100).alertScore() > 0.05 * 2, untrusted.get(2100).toString());
    }

    @Test
    void aValueBeyondTheKeysRangeScoresAndNamesItsChannel() {
        // channel 1 reads once past everything it has shown, by the margin and five noise sigmas: a surprise to its
        // forecast, after range-after-points (1,000 by default). The evidence over time is left out: on a slow climb
        // it opened the incident and named either channel, by the relations (the range test scores only a value its
        // forecast did not expect)
        int jump = 1200, n = jump + 200;
        double[][] v = new double[n][2];
        double[][] base = TestModels.seasonal(n, 5);
        double[][] other = TestModels.seasonal(n, 6);
        for (int t = 0; t < n; t++) {
            v[t][0] = base[t][0];
            v[t][1] = other[t][0];
        }
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (int t = 0; t < jump; t++) {
            lo = Math.min(lo, v[t][1]);
            hi = Math.max(hi, v[t][1]);
        }
        v[jump][1] = hi + 0.05 * (hi - lo) + 1.5;
        DetectorConfig on = DetectorConfig.builder().channels(List.of("a", "b")).rangeMargin(0.05).sustainedEvidence(false).build();
        DetectorConfig off = on.toBuilder().rangeMargin(0).build();
        List<PointResult> withRange = run(on, v);
        List<PointResult> without = run(off, v);
        PointResult first = withRange.get(jump);
        assertTrue(first.anomaly() && first.anomalyScore() >= 0.5, "past the range: " + first);
        assertEquals(1, first.topChannel(), "the channel past its range is named");
        // before the jump both runs are the same: range scoring changes nothing inside the range
        for (int t = 0; t < jump; t++) assertEquals(without.get(t).anomalyScore(), withRange.get(t).anomalyScore());
        // scoring starts only after range-after-points
        List<PointResult> early = run(on.toBuilder().rangeAfterPoints(n).build(), v);
        for (int t = 0; t < n; t++) assertEquals(without.get(t).anomalyScore(), early.get(t).anomalyScore());
    }

    @Test
    void aBurstPastEveryEarlierBurstIsPastTheKeysRangeThoughItsHoursBurstsWidenTheBand() {
        // a quiet key, every 5 minutes, with a burst of +5 at the same time each day (a nightly job): the hour's
        // recurring peak widens its band to a quarter of a burst, and two such bands reach past a burst 2 higher
        // than every one before it. The band counts at most four of the key's usual spreads there
        int perDay = 288, n = 12 * perDay, record = 11 * perDay + 36;
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(17);
        double[][] v = new double[n][1];
        long[] times = new long[n];
        for (int t = 0; t < n; t++) {
            times[t] = 1_700_000_000_000L + 300_000L * t;
            v[t][0] = 10 + 0.1 * rnd.nextGaussian() + (t % perDay == 36 ? 5 : 0);
        }
        v[record][0] += 2;
        double max = -Double.MAX_VALUE;
        for (int t = 0; t < record; t++) max = Math.max(max, v[t][0]);
        List<PointResult> on = run(DetectorConfig.defaults(), times, v);
        List<PointResult> off = run(DetectorConfig.builder().rangeMargin(0).build(), times, v);
        PointResult p = on.get(record);
        double past = v[record][0] - max;
        assertTrue(Detector.RANGE_BANDS * p.forecastStd()[0] > past, "two bands reach past the record (" + past + "): " + p);
        assertTrue(p.anomaly() && p.emitAlert(), "the record burst alerts: " + p);
        assertTrue(p.anomalyScore() >= 0.95, "scored as past the range (0.75 at the margin, towards 1 beyond it): " + p);
        assertEquals(p.anomalyScore(), p.alertScore(), 1e-12, "past everything the key has shown, it keeps its score as its rank");
        assertTrue(off.get(record).anomalyScore() < p.anomalyScore() - 0.1, "the forecast errors alone score it lower: " + off.get(record));
        // the bursts of the usual size are inside the range: range scoring leaves them as the errors score them
        for (int t = 0; t < record; t++) assertEquals(off.get(t).anomalyScore(), on.get(t).anomalyScore(), 1e-12, "point " + t);
    }
}
