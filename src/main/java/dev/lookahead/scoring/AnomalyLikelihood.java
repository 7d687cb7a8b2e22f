package dev.lookahead.scoring;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Turns raw scores into a calibrated anomaly score in [0,1], after HTM's anomaly likelihood (which lifted HTM on
 * NAB from 53.6 to 70.1): how unlikely is the key's recent error level given its own long-run error distribution.
 *
 * <p>The recent level is an exponential moving average of raw scores over about {@code shortWindow} points; its
 * long-run mean and variance are exponentially weighted over about {@code longWindow} points, and its tail is that
 * of the Gamma distribution with those moments. The level is an average of absolute errors, skewed to the right;
 * HTM's Gaussian tail overstates how rare a high level is (on Gaussian errors, a 1e-4 threshold fired 7.5 times
 * in 1e3 points, the Gamma tail 3.8 times in 1e5: see ScoringTest and docs/ARCHITECTURE.md). The score is {@code 1 - 2^(log10(tail) / 5)}: score 0.5 means the recent level
 * has tail probability 1e-5, 0.75 means 1e-10, 0.875 1e-15; it never saturates, so the rarest events still rank
 * above merely rare ones (a linear map clipped at 1e-10 put 141 of NAB's false alarms and 36 of its true ones at
 * exactly 1.0; see docs/ACCURACY.md). Raw scores are standardised errors, so one
 * calibration serves every key, whatever its units or noise.
 *
 * <p>A single extreme point barely moves the recent level when a key's errors are autocorrelated (its level
 * varies more, so the fit is wider): a 12-sigma spike scored 0.37. So each point is also tested on its own: the
 * squared raw score against a Gamma fitted to the key's squared raw scores (for Gaussian errors that fit is the
 * chi-square with one degree of freedom, shape 1/2; heavier-tailed errors give a smaller shape and a heavier tail).
 * Updates of that fit are clipped at 25 times its mean so a spike does not widen it for thousands of points. The
 * score is the rarer of the two tails; a tail that is certainly not rare (a level within one spread of its mean, a
 * point within two) is not evaluated and scores 0, as the evidence over time does below its own cut.
 */
public final class AnomalyLikelihood {

    /** Spread floor of the recent level, in raw-score units: keeps a near-perfect forecast from alarming on noise. */
    private static final double MIN_STD = 0.05;
    /** Raw scores (standardised errors) past this are extreme: they score 1 and enter the recent level clipped. */
    public static final double RAW_CLIP = 100.0;
    /** Raw scores enter the recent level clipped to this: a spike of any size adds at most this much to it. */
    static final double LEVEL_CLIP = 6.0;

    private float recent;
    private float mean;
    private float variance;
    private float pointMean;       // of raw^2
    private float pointVariance;
    private int count;

    /**
     * Folds in one raw score and returns the calibrated score of the new recent level against the distribution as
     * it was before this point.
     */
    public double update(double raw, int shortWindow, int longWindow) {
        return update(raw, shortWindow, longWindow, false);
    }

    /**
     * As {@link #update(double, int, int)}; with {@code lowTail} the score is the larger of the upper and the lower
     * tail's, so a recent error level far <em>below</em> the usual one (a stuck sensor: the noise is gone) also
     * scores high.
     */
    public double update(double raw, int shortWindow, int longWindow, boolean lowTail) {
        return update(raw, shortWindow, longWindow, lowTail, true);
    }

    /**
     * As {@link #update(double, int, int, boolean)}; with {@code learn} false (an incident is open) the recent level
     * moves but the long-run distribution it is judged against does not. A raw score that is not finite or is past
     * {@link #RAW_CLIP} scores 1 on its own and leaves the recent level as it was, so one absurd reading is found at
     * its point and is not followed by a storm while the level decays.
     */
    public double update(double raw, int shortWindow, int longWindow, boolean lowTail, boolean learn) {
        return update(raw, shortWindow, longWindow, lowTail, learn, Double.NEGATIVE_INFINITY);
    }

    /**
     * As {@link #update(double, int, int, boolean, boolean)}, with the point test's tail at least
     * {@code 10^log10PointFloor}: how often the key has shown errors this large ({@link RecurringRecord#forErrors()}).
     */
    public double update(double raw, int shortWindow, int longWindow, boolean lowTail, boolean learn, double log10PointFloor) {
        return update(raw, shortWindow, longWindow, lowTail, learn, log10PointFloor, false);
    }

