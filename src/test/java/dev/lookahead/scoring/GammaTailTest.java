package dev.lookahead.scoring;

import org.junit.jupiter.api.Test;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Gamma fit's prior across a relearn: kept in 16-bit floats, until another relearn keeps another, and in its bytes. */
class GammaTailTest {

    private static GammaTail fitted(int n) {
        GammaTail t = new GammaTail();
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            double z = rnd.nextGaussian();
            t.update(z * z, 2000);
        }
        return t;
    }

    @Test
    void aFitLearnedAgainKeepsTheOldOneAsItsPriorToThreeDigits() {
        GammaTail t = fitted(500);
        double before = t.log10Tail(12.0);
        double mean = t.mean();
        t.relearnKeepingPrior();
        assertEquals(0, t.count(), "the fit itself starts again");
        assertEquals(0.0, t.log10Tail(12.0), "and judges nothing yet");
        assertTrue(t.hasPrior());
        assertEquals(before, t.priorLog10Tail(12.0), 0.01 * Math.abs(before), "the prior is the old fit");
        assertEquals(mean, GammaTail.full(GammaTail.half((float) mean)), mean / 256, "16 bits keep 8 of the float's mantissa bits");
        SplittableRandom rnd = new SplittableRandom(4);
        for (int i = 0; i < 500; i++) {
            double z = rnd.nextGaussian();
            t.update(0.25 * z * z, 2000);   // a lighter tail than the prior's
        }
        assertTrue(t.hasPrior(), "learning the new fit keeps the prior");
        assertEquals(before, t.priorLog10Tail(12.0), 0.01 * Math.abs(before), "as it was");
        t.relearn();
        assertTrue(t.hasPrior(), "and so does a relearn that keeps none");
        for (int i = 0; i < 500; i++) {
            double z = rnd.nextGaussian();
            t.update(0.25 * z * z, 2000);
        }
        t.relearnKeepingPrior();
        assertTrue(t.priorLog10Tail(12.0) < before - 5, "a relearn that keeps one puts the fit it forgets in its place: "
                + t.priorLog10Tail(12.0) + " against " + before);
    }

    @Test
    void aFitWithNothingLearnedLeavesNoPrior() {
        GammaTail t = new GammaTail();
        t.relearnKeepingPrior();
        assertFalse(t.hasPrior());
    }

    @Test
    void theFitsBytesRoundTripWithAndWithoutAPrior() throws IOException {
        for (boolean prior : new boolean[]{false, true}) {
            GammaTail t = fitted(400);
            if (prior) {
                t.relearnKeepingPrior();
                t.update(2.0, 2000);
                t.update(0.5, 2000);
            }
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            t.writeFit(new DataOutputStream(b));
            assertEquals(prior ? 12 : 8, b.size());
            GammaTail back = new GammaTail();
            back.readFit(new DataInputStream(new ByteArrayInputStream(b.toByteArray())), t.count(), t.hasPrior());
            assertEquals(t.count(), back.count());
            assertEquals(t.log10Tail(3.0), back.log10Tail(3.0));
            assertEquals(t.priorLog10Tail(12.0), back.priorLog10Tail(12.0));
        }
    }

    @Test
    void aCountPastItsLimitOrANonPositivePriorIsRefused() {
        byte[] eight = new byte[8];
        assertThrows(IOException.class, () -> new GammaTail().readFit(new DataInputStream(new ByteArrayInputStream(eight)),
                GammaTail.MAX_COUNT + 1, false));
        byte[] zeros = new byte[12];
        assertThrows(IOException.class, () -> new GammaTail().readFit(new DataInputStream(new ByteArrayInputStream(zeros)), 5, true));
    }

    @Test
    void aFitGivenALargestShapeJudgesBoundedValuesAtThatShapeAndNoiseAsBefore() {
        GammaTail capped = new GammaTail(4), free = new GammaTail();
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < 3000; i++) {
            double v = 0.8 + 0.4 * rnd.nextDouble();   // bounded: a shape of about 75
            capped.update(v, 2000);
            free.update(v, 2000);
        }
        assertEquals(free.mean(), capped.mean(), "the cap leaves what is learned as it is");
        double atShape4 = TailProbability.log10GammaUpperTail(4, 4 * 3.0 / capped.mean());
        assertEquals(atShape4, capped.log10Tail(3.0), 1e-12, "three times the mean, at shape 4");
        assertTrue(free.log10Tail(3.0) < atShape4 - 20, "uncapped, far rarer: " + free.log10Tail(3.0));
        assertTrue(capped.cheapBelow() > free.cheapBelow(), "the cheap bound follows the wider tail");

        GammaTail noiseCapped = new GammaTail(4), noise = fitted(3000);
        SplittableRandom again = new SplittableRandom(3);
        for (int i = 0; i < 3000; i++) {
            double z = again.nextGaussian();
            noiseCapped.update(z * z, 2000);
        }
        for (double x : new double[]{1, 9, 25})
            assertEquals(noise.log10Tail(x), noiseCapped.log10Tail(x), "a squared noise (shape 0.5) is judged as before at " + x);
        assertThrows(IllegalArgumentException.class, () -> new GammaTail(0));
    }
}
