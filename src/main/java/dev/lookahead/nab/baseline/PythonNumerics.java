package dev.lookahead.nab.baseline;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The few numerical routines NAB's Python detectors lean on, reproduced operation for operation so a baseline run
 * here gives the numbers NAB's own run gave: numpy's pairwise summation (behind {@code numpy.mean} and
 * {@code numpy.std}), CPython 2.7's own {@code math.erfc} (series below 1.5, continued fraction above), and the
 * 12-significant-digit text that Python 2's {@code str(float)} wrote into NAB's results files.
 */
public final class PythonNumerics {

    private PythonNumerics() {
    }

    private static final int PAIRWISE_BLOCK = 128;   // numpy's PW_BLOCKSIZE

    /** numpy's {@code pairwise_sum} of {@code a[from, from + n)}: 8 partial sums per block, halves above 128 elements. */
    public static double pairwiseSum(double[] a, int from, int n) {
        if (n < 8) {
            double res = 0;
            for (int i = 0; i < n; i++) res += a[from + i];
            return res;
        }
        if (n <= PAIRWISE_BLOCK) {
            double[] r = new double[8];
            for (int j = 0; j < 8; j++) r[j] = a[from + j];
            int i;
            for (i = 8; i < n - (n % 8); i += 8)
                for (int j = 0; j < 8; j++) r[j] += a[from + i + j];
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) res += a[from + i];
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
    }

    /** {@code numpy.mean}: the pairwise sum over the count. */
    public static double mean(double[] a, int from, int n) {
        return pairwiseSum(a, from, n) / n;
    }

    /** {@code numpy.std} (population, ddof 0): square root of the mean squared deviation from {@link #mean}. */
    public static double std(double[] a, int from, int n) {
        double m = mean(a, from, n);
        double[] sq = new double[n];
        for (int i = 0; i < n; i++) {
            double d = a[from + i] - m;
            sq[i] = d * d;
        }
        return Math.sqrt(pairwiseSum(sq, 0, n) / n);
    }

    private static final double SQRT_PI = 1.772453850905516027298167483341145182798;
    private static final double ERF_SERIES_CUTOFF = 1.5;
    private static final int ERF_SERIES_TERMS = 25;
    private static final double ERFC_CONTFRAC_CUTOFF = 30.0;
    private static final int ERFC_CONTFRAC_TERMS = 50;

    /** CPython 2.7's {@code math.erfc} ({@code m_erfc} in Modules/mathmodule.c). */
    public static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        double absx = Math.abs(x);
        if (absx < ERF_SERIES_CUTOFF) return 1.0 - erfSeries(x);
        double cf = erfcContinuedFraction(absx);
        return x > 0.0 ? cf : 2.0 - cf;
    }

    private static double erfSeries(double x) {
        double x2 = x * x, acc = 0.0, fk = ERF_SERIES_TERMS + 0.5;
        for (int i = 0; i < ERF_SERIES_TERMS; i++) {
            acc = 2.0 + x2 * acc / fk;
            fk -= 1.0;
        }
        return acc * x * StrictMath.exp(-x2) / SQRT_PI;
    }

    private static double erfcContinuedFraction(double x) {
        if (x >= ERFC_CONTFRAC_CUTOFF) return 0.0;
        double x2 = x * x, a = 0.0, da = 0.5, p = 1.0, pLast = 0.0, q = da + x2, qLast = 1.0;
        for (int i = 0; i < ERFC_CONTFRAC_TERMS; i++) {
            a += da;
            da += 2.0;
            double b = da + x2;
            double t = p;
            p = b * p - a * pLast;
            pLast = t;
            t = q;
            q = b * q - a * qLast;
            qLast = t;
        }
        return p / q * x * StrictMath.exp(-x2) / SQRT_PI;
    }

    /**
     * The value Python 2's {@code str(x)} writes ({@code %.12g}: 12 significant digits, correctly rounded from the
     * exact binary value), read back as a double: what NAB's scorer read from the results files.
     */
    public static double str12(double x) {
        if (x == 0 || Double.isNaN(x) || Double.isInfinite(x)) return x;
        return new BigDecimal(x).round(new MathContext(12, RoundingMode.HALF_EVEN)).doubleValue();
    }
}
