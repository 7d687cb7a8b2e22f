package dev.lookahead.training;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded synthetic series for the trainer tests. */
final class SyntheticSeries {

    private SyntheticSeries() {
    }

    /** {@code count} univariate series {@code offset + sin(2 pi (t + phase) / period) + N(0, noise^2)}. */
    static List<float[][]> noisySine(int count, int length, double period, double offset, double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<float[][]> out = new ArrayList<>(count);
        for (int s = 0; s < count; s++) {
            double phase = r.nextDouble(0, period);
            float[][] x = new float[length][1];
            for (int t = 0; t < length; t++)
                x[t][0] = (float) (offset + Math.sin(2 * Math.PI * (t + phase) / period) + noise * r.nextGaussian());
            out.add(x);
        }
        return out;
    }
}
