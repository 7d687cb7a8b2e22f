package dev.lookahead.preprocessing;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RobustNormaliserTest {

    @Test
    void settlesOnTheLevelAndIgnoresMostOfAnOutlier() {
        RobustNormaliser n = new RobustNormaliser(1);
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 2000; i++) n.learn(0, 1e6 + 50 * r.nextGaussian(), 500, 16, 4);
        assertEquals(1e6, n.location(0), 10);
        assertEquals(50 * Math.sqrt(2 / Math.PI), n.scale(0), 5, "mean absolute deviation of N(0, 50)");
        double loc = n.location(0);
        n.learn(0, 1e9, 500, 16, 4);
        assertTrue(Math.abs(n.location(0) - loc) < 1, "a 20-million-sigma outlier moved the level by " + (n.location(0) - loc));
        assertTrue(n.normalise(0, 1e9) > 1e5, "and stays visible as huge");
    }

    @Test
    void estimatesItsScaleForItsFirstWindowAndAgainAfterARelearn() {
        RobustNormaliser n = new RobustNormaliser(2);
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 499; i++) n.learn(0, r.nextGaussian(), 500, 16, 4);
        assertTrue(n.estimating(0, 500), "499 points: each update still averages everything seen");
        n.learn(0, r.nextGaussian(), 500, 16, 4);
        assertFalse(n.estimating(0, 500), "500 points: it tracks");
        assertTrue(n.estimating(1, 500), "the other channel has seen nothing");
        n.relearn(0, 20);   // a new normal
        assertTrue(n.estimating(0, 500), "after a relearn it estimates again");
        for (int i = 0; i < 480; i++) n.learn(0, r.nextGaussian(), 500, 16, 4);
        assertFalse(n.estimating(0, 500), "until its count is back at the window");
    }

    @Test
    void aFlatSignalHasAFloorNotAZeroScale() {
        RobustNormaliser n = new RobustNormaliser(1);
        for (int i = 0; i < 100; i++) n.learn(0, 42.0, 500, 16, 4);
        assertTrue(n.scale(0) > 0);
        assertTrue(Double.isFinite(n.normalise(0, 43.0)));
    }
    @Test
    void aChannelThatMovesAtEveryPointStandsStillWhenItRepeatsAReadingAndAnIdleOneNever() {
        RobustNormaliser n = new RobustNormaliser(3);
        SplittableRandom r = new SplittableRandom(4);
        double lastNoisy = 0, lastIdle = 0, lastRounded = 0;
        for (int i = 0; i < 3000; i++) {
            lastNoisy = 20 + r.nextGaussian();
            lastIdle = i % 10 == 0 ? 5 + r.nextDouble() : 0;   // idle nine points in ten, then a burst
            lastRounded = Math.rint(20 + 0.4 * r.nextGaussian());   // whole degrees: the reading repeats about half the time
            n.learn(0, lastNoisy, 2000, 16, 4);
            n.learn(1, lastIdle, 2000, 16, 4);
            n.learn(2, lastRounded, 2000, 16, 4);
        }
        assertTrue(n.standsStill(0, lastNoisy, 0.9), "a noisy sensor that repeats its last reading stands still");
        assertFalse(n.standsStill(0, lastNoisy + 0.01, 0.9), "one that moves does not");
        assertFalse(n.standsStill(1, lastIdle, 0.9), "an idle channel repeats its reading as it usually does");
        assertFalse(n.standsStill(2, lastRounded, 0.9), "so does a channel of whole degrees");
        // it moves at a burst and at the return from it: a fifth of its points
        assertTrue(n.standsStill(1, lastIdle, 0.15), "its share of moved points is about a fifth");
        assertFalse(n.standsStill(1, lastIdle, 0.25));
    }

    @Test
    void aReadingSeenButNotLearnedIsOneThatAStuckSensorRepeats() {
        RobustNormaliser n = new RobustNormaliser(1);
        SplittableRandom r = new SplittableRandom(4);
        double last = 0;
        for (int i = 0; i < 3000; i++) n.learn(0, last = 20 + r.nextGaussian(), 2000, 16, 4);
        // an anomaly is not learned: the sensor jumped to 23.5, and its next readings repeat that one
        n.moveNotLearned(0, 23.5, 4);
        assertTrue(n.moves(0, 23.5), "it moved from the last value learned");
        assertTrue(n.standsStill(0, 23.5, 0.9), "it repeats the last value seen");
        assertTrue(n.standsStill(0, last, 0.9), "as the last value learned is still repeated");
        assertFalse(n.standsStill(0, 23.6, 0.9), "a reading that moves from both does not stand still");
    }
}
