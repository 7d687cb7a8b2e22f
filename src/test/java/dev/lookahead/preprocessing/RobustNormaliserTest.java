package dev.lookahead.preprocessing;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RobustNormaliserTest {

    @Test
    void settlesOnTheLevelAndIgnoresMostOfAnOutlier() {
        RobustNormaliser n = new RobustNormaliser(1);
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 2000; i++) n.update(0, 1e6 + 50 * r.nextGaussian(), 500, 16, 4);
        assertEquals(1e6, n.location(0), 10);
        assertEquals(50 * Math.sqrt(2 / Math.PI), n.scale(0), 5, "mean absolute deviation of N(0, 50)");
        double loc = n.location(0);
        n.update(0, 1e9, 500, 16, 4);
        assertTrue(Math.abs(n.location(0) - loc) < 1, "a 20-million-sigma outlier moved the level by " + (n.location(0) - loc));
        assertTrue(n.normalise(0, 1e9) > 1e5, "and stays visible as huge");
    }

    @Test
    void aFlatSignalHasAFloorNotAZeroScale() {
        RobustNormaliser n = new RobustNormaliser(1);
        for (int i = 0; i < 100; i++) n.update(0, 42.0, 500, 16, 4);
        assertTrue(n.scale(0) > 0);
        assertTrue(Double.isFinite(n.normalise(0, 43.0)));
    }
}
