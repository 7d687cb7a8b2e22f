package dev.lookahead.detector;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The spread evidence's per-point deviation, {@code (ln max(e^2, floor) - mean) / sd}, is standardised: for the
 * errors of a well-calibrated forecast (standard normal) it has mean 0 and spread 1, so the evidence averages of a
 * noisier and a stuck channel are judged on the same scale as the others.
 */
class SpreadDeviationTest {

    @Test
    void theFlooredLogSquaredErrorIsStandardisedForNormalErrors() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 2_000_000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++) {
            // a standard normal by Box-Muller, from the seeded source
            double z = Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
            double d = (Math.log(Math.max(z * z, Detector.SPREAD_FLOOR)) - Detector.LOG_CHI2_MEAN) / Detector.LOG_CHI2_SD;
            sum += d;
            sumSq += d * d;
        }
        double mean = sum / n, sd = Math.sqrt(sumSq / n - mean * mean);
        // two million draws: the sampling error of the mean is 0.0007, of the spread about 0.001
        assertEquals(0.0, mean, 0.004, "mean");
        assertEquals(1.0, sd, 0.004, "spread");
        // a stuck channel's errors sit at the floor: each point is 1.49 spreads down, not 3.7 as with a floor of 1e-4
        assertEquals(-1.49, (Math.log(Detector.SPREAD_FLOOR) - Detector.LOG_CHI2_MEAN) / Detector.LOG_CHI2_SD, 0.005);
    }
}
