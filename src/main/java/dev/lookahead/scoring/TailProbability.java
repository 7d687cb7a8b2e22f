package dev.lookahead.scoring;

/**
 * Upper-tail probabilities as base-10 logarithms, so they stay exact far into the tail (a spike routinely sits
 * 20 standard deviations out, where the probability underflows a double): the standard normal, and the Gamma
 * distribution that the anomaly likelihood fits to the recent error level.
 */
public final class TailProbability {

    // computed once: the same value Math.log returns at every call (HotSpot's interpreter and JIT share its stub)
    private static final double LN10 = Math.log(10.0);
    private static final double LN_HALF = Math.log(0.5);
    private static final double[] LANCZOS = {76.18009172947146, -86.50532032941677, 24.01409824083091,
            -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5};

    private TailProbability() {
    }

    /**
     * {@code log10 P(Z > z)} for a standard normal Z. Uses the Chebyshev fit of erfc from Numerical Recipes
     * (relative error below 1.2e-7 everywhere), evaluated in log space.
     */
    public static double log10UpperTail(double z) {
        double x = z / Math.sqrt(2.0);
        double ax = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * ax);
        double poly = -ax * ax - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277))))))));
        double lnErfcAbs = Math.log(t) + poly;       // ln erfc(|x|)
        double lnTail;
        if (x >= 0) {
            lnTail = LN_HALF + lnErfcAbs;      // Q(z) = erfc(x)/2
        } else {
            lnTail = Math.log1p(-0.5 * Math.exp(lnErfcAbs)); // Q(z) = 1 - erfc(|x|)/2
        }
        return lnTail / LN10;
    }

    /**
     * {@code log10 P(X > x)} for X ~ Gamma(shape, scale 1): the regularised upper incomplete gamma function,
     * by its series below {@code shape + 1} and its continued fraction (modified Lentz) above, in log space.
     */
    public static double log10GammaUpperTail(double shape, double x) {
        if (x <= 0) return 0.0;
        double ln = lnSeriesOrFraction(shape, x);
        return x < shape + 1 ? complement(ln) / LN10 : ln / LN10;
    }

    /** {@code log10 P(X < x)} for X ~ Gamma(shape, scale 1), the regularised lower incomplete gamma function. */
    public static double log10GammaLowerTail(double shape, double x) {
        if (x <= 0) return Double.NEGATIVE_INFINITY;
        double ln = lnSeriesOrFraction(shape, x);
        return x < shape + 1 ? ln / LN10 : complement(ln) / LN10;
    }

    /**
     * The rarer tail, {@code min(log10GammaUpperTail, log10GammaLowerTail)}, bit for bit, from one evaluation of the
     * series or fraction instead of two (the likelihood with stuck detection needs both; that was a third of its
     * cost).
     */
    public static double log10GammaRarerTail(double shape, double x) {
        if (x <= 0) return Math.min(0.0, Double.NEGATIVE_INFINITY);
        double ln = lnSeriesOrFraction(shape, x);
        double other = complement(ln) / LN10;
        return x < shape + 1 ? Math.min(other, ln / LN10) : Math.min(ln / LN10, other);
    }

    /** ln(1 - e^ln), kept finite. */
    private static double complement(double ln) {
        return Math.log1p(-Math.min(Math.exp(ln), 1.0 - 1e-16));
    }

    /** ln P (the lower tail) by the series when {@code x < shape + 1}, otherwise ln Q (the upper) by the fraction. */
    private static double lnSeriesOrFraction(double shape, double x) {
        double front = -x + shape * Math.log(x) - logGamma(shape);
        if (x < shape + 1) {
            double ap = shape, del = 1.0 / shape, sum = del;
            for (int n = 0; n < 1000; n++) {
                ap++;
                del *= x / ap;
                sum += del;
                if (Math.abs(del) < Math.abs(sum) * 1e-15) break;
            }
            return Math.log(sum) + front;
        }
        final double tiny = 1e-300;
        double b = x + 1 - shape, c = 1.0 / tiny, d = 1.0 / b, h = d;
        for (int i = 1; i < 1000; i++) {
            double an = -i * (i - shape);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < tiny) d = tiny;
            c = b + an / c;
            if (Math.abs(c) < tiny) c = tiny;
            d = 1.0 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1.0) < 1e-15) break;
        }
        return Math.log(h) + front;
    }

    /** ln Gamma(x) for x > 0 (Lanczos, Numerical Recipes' gammln; relative error below 2e-10). */
    static double logGamma(double x) {
        double y = x, tmp = x + 5.5;
        tmp -= (x + 0.5) * Math.log(tmp);
        double ser = 1.000000000190015;
        for (double c : LANCZOS) ser += c / ++y;
        return -tmp + Math.log(2.5066282746310005 * ser / x);
    }
}