    /**
     * As {@link #update(double, int, int, boolean, boolean, double)}; with {@code holdLevel} the point is judged on its
     * own and leaves the recent level as it was: an error the caller knows the key's schedule makes (a forecast lagging
     * a step the key takes daily), which a run of such points would otherwise read as a sustained surprise.
     */
    public double update(double raw, int shortWindow, int longWindow, boolean lowTail, boolean learn, double log10PointFloor,
                         boolean holdLevel) {
        boolean extreme = !(raw <= RAW_CLIP);   // NaN and infinities included
        double r = extreme ? RAW_CLIP : raw;
        double a = 2.0 / (shortWindow + 1.0);
        // a wild point moves the recent level by a bounded amount, an absurd one not at all: the point test scores it
        double level = count == 0 ? r : extreme || holdLevel ? recent : recent + a * (Math.min(r, LEVEL_CLIP) - recent);
        double sq = r * r;
        double score = extreme ? 1.0 : count < 2 ? 0.0 : Math.max(usualLevel(level, lowTail) ? 0.0 : score(level, lowTail),
                usualPoint(sq) ? 0.0 : Math.min(pointScore(sq), fromLog10Tail(log10PointFloor)));
        if (!learn) {
            recent = (float) level;
            return score;
        }
        if (count < Short.MAX_VALUE) count++;   // saturates past any long window (at most 32767)
        double b = Math.max(1.0 / count, 1.0 / longWindow);
        double d = level - mean;
        double newMean = mean + b * d;
        double newVar = count == 1 ? 0.0 : (1 - b) * (variance + b * d * d);
        double clipped = count > 2 ? Math.min(sq, 25.0 * Math.max(pointMean, MIN_STD)) : sq;
        double dp = clipped - pointMean;
        double newPointMean = pointMean + b * dp;
        double newPointVar = count == 1 ? 0.0 : (1 - b) * (pointVariance + b * dp * dp);
        recent = (float) level;
        mean = (float) newMean;
        variance = (float) newVar;
        pointMean = (float) newPointMean;
        pointVariance = (float) newPointVar;
        return score;
    }

    /**
     * Whether the recent level is within one spread of its mean (on the side judged): a tail of about 0.16 or more,
     * a score under about 0.1, never near a threshold. Such a level scores 0 without evaluating its Gamma tail, which
     * with the point test's was a third of a point's cost.
     */
    private boolean usualLevel(double level, boolean lowTail) {
        double sd = Math.sqrt(Math.max(variance, MIN_STD * MIN_STD));
        return lowTail ? Math.abs(level - mean) <= sd : level <= mean + sd;
    }

    /** Whether a squared raw score is within two spreads of its fitted mean (a tail of about 0.05, a score under 0.17): it scores 0. */
    private boolean usualPoint(double sq) {
        return sq <= pointMean + 2 * Math.sqrt(Math.max(pointVariance, 0));
    }

    private double score(double level, boolean lowTail) {
        double var = Math.max(variance, MIN_STD * MIN_STD);
        double shape = mean * mean / var;       // Gamma fitted by moments
        double x = level * mean / var;
        double log10Tail;
        if (mean > MIN_STD) {
            // both tails from one evaluation when both are needed: the same bits as min(upper, lower)
            log10Tail = lowTail ? TailProbability.log10GammaRarerTail(shape, x) : TailProbability.log10GammaUpperTail(shape, x);
        } else {
            // errors near zero for a long time (a perfectly forecast signal): the Gamma fit degenerates, and a normal
            // tail stands in. Above the mean, the heavier of the two: a noise-free key whose errors are near zero but
            // for a step its schedule brings each day has a mean under the floor and a spread many times it, and
            // under the normal tail alone each of those steps scored as new once the mean fell below the floor
            log10Tail = TailProbability.log10UpperTail((level - mean) / Math.sqrt(var));
            if (mean > 0 && level > mean) log10Tail = Math.max(log10Tail, TailProbability.log10GammaUpperTail(shape, x));
        }
        return fromLog10Tail(log10Tail);
    }

    /** The tail of one squared raw score under the Gamma fitted to the key's squared raw scores. */
    private double pointScore(double sq) {
        if (pointMean <= MIN_STD || pointVariance <= 0) return 0.0;
        double shape = (double) pointMean * pointMean / pointVariance;
        double log10Tail = TailProbability.log10GammaUpperTail(shape, sq * pointMean / pointVariance);
        return fromLog10Tail(log10Tail);
    }

    /** Anomaly score for a tail probability: the inverse of the calibration, for thresholds given as p-values. */
    public static double scoreForTail(double tail) {
        return fromLog10Tail(Math.log10(tail));
    }

    /** The calibration: {@code 1 - 2^(log10(tail) / 5)}, 0 for a tail of 1, 0.5 at 1e-5, towards 1 as the tail vanishes. */
    public static double fromLog10Tail(double log10Tail) {
        if (!(log10Tail < 0)) return 0.0;
        return -Math.expm1(log10Tail / 5.0 * Math.log(2.0));
    }

    /** Weighs the next points as if only {@code points} had been seen: quick to learn a new normal. */
    public void relearn(int points) {
        count = Math.min(count, points);
    }

    public void write(DataOutput out) throws IOException {
        out.writeShort(count);
        out.writeFloat(recent);
        out.writeFloat(mean);
        out.writeFloat(variance);
        out.writeFloat(pointMean);
        out.writeFloat(pointVariance);
    }

    public void read(DataInput in) throws IOException {
        count = in.readShort();
        recent = in.readFloat();
        mean = in.readFloat();
        variance = in.readFloat();
        pointMean = in.readFloat();
        pointVariance = in.readFloat();
    }
}
