package dev.lookahead.scoring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

/**
 * TailProbability against Commons Math's regularized gamma and erfc (an independent implementation, accurate to about
 * 1e-15), compared in log space: {@code |ln p - ln p_ref|}, which is the relative error of the probability p. The
 * code itself stays: replays are pinned to its bits (TailProbabilityBitsTest); this test says how close those bits
 * are to the true value.
 *
 * <p>The grid covers what the likelihood asks for (shape 0.05 to 60, x from shape/400 to 55 times the shape, and x at
 * shape + 1 where the series hands over to the continued fraction) and goes far into the upper tail; a point is
 * compared wherever the reference probability is above 1e-280. Worst errors seen: gamma 7.5e-11, normal 1.07e-7,
 * ln Gamma 1.8e-10 (printed by each run).
 */
class TailProbabilityCrossCheckTest {

    /** Relative error of a gamma tail probability: the Lanczos log-gamma's (NR gammln, 2e-10) dominates it. */
    private static final double GAMMA_TOLERANCE = 2e-10;
    /** Relative error of the normal tail: the Chebyshev erfc fit's documented 1.2e-7. */
    private static final double NORMAL_TOLERANCE = 1.2e-7;
    /** Absolute error of ln Gamma(shape). */
    private static final double LOG_GAMMA_TOLERANCE = 2e-10;
    private static final double LN10 = Math.log(10);
    private static final double SMALLEST = 1e-280;

    @Test
    void gammaTailsAgreeWithCommonsMathInLogSpace() {
        double worstUpper = 0, worstLower = 0, worstRarer = 0;
        int upper = 0, lower = 0;
        for (int i = 0; i <= 60; i++) {
            double shape = Math.exp(Math.log(0.05) + i * (Math.log(60) - Math.log(0.05)) / 60);
            for (int j = 0; j <= 120; j++) {
                double x = shape * Math.exp(-6 + j * 10.0 / 120);           // shape/400 .. 55 * shape
                for (double xx : new double[] {x, shape + 1, x + 40 * Math.sqrt(shape) + 100 * (j % 7)}) {
                    double q = Gamma.regularizedGammaQ(shape, xx, 1e-16, 1_000_000);
                    double p = Gamma.regularizedGammaP(shape, xx, 1e-16, 1_000_000);
                    double up = TailProbability.log10GammaUpperTail(shape, xx), lo = TailProbability.log10GammaLowerTail(shape, xx);
                    if (q > SMALLEST) {
                        double err = Math.abs(up * LN10 - Math.log(q));
                        assertTrue(err <= GAMMA_TOLERANCE, "upper tail shape " + shape + " x " + xx + ": ln error " + err);
                        worstUpper = Math.max(worstUpper, err);
                        upper++;
                    }
                    if (p > SMALLEST) {
                        double err = Math.abs(lo * LN10 - Math.log(p));
                        assertTrue(err <= GAMMA_TOLERANCE, "lower tail shape " + shape + " x " + xx + ": ln error " + err);
                        worstLower = Math.max(worstLower, err);
                        lower++;
                    }
                    if (q > SMALLEST && p > SMALLEST) {
                        double err = Math.abs(TailProbability.log10GammaRarerTail(shape, xx) * LN10 - Math.log(Math.min(p, q)));
                        assertTrue(err <= GAMMA_TOLERANCE, "rarer tail shape " + shape + " x " + xx + ": ln error " + err);
                        worstRarer = Math.max(worstRarer, err);
                    }
                }
            }
        }
        assertTrue(upper > 20_000 && lower > 20_000, "compared " + upper + " upper and " + lower + " lower tails");
        System.out.printf("gamma tails vs Commons Math: %d upper, %d lower; worst |ln error| upper %.2e, lower %.2e, rarer %.2e (tolerance %.0e)%n",
                upper, lower, worstUpper, worstLower, worstRarer, GAMMA_TOLERANCE);
    }

    @Test
    void normalTailAgreesWithCommonsMathInLogSpace() {
        double worst = 0;
        int compared = 0;
        for (int i = -800; i <= 800; i++) {
            double z = i * 0.05 + 0.0123;                                    // -40 .. 40, off the round numbers
            double ref = 0.5 * Erf.erfc(z / Math.sqrt(2));
            if (!(ref > SMALLEST)) continue;
            double err = Math.abs(TailProbability.log10UpperTail(z) * LN10 - Math.log(ref));
            assertTrue(err <= NORMAL_TOLERANCE, "z " + z + ": ln error " + err);
            worst = Math.max(worst, err);
            compared++;
        }
        assertTrue(compared > 1_500, "compared " + compared);
        System.out.printf("normal tail vs Commons Math: %d points, worst |ln error| %.2e (tolerance %.1e)%n", compared, worst, NORMAL_TOLERANCE);
    }

    @Test
    void logGammaAgreesWithCommonsMath() {
        double worst = 0;
        for (int i = 0; i <= 2000; i++) {
            double shape = Math.exp(Math.log(0.01) + i * (Math.log(1000) - Math.log(0.01)) / 2000);
            double err = Math.abs(TailProbability.logGamma(shape) - Gamma.logGamma(shape));
            assertTrue(err <= LOG_GAMMA_TOLERANCE, "shape " + shape + ": error " + err);
            worst = Math.max(worst, err);
        }
        System.out.printf("ln Gamma vs Commons Math: worst absolute error %.2e (tolerance %.0e)%n", worst, LOG_GAMMA_TOLERANCE);
    }
}
