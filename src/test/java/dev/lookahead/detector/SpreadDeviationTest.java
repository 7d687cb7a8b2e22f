package dev.lookahead.detector;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spread evidence's per-point deviation ({@link Detector#spreadDeviation}): the log of a channel's squared
 * successive error difference, standardised. For the errors of a well-calibrated forecast (standard normal) it has
 * mean 0 and spread 1, so the evidence averages of a noisier and a stuck channel are judged on the same scale as
 * the others; and a bias in the errors, such as a forecast that lags the key, does not move it.
 */
class SpreadDeviationTest {

    /** Mean and spread of the deviation over two million successive errors {@code bias + noise * Z}. */
    private static double[] deviations(double bias, double noise) {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 2_000_000;
        double sum = 0, sumSq = 0, previous = bias + noise * normal(rnd);
        for (int i = 0; i < n; i++) {
            double error = bias + noise * normal(rnd);
            double d = Detector.spreadDeviation(error, previous, 1.0);
            previous = error;
            sum += d;
            sumSq += d * d;
        }
        double mean = sum / n;
        return new double[]{mean, Math.sqrt(sumSq / n - mean * mean)};
    }

    /** A standard normal by Box-Muller, from the seeded source. */
    private static double normal(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    @Test
    void theDeviationIsStandardisedForNormalErrors() {
        double[] d = deviations(0, 1);
        // two million draws: the sampling error of the mean is about 0.001 (successive deviations share an error)
        assertEquals(0.0, d[0], 0.005, "mean");
        assertEquals(1.0, d[1], 0.005, "spread");
    }

    @Test
    void aBiasInTheErrorsDoesNotMoveItANoisierChannelDoes() {
        // a forecast a whole noise sigma off, all along: the log squared error itself would stand 0.48 spreads higher
        assertEquals(0.0, deviations(1.0, 1)[0], 0.005, "biased errors, same noise");
        // three times the noise: ln 9 over the log's spread (1.44), less what the floor lifted at the usual noise: 1.30
        double noisier = deviations(0, 3)[0];
        assertTrue(noisier > 1.25 && noisier < 1.35, "three times the noise: " + noisier);
    }

    @Test
    void aStuckChannelSitsAtTheFloor() {
        // each point 1.49 spreads down, not 3.7 as with a floor of 1e-4
        assertEquals(-1.49, Detector.spreadDeviation(0.3, 0.3, 1.0), 0.005);
    }
}
