package dev.lookahead.scoring;

/**
 * Upper-tail probability of the standard normal, as a base-10 logarithm so it stays exact far into the tail
 * (a spike routinely sits 20 standard deviations out, where the probability underflows a double).
 */
public final class TailProbability {

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
            lnTail = Math.log(0.5) + lnErfcAbs;      // Q(z) = erfc(x)/2
        } else {
            lnTail = Math.log1p(-0.5 * Math.exp(lnErfcAbs)); // Q(z) = 1 - erfc(|x|)/2
        }
        return lnTail / Math.log(10.0);
    }
}
