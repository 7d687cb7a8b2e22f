package dev.lookahead.scoring;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cheaper TailProbability returns the same bits as the implementation it replaced, on both branches. */
class TailProbabilityBitsTest {

    @Test
    void sameBitsAsBeforeAndTheRarerTailIsTheMinimumOfBoth() {
        SplittableRandom r = new SplittableRandom(99);
        int series = 0, fraction = 0;
        for (int i = 0; i < 100_000; i++) {
            // shapes and points as the likelihood produces them: shape ~0.1-50, x around and far beyond the mean
            double shape = Math.exp(r.nextDouble(Math.log(0.05), Math.log(60)));
            double x = i % 97 == 0 ? -r.nextDouble() : shape * Math.exp(r.nextDouble(-6, 4));
            if (x < shape + 1) series++; else fraction++;
            double up = TailProbability.log10GammaUpperTail(shape, x), lo = TailProbability.log10GammaLowerTail(shape, x);
            assertEquals(bits(TailProbabilityReference.log10GammaUpperTail(shape, x)), bits(up), shape + " " + x);
            assertEquals(bits(TailProbabilityReference.log10GammaLowerTail(shape, x)), bits(lo), shape + " " + x);
            assertEquals(bits(Math.min(up, lo)), bits(TailProbability.log10GammaRarerTail(shape, x)), shape + " " + x);
            double z = r.nextDouble(-40, 40);
            assertEquals(bits(TailProbabilityReference.log10UpperTail(z)), bits(TailProbability.log10UpperTail(z)), "z " + z);
            assertEquals(bits(TailProbabilityReference.logGamma(shape)), bits(TailProbability.logGamma(shape)));
        }
        assertTrue(series > 10_000 && fraction > 10_000, series + " / " + fraction);
    }

    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }
}
