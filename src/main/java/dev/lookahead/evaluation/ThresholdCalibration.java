package dev.lookahead.evaluation;

import dev.lookahead.detector.Detector;
import dev.lookahead.detector.DetectorConfig;
import dev.lookahead.detector.Outcome;
import dev.lookahead.detector.PointResult;
import dev.lookahead.model.Calibration;
import dev.lookahead.model.LstmModel;
import dev.lookahead.runner.DirectRunner;
import dev.lookahead.scoring.IncidentStatus;

import java.util.List;
import java.util.Locale;

/**
 * Sets a model's threshold on normal data: the lowest anomaly-score threshold at which the detector, run over a
 * fault-free recording, opens at most the named number of incidents per key per day of event time. Every incident
 * it opens on such data is a false alarm, so the rate it shows there is the false-alarm rate to expect on normal
 * behaviour like it. The threshold is found by bisection, running the detector at each candidate (the scores are
 * not fixed: what an incident freezes depends on where it opens). Data shorter than one false alarm at the rate
 * asked ({@link #tooShort}) never lowers the threshold under the detector's own.
 */
public final class ThresholdCalibration {

    private static final double DAY = 86_400_000.0;
    private static final double LOW = 0.05, HIGH = 0.999;
    private static final int STEPS = 14;

    /** One key's fault-free series: channel names, event times (epoch millis) and values per row. */
    public record Series(String key, List<String> channels, long[] times, double[][] values) {
    }

    /** The measured rate at one threshold. */
    public record Point(double threshold, long openings, double perDay) {
    }

    private ThresholdCalibration() {
    }

    /**
     * The calibration for {@code falseAlarmsPerDay} on {@code series} (which must span some event time). When even
     * the highest threshold tried opens more, that threshold is returned and its rate says so.
     */
    public static Calibration calibrate(LstmModel model, DetectorConfig config, List<Series> series, double falseAlarmsPerDay,
                                        String data) {
        if (!(falseAlarmsPerDay > 0)) throw new IllegalArgumentException("the false-alarm rate must be > 0 per key per day, was " + falseAlarmsPerDay);
        double keyDays = keyDays(series);
        if (!(keyDays > 0)) throw new IllegalArgumentException("the calibration data spans no event time: give series with more than one point");
        // a recording shorter than one false alarm at the rate asked cannot show that rate: it may raise the threshold
        // (it opened more than the rate allows) but not lower it under the detector's own, which it has no evidence
        // against: lowered to the least threshold at which an hour of data opened nothing, a key would be more
        // sensitive than that hour can vouch for
        boolean floored = tooShort(keyDays, falseAlarmsPerDay);
        double lo = floored ? Detector.effectiveThreshold(config, model) : LOW, hi = HIGH;
        Point best = measure(model, config, series, hi, keyDays);
        if (best.perDay() > falseAlarmsPerDay)
            return new Calibration(hi, falseAlarmsPerDay, best.perDay(), keyDays, data);
        if (floored) {
            Point floor = measure(model, config, series, lo, keyDays);
            if (floor.perDay() <= falseAlarmsPerDay) return new Calibration(round(lo), falseAlarmsPerDay, floor.perDay(), keyDays, data);
        }
        for (int i = 0; i < STEPS; i++) {
            double mid = (lo + hi) / 2;
            Point p = measure(model, config, series, mid, keyDays);
            if (p.perDay() <= falseAlarmsPerDay) {
                hi = mid;
                best = p;
            } else {
                lo = mid;
            }
        }
        return new Calibration(round(best.threshold()), falseAlarmsPerDay, best.perDay(), keyDays, data);
    }

    /** Whether {@code keyDays} of data are fewer than one false alarm at {@code falseAlarmsPerDay} takes to show. */
    public static boolean tooShort(double keyDays, double falseAlarmsPerDay) {
        return keyDays * falseAlarmsPerDay < 1;
    }

    /** Incident openings per key per day at {@code threshold}. */
    public static Point measure(LstmModel model, DetectorConfig config, List<Series> series, double threshold, double keyDays) {
        DetectorConfig at = config.toBuilder().threshold(threshold).build();
        long openings = 0;
        for (Series s : series) {
            for (Outcome o : new DirectRunner(model, at).run(s.key(), s.channels(), s.times(), s.values()))
                if (o instanceof PointResult p && p.incidentStatus() == IncidentStatus.OPENED) openings++;
        }
        return new Point(threshold, openings, openings / keyDays);
    }

    /** Days of event time the series span, summed over keys. */
    public static double keyDays(List<Series> series) {
        double d = 0;
        for (Series s : series) if (s.times().length > 1) d += (s.times()[s.times().length - 1] - s.times()[0]) / DAY;
        return d;
    }

    /** Four decimals: what a person reads and writes back with --threshold. */
    private static double round(double t) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.4f", t));
    }
}
